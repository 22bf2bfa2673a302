/**
 * MLflow's model registry entities in their REST wire shapes (snake_case, the version number as a
 * string, ms timestamps), so a model read from IndexedDB and one read from an MLflow server are the
 * same object. Source: mlflow/protos/model_registry.proto and the SQL store's to_mlflow_entity;
 * see ../shared/reference/mlflow.md §5. Every field is always present: MLflow omits empty ones on
 * the wire, and the REST store fills them back in ('' for strings, [] for lists).
 */
import type { RegistryEventRow } from '../tracking/dexie/schema';
import type { KeyValue, PagedList } from '../tracking/entities';

export type { KeyValue, PagedList };

/** Stages are deprecated since MLflow 2.9 in favour of aliases, but still served by 3.x. */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type ModelVersionStage = (typeof STAGES)[number];
/** The stages that archive_existing_versions may archive (DEFAULT_STAGES_FOR_GET_LATEST_VERSIONS). */
export const ACTIVE_STAGES: readonly ModelVersionStage[] = ['Staging', 'Production'];

export const MODEL_VERSION_STATUSES = [
  'PENDING_REGISTRATION',
  'FAILED_REGISTRATION',
  'READY',
] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

export type RegisteredModelTag = KeyValue;
export type ModelVersionTag = KeyValue;

export interface RegisteredModelAlias {
  alias: string;
  /** The version number as a string, as on the wire. */
  version: string;
}

export interface ModelVersion {
  name: string;
  /** 1, 2, 3… per registered model, as a string. */
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  current_stage: ModelVersionStage;
  description: string;
  /** Where the model's files are, stored verbatim (e.g. runs:/<run_id>/model, s3://bucket/model). */
  source: string;
  run_id: string;
  status: ModelVersionStatus;
  status_message: string;
  tags: ModelVersionTag[];
  run_link: string;
  /**
   * The aliases pointing at this version. MLflow fills them in only where it reads one version
   * (get, get by alias, create, update, transition, get_latest_versions): versions inside a
   * RegisteredModel's latest_versions and in search_model_versions results come without them.
   */
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  description: string;
  /** The highest version in each stage (deleted versions excluded), without their aliases. */
  latest_versions: ModelVersion[];
  tags: RegisteredModelTag[];
  /** Sorted by alias name, as the SQL store returns them. */
  aliases: RegisteredModelAlias[];
}

export function aliasVersion(model: RegisteredModel, alias: string): string | undefined {
  return model.aliases.find((a) => a.alias === alias)?.version;
}

/**
 * One change to a registered model's stages, aliases or versions, kept for good: MLflow keeps no
 * such history, so Tracklab's registry writes one beside every change (dexie/history.ts). Its
 * fields are those of the stored row (tracking/dexie/schema.ts, where the registry's tables live).
 */
export type RegistryChange = Omit<RegistryEventRow, 'seq'>;

/** A change as the history reads it back. */
export interface RegistryEvent extends RegistryChange {
  /** Order of writing, across models. */
  seq: number;
  /** Of a kind that can be taken back (not a deletion or a rename). */
  undoable: boolean;
}
