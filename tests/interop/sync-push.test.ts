/**
 * Push (issue 14): a lab in the browser's store (the real Dexie store, over fake-indexeddb here)
 * copied to a real MLflow server with copyExperiments, then read back with MLflow's own Python
 * client: every run's params, tags, full metric histories, dataset inputs, artifact bytes, status,
 * times and nesting equal the local ones, and mlflow.search_runs picks the same best run as the
 * local searchRuns. Pushing again changes nothing on the server.
 */
import 'fake-indexeddb/auto';
import { expect, inject, it } from 'vitest';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { RestRegistryStore } from '$lib/registry/rest-registry';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { copyExperiments } from '$lib/sync/copy';
import { DexieLedger } from '$lib/sync/dexie-ledger';
import { withRetry } from '$lib/sync/retry';
import { dumpRegistry, dumpStore, labExperiments, writeLab, writeLabRegistry } from '$lib/sync/lab';
import { expectLabModel, readBack } from './sync-read-back';

it("a pushed lab is read back by MLflow's Python client exactly, and a second push changes nothing", async () => {
  const url = inject('mlflowUrl');
  const prefix = `push-${Date.now()}-`;
  const names = labExperiments(prefix);
  const local = new DexieStore({ name: `push-${Date.now()}` });
  // 30 training runs, a study of 8 trials with 2 folds each (nested two deep), an evaluation run
  // and a run still going: 57 runs.
  const ids = await writeLab(local, { runs: 30, steps: 50, trials: 8, prefix });
  // A registered model with three versions in three stages and two aliases.
  const model = `${prefix}iris`;
  const localRegistry = new DexieRegistryStore({ db: local.db });
  await writeLabRegistry(local, localRegistry, ids, model);
  const ledger = new DexieLedger(local.db);
  const server = new RestStore({ baseUrl: url });
  const registry = { from: localRegistry, to: new RestRegistryStore({ baseUrl: url }) };

  const first = await copyExperiments(local, server, { target: url, ledger, registry });
  expect(first.failed).toEqual([]);
  expect(first.created).toHaveLength(57);
  expect(first.models).toEqual([model]);

  const expected = await dumpStore(local, names);
  const back = await readBack(url, 'val_auc', model, names);
  expect(back.count).toBe(57);
  expect(back.runs).toEqual(expected);
  expectLabModel(back.model);
  // Node's fetch may reuse a connection the server closed while Python read (a browser retries
  // that by itself): the read is retried as the copy's own calls are.
  expect(await withRetry(() => dumpRegistry(server, registry.to, model))).toEqual(
    await dumpRegistry(local, localRegistry, model),
  );
  // The same best run as the local search with that order_by.
  const experimentIds = await Promise.all(
    names.map(async (n) => (await local.getExperimentByName(n))!.experiment_id),
  );
  const best = await local.searchRuns({
    experimentIds,
    orderBy: ['metrics.val_auc DESC'],
    maxResults: 1,
  });
  expect(back.best).toBe(best.items[0].info.run_name);

  const second = await copyExperiments(local, server, { target: url, ledger, registry });
  expect(second.created).toEqual([]);
  expect(second.updated).toEqual([]);
  expect(second.points).toBe(0);
  expect(second.bytes).toBe(0);
  const again = await readBack(url, 'val_auc', model, names);
  expect(again.count).toBe(57);
  expect(again.runs).toEqual(expected);
  expect(again.model).toEqual(back.model);
});
