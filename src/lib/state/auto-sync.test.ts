// Auto-sync: off by default; once on, runs that finish are pushed at the next turn; offline
// they wait in the outbox (and say so) until the browser is back; a server that refuses leaves
// them waiting, with the reason, and the next turn backs off.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { App } from '$lib/app/create-app';
// eslint-disable-next-line no-restricted-imports -- a test builds the stores it runs on
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { MlflowError } from '$lib/tracking/errors';
import { MemoryLedger } from '$lib/sync/ledger';
import { fresh } from '$lib/sync/test-support';
import type { TrackingStore } from '$lib/tracking/store';
import { AutoSync, type AutoSyncEnv } from './auto-sync.svelte';
import type { KeyValueStore } from './browser';
import { ServerConnection, SyncSession } from './sync.svelte';

function memory(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

async function setup(remoteTracking?: (server: TrackingStore) => TrackingStore) {
  const local = fresh();
  const server = fresh();
  const app = {
    store: local,
    registry: new DexieRegistryStore({ db: local.db }),
    syncLedger: new MemoryLedger(),
    remote: () => ({
      tracking: remoteTracking ? remoteTracking(server) : server,
      registry: new DexieRegistryStore({ db: server.db }),
    }),
  } as unknown as App;
  const storage = memory();
  const connection = new ServerConnection(storage, memory());
  connection.url = 'http://mlflow.test:5000';
  const session = new SyncSession(app, connection, storage);
  let now = Date.UTC(2026, 11, 7, 12);
  const delays: number[] = [];
  const env: AutoSyncEnv & { isOnline: boolean } = {
    isOnline: true,
    setTimeout: (_fn, ms) => delays.push(ms),
    clearTimeout: () => {},
    online: () => env.isOnline,
    // The clock moves on each reading: nothing happens in the same millisecond as another.
    now: () => ++now,
  };
  const auto = new AutoSync(app, session, storage, env);
  const experiment = await local.createExperiment('auto');
  const finish = async (name: string) => {
    now += 1000;
    const run = await local.createRun({
      experimentId: experiment,
      runName: name,
      startTime: now - 500,
    });
    await local.updateRun(run.info.run_id, { status: 'FINISHED', endTime: now });
    return run.info.run_id;
  };
  const onServer = async () => {
    const e = await server.getExperimentByName('auto');
    if (!e) return [];
    return (await server.searchRuns({ experimentIds: [e.experiment_id] })).items
      .map((r) => r.info.run_name)
      .sort();
  };
  return { auto, env, delays, finish, onServer, storage, app, session };
}

describe('AutoSync', () => {
  it('is off by default and pushes nothing', async () => {
    const { auto, finish, onServer } = await setup();
    await finish('before');
    await auto.tick();
    expect(auto.status).toBe('off');
    expect(await onServer()).toEqual([]);
  });

  it('pushes runs that finish once it is on, and only those', async () => {
    const { auto, finish, onServer, storage, app, session, env } = await setup();
    await finish('before');
    auto.setEnabled(true);
    await finish('after');
    await auto.tick();
    expect(auto.status).toBe('idle');
    expect(auto.waiting).toBe(0);
    expect(auto.lastPushed?.runs).toBe(1);
    expect(await onServer()).toEqual(['after']);
    // Remembered across a reload, with the moment it was turned on.
    const again = new AutoSync(app, session, storage, env);
    expect(again.enabled).toBe(true);
    await again.tick();
    expect(await onServer()).toEqual(['after']);
  });

  it('keeps runs waiting while offline and sends them when back online', async () => {
    const { auto, env, finish, onServer } = await setup();
    auto.setEnabled(true);
    env.isOnline = false;
    await finish('offline-1');
    await finish('offline-2');
    await auto.tick();
    expect(auto.status).toBe('offline');
    expect(auto.waiting).toBe(2);
    expect(await onServer()).toEqual([]);
    env.isOnline = true;
    await auto.tick();
    expect(auto.status).toBe('idle');
    expect(await onServer()).toEqual(['offline-1', 'offline-2']);
  });

  it('says why a refused run waits, and backs off', async () => {
    const refusing = (server: TrackingStore) =>
      new Proxy(server, {
        get(target, key, receiver) {
          if (key === 'createRun')
            return async () => {
              throw new MlflowError('PERMISSION_DENIED', 'User cannot create runs');
            };
          const v = Reflect.get(target, key, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    const { auto, finish, delays } = await setup(refusing);
    auto.setEnabled(true);
    await finish('refused');
    await auto.tick();
    expect(auto.status).toBe('retrying');
    expect(auto.waiting).toBe(1);
    expect(auto.problem).toMatch(/User cannot create runs/);
    expect(delays.at(-1)).toBe(30_000);
    await auto.tick();
    expect(delays.at(-1)).toBe(60_000);
  });
});
