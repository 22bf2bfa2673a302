import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient, TAGS, tagValue } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { fillDisk } from '$lib/tracking/dexie/full-disk-fixture';
import { killAbandonedRuns } from './sessions';

const newStore = () => new DexieStore({ name: `sessions-${Math.random()}` });

describe('closing abandoned runs on a full disk', () => {
  it('spends the reserve so the run ends KILLED with its reason', async () => {
    const store = newStore();
    const disk = fillDisk(store.db);
    const released: number[] = [];
    const reserve = { release: async () => void (released.push(1), (disk.full = false)) };
    const client = new MlflowClient(store, { reserve });
    const run = await client.createRun('0', { tags: { [TAGS.session]: 'closed-tab' } });
    disk.full = true;
    expect(await killAbandonedRuns(client, new Set())).toEqual([run.info.run_id]);
    expect(released).toHaveLength(1);
    const closed = await client.getRun(run.info.run_id);
    expect(closed.info.status).toBe('KILLED');
    expect(tagValue(closed.data.tags, TAGS.error)).toMatch(/closed or crashed/);
  });
});
