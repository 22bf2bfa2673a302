/** Registered models in IndexedDB: create, read, rename, describe, delete, latest versions. */
import { alreadyExists, invalid } from '../../tracking/errors';
import type { RegisteredModelRow } from '../../tracking/dexie/schema';
import type { KeyValue, ModelVersion, ModelVersionStage, RegisteredModel } from '../entities';
import { canonicalStage, validateModelName, validateRegistryTag } from '../validation';
import { aliasesOf, dedupeTags, latestVersions, toModelVersion, toRegisteredModel } from './rows';
import type { RegistryTables } from './tables';

const exists = (name: string) => alreadyExists(`Registered Model (name=${name}) already exists.`);

export async function createModel(
  t: RegistryTables,
  name: string,
  tags: KeyValue[],
  description: string | undefined,
): Promise<RegisteredModel> {
  validateModelName(name);
  for (const tag of tags) validateRegistryTag(tag.key, tag.value);
  const { registeredModels } = t.db;
  return t.tx('rw', [registeredModels], async () => {
    if (await registeredModels.get(name)) throw exists(name);
    const now = t.now();
    const row: RegisteredModelRow = {
      name,
      creation_timestamp: now,
      last_updated_timestamp: now,
      user_id: '',
      description: description ?? '',
      tags: dedupeTags(tags),
      aliases: [],
      max_version: 0,
    };
    await registeredModels.add(row);
    return toRegisteredModel(row, []);
  });
}

export async function getModel(t: RegistryTables, name: string): Promise<RegisteredModel> {
  validateModelName(name);
  return t.tx('r', t.both, async () => {
    const row = await t.modelRow(name);
    return toRegisteredModel(row, await t.versionsOf(name));
  });
}

/** Moves the model and its versions to the new name (a key change: delete, then add). */
export async function renameModel(
  t: RegistryTables,
  name: string,
  newName: string,
): Promise<RegisteredModel> {
  if (newName === null || newName === undefined || String(newName).trim() === '') {
    throw invalid("Missing value for required parameter 'new_name'.");
  }
  validateModelName(newName);
  validateModelName(name);
  const { registeredModels, modelVersions } = t.db;
  return t.tx('rw', t.both, async () => {
    const row = await t.modelRow(name);
    if (newName !== name && (await registeredModels.get(newName))) throw exists(newName);
    const now = t.now();
    const versions = await t.versionsOf(name);
    await modelVersions.bulkDelete(versions.map((v) => [v.name, v.version] as [string, number]));
    await registeredModels.delete(name);
    const renamed = { ...row, name: newName, last_updated_timestamp: now };
    const moved = versions.map((v) => ({ ...v, name: newName, last_updated_timestamp: now }));
    await registeredModels.add(renamed);
    await modelVersions.bulkAdd(moved);
    if (newName !== name) {
      // The history follows the model to its new name.
      await t.db.registryEvents.where('name').equals(name).modify({ name: newName });
      await t.record({ name: newName, kind: 'model-renamed', from: name, to: newName });
    }
    return toRegisteredModel(renamed, moved);
  });
}

export async function describeModel(
  t: RegistryTables,
  name: string,
  description: string | undefined,
): Promise<RegisteredModel> {
  validateModelName(name);
  return t.tx('rw', t.both, async () => {
    const row = await t.modelRow(name);
    row.description = description ?? '';
    row.last_updated_timestamp = t.now();
    await t.db.registeredModels.put(row);
    return toRegisteredModel(row, await t.versionsOf(name));
  });
}

export async function deleteModel(t: RegistryTables, name: string): Promise<void> {
  validateModelName(name);
  await t.tx('rw', t.both, async () => {
    await t.modelRow(name);
    await t.db.modelVersions.where('name').equals(name).delete();
    await t.db.registeredModels.delete(name);
    // Its history stays, closed by this event (a new model of the name starts after it).
    await t.record({ name, kind: 'model-deleted' });
  });
}

export async function latestOf(
  t: RegistryTables,
  name: string,
  stages: string[] | undefined,
): Promise<ModelVersion[]> {
  validateModelName(name);
  return t.tx('r', t.both, async () => {
    const row = await t.modelRow(name);
    const wanted = stages?.length ? new Set(stages.map(canonicalStage)) : undefined;
    return latestVersions(await t.versionsOf(name), 'first-seen')
      .filter((v) => !wanted || wanted.has(v.current_stage as ModelVersionStage))
      .map((v) => toModelVersion(v, aliasesOf(row, v.version)));
  });
}
