/**
 * The registry's own history: every stage, alias and version change of a model, with when and
 * who, written in the transaction of the change (tables.record) and never rewritten but for a
 * rename. MLflow keeps none; a person promoting models wants to see who moved "champion" and to
 * take a promotion back. An undo is itself a change: it is checked against the model as it is now
 * (a change made since is never silently overwritten) and recorded with `undoes`.
 */
import { invalid } from '../../tracking/errors';
import type { RegistryEventRow } from '../../tracking/dexie/schema';
import type { RegistryEvent } from '../entities';
import { pointAlias } from './labels';
import type { RegistryTables } from './tables';

type StoredEvent = RegistryEventRow & { seq: number };

const read = (rows: RegistryEventRow[]): RegistryEvent[] =>
  (rows as StoredEvent[]).map((e) => ({ ...e, undoable: UNDOABLE.has(e.kind) }));

/** Events that can be taken back here (a deleted version or model, or a rename, cannot). */
const UNDOABLE: ReadonlySet<RegistryEvent['kind']> = new Set([
  'version-created',
  'stage',
  'alias-set',
  'alias-deleted',
]);

/**
 * The model's history, oldest first: since its last deletion, if it was deleted and made again
 * (the earlier model's events stay in the store).
 */
export async function historyOf(t: RegistryTables, name: string): Promise<RegistryEvent[]> {
  const events = read(
    await t.tx('r', [t.db.registryEvents], () =>
      t.db.registryEvents.where('name').equals(name).sortBy('seq'),
    ),
  );
  const lastDeletion = events.findLastIndex((e) => e.kind === 'model-deleted');
  return lastDeletion >= 0 ? events.slice(lastDeletion + 1) : events;
}

/** The events of one flow (Promote best), oldest first. */
export async function flowEvents(t: RegistryTables, flow: string): Promise<RegistryEvent[]> {
  return read(
    await t.tx('r', [t.db.registryEvents], () =>
      t.db.registryEvents.where('flow').equals(flow).sortBy('seq'),
    ),
  );
}

const refuse = (message: string) => invalid(`Cannot undo: ${message}`);

/**
 * Takes back these events, the latest first, in one transaction: all of them, or none when one no
 * longer matches the model (it changed since), was undone already, or cannot be undone.
 */
export async function undoEvents(t: RegistryTables, seqs: number[]): Promise<void> {
  const { registeredModels, modelVersions, registryEvents } = t.db;
  await t.tx('rw', [registeredModels, modelVersions, registryEvents], async () => {
    for (const seq of [...new Set(seqs)].sort((a, b) => b - a)) {
      const e = (await registryEvents.get(seq)) as StoredEvent | undefined;
      if (!e) throw refuse(`there is no change number ${seq} in the history.`);
      if (await registryEvents.filter((x) => x.undoes === seq).count())
        throw refuse(`change ${seq} was undone already.`);
      if (!UNDOABLE.has(e.kind))
        throw refuse(`a deleted version or model, or a rename, cannot be taken back here.`);
      await undoOne(t, e);
    }
  });
}

async function undoOne(t: RegistryTables, e: StoredEvent): Promise<void> {
  const { name } = e;
  const now = t.now();
  const model = await t.modelRow(name);
  const undoes = e.seq;
  if (e.kind === 'stage') {
    const v = e.version!;
    const row = await t.versionRow(name, v);
    if (row.current_stage !== e.to)
      throw refuse(`version ${v} of ${name} is in ${row.current_stage} now, not ${e.to}.`);
    await t.record({ name, kind: 'stage', version: v, from: e.to, to: e.from, undoes });
    row.current_stage = e.from!;
    row.last_updated_timestamp = now;
    await t.db.modelVersions.put(row);
    // The versions it archived go back to where they were, if they are still archived.
    for (const a of e.archived ?? []) {
      const other = await t.db.modelVersions.get([name, a.version]);
      if (!other || other.current_stage !== 'Archived') continue;
      await t.record({
        name,
        kind: 'stage',
        version: a.version,
        from: 'Archived',
        to: a.from,
        undoes,
      });
      other.current_stage = a.from;
      other.last_updated_timestamp = now;
      await t.db.modelVersions.put(other);
    }
  } else if (e.kind === 'alias-set' || e.kind === 'alias-deleted') {
    const alias = e.alias!;
    const now_ = model.aliases.find((a) => a.alias === alias)?.version;
    const expected = e.kind === 'alias-set' ? Number(e.to) : undefined;
    if (now_ !== expected) {
      throw refuse(
        `the alias ${alias} of ${name} ${now_ === undefined ? 'is not set' : `names version ${now_}`} now.`,
      );
    }
    const back = e.kind === 'alias-set' ? (e.from ? Number(e.from) : undefined) : Number(e.from);
    if (back !== undefined && !(await t.db.modelVersions.get([name, back])))
      throw refuse(`version ${back} of ${name}, which ${alias} named, is deleted.`);
    pointAlias(model, alias, back);
    if (back !== undefined) {
      await t.record({
        name,
        kind: 'alias-set',
        alias,
        from: now_ === undefined ? '' : String(now_),
        to: String(back),
        undoes,
      });
    } else {
      await t.record({ name, kind: 'alias-deleted', alias, from: String(now_), undoes });
    }
  } else {
    // version-created: only a version nothing has used since (stage None, no alias).
    const v = e.version!;
    const row = await t.db.modelVersions.get([name, v]);
    if (!row) throw refuse(`version ${v} of ${name} is deleted already.`);
    if (row.current_stage !== 'None')
      throw refuse(`version ${v} of ${name} is in ${row.current_stage}; move it back first.`);
    const aliases = model.aliases.filter((a) => a.version === v).map((a) => a.alias);
    if (aliases.length)
      throw refuse(`version ${v} of ${name} is named by ${aliases.join(', ')}; remove that first.`);
    await t.db.modelVersions.delete([name, v]);
    await t.record({ name, kind: 'version-deleted', version: v, undoes });
  }
  model.last_updated_timestamp = now;
  await t.db.registeredModels.put(model);
}
