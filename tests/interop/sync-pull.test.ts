/**
 * Pull (issue 14): an experiment MLflow's Python client logged on a real server (nested three
 * deep, histories with a NaN, artifacts, a dataset input, MLflow's own system tags) copied into
 * the browser's store with the same copyExperiments: everything equal, each run marked with where
 * it came from, and pulling again copies nothing.
 */
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { copyExperiments } from '$lib/sync/copy';
import { DexieLedger } from '$lib/sync/dexie-ledger';
import { dumpStore } from '$lib/sync/lab';
import { SOURCE_TAG } from '$lib/sync/ledger';
import { withRetry } from '$lib/sync/retry';
import { VENV_BIN } from '../../scripts/env.js';

it("an experiment logged by MLflow's Python client is pulled whole, once", async () => {
  const url = inject('mlflowUrl');
  const name = `pull-${Date.now()}`;
  const experimentId = execFileSync(
    join(VENV_BIN, 'python'),
    [join(import.meta.dirname, 'sync_seed_remote.py'), url, name],
    { encoding: 'utf8' },
  )
    .trim()
    // MLflow prints links to the runs it logged first; the id is the last line.
    .split('\n')
    .at(-1)!;
  const server = new RestStore({ baseUrl: url });
  const local = new DexieStore({ name: `pull-${Date.now()}` });
  const ledger = new DexieLedger(local.db);
  const target = 'local';

  const first = await copyExperiments(server, local, {
    target,
    ledger,
    experimentIds: [experimentId],
    origin: url,
  });
  expect(first.failed).toEqual([]);
  expect(first.created.map((r) => r.name).sort()).toEqual(['lr-0.01', 'lr-0.1', 'refit', 'sweep']);
  const remote = await withRetry(() => dumpStore(server, [name]));
  const pulled = await dumpStore(local, [name]);
  expect(pulled).toEqual(remote);
  expect(pulled.refit.parent).toBe('lr-0.01');
  expect(pulled['lr-0.01'].parent).toBe('sweep');
  expect(pulled['lr-0.01'].history.val_loss).toEqual([[expect.any(Number), 4, 'NaN']]);
  expect(pulled['lr-0.01'].inputs).toEqual([expect.stringMatching(/^toy\/\w+\/training$/)]);
  expect(pulled['lr-0.1'].artifacts['config.json']).toContain('"layers"');
  // MLflow's own system tags came along (the user and the source the Python client set).
  expect(Object.keys(pulled.sweep.tags)).toEqual(
    expect.arrayContaining(['mlflow.user', 'mlflow.source.name']),
  );
  const copy = await local.getRun(first.created.find((r) => r.name === 'sweep')!.copyId);
  expect(copy.data.tags).toContainEqual({ key: SOURCE_TAG, value: url });

  const again = await copyExperiments(server, local, {
    target,
    ledger,
    experimentIds: [experimentId],
    origin: url,
  });
  expect(again.created).toEqual([]);
  expect(again.updated).toEqual([]);
  expect(again.points + again.bytes).toBe(0);
});
