/** Tags on models and versions, and aliases that name a model's versions, in IndexedDB. */
import { invalid, notFound } from '../../tracking/errors';
import type { KeyValue, ModelVersion } from '../entities';
import type { VersionNumber } from '../store';
import {
  LATEST_ALIAS,
  parseVersion,
  validateAliasName,
  validateAliasNotReserved,
  validateModelName,
  validateRegistryTag,
  validateTagKey,
} from '../validation';
import { latestOf } from './models';
import { aliasesOf, toModelVersion, upsertTag } from './rows';
import type { RegistryTables } from './tables';

/** A tag's target: the model (version undefined) or one of its versions. */
export async function setTag(
  t: RegistryTables,
  name: string,
  version: VersionNumber | undefined,
  tag: KeyValue,
): Promise<void> {
  validateModelName(name);
  const v = version === undefined ? undefined : parseVersion(version);
  validateRegistryTag(tag?.key, tag?.value);
  const change = (row: { tags: KeyValue[] }) => {
    row.tags = upsertTag(row.tags, tag);
  };
  await (v === undefined ? t.editModel(name, change) : t.editVersion(name, v, change));
}

export async function deleteTag(
  t: RegistryTables,
  name: string,
  version: VersionNumber | undefined,
  key: string,
): Promise<void> {
  validateModelName(name);
  const v = version === undefined ? undefined : parseVersion(version);
  validateTagKey(key);
  const change = (row: { tags: KeyValue[] }) => {
    row.tags = row.tags.filter((tag) => tag.key !== key);
  };
  await (v === undefined ? t.editModel(name, change) : t.editVersion(name, v, change));
}

const byAlias = (a: { alias: string }, b: { alias: string }) =>
  a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0;

/**
 * Points `alias` at `version` on the model row (undefined: removes it), keeping the aliases
 * sorted; answers the version it named before.
 */
export function pointAlias(
  model: { aliases: { alias: string; version: number }[] },
  alias: string,
  version: number | undefined,
): number | undefined {
  const before = model.aliases.find((a) => a.alias === alias)?.version;
  const others = model.aliases.filter((a) => a.alias !== alias);
  model.aliases = version === undefined ? others : [...others, { alias, version }].sort(byAlias);
  return before;
}

export async function setAlias(
  t: RegistryTables,
  name: string,
  alias: string,
  version: VersionNumber,
): Promise<void> {
  validateModelName(name);
  validateAliasName(alias);
  validateAliasNotReserved(alias);
  const v = parseVersion(version);
  await t.tx('rw', t.both, async () => {
    // The version first: a missing model reports its missing version, as MLflow does.
    await t.versionRow(name, v);
    const model = await t.modelRow(name);
    const before = pointAlias(model, alias, v);
    await t.db.registeredModels.put(model);
    if (before !== v) {
      await t.record({
        name,
        kind: 'alias-set',
        alias,
        from: before === undefined ? '' : String(before),
        to: String(v),
      });
    }
  });
}

export async function deleteAlias(t: RegistryTables, name: string, alias: string): Promise<void> {
  validateModelName(name);
  validateAliasName(alias);
  await t.editModel(
    name,
    async (model) => {
      const before = model.aliases.find((a) => a.alias === alias);
      model.aliases = model.aliases.filter((a) => a.alias !== alias);
      if (before) {
        await t.record({ name, kind: 'alias-deleted', alias, from: String(before.version) });
      }
    },
    [t.db.registeredModels, t.db.registryEvents],
  );
}

/** The version an alias names; `latest` (any case) is the highest version, as in MLflow. */
export async function versionByAlias(
  t: RegistryTables,
  name: string,
  alias: string,
): Promise<ModelVersion> {
  validateModelName(name);
  validateAliasName(alias);
  if (alias.toLowerCase() === LATEST_ALIAS) {
    const latest = await latestOf(t, name, undefined);
    if (!latest.length) throw notFound(`Latest version not found for model ${name}.`);
    return latest.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a));
  }
  return t.tx('r', t.both, async () => {
    const model = await t.modelRow(name);
    const found = model.aliases.find((a) => a.alias === alias);
    if (!found) throw invalid(`Registered model alias ${alias} not found.`);
    const row = await t.versionRow(name, found.version);
    return toModelVersion(row, aliasesOf(model, found.version));
  });
}
