import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient } from './client';
import { DexieStore } from './dexie/dexie-store';
import { tagValue } from './entities';
import { splitBatch } from './batching';

let n = 0;
const client = () =>
  new MlflowClient(new DexieStore({ name: `client-${Date.now()}-${++n}` }), { user: () => 'ada' });

describe('MlflowClient', () => {
  it('startRun ends FINISHED, flushing buffered metrics, and nests children', async () => {
    const c = client();
    const experimentId = await c.createExperiment('fluent');
    let childId = '';
    const parentId = await c.startRun({ experimentId, runName: 'parent' }, async (run) => {
      await run.logParams({ lr: 0.01, layers: 2 });
      for (let epoch = 0; epoch < 1500; epoch++) run.logMetric('loss', 1 / (epoch + 1), epoch);
      await run.startRun({ runName: 'child' }, async (child) => {
        childId = child.runId;
        child.logMetrics({ acc: 0.9 }, 3);
      });
      return run.runId;
    });
    const parent = await c.getRun(parentId);
    expect(parent.info.status).toBe('FINISHED');
    expect(parent.info.end_time).toBeGreaterThan(0);
    expect(tagValue(parent.data.tags, 'mlflow.user')).toBe('ada');
    expect(parent.info.user_id).toBe('ada');
    expect((await c.getMetricHistory(parentId, 'loss')).length).toBe(1500);
    const child = await c.getRun(childId);
    expect(tagValue(child.data.tags, 'mlflow.parentRunId')).toBe(parentId);
    expect(child.info.experiment_id).toBe(experimentId);
    const children = await c.searchRuns({
      experimentIds: [experimentId],
      filterString: `tags.\`mlflow.parentRunId\` = '${parentId}'`,
    });
    expect(children.items.map((r) => r.info.run_name)).toEqual(['child']);
  });

  it('startRun ends FAILED and rethrows when the body throws', async () => {
    const c = client();
    let id = '';
    await expect(
      c.startRun({}, async (run) => {
        id = run.runId;
        run.logMetric('loss', 1);
        throw new Error('diverged');
      }),
    ).rejects.toThrow('diverged');
    const run = await c.getRun(id);
    expect(run.info.status).toBe('FAILED');
    expect(run.data.metrics.map((m) => m.key)).toEqual(['loss']);
  });

  it('does not overwrite a run another tab closed while the body ran', async () => {
    const c = client();
    let runId = '';
    const outcome = c.startRun({}, async (run) => {
      runId = run.runId;
      run.logMetric('loss', 1, 0);
      // Another tab gave this one up as frozen and closed the run, with its reason.
      await c.setTag(run.runId, 'tracklab.error', 'The tab stopped responding.');
      await c.setTerminated(run.runId, 'KILLED', 123);
    });
    await expect(outcome).rejects.toThrow(
      'This run was already ended KILLED elsewhere: The tab stopped responding.',
    );
    const run = await c.getRun(runId);
    expect(run.info.status).toBe('KILLED');
    expect(run.info.end_time).toBe(123);
    expect(tagValue(run.data.tags, 'tracklab.error')).toBe('The tab stopped responding.');
    expect(await c.getMetricHistory(runId, 'loss')).toHaveLength(1); // flushed all the same
  });

  it('a bad metric key throws at the call that logs it', async () => {
    const c = client();
    await expect(c.startRun({}, (run) => run.logMetric('bad*key', 1))).rejects.toMatchObject({
      error_code: 'INVALID_PARAMETER_VALUE',
    });
  });

  it('splits large batches within MLflow limits and logs them all', async () => {
    const c = client();
    const run = await c.createRun('0');
    const params = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`p${i}`, i]));
    await c.logParams(run.info.run_id, params);
    expect((await c.getRun(run.info.run_id)).data.params.length).toBe(250);
    expect(await c.logParam(run.info.run_id, 'solo', 3)).toBe(3);
    await c.logDict(run.info.run_id, { a: [1, 2] }, 'config.json');
    await c.logText(run.info.run_id, 'hello', 'notes/readme.txt');
    expect(
      new TextDecoder().decode(await c.downloadArtifact(run.info.run_id, 'config.json')),
    ).toContain('"a"');
    expect((await c.listArtifacts(run.info.run_id)).map((f) => f.path)).toEqual([
      'config.json',
      'notes',
    ]);
  });
});

describe('splitBatch', () => {
  it('keeps every request within 1000 entries, 1000 metrics, 100 params and 100 tags', () => {
    const metrics = Array.from({ length: 2500 }, (_, i) => ({
      key: 'm',
      value: i,
      timestamp: 1,
      step: i,
    }));
    const params = Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: '1' }));
    const tags = Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, value: '1' }));
    const parts = splitBatch({ metrics, params, tags });
    for (const p of parts) {
      expect(p.metrics.length + p.params.length + p.tags.length).toBeLessThanOrEqual(1000);
      expect(p.params.length).toBeLessThanOrEqual(100);
      expect(p.tags.length).toBeLessThanOrEqual(100);
    }
    expect(parts.reduce((s, p) => s + p.metrics.length, 0)).toBe(2500);
    expect(parts.reduce((s, p) => s + p.params.length, 0)).toBe(150);
    expect(parts.reduce((s, p) => s + p.tags.length, 0)).toBe(120);
    expect(splitBatch({})).toEqual([{ metrics: [], params: [], tags: [] }]);
  });
});
