// setTagIfUnchanged: the compare-and-set a run's note is saved with, so two tabs editing one
// note never overwrite each other's save unseen.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieStore } from './dexie-store';

const NOTE = 'mlflow.note.content';
let n = 0;

async function twoTabs() {
  const name = `tag-swap-${Date.now()}-${++n}`;
  const tabA = new DexieStore({ name });
  const tabB = new DexieStore({ name });
  const run = await tabA.createRun({ experimentId: '0' });
  return { tabA, tabB, runId: run.info.run_id };
}

const noteOf = async (store: DexieStore, runId: string) =>
  (await store.getRun(runId)).data.tags.find((t) => t.key === NOTE)?.value;

describe('setTagIfUnchanged', () => {
  it('sets the tag when it still reads what the editor started from', async () => {
    const { tabA, runId } = await twoTabs();
    expect(await tabA.setTagIfUnchanged(runId, NOTE, undefined, 'first')).toEqual({
      saved: true,
      current: 'first',
    });
    expect(await tabA.setTagIfUnchanged(runId, NOTE, 'first', 'second')).toEqual({
      saved: true,
      current: 'second',
    });
    expect(await noteOf(tabA, runId)).toBe('second');
  });

  it("refuses the second tab's save and answers the first tab's text", async () => {
    const { tabA, tabB, runId } = await twoTabs();
    await tabA.logBatch(runId, { tags: [{ key: NOTE, value: 'base' }] });
    expect(await tabA.setTagIfUnchanged(runId, NOTE, 'base', 'from A')).toMatchObject({
      saved: true,
    });
    expect(await tabB.setTagIfUnchanged(runId, NOTE, 'base', 'from B')).toEqual({
      saved: false,
      current: 'from A',
    });
    expect(await noteOf(tabB, runId)).toBe('from A');
  });

  it('lets exactly one of two racing saves from the same base through', async () => {
    const { tabA, tabB, runId } = await twoTabs();
    await tabA.logBatch(runId, { tags: [{ key: NOTE, value: 'base' }] });
    const results = await Promise.all([
      tabA.setTagIfUnchanged(runId, NOTE, 'base', 'A'),
      tabB.setTagIfUnchanged(runId, NOTE, 'base', 'B'),
    ]);
    expect(results.filter((r) => r.saved)).toHaveLength(1);
    const winner = results.find((r) => r.saved)!.current;
    expect(results.find((r) => !r.saved)!.current).toBe(winner);
    expect(await noteOf(tabA, runId)).toBe(winner);
  });

  it('removes the tag only if unchanged, and sees a removal as a change', async () => {
    const { tabA, tabB, runId } = await twoTabs();
    await tabA.logBatch(runId, { tags: [{ key: NOTE, value: 'text' }] });
    expect(await tabA.setTagIfUnchanged(runId, NOTE, 'text', undefined)).toEqual({
      saved: true,
      current: undefined,
    });
    expect(await noteOf(tabA, runId)).toBeUndefined();
    expect(await tabB.setTagIfUnchanged(runId, NOTE, 'text', 'edited')).toEqual({
      saved: false,
      current: undefined,
    });
  });

  it('validates the value as setTag does and refuses a deleted run', async () => {
    const { tabA, runId } = await twoTabs();
    await expect(tabA.setTagIfUnchanged(runId, '', undefined, 'x')).rejects.toThrow();
    await tabA.deleteRun(runId);
    await expect(tabA.setTagIfUnchanged(runId, NOTE, undefined, 'x')).rejects.toThrow(
      "must be in the 'active' state",
    );
  });
});
