/**
 * searchRunsTable against mlflow.search_runs(): on the same server and search, the same columns
 * (Tracklab's sorted within metrics, params and tags; MLflow's follow a set's order) and the same
 * rows in the same order — NaN for a metric a run lacks, null for a param or tag, times as UTC.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { MlflowClient } from '$lib/tracking';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { VENV_BIN } from '../../scripts/env.js';

it("searchRunsTable gives mlflow.search_runs()'s DataFrame", async () => {
  const url = inject('mlflowUrl');
  const client = new MlflowClient(new RestStore({ baseUrl: url }));
  const experimentId = await client.createExperiment(`runs-table-${Date.now()}`);
  const runs: [string, Record<string, string>, Record<string, number>, boolean][] = [
    ['a', { optimizer: 'adam', lr: '0.01' }, { auc: 0.91, loss: 0.3 }, true],
    ['b', { optimizer: 'sgd' }, { auc: 0.88 }, true],
    ['c', { optimizer: 'adam', layers: '2' }, { loss: 0.5, 'val auc': NaN }, false],
    ['d', {}, { auc: 0.95 }, true],
  ];
  for (const [name, params, metrics, end] of runs) {
    const tags: Record<string, string> = name === 'b' ? {} : { team: name };
    const run = await client.createRun(experimentId, { runName: name, tags });
    await client.logBatch(run.info.run_id, {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({
        key,
        value,
        timestamp: Date.now(),
        step: 0,
      })),
    });
    if (end) await client.setTerminated(run.info.run_id, 'FINISHED');
  }
  const search = { filter: "attributes.status != 'KILLED'", orderBy: 'metrics.auc DESC' };
  const ours = await client.searchRunsTable({
    experimentIds: [experimentId],
    filterString: search.filter,
    orderBy: [search.orderBy],
  });
  const theirs = JSON.parse(
    execFileSync(
      join(VENV_BIN, 'python'),
      [
        join(import.meta.dirname, 'runs_table.py'),
        url,
        experimentId,
        search.filter,
        search.orderBy,
      ],
      { encoding: 'utf8' },
    ),
  ) as { columns: string[]; rows: Record<string, unknown>[] };

  expect(ours.columns.slice(0, 6)).toEqual(theirs.columns.slice(0, 6));
  const group = (cols: string[], prefix: string) => cols.filter((c) => c.startsWith(prefix)).sort();
  for (const prefix of ['metrics.', 'params.', 'tags.']) {
    expect(group(ours.columns, prefix)).toEqual(group(theirs.columns, prefix));
  }
  const plain = ours.rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v instanceof Date ? v.getTime() : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v,
      ]),
    ),
  );
  expect(plain).toEqual(theirs.rows);
  expect(plain.map((r) => r['tags.mlflow.runName'])).toEqual(['d', 'a', 'b', 'c']);
  expect(plain.at(-1)!['end_time']).toBeNull();
});
