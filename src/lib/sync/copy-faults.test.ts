// copyExperiments under faults: transient failures (some after taking effect), stops at any
// point and resumes, and failures that will not pass, between two real Dexie stores.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowError } from '$lib/tracking/errors';
import type { TrackingStore } from '$lib/tracking/store';
import { copyExperiments } from './copy';
import { dumpStore } from './lab';
import { countRuns, EXPERIMENTS, lab, noWait, opts } from './test-support';

/**
 * A target that fails: transient errors before some calls, and a lost answer after others (the
 * call took effect; its caller heard a network error), as a flaky proxy does.
 */
function flaky(store: TrackingStore, seed: number) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lost = () => new MlflowError('TEMPORARILY_UNAVAILABLE', 'connection reset (lost answer)');
  const calls = { failedBefore: 0, failedAfter: 0 };
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const r = random();
        if (r < 0.15) {
          calls.failedBefore++;
          throw new MlflowError('TEMPORARILY_UNAVAILABLE', 'HTTP 503');
        }
        const out = await value.apply(target, args);
        if (r > 0.85) {
          calls.failedAfter++;
          throw lost();
        }
        return out;
      };
    },
  });
  return { store: proxy, calls };
}

describe('copyExperiments under faults', () => {
  it('with 30% of calls failing (half of them after taking effect) the copy is exact', async () => {
    const { from, to, ledger } = await lab();
    const target = flaky(to, 12345);
    const report = await copyExperiments(
      from,
      target.store,
      opts(ledger, { retry: { ...noWait, attempts: 20 } }),
    );
    expect(report.failed).toEqual([]);
    expect(target.calls.failedBefore).toBeGreaterThanOrEqual(5);
    expect(target.calls.failedAfter).toBeGreaterThanOrEqual(5);
    expect(report.retries).toBe(target.calls.failedBefore + target.calls.failedAfter);
    expect(await countRuns(to)).toBe(16);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
  });

  it('stopped at any point and started again, it ends exact, each run made once', async () => {
    // A store that counts the calls made to it, and stops the copy after the chosen one.
    const counting = (to: TrackingStore, stopAfter: number, controller: AbortController) => {
      const seen = { calls: 0 };
      const store = new Proxy(to, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            const out = await value.apply(target, args);
            if (++seen.calls === stopAfter) controller.abort();
            return out;
          };
        },
      });
      return { store, seen };
    };
    const whole = await lab();
    const all = counting(whole.to, 0, new AbortController());
    await copyExperiments(whole.from, all.store, opts(whole.ledger));
    const total = all.seen.calls;
    for (const stopAfter of [1, 2, Math.floor(total / 4), Math.floor(total / 2), total - 1]) {
      const { from, to, ledger } = await lab();
      const controller = new AbortController();
      const { store: stopping, seen } = counting(to, stopAfter, controller);
      const calls = () => seen.calls;
      const first = await copyExperiments(
        from,
        stopping,
        opts(ledger, { signal: controller.signal }),
      );
      expect(first.stopped, `stopped after ${stopAfter} calls of ${calls()}`).toBe(true);
      const second = await copyExperiments(from, to, opts(ledger));
      expect(second.stopped).toBe(false);
      expect(second.failed).toEqual([]);
      expect(await countRuns(to)).toBe(16);
      expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
    }
  });

  it('a failure that will not pass is reported for its run, and the others are copied', async () => {
    const { from, to, ledger, ids } = await lab({ runs: 2, trials: 0 });
    const refusing = new Proxy(to, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'logArtifact') return value;
        return async (runId: string, path: string, body: unknown) => {
          if (path === 'plots/loss.svg')
            throw new MlflowError('PERMISSION_DENIED', 'artifacts are read-only here');
          return value.call(target, runId, path, body);
        };
      },
    });
    const report = await copyExperiments(from, refusing, opts(ledger));
    expect(report.retries).toBe(0);
    expect(report.failed.map((f) => [f.name, f.reason])).toEqual([
      ['train-0', 'artifacts are read-only here'],
      ['train-1', 'artifacts are read-only here'],
    ]);
    expect(report.created.map((r) => r.name).sort()).toEqual([
      'evaluate-train-0',
      'still-running',
      'study',
    ]);
    // The failed runs are not finished on the target: their status comes last.
    const copy = (await ledger.get('test-target', 'run', ids.get('train-0')!))!.copy_id;
    expect((await to.getRun(copy)).info.status).toBe('RUNNING');
    // Once the target accepts them, the next copy finishes them.
    const after = await copyExperiments(from, to, opts(ledger));
    expect(after.failed).toEqual([]);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
  });
});
