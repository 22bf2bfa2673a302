/**
 * The embedded model registry: MLflow's registry AbstractStore over IndexedDB, in the same
 * TrackingDB as the tracking store (schema v3), so a version's run_id and source can be checked
 * against the runs next to it. Behaviour follows MLflow 3.17's SQL store and the server's
 * handlers (mlflow/store/model_registry/sqlalchemy_store.py, mlflow/server/handlers.py): every
 * read-modify-write is one IndexedDB transaction, so tabs and workers may share the registry.
 * The operations live in dexie/, one file per idea; this class is the RegistryStore face of them.
 */
import type Dexie from 'dexie';
import { TrackingDB } from '../tracking/dexie/schema';
import type { RegistryStore } from './store';
import { RegistryTables } from './dexie/tables';
import * as models from './dexie/models';
import * as versions from './dexie/versions';
import * as labels from './dexie/labels';
import { searchModels, searchVersions } from './dexie/search';
import { flowEvents, historyOf, undoEvents } from './dexie/history';
import type { RegistryEvent } from './entities';

export interface DexieRegistryStoreOptions {
  /** Share the database of a DexieStore (`store.db`); closing the registry then leaves it open. */
  db?: TrackingDB;
  /** IndexedDB database name when no db is given; tests pass a fresh one. */
  name?: string;
  /** Dexie options, e.g. { indexedDB, IDBKeyRange } from fake-indexeddb. */
  dexie?: ConstructorParameters<typeof Dexie>[1];
  now?: () => number;
  /** Who makes changes, for the history (the Settings' user name). */
  user?: () => string | undefined;
}

type Registry = RegistryStore;

export class DexieRegistryStore implements RegistryStore {
  readonly db: TrackingDB;
  private readonly ownsDb: boolean;
  readonly #t: RegistryTables;

  constructor(options: DexieRegistryStoreOptions = {}, tables?: RegistryTables) {
    this.ownsDb = !options.db && !tables;
    this.db = tables?.db ?? options.db ?? new TrackingDB(options.name ?? 'tracklab', options.dexie);
    this.#t = tables ?? new RegistryTables(this.db, options.now ?? Date.now, options.user);
  }

  // ---- history (Tracklab's own: MLflow keeps none) --------------------------------------------
  /** Every stage, alias and version change of the model, oldest first (dexie/history.ts). */
  history(name: string): Promise<RegistryEvent[]> {
    return historyOf(this.#t, name);
  }
  /** The changes made as one flow (withFlow), oldest first. */
  flowHistory(flow: string): Promise<RegistryEvent[]> {
    return flowEvents(this.#t, flow);
  }
  /** Takes these changes back, all or none, when the model still is as they left it. */
  undo(seqs: number[]): Promise<void> {
    return undoEvents(this.#t, seqs);
  }
  /** This registry, with every change made through it recorded as part of `flow`. */
  withFlow(flow: string): DexieRegistryStore {
    return new DexieRegistryStore({}, this.#t.inFlow(flow));
  }

  close(): void {
    if (this.ownsDb) this.db.close();
  }

  // ---- registered models ---------------------------------------------------------------------
  createRegisteredModel: Registry['createRegisteredModel'] = (name, tags = [], description) =>
    models.createModel(this.#t, name, tags, description);
  getRegisteredModel: Registry['getRegisteredModel'] = (name) => models.getModel(this.#t, name);
  renameRegisteredModel: Registry['renameRegisteredModel'] = (name, newName) =>
    models.renameModel(this.#t, name, newName);
  updateRegisteredModel: Registry['updateRegisteredModel'] = (name, description) =>
    models.describeModel(this.#t, name, description);
  deleteRegisteredModel: Registry['deleteRegisteredModel'] = (name) =>
    models.deleteModel(this.#t, name);
  getLatestVersions: Registry['getLatestVersions'] = (name, stages) =>
    models.latestOf(this.#t, name, stages);
  searchRegisteredModels: Registry['searchRegisteredModels'] = (request = {}) =>
    searchModels(this.#t, request);

  // ---- model versions ------------------------------------------------------------------------
  createModelVersion: Registry['createModelVersion'] = (request) =>
    versions.createVersion(this.#t, request);
  getModelVersion: Registry['getModelVersion'] = (name, version) =>
    versions.getVersion(this.#t, name, version);
  updateModelVersion: Registry['updateModelVersion'] = (name, version, description) =>
    versions.describeVersion(this.#t, name, version, description);
  deleteModelVersion: Registry['deleteModelVersion'] = (name, version) =>
    versions.deleteVersion(this.#t, name, version);
  transitionModelVersionStage: Registry['transitionModelVersionStage'] = (
    name,
    version,
    stage,
    archiveExistingVersions,
  ) => versions.transitionStage(this.#t, name, version, stage, archiveExistingVersions);
  getModelVersionDownloadUri: Registry['getModelVersionDownloadUri'] = (name, version) =>
    versions.downloadUri(this.#t, name, version);
  searchModelVersions: Registry['searchModelVersions'] = (request = {}) =>
    searchVersions(this.#t, request);

  // ---- tags and aliases ----------------------------------------------------------------------
  setRegisteredModelTag: Registry['setRegisteredModelTag'] = (name, tag) =>
    labels.setTag(this.#t, name, undefined, tag);
  deleteRegisteredModelTag: Registry['deleteRegisteredModelTag'] = (name, key) =>
    labels.deleteTag(this.#t, name, undefined, key);
  setModelVersionTag: Registry['setModelVersionTag'] = (name, version, tag) =>
    labels.setTag(this.#t, name, version, tag);
  deleteModelVersionTag: Registry['deleteModelVersionTag'] = (name, version, key) =>
    labels.deleteTag(this.#t, name, version, key);
  setRegisteredModelAlias: Registry['setRegisteredModelAlias'] = (name, alias, version) =>
    labels.setAlias(this.#t, name, alias, version);
  deleteRegisteredModelAlias: Registry['deleteRegisteredModelAlias'] = (name, alias) =>
    labels.deleteAlias(this.#t, name, alias);
  getModelVersionByAlias: Registry['getModelVersionByAlias'] = (name, alias) =>
    labels.versionByAlias(this.#t, name, alias);
}
