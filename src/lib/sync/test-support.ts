/**
 * What the sync tests share: a lab in a fresh Dexie store (over fake-indexeddb), copy options
 * that never wait between retries, and a run count across the lab's experiments.
 */
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import type { TrackingStore } from '$lib/tracking/store';
import type { CopyOptions } from './copy';
import { writeLab } from './lab';
import { MemoryLedger, type Ledger } from './ledger';

let n = 0;
export const fresh = () => new DexieStore({ name: `sync-${Date.now()}-${++n}` });
export const EXPERIMENTS = ['sync-training', 'sync-tuning'];
export const noWait = { attempts: 6, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

export async function lab(options?: Parameters<typeof writeLab>[1]) {
  const from = fresh();
  const ids = await writeLab(from, options);
  return { from, ids, to: fresh(), ledger: new MemoryLedger() };
}

export const opts = (ledger: Ledger, more: Partial<CopyOptions> = {}): CopyOptions => ({
  target: 'test-target',
  ledger,
  retry: noWait,
  ...more,
});

export async function countRuns(store: TrackingStore) {
  let count = 0;
  for (const name of EXPERIMENTS) {
    const e = await store.getExperimentByName(name);
    if (e)
      count += (await store.searchRuns({ experimentIds: [e.experiment_id], runViewType: 'ALL' }))
        .items.length;
  }
  return count;
}
