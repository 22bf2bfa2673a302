import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient } from './client';
import { DexieStore } from './dexie/dexie-store';
import type { TrackingStore } from './store';

describe('searchRunsTable', () => {
  it("gives search_runs' DataFrame columns, NaN where a run lacks a key, every page", async () => {
    const client = new MlflowClient(new DexieStore({ name: `table-${Math.random()}` }));
    const exp = await client.createExperiment('t');
    for (let i = 0; i < 5; i++) {
      const run = await client.createRun(exp, { runName: `r${i}`, startTime: 1000 * (i + 1) });
      await client.logMetric(run.info.run_id, 'acc', i / 10);
      if (i % 2) await client.logParam(run.info.run_id, 'lr', '0.1');
      if (i < 4) await client.setTerminated(run.info.run_id, 'FINISHED', 9000);
    }
    const table = await client.searchRunsTable({
      experimentIds: [exp],
      orderBy: ['metrics.acc DESC'],
    });
    expect(table.columns).toEqual([
      'run_id',
      'experiment_id',
      'status',
      'artifact_uri',
      'start_time',
      'end_time',
      'metrics.acc',
      'params.lr',
      'tags.mlflow.runName',
    ]);
    expect(table.rows.map((r) => r['tags.mlflow.runName'])).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
    expect(table.rows.map((r) => r['params.lr'])).toEqual([NaN, '0.1', NaN, '0.1', NaN]);
    expect(table.rows[0]).toMatchObject({ status: 'RUNNING', end_time: null, experiment_id: exp });
    expect(table.rows[1].start_time).toEqual(new Date(4000));
    expect(table.rows[1].end_time).toEqual(new Date(9000));
    // Pages are followed (1 run a page here), and maxResults caps the rows.
    const store = (client as unknown as { store: { searchRuns: TrackingStore['searchRuns'] } })
      .store;
    const search = store.searchRuns.bind(store);
    let pages = 0;
    store.searchRuns = (request) => {
      pages++;
      return search({ ...request, maxResults: 1 });
    };
    const all = await client.searchRunsTable({ experimentIds: [exp], orderBy: ['metrics.acc'] });
    expect(all.rows.map((r) => r['metrics.acc'])).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(pages).toBe(5);
    expect(
      (await client.searchRunsTable({ experimentIds: [exp], maxResults: 2 })).rows,
    ).toHaveLength(2);
    // searchRuns with outputFormat 'table' is the same call, as mlflow.search_runs(output_format=…).
    const viaSearch = await client.searchRuns({
      experimentIds: [exp],
      orderBy: ['metrics.acc'],
      outputFormat: 'table',
    });
    expect(viaSearch).toEqual(all);
    const list = await client.searchRuns({ experimentIds: [exp], outputFormat: 'list' });
    expect(list.items).toHaveLength(1);
    await expect(
      client.searchRuns({ experimentIds: [exp], outputFormat: 'table', pageToken: 'x' } as never),
    ).rejects.toThrow(/leave pageToken out/);
    await expect(
      client.searchRuns({ experimentIds: [exp], outputFormat: 'pandas' } as never),
    ).rejects.toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });
});
