/**
 * The RegistryStore interface, after MLflow's model registry AbstractStore
 * (mlflow/store/model_registry/abstract_store.py). Every backend (IndexedDB, a real MLflow server
 * over REST) implements it, and one contract suite (contract/) runs against each. Failures are
 * MlflowErrors with the codes MLflow's SQL store and server give.
 */
import type {
  ModelVersion,
  ModelVersionTag,
  PagedList,
  RegisteredModel,
  RegisteredModelTag,
} from './entities';

/** A version number: MLflow takes the string form ("3") or an integer. */
export type VersionNumber = string | number;

export interface SearchRegisteredModelsRequest {
  /** `name = 'x'`, `name LIKE 'x%'`, `tags.team = 'cv'`… joined with AND (see search.ts). */
  filterString?: string;
  /** Default 100, at most 1000. */
  maxResults?: number;
  /** `name`, `timestamp` or `last_updated_timestamp`, each with ASC or DESC. */
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchModelVersionsRequest {
  /** `name`, `version_number`, `run_id` (also IN), `source_path`, `tags.<key>`, joined with AND. */
  filterString?: string;
  /** Default 200000 (the server's default when none is sent), at most 200000. */
  maxResults?: number;
  /** `name`, `version_number`, `creation_timestamp`, `last_updated_timestamp`. */
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  runId?: string;
  tags?: ModelVersionTag[];
  runLink?: string;
  description?: string;
}

export interface RegistryStore {
  createRegisteredModel(
    name: string,
    tags?: RegisteredModelTag[],
    description?: string,
  ): Promise<RegisteredModel>;
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  /** Replaces the description; leaving it out clears it, as in MLflow. */
  updateRegisteredModel(name: string, description?: string): Promise<RegisteredModel>;
  /** Deletes the model with its versions, their tags and its aliases. */
  deleteRegisteredModel(name: string): Promise<void>;
  searchRegisteredModels(
    request?: SearchRegisteredModelsRequest,
  ): Promise<PagedList<RegisteredModel>>;
  setRegisteredModelTag(name: string, tag: RegisteredModelTag): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;
  /** The highest version per stage, for the given stages (case-insensitive) or all of them. */
  getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]>;

  createModelVersion(request: CreateModelVersionRequest): Promise<ModelVersion>;
  getModelVersion(name: string, version: VersionNumber): Promise<ModelVersion>;
  /** Replaces the description; leaving it out clears it, as in MLflow. */
  updateModelVersion(
    name: string,
    version: VersionNumber,
    description?: string,
  ): Promise<ModelVersion>;
  /** Deletes a version and the aliases pointing at it; its number is never given out again. */
  deleteModelVersion(name: string, version: VersionNumber): Promise<void>;
  searchModelVersions(request?: SearchModelVersionsRequest): Promise<PagedList<ModelVersion>>;
  /**
   * Moves a version to None, Staging, Production or Archived (any case). With
   * archiveExistingVersions (Staging and Production only) the model's other versions in that
   * stage move to Archived.
   */
  transitionModelVersionStage(
    name: string,
    version: VersionNumber,
    stage: string,
    archiveExistingVersions: boolean,
  ): Promise<ModelVersion>;
  getModelVersionDownloadUri(name: string, version: VersionNumber): Promise<string>;
  setModelVersionTag(name: string, version: VersionNumber, tag: ModelVersionTag): Promise<void>;
  deleteModelVersionTag(name: string, version: VersionNumber, key: string): Promise<void>;

  /** Points an alias at a version, moving it if it already points elsewhere. */
  setRegisteredModelAlias(name: string, alias: string, version: VersionNumber): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void>;
  /** `latest` (any case) resolves to the highest version, as in MLflow. */
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
}
