import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { DexieRegistryStore } from '$lib/registry';
import { MlflowClient, TAGS, tagValue } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { fillDisk } from '$lib/tracking/dexie/full-disk-fixture';
import { RunLeases } from '$lib/tracking/dexie/leases';
import { checkModel } from './model-files';
import { versionsOfRun } from './register';
import {
  BEAT_MIN_MS,
  FROZEN_MS,
  Heartbeat,
  killAbandonedRuns,
  LEASE_MS,
  RunWatcher,
  WAKE_GRACE_MS,
  WATCH_MS,
} from './sessions';

const T0 = 1_700_000_000_000;

/** A store, a fake clock and a fake set of live sessions (the Web Locks held). */
function setup() {
  const store = new DexieStore({ name: `sessions-${Math.random()}` });
  const client = new MlflowClient(store);
  const registry = new DexieRegistryStore({ db: store.db });
  const leases = new RunLeases(store.db);
  const clock = { now: T0 };
  const now = () => clock.now;
  const alive = new Set(['trainer', 'b', 'c']);
  const watcher = (session: string, seen: ReadonlySet<string>[] = []) =>
    new RunWatcher({ client, registry, leases, session, now, alive: async () => alive }, (ids) =>
      seen.push(ids),
    );
  /** A run trained by the 'trainer' tab: started at T0, one epoch logged at T0 + 1 s. */
  const training = async (tags: Record<string, string> = {}) => {
    const runId = (
      await client.createRun('0', {
        startTime: T0,
        tags: { 'tracklab.session': 'trainer', ...tags },
      })
    ).info.run_id;
    await client.logMetric(runId, 'loss', 0.5, { timestamp: T0 + 1_000, step: 0 });
    return runId;
  };
  return { client, registry, leases, clock, now, alive, watcher, training };
}

describe('Heartbeat', () => {
  it('writes the lease at start, renews at epochs at most every BEAT_MIN_MS, and drops it at the end', async () => {
    const { leases, now, clock } = setup();
    const beat = new Heartbeat(leases, 'trainer', now);
    await beat.start('r1');
    expect(await leases.get('r1')).toEqual({ run_id: 'r1', session: 'trainer', heartbeat: T0 });
    clock.now += BEAT_MIN_MS - 1;
    beat.beat('r1');
    await beat.end('other'); // a settled write to wait on
    expect((await leases.get('r1'))?.heartbeat).toBe(T0);
    clock.now += 1;
    beat.beat('r1');
    await beat.end('other');
    expect((await leases.get('r1'))?.heartbeat).toBe(T0 + BEAT_MIN_MS);
    await beat.end('r1');
    expect(await leases.get('r1')).toBeUndefined();
  });
});

describe('Heartbeat revoked', () => {
  it('stops renewing a run another tab took over, and says so', async () => {
    const { leases, now, clock } = setup();
    const beat = new Heartbeat(leases, 'trainer', now);
    await beat.start('r1');
    const lease = (await leases.get('r1'))!;
    expect(await leases.claim(lease, 'b', () => true)).toEqual(lease); // b closes it as frozen
    clock.now += BEAT_MIN_MS;
    beat.beat('r1');
    await vi.waitFor(() => expect(beat.revoked('r1')).toBe(true));
    expect(await leases.get('r1')).toEqual({ ...lease, closer: 'b' }); // not written over
    await beat.end('r1');
    expect(await leases.get('r1')).toEqual({ ...lease, closer: 'b' }); // the closer's to drop
  });

  it('does not bring back a lease the closer already dropped', async () => {
    const { leases, now, clock } = setup();
    const beat = new Heartbeat(leases, 'trainer', now);
    await beat.start('r1');
    await leases.release('r1'); // closed and dropped by another tab
    clock.now += BEAT_MIN_MS;
    beat.beat('r1');
    await vi.waitFor(() => expect(beat.revoked('r1')).toBe(true));
    expect(await leases.get('r1')).toBeUndefined();
  });
});

describe('RunWatcher', () => {
  it('closes the run of a tab whose lock is gone, KILLED at its last heartbeat, not now', async () => {
    const { client, leases, clock, alive, watcher, training } = setup();
    const runId = await training();
    await leases.start(runId, 'trainer', T0 + 4_000);
    const seen: ReadonlySet<string>[] = [];
    const b = watcher('b', seen);
    clock.now = T0 + 5_000;
    expect(await b.check()).toEqual([]);
    expect(b.notResponding.size).toBe(0);

    alive.delete('trainer'); // the tab closed
    clock.now = T0 + 65_000; // noticed a minute later: the end time must not move
    expect(await b.check()).toEqual([runId]);
    expect(seen.at(-1)).toEqual(new Set([runId]));
    const run = await client.getRun(runId);
    expect(run.info.status).toBe('KILLED');
    expect(run.info.end_time).toBe(T0 + 4_000);
    expect(tagValue(run.data.tags, 'tracklab.error')).toMatch(
      /tab that was writing this run \(training, evaluating or tuning\) was closed/,
    );
    expect(await leases.get(runId)).toBeUndefined();
    expect((await client.getMetricHistory(runId, 'loss')).length).toBe(1);
  });

  it('shows a frozen tab (lock held, no renewal) as not responding, and closes it only after FROZEN_MS', async () => {
    const { client, leases, clock, watcher, training } = setup();
    const runId = await training();
    await leases.start(runId, 'trainer', T0 + 2_000);
    const b = watcher('b');
    clock.now = T0 + 2_000 + LEASE_MS + 1;
    expect(await b.check()).toEqual([]);
    expect([...b.notResponding]).toEqual([runId]);
    expect((await client.getRun(runId)).info.status).toBe('RUNNING');

    expect(await leases.renew(runId, 'trainer', clock.now)).toBe(true); // it woke up
    await b.check();
    expect(b.notResponding.size).toBe(0);

    const lastBeat = clock.now;
    // Watched without a pause (a check every WATCH_MS) until it has been silent for FROZEN_MS.
    while (clock.now - lastBeat <= FROZEN_MS - WATCH_MS) {
      clock.now += WATCH_MS;
      expect(await b.check()).toEqual([]);
    }
    clock.now += WATCH_MS;
    expect(await b.check()).toEqual([runId]);
    const run = await client.getRun(runId);
    expect(run.info.status).toBe('KILLED');
    expect(run.info.end_time).toBe(lastBeat);
    expect(tagValue(run.data.tags, 'tracklab.error')).toMatch(/stopped responding/);
  });

  it('gives a frozen run no close right after this tab itself was paused (a sleeping laptop)', async () => {
    const { client, leases, clock, watcher, training } = setup();
    const runId = await training();
    await leases.start(runId, 'trainer', T0 + 2_000);
    const b = watcher('b');
    clock.now = T0 + 4_000;
    await b.check();
    clock.now += 60 * 60_000; // both tabs slept an hour
    expect(await b.check()).toEqual([]);
    expect([...b.notResponding]).toEqual([runId]);
    // The training tab's timers resume late (a hidden tab), yet within the grace: it renews.
    clock.now += WAKE_GRACE_MS - 2 * WATCH_MS;
    expect(await b.check()).toEqual([]); // a pause again: the grace starts over
    clock.now += WATCH_MS;
    expect(await b.check()).toEqual([]);
    expect(await leases.renew(runId, 'trainer', clock.now)).toBe(true);
    clock.now += WATCH_MS;
    await b.check();
    expect(b.notResponding.size).toBe(0);
    expect((await client.getRun(runId)).info.status).toBe('RUNNING');
  });

  it('lets one of two tabs close a run, however their checks interleave', async () => {
    const { client, registry, leases, alive, watcher, training } = setup();
    const ask = { 'tracklab.register_as': 'm' };
    const runs = await Promise.all([training(ask), training(ask), training(ask)]);
    for (const id of runs) {
      await client.logArtifacts(id, [
        { path: 'model/model.json', body: '{}' },
        { path: 'model/preprocessor.json', body: '{}' },
        { path: 'model/MLmodel', body: 'flavors: {}' },
        { path: 'config.json', body: '{}' },
      ]);
      await leases.start(id, 'trainer', T0 + 3_000);
    }
    alive.delete('trainer');
    const [fromB, fromC] = await Promise.all([watcher('b').check(), watcher('c').check()]);
    expect([...fromB, ...fromC].sort()).toEqual([...runs].sort());
    for (const id of runs) {
      expect((await client.getRun(id)).info.end_time).toBe(T0 + 3_000);
      // Registered once: a second closer would have added a second version.
      expect((await versionsOfRun(registry, id)).length).toBe(1);
    }
  });

  it('takes over from a closer that died, and never closes its own runs', async () => {
    const { client, leases, alive, watcher, training } = setup();
    const runId = await training();
    await leases.start(runId, 'trainer', T0 + 3_000);
    alive.delete('trainer');
    // Tab 'gone' claimed the close, then went away before doing it.
    const lease = (await leases.get(runId))!;
    expect(await leases.claim(lease, 'gone', () => false)).toEqual(lease);
    expect(await leases.claim(lease, 'b', (s) => s === 'gone')).toBeUndefined();
    expect(await watcher('trainer').check()).toEqual([]);
    expect(await watcher('b').check()).toEqual([runId]);
    expect((await client.getRun(runId)).info.status).toBe('KILLED');
  });

  it('still shows a run stalled when a hung tab keeps the leases table locked', async () => {
    const { client, registry, leases, clock, now, training } = setup();
    const runId = await training();
    await leases.start(runId, 'trainer', T0);
    let blocked = false;
    const stuck = Object.assign(Object.create(leases) as RunLeases, {
      all: () => (blocked ? new Promise<never>(() => {}) : leases.all()),
    });
    const alive = async () => new Set(['trainer']);
    const b = new RunWatcher({ client, registry, leases: stuck, session: 'b', now, alive });
    await b.check();
    expect(b.notResponding.size).toBe(0);
    blocked = true; // its write transaction on the leases never ends
    clock.now = T0 + LEASE_MS + 1;
    expect(await b.check()).toEqual([]);
    expect([...b.notResponding]).toEqual([runId]);
  });

  it('closes nothing on the lock rule where Web Locks are missing', async () => {
    const { client, registry, leases, clock, now, training } = setup();
    const runId = await training();
    await leases.start(runId, 'trainer', T0);
    const blind = new RunWatcher({
      client,
      registry,
      leases,
      session: 'b',
      now,
      alive: async () => null,
    });
    clock.now = T0 + LEASE_MS + 1;
    expect(await blind.check()).toEqual([]);
    expect(blind.notResponding.has(runId)).toBe(true);
  });
});

describe('closing an abandoned run with "Register the model as"', () => {
  const modelFiles = async (client: MlflowClient, runId: string, files: string[]) => {
    const body: Record<string, string> = {
      'model/model.json': JSON.stringify({ weightsManifest: [{ paths: ['w.bin'] }] }),
    };
    await client.logArtifacts(
      runId,
      files.map((path) => ({ path, body: body[path] ?? 'x' })),
    );
  };
  const ALL = [
    'model/model.json',
    'model/w.bin',
    'model/preprocessor.json',
    'model/MLmodel',
    'config.json',
  ];

  it('registers a complete model, once, and says so', async () => {
    const { client, registry, leases, alive, watcher, training } = setup();
    const runId = await training({ 'tracklab.register_as': 'cancer' });
    await modelFiles(client, runId, ALL);
    await leases.start(runId, 'trainer', T0 + 2_000);
    alive.delete('trainer');
    await watcher('b').check();
    const versions = await versionsOfRun(registry, runId);
    expect(versions.map((v) => `${v.name}/${v.version}`)).toEqual(['cancer/1']);
    const error = tagValue((await client.getRun(runId)).data.tags, 'tracklab.error');
    expect(error).toMatch(/registered as 'cancer' version 1, as asked/);
  });

  it('does not register a partial model, and says why', async () => {
    const { client, registry, leases, alive, watcher, training } = setup();
    const runId = await training({ 'tracklab.register_as': 'cancer' });
    await modelFiles(client, runId, ['model/model.json']);
    expect(await checkModel(client, runId)).toEqual({
      logged: true,
      missing: ['model/MLmodel', 'model/preprocessor.json', 'model/w.bin', 'config.json'],
    });
    await leases.start(runId, 'trainer', T0 + 2_000);
    alive.delete('trainer');
    await watcher('b').check();
    expect(await versionsOfRun(registry, runId)).toEqual([]);
    const error = tagValue((await client.getRun(runId)).data.tags, 'tracklab.error');
    expect(error).toMatch(
      /not registered as 'cancer', as asked: the model is incomplete \(missing model\/MLmodel/,
    );
  });

  it('says when the tab closed before any model was saved', async () => {
    const { client, leases, alive, watcher, training } = setup();
    const runId = await training({ 'tracklab.register_as': 'cancer' });
    await leases.start(runId, 'trainer', T0 + 2_000);
    alive.delete('trainer');
    await watcher('b').check();
    const error = tagValue((await client.getRun(runId)).data.tags, 'tracklab.error');
    expect(error).toMatch(/closed before the model was saved/);
  });
});

describe('closing abandoned runs on a full disk', () => {
  it('spends the reserve so the run ends KILLED with its reason', async () => {
    const store = new DexieStore({ name: `sessions-full-${Math.random()}` });
    const disk = fillDisk(store.db);
    const released: number[] = [];
    const reserve = { release: async () => void (released.push(1), (disk.full = false)) };
    const client = new MlflowClient(store, { reserve });
    const run = await client.createRun('0', { tags: { [TAGS.session]: 'closed-tab' } });
    disk.full = true;
    const leased = async () => false;
    expect(await killAbandonedRuns({ client, leased }, new Set())).toEqual([run.info.run_id]);
    expect(released).toHaveLength(1);
    const closed = await client.getRun(run.info.run_id);
    expect(closed.info.status).toBe('KILLED');
    expect(tagValue(closed.data.tags, TAGS.error)).toMatch(/closed or crashed/);
  });
});
