/**
 * Push through a fault-injecting proxy (issue 14): a fifth of the requests refused, failed with
 * 5xx or 429, or cut mid-answer after the server did the work, and more delayed; the push is also
 * stopped at random points and resumed after a "reload" (a new store instance over the same
 * database). The server ends with an exact copy, read back by MLflow's own Python client: no run,
 * point, artifact or model version twice.
 */
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { RestRegistryStore } from '$lib/registry/rest-registry';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { copyExperiments, type CopyOptions } from '$lib/sync/copy';
import { DexieLedger } from '$lib/sync/dexie-ledger';
import { dumpStore, labExperiments, writeLab, writeLabRegistry } from '$lib/sync/lab';
import { VENV_BIN } from '../../scripts/env.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

const proxies: FaultProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.close();
});

it('a push through refusals, 5xx, cut answers and delays, stopped and resumed, ends exact', async () => {
  const url = inject('mlflowUrl');
  const proxy = await startFaultProxy(url, {
    // FAULT_SEED=n replays another spread of faults.
    seed: Number(process.env.FAULT_SEED ?? 20261207),
    refuse: 0.06,
    fail: 0.07,
    cut: 0.07,
    delay: 0.1,
  });
  proxies.push(proxy);
  const prefix = `faults-${Date.now()}-`;
  const names = labExperiments(prefix);
  const model = `${prefix}iris`;
  const dbName = `faults-${Date.now()}`;
  const local = new DexieStore({ name: dbName });
  const ids = await writeLab(local, { runs: 20, steps: 40, trials: 5, prefix });
  await writeLabRegistry(local, new DexieRegistryStore({ db: local.db }), ids, model);
  const options = (store: DexieStore, signal?: AbortSignal): CopyOptions => ({
    target: url,
    ledger: new DexieLedger(store.db),
    registry: {
      from: new DexieRegistryStore({ db: store.db }),
      to: new RestRegistryStore({ baseUrl: proxy.url }),
    },
    retry: { attempts: 12, baseDelayMs: 5, maxDelayMs: 50 },
    signal,
  });
  const through = new RestStore({ baseUrl: proxy.url });

  // Stopped three times at random points, each time resumed from a fresh store instance (as
  // after a reload), then let finish.
  let store = local;
  for (const stopAt of [23, 71, 90]) {
    const controller = new AbortController();
    const before = proxy.stats.requests;
    const timer = setInterval(() => {
      if (proxy.stats.requests - before >= stopAt) controller.abort();
    }, 1);
    const report = await copyExperiments(store, through, options(store, controller.signal));
    clearInterval(timer);
    expect(report.stopped, `stopped ${stopAt} requests in`).toBe(true);
    store = new DexieStore({ name: dbName });
  }
  const last = await copyExperiments(store, through, options(store));
  expect(last.stopped).toBe(false);
  expect(last.failed).toEqual([]);
  expect(proxy.stats.refused + proxy.stats.failed + proxy.stats.cut).toBeGreaterThan(30);
  expect(proxy.stats.cut).toBeGreaterThan(5);

  const out = execFileSync(
    join(VENV_BIN, 'python'),
    [join(import.meta.dirname, 'sync_dump.py'), url, 'val_auc', model, ...names],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const back = JSON.parse(out) as {
    runs: Record<string, unknown>;
    count: number;
    model: { stages: unknown[] };
  };
  // 20 training runs, a study with 5 trials of 2 folds, an evaluation and a live run: 38, once each.
  expect(back.count).toBe(38);
  expect(back.runs).toEqual(await dumpStore(local, names));
  expect(back.model.stages).toEqual([
    ['1', 'Archived'],
    ['2', 'Production'],
    ['3', 'Staging'],
  ]);
  console.log(
    `fault proxy: ${JSON.stringify(proxy.stats)}; retries in the last push: ${last.retries}`,
  );
});
