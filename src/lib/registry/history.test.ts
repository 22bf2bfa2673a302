// The registry's history (dexie/history.ts): every stage, alias and version change is recorded
// with when and who in the change's own transaction, a rename carries it along, a flow's changes
// are found together, and undo takes changes back only while the model is as they left it.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient } from '../tracking/client';
import { DexieStore } from '../tracking/dexie/dexie-store';
import { shippedDatabase } from '../tracking/dexie/shipped-layouts';
import { DexieRegistryStore } from './dexie-registry';
import type { RegistryEvent } from './entities';

let n = 0;
async function setup() {
  const store = new DexieStore({ name: `history-${Date.now()}-${++n}` });
  let clock = 1000;
  let user = 'ada';
  const registry = new DexieRegistryStore({
    db: store.db,
    now: () => (clock += 10),
    user: () => user,
  });
  const client = new MlflowClient(store);
  const experiment = await client.createExperiment('e');
  const source = async () => {
    const run = await client.createRun(experiment);
    return { source: `${run.info.artifact_uri}/model`, runId: run.info.run_id };
  };
  await registry.createRegisteredModel('iris');
  for (let i = 0; i < 3; i++)
    await registry.createModelVersion({ name: 'iris', ...(await source()) });
  return { registry, setUser: (u: string) => (user = u), store };
}

/** The history in words, without times. */
const said = (events: RegistryEvent[]) =>
  events.map((e) =>
    [
      e.kind,
      e.version ?? '',
      e.alias ?? '',
      `${e.from ?? ''}>${e.to ?? ''}`,
      e.archived?.map((a) => `${a.version}:${a.from}`).join(',') ?? '',
      e.undoes === undefined ? '' : `undoes`,
      e.user,
    ]
      .filter((x) => x !== '')
      .join(' '),
  );

describe('registry history', () => {
  it('records stages, aliases and versions with who and when, in order', async () => {
    const { registry, setUser } = await setup();
    await registry.transitionModelVersionStage('iris', 1, 'Production', false);
    await registry.setRegisteredModelAlias('iris', 'champion', 1);
    setUser('grace');
    await registry.transitionModelVersionStage('iris', 2, 'production', true);
    await registry.setRegisteredModelAlias('iris', 'champion', 2);
    await registry.setRegisteredModelAlias('iris', 'champion', 2); // no change: no event
    await registry.transitionModelVersionStage('iris', 2, 'Production', false); // likewise
    await registry.deleteRegisteredModelAlias('iris', 'nope'); // none such: no event
    await registry.setRegisteredModelAlias('iris', 'old', 3);
    await registry.deleteModelVersion('iris', 3);
    const events = await registry.history('iris');
    expect(said(events)).toEqual([
      'version-created 1 > ada',
      'version-created 2 > ada',
      'version-created 3 > ada',
      'stage 1 None>Production ada',
      'alias-set champion >1 ada',
      'stage 2 None>Production 1:Production grace',
      'alias-set champion 1>2 grace',
      'alias-set old >3 grace',
      'alias-deleted old 3> grace',
      'version-deleted 3 > grace',
    ]);
    const times = events.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);
  });

  it('follows a rename, and starts afresh for a new model of a deleted one’s name', async () => {
    const { registry } = await setup();
    await registry.setRegisteredModelAlias('iris', 'champion', 1);
    await registry.renameRegisteredModel('iris', 'flowers');
    expect(said(await registry.history('flowers')).slice(-2)).toEqual([
      'alias-set champion >1 ada',
      'model-renamed iris>flowers ada',
    ]);
    expect(await registry.history('iris')).toEqual([]);
    await registry.deleteRegisteredModel('flowers');
    await registry.createRegisteredModel('flowers');
    expect(await registry.history('flowers')).toEqual([]);
  });

  it('undoes a promotion flow as one: alias, stage with what it archived, and the new version', async () => {
    const { registry } = await setup();
    await registry.transitionModelVersionStage('iris', 1, 'Production', false);
    await registry.setRegisteredModelAlias('iris', 'champion', 1);
    const flow = registry.withFlow('promote-1');
    await flow.transitionModelVersionStage('iris', 3, 'Production', true);
    await flow.setRegisteredModelAlias('iris', 'champion', 3);
    const steps = await registry.flowHistory('promote-1');
    expect(said(steps)).toEqual([
      'stage 3 None>Production 1:Production ada',
      'alias-set champion 1>3 ada',
    ]);
    await registry.undo(steps.map((e) => e.seq));
    expect((await registry.getModelVersion('iris', 3)).current_stage).toBe('None');
    expect((await registry.getModelVersion('iris', 1)).current_stage).toBe('Production');
    expect((await registry.getModelVersionByAlias('iris', 'champion')).version).toBe('1');
    expect(said((await registry.history('iris')).slice(-3))).toEqual([
      'alias-set champion 3>1 undoes ada',
      'stage 3 Production>None undoes ada',
      'stage 1 Archived>Production undoes ada',
    ]);
    // Once is enough.
    await expect(registry.undo([steps[1].seq])).rejects.toThrow(/undone already/);
    // A version made and left untouched can be taken back; one in a stage cannot.
    const created = (await registry.history('iris')).find(
      (e) => e.kind === 'version-created' && e.version === 2,
    )!;
    await registry.undo([created.seq]);
    await expect(registry.getModelVersion('iris', 2)).rejects.toThrow(/not found/);
    const first = (await registry.history('iris')).find((e) => e.kind === 'version-created')!;
    await expect(registry.undo([first.seq])).rejects.toThrow(/version 1 of iris is in Production/);
  });

  it('refuses an undo the model has moved on from, and changes nothing then', async () => {
    const { registry } = await setup();
    await registry.setRegisteredModelAlias('iris', 'champion', 1);
    await registry.transitionModelVersionStage('iris', 2, 'Staging', false);
    const [alias, stage] = (await registry.history('iris')).slice(-2);
    await registry.setRegisteredModelAlias('iris', 'champion', 2);
    await registry.transitionModelVersionStage('iris', 2, 'Production', false);
    const before = await registry.history('iris');
    // Both in one call: the stage one fails, so the alias one is not applied either.
    await expect(registry.undo([alias.seq, stage.seq])).rejects.toThrow(
      /version 2 of iris is in Production now, not Staging/,
    );
    await expect(registry.undo([alias.seq])).rejects.toThrow(/champion of iris names version 2/);
    expect(await registry.history('iris')).toEqual(before);
    expect((await registry.getModelVersionByAlias('iris', 'champion')).version).toBe('2');
    const last = (await registry.history('iris')).at(-1)!;
    await registry.renameRegisteredModel('iris', 'x');
    const rename = (await registry.history('x')).at(-1)!;
    expect(last.kind).toBe('stage');
    await expect(registry.undo([rename.seq])).rejects.toThrow(/cannot be taken back/);
  });

  it('opens a version 4 database (no history table) and keeps its data', async () => {
    const name = `v4-${Date.now()}`;
    const old = shippedDatabase(name, 4);
    await old.open();
    await old.table('registeredModels').add({
      name: 'kept',
      creation_timestamp: 1,
      last_updated_timestamp: 1,
      user_id: '',
      description: '',
      tags: [],
      aliases: [],
      max_version: 0,
    });
    old.close();
    const registry = new DexieRegistryStore({ name });
    expect((await registry.getRegisteredModel('kept')).name).toBe('kept');
    expect(await registry.history('kept')).toEqual([]);
    await registry.renameRegisteredModel('kept', 'still');
    expect(said(await registry.history('still'))).toEqual(['model-renamed kept>still']);
    registry.close();
  });
});
