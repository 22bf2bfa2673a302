/** Model versions in IndexedDB: register, read, describe, delete, move between stages. */
import { invalid } from '../../tracking/errors';
import type { ModelVersionRow } from '../../tracking/dexie/schema';
import type { ModelVersion } from '../entities';
import type { CreateModelVersionRequest, VersionNumber } from '../store';
import {
  canonicalStage,
  checkArchivable,
  checkSourceShape,
  parseVersion,
  validateModelName,
  validateRegistryTag,
} from '../validation';
import { aliasesOf, dedupeTags, toModelVersion } from './rows';
import type { RegistryTables } from './tables';
import { checkSourceRun, resolveSource } from './version-source';

/** Checks the model name and the version number, as each version call starts. */
function versionKey(name: string, version: VersionNumber): number {
  validateModelName(name);
  return parseVersion(version);
}

export async function createVersion(
  t: RegistryTables,
  request: CreateModelVersionRequest,
): Promise<ModelVersion> {
  const { name, source, runId, runLink, description } = request;
  if (source === null || source === undefined || source === '') {
    throw invalid("Missing value for required parameter 'source'.");
  }
  checkSourceShape(source);
  const { registeredModels, modelVersions, runs, registryEvents } = t.db;
  return t.tx('rw', [registeredModels, modelVersions, runs, registryEvents], async () => {
    const resolved = await resolveSource(t, source, runId);
    await checkSourceRun(t, resolved.source, resolved.runId);
    validateModelName(name);
    const tags = request.tags ?? [];
    for (const tag of tags) validateRegistryTag(tag.key, tag.value);
    const model = await t.modelRow(name);
    const existing = await t.versionsOf(name);
    const version = Math.max(model.max_version, ...existing.map((v) => v.version)) + 1;
    const now = t.now();
    const row: ModelVersionRow = {
      name,
      version,
      creation_timestamp: now,
      last_updated_timestamp: now,
      user_id: '',
      current_stage: 'None',
      description: description ?? '',
      source: resolved.source,
      storage_location: resolved.storageLocation,
      run_id: resolved.runId,
      run_link: runLink ?? '',
      status: 'READY',
      status_message: '',
      tags: dedupeTags(tags),
    };
    model.max_version = version;
    model.last_updated_timestamp = now;
    await registeredModels.put(model);
    await modelVersions.add(row);
    await t.record({ name, kind: 'version-created', version });
    return toModelVersion(row);
  });
}

export async function getVersion(
  t: RegistryTables,
  name: string,
  version: VersionNumber,
): Promise<ModelVersion> {
  const v = versionKey(name, version);
  return t.tx('r', t.both, async () => {
    const row = await t.versionRow(name, v);
    return toModelVersion(row, aliasesOf(await t.db.registeredModels.get(name), v));
  });
}

export async function describeVersion(
  t: RegistryTables,
  name: string,
  version: VersionNumber,
  description: string | undefined,
): Promise<ModelVersion> {
  const v = versionKey(name, version);
  return t.tx('rw', t.both, async () => {
    const row = await t.versionRow(name, v);
    row.description = description ?? '';
    row.last_updated_timestamp = t.now();
    await t.db.modelVersions.put(row);
    return toModelVersion(row, aliasesOf(await t.db.registeredModels.get(name), v));
  });
}

/** Deletes a version and its aliases; max_version keeps its number from being given out again. */
export async function deleteVersion(
  t: RegistryTables,
  name: string,
  version: VersionNumber,
): Promise<void> {
  const v = parseVersion(version);
  validateModelName(name);
  await t.tx('rw', t.both, async () => {
    await t.versionRow(name, v);
    const model = await t.modelRow(name);
    for (const a of model.aliases.filter((x) => x.version === v)) {
      await t.record({ name, kind: 'alias-deleted', alias: a.alias, from: String(v) });
    }
    model.aliases = model.aliases.filter((a) => a.version !== v);
    model.max_version = Math.max(model.max_version, v);
    model.last_updated_timestamp = t.now();
    await t.db.registeredModels.put(model);
    await t.db.modelVersions.delete([name, v]);
    await t.record({ name, kind: 'version-deleted', version: v });
  });
}

export async function transitionStage(
  t: RegistryTables,
  name: string,
  version: VersionNumber,
  stage: string,
  archiveExistingVersions: boolean,
): Promise<ModelVersion> {
  checkArchivable(stage, archiveExistingVersions);
  const target = canonicalStage(stage);
  const v = versionKey(name, version);
  const { registeredModels, modelVersions } = t.db;
  return t.tx('rw', t.both, async () => {
    const row = await t.versionRow(name, v);
    const model = await t.modelRow(name);
    const now = t.now();
    const archived: { version: number; from: string }[] = [];
    if (archiveExistingVersions) {
      const others = (await t.versionsOf(name)).filter(
        (o) => o.version !== v && o.current_stage === target,
      );
      for (const o of others) {
        archived.push({ version: o.version, from: o.current_stage });
        o.current_stage = 'Archived';
        o.last_updated_timestamp = now;
      }
      await modelVersions.bulkPut(others);
    }
    if (row.current_stage !== target || archived.length) {
      await t.record({
        name,
        kind: 'stage',
        version: v,
        from: row.current_stage,
        to: target,
        ...(archived.length ? { archived } : {}),
      });
    }
    row.current_stage = target;
    row.last_updated_timestamp = now;
    model.last_updated_timestamp = now;
    await modelVersions.put(row);
    await registeredModels.put(model);
    return toModelVersion(row, aliasesOf(model, v));
  });
}

export async function downloadUri(
  t: RegistryTables,
  name: string,
  version: VersionNumber,
): Promise<string> {
  const v = versionKey(name, version);
  const row = await t.tx('r', [t.db.modelVersions], () => t.versionRow(name, v));
  return row.storage_location || row.source;
}
