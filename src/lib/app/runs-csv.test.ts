import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseTable } from '$lib/data/csv';
import { restoreCell } from '$lib/data/csv-export';
import { MlflowClient } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { RUN_COLUMNS, runsToCsv, searchAllRuns, searchRunsCsv } from './runs-csv';

const ATTACK = "=cmd|' /C calc'!A0";
const START = Date.UTC(2026, 0, 5, 9, 30, 0, 250);

async function seeded() {
  const client = new MlflowClient(new DexieStore({ name: `runs-csv-${Math.random()}` }), {
    user: () => '@admin',
  });
  const experimentId = await client.createExperiment('csv');
  const attack = await client.createRun(experimentId, { runName: ATTACK, startTime: START });
  await client.logBatch(attack.info.run_id, {
    params: [
      { key: 'lr', value: '-0.5' },
      { key: 'formula', value: '+SUM(A1:A9)' },
    ],
    metrics: [
      { key: 'loss', value: 0.9, timestamp: START, step: 0 },
      { key: 'loss', value: -1.5, timestamp: START + 1, step: 1 },
      { key: 'delta', value: 0.1 + 0.2, timestamp: START, step: 0 },
    ],
    tags: [
      { key: 'note', value: '@SUM(1)' },
      { key: 'tab', value: '\tx' },
    ],
  });
  await client.setTerminated(attack.info.run_id, 'FINISHED', START + 60_000);
  const plain = await client.createRun(experimentId, { runName: 'plain', startTime: START + 5 });
  await client.logBatch(plain.info.run_id, {
    params: [{ key: 'lr', value: '0.01' }],
    metrics: [
      { key: 'loss', value: NaN, timestamp: START, step: 0 },
      { key: 'acc', value: -Infinity, timestamp: START, step: 0 },
    ],
  });
  return { client, experimentId, attack: attack.info.run_id, plain: plain.info.run_id };
}

/** The CSV read back as the app's reader does, cell prefixes undone. */
function readBack(csv: string): Record<string, string>[] {
  const table = parseTable(csv);
  return table.rows.map((row) =>
    Object.fromEntries(table.columns.map((c, i) => [restoreCell(c), restoreCell(row[i])])),
  );
}

describe('runs as CSV', () => {
  it('writes search_runs columns: attributes, params.*, metrics.* (latest), tags.*', async () => {
    const { client, experimentId, attack, plain } = await seeded();
    const { items } = await client.searchRuns({
      experimentIds: [experimentId],
      orderBy: ['attributes.start_time ASC'],
    });
    const csv = runsToCsv(items);
    const header = csv.split('\n')[0].split(',');
    expect(header.slice(0, RUN_COLUMNS.length)).toEqual([...RUN_COLUMNS]);
    expect(header.slice(RUN_COLUMNS.length)).toEqual([
      'params.formula',
      'params.lr',
      'metrics.acc',
      'metrics.delta',
      'metrics.loss',
      'tags.mlflow.runName',
      'tags.mlflow.user',
      'tags.note',
      'tags.tab',
    ]);
    const [a, p] = readBack(csv);
    expect(a).toMatchObject({
      run_id: attack,
      run_name: ATTACK,
      experiment_id: experimentId,
      status: 'FINISHED',
      start_time: '2026-01-05T09:30:00.250Z',
      end_time: '2026-01-05T09:31:00.250Z',
      user_id: '@admin',
      'params.lr': '-0.5',
      'params.formula': '+SUM(A1:A9)',
      'metrics.loss': '-1.5',
      'metrics.delta': String(0.1 + 0.2),
      'metrics.acc': '',
      'tags.note': '@SUM(1)',
      'tags.tab': '\tx',
    });
    expect(p).toMatchObject({
      run_id: plain,
      run_name: 'plain',
      status: 'RUNNING',
      end_time: '',
      'params.lr': '0.01',
      'params.formula': '',
      'metrics.loss': 'NaN',
      'metrics.acc': '-Infinity',
      'tags.note': '',
    });
  });

  it('neutralises every formula-like cell and leaves numbers bare', async () => {
    const { client, experimentId } = await seeded();
    const { csv } = await searchRunsCsv(client, {
      experimentIds: [experimentId],
      orderBy: ['attributes.start_time ASC'],
    });
    const lines = csv.split('\n');
    // The name, the formula param, the @ tag and the tab tag: prefixed with ' and quoted.
    expect(lines[1]).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(lines[1]).toContain(`"'+SUM(A1:A9)"`);
    expect(lines[1]).toContain(`"'@SUM(1)"`);
    expect(lines[1]).toContain(`"'\tx"`);
    // The user id starts with @ too.
    expect(lines[1]).toContain(`"'@admin"`);
    // Negative numbers, NaN and infinities are not prefixed.
    expect(lines[1].split(',')).toContain('-1.5');
    expect(lines[1].split(',')).toContain('-0.5');
    expect(lines[2].split(',')).toContain('-Infinity');
    // Nothing a spreadsheet would run is left raw at the start of any cell.
    for (const row of parseTable(csv).rows) {
      for (const cell of row) {
        if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isNaN(Number(cell))).toBe(false);
      }
    }
  });

  it('follows the filter and order of a search across every page', async () => {
    const { client, experimentId } = await seeded();
    for (let i = 0; i < 5; i++) {
      const run = await client.createRun(experimentId, {
        runName: `extra-${i}`,
        startTime: START + 100 + i,
      });
      await client.logMetric(run.info.run_id, 'loss', i / 10);
    }
    const search = {
      experimentIds: [experimentId],
      filterString: 'metrics.loss >= 0',
      orderBy: ['metrics.loss DESC'],
      pageSize: 2,
    };
    const runs = await searchAllRuns(client, search);
    expect(runs.map((r) => r.info.run_name)).toEqual([
      'extra-4',
      'extra-3',
      'extra-2',
      'extra-1',
      'extra-0',
    ]);
    const { csv, count } = await searchRunsCsv(client, search);
    expect(count).toBe(5);
    expect(readBack(csv).map((r) => r.run_name)).toEqual(runs.map((r) => r.info.run_name));
    expect(readBack(csv).map((r) => Number(r['metrics.loss']))).toEqual([0.4, 0.3, 0.2, 0.1, 0]);
  });

  it('writes a header only when nothing matches', () => {
    expect(runsToCsv([])).toBe(`${RUN_COLUMNS.join(',')}\n`);
  });
});
