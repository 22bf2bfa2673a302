/** Stored registry rows to MLflow's entities, and the tag-list rules of the SQL store. */
import type { ModelVersionRow, RegisteredModelRow } from '../../tracking/dexie/schema';
import type {
  KeyValue,
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  RegisteredModel,
} from '../entities';

/** Sets a tag in place (a new key goes last), as the SQL store's merge keeps row order. */
export function upsertTag(tags: KeyValue[], tag: KeyValue): KeyValue[] {
  const i = tags.findIndex((t) => t.key === tag.key);
  if (i < 0) return [...tags, { key: tag.key, value: tag.value }];
  const out = [...tags];
  out[i] = { key: tag.key, value: tag.value };
  return out;
}

/** Duplicate keys collapse to the last value, at the first key's place (a Python dict). */
export function dedupeTags(tags: readonly KeyValue[]): KeyValue[] {
  return tags.reduce<KeyValue[]>((out, t) => upsertTag(out, t), []);
}

export function toModelVersion(row: ModelVersionRow, aliases: string[] = []): ModelVersion {
  return {
    name: row.name,
    version: String(row.version),
    creation_timestamp: row.creation_timestamp,
    last_updated_timestamp: row.last_updated_timestamp,
    user_id: row.user_id,
    current_stage: row.current_stage as ModelVersionStage,
    description: row.description,
    source: row.source,
    run_id: row.run_id,
    status: row.status as ModelVersionStatus,
    status_message: row.status_message,
    tags: row.tags.map((t) => ({ ...t })),
    run_link: row.run_link,
    aliases,
  };
}

export const aliasesOf = (model: RegisteredModelRow | undefined, version: number) =>
  (model?.aliases ?? []).filter((a) => a.version === version).map((a) => a.alias);

/**
 * The highest version in each stage. MLflow's get lists the stages in the order the versions
 * first reach them (counting up); its search lists them by stage name.
 */
export function latestVersions(
  versions: readonly ModelVersionRow[],
  order: 'first-seen' | 'stage-name',
): ModelVersionRow[] {
  const byStage = new Map<string, ModelVersionRow>();
  for (const v of [...versions].sort((a, b) => a.version - b.version)) {
    byStage.set(v.current_stage, v);
  }
  const out = [...byStage.values()];
  if (order === 'stage-name') {
    out.sort((a, b) =>
      a.current_stage < b.current_stage ? -1 : a.current_stage > b.current_stage ? 1 : 0,
    );
  }
  return out;
}

export function toRegisteredModel(
  row: RegisteredModelRow,
  versions: readonly ModelVersionRow[],
  order: 'first-seen' | 'stage-name' = 'first-seen',
): RegisteredModel {
  return {
    name: row.name,
    creation_timestamp: row.creation_timestamp,
    last_updated_timestamp: row.last_updated_timestamp,
    user_id: row.user_id,
    description: row.description,
    latest_versions: latestVersions(versions, order).map((v) => toModelVersion(v)),
    tags: row.tags.map((t) => ({ ...t })),
    aliases: row.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}
