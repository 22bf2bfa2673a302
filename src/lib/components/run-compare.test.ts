import { describe, expect, it } from 'vitest';
import type { Run } from '$lib/tracking';
import { diffRows, lowerIsBetter } from './run-compare';

const run = (
  id: string,
  params: Record<string, string>,
  metrics: Record<string, number>,
  tags: Record<string, string> = {},
) =>
  ({
    info: { run_id: id },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({
        key,
        value,
        step: 0,
        timestamp: 0,
      })),
      tags: Object.entries({ 'mlflow.runName': id, ...tags }).map(([key, value]) => ({
        key,
        value,
      })),
    },
  }) as unknown as Run;

const runs = [
  run('a', { lr: '0.1', opt: 'adam' }, { val_loss: 0.5, val_auc: 0.8 }, { team: 'x' }),
  run('b', { lr: '0.01', opt: 'adam' }, { val_loss: 0.4, val_auc: 0.7 }, { team: 'x' }),
  run('c', { lr: '0.1' }, { val_loss: 0.5, val_auc: NaN }),
];

describe('compare diff table', () => {
  it('one row per key, system tags left out, only differences on request', () => {
    const all = diffRows(runs);
    expect(all.map((r) => `${r.section}.${r.key}:${r.differs}`)).toEqual([
      'params.lr:true',
      'params.opt:true',
      'metrics.val_auc:true',
      'metrics.val_loss:true',
      'tags.team:true',
    ]);
    expect(all[1].values).toEqual(['adam', 'adam', undefined]);
    const two = diffRows(runs.slice(0, 2), { onlyDifferences: true });
    expect(two.map((r) => r.key)).toEqual(['lr', 'val_auc', 'val_loss']);
  });

  it('deltas against the pinned baseline, better or worse by direction', () => {
    const rows = diffRows(runs, { baseline: 'a' });
    const loss = rows.find((r) => r.key === 'val_loss')!;
    const auc = rows.find((r) => r.key === 'val_auc')!;
    expect(loss.deltas!.map((d) => (d === undefined ? d : Number(d.toFixed(6))))).toEqual([
      undefined,
      -0.1,
      0,
    ]);
    expect(loss.verdicts).toEqual([undefined, 'better', 'same']);
    expect(auc.verdicts).toEqual([undefined, 'worse', undefined]); // NaN: no verdict
    expect(rows.find((r) => r.key === 'lr')!.deltas).toBeUndefined();
    expect(diffRows(runs).find((r) => r.key === 'val_loss')!.deltas).toBeUndefined();
    expect([
      lowerIsBetter('val_loss'),
      lowerIsBetter('val_rmse'),
      lowerIsBetter('val_auc'),
    ]).toEqual([true, true, false]);
  });
});
