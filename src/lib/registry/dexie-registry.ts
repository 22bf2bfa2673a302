/**
 * The embedded model registry: MLflow's registry AbstractStore over IndexedDB, in the same
 * TrackingDB as the tracking store (schema v3), so a version's run_id and source can be checked
 * against the runs next to it. Behaviour follows MLflow 3.17's SQL store and the server's
 * handlers (mlflow/store/model_registry/sqlalchemy_store.py, mlflow/server/handlers.py): every
 * read-modify-write is one IndexedDB transaction, so tabs and workers may share the registry.
 */
import type Dexie from 'dexie';
import { MlflowError, alreadyExists, invalid, notFound } from '../tracking/errors';
import {
  TrackingDB,
  type ModelVersionRow,
  type RegisteredModelRow,
  type RunRow,
} from '../tracking/dexie/schema';
import { storageError } from '../tracking/dexie/base';
import { TAGS } from '../tracking/tags';
import { paginate } from '../tracking/search/page-token';
import type {
  KeyValue,
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  PagedList,
  RegisteredModel,
} from './entities';
import { compareBy, parseRegistryOrderBy } from './order-by';
import { filterRegistry, parseRegistryFilter, type Searchable } from './search';
import type {
  CreateModelVersionRequest,
  RegistryStore,
  SearchModelVersionsRequest,
  SearchRegisteredModelsRequest,
  VersionNumber,
} from './store';
import {
  LATEST_ALIAS,
  REGISTRY_LIMITS,
  RUN_ARTIFACT_SCHEMES,
  canonicalStage,
  checkArchivable,
  checkSourcePath,
  checkSourceShape,
  invalidSource,
  isLocalSource,
  localSourceError,
  parseModelUri,
  parseUri,
  parseVersion,
  runIdOfRunsUri,
  validateAliasName,
  validateAliasNotReserved,
  validateModelName,
  validateRegistryTag,
  validateTagKey,
} from './validation';

export interface DexieRegistryStoreOptions {
  /** Share the database of a DexieStore (`store.db`); closing the registry then leaves it open. */
  db?: TrackingDB;
  /** IndexedDB database name when no db is given; tests pass a fresh one. */
  name?: string;
  /** Dexie options, e.g. { indexedDB, IDBKeyRange } from fake-indexeddb. */
  dexie?: ConstructorParameters<typeof Dexie>[1];
  now?: () => number;
}

const modelNotFound = (name: string) => notFound(`Registered Model with name=${name} not found`);
const versionNotFound = (name: string, version: number | string) =>
  notFound(`Model Version (name=${name}, version=${version}) not found`);

/** Sets a tag in place (a new key goes last), as the SQL store's merge keeps row order. */
function upsertTag(tags: KeyValue[], tag: KeyValue): KeyValue[] {
  const i = tags.findIndex((t) => t.key === tag.key);
  if (i < 0) return [...tags, { key: tag.key, value: tag.value }];
  const out = [...tags];
  out[i] = { key: tag.key, value: tag.value };
  return out;
}

/** Duplicate keys collapse to the last value, at the first key's place (a Python dict). */
function dedupeTags(tags: readonly KeyValue[]): KeyValue[] {
  return tags.reduce<KeyValue[]>((out, t) => upsertTag(out, t), []);
}

function toModelVersion(row: ModelVersionRow, aliases: string[] = []): ModelVersion {
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

const aliasesOf = (model: RegisteredModelRow | undefined, version: number) =>
  (model?.aliases ?? []).filter((a) => a.version === version).map((a) => a.alias);

/**
 * The highest version in each stage. MLflow's get lists the stages in the order the versions
 * first reach them (counting up); its search lists them by stage name.
 */
function latestVersions(
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

function toRegisteredModel(
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

/** _is_uri_within_root: same scheme and authority, and the root's path segments as a prefix. */
function withinRoot(source: string, root: string): boolean {
  const parts = (uri: string) => {
    const p = parseUri(uri);
    const segments = p.path
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
    return { scheme: p.scheme, netloc: p.netloc.toLowerCase(), segments };
  };
  const s = parts(source);
  const r = parts(root);
  return (
    s.scheme === r.scheme &&
    s.netloc === r.netloc &&
    r.segments.length > 0 &&
    r.segments.every((seg, i) => s.segments[i] === seg)
  );
}

export class DexieRegistryStore implements RegistryStore {
  readonly db: TrackingDB;
  private readonly ownsDb: boolean;
  private readonly now: () => number;

  constructor(options: DexieRegistryStoreOptions = {}) {
    this.ownsDb = !options.db;
    this.db = options.db ?? new TrackingDB(options.name ?? 'tracklab', options.dexie);
    this.now = options.now ?? Date.now;
  }

  close(): void {
    if (this.ownsDb) this.db.close();
  }

  private async tx<T>(mode: 'r' | 'rw', tables: Dexie.Table[], body: () => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(mode, tables, body);
    } catch (e) {
      return storageError(e);
    }
  }

  private async modelRow(name: string): Promise<RegisteredModelRow> {
    const row = await this.db.registeredModels.get(name);
    if (!row) throw modelNotFound(name);
    return row;
  }

  private async versionRow(name: string, version: number): Promise<ModelVersionRow> {
    const row = await this.db.modelVersions.get([name, version]);
    if (!row) throw versionNotFound(name, version);
    return row;
  }

  private versionsOf(name: string): Promise<ModelVersionRow[]> {
    return this.db.modelVersions.where('name').equals(name).toArray();
  }

  private async modelEntity(row: RegisteredModelRow): Promise<RegisteredModel> {
    return toRegisteredModel(row, await this.versionsOf(row.name));
  }

  // ---- registered models -----------------------------------------------------------------------

  async createRegisteredModel(
    name: string,
    tags: KeyValue[] = [],
    description?: string,
  ): Promise<RegisteredModel> {
    validateModelName(name);
    for (const t of tags) validateRegistryTag(t.key, t.value);
    const { registeredModels } = this.db;
    return this.tx('rw', [registeredModels], async () => {
      if (await registeredModels.get(name)) {
        throw alreadyExists(`Registered Model (name=${name}) already exists.`);
      }
      const now = this.now();
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

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    validateModelName(name);
    const { registeredModels, modelVersions } = this.db;
    return this.tx('r', [registeredModels, modelVersions], async () =>
      this.modelEntity(await this.modelRow(name)),
    );
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    if (newName === null || newName === undefined || String(newName).trim() === '') {
      throw invalid("Missing value for required parameter 'new_name'.");
    }
    validateModelName(newName);
    validateModelName(name);
    const { registeredModels, modelVersions } = this.db;
    return this.tx('rw', [registeredModels, modelVersions], async () => {
      const row = await this.modelRow(name);
      if (newName !== name && (await registeredModels.get(newName))) {
        throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
      }
      const now = this.now();
      const versions = await this.versionsOf(name);
      await modelVersions.bulkDelete(versions.map((v) => [v.name, v.version] as [string, number]));
      await registeredModels.delete(name);
      const renamed = { ...row, name: newName, last_updated_timestamp: now };
      const moved = versions.map((v) => ({ ...v, name: newName, last_updated_timestamp: now }));
      await registeredModels.add(renamed);
      await modelVersions.bulkAdd(moved);
      return toRegisteredModel(renamed, moved);
    });
  }

  async updateRegisteredModel(name: string, description?: string): Promise<RegisteredModel> {
    validateModelName(name);
    const { registeredModels, modelVersions } = this.db;
    return this.tx('rw', [registeredModels, modelVersions], async () => {
      const row = await this.modelRow(name);
      row.description = description ?? '';
      row.last_updated_timestamp = this.now();
      await registeredModels.put(row);
      return this.modelEntity(row);
    });
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    validateModelName(name);
    const { registeredModels, modelVersions } = this.db;
    await this.tx('rw', [registeredModels, modelVersions], async () => {
      await this.modelRow(name);
      await modelVersions.where('name').equals(name).delete();
      await registeredModels.delete(name);
    });
  }

  async searchRegisteredModels(
    request: SearchRegisteredModelsRequest = {},
  ): Promise<PagedList<RegisteredModel>> {
    const maxResults = request.maxResults ?? REGISTRY_LIMITS.searchModelsDefault;
    checkSearchMax(maxResults, REGISTRY_LIMITS.searchModelsMax);
    const clauses = parseRegistryFilter(request.filterString, 'models');
    const order = parseRegistryOrderBy(request.orderBy, 'models');
    const { registeredModels, modelVersions } = this.db;
    return this.tx('r', [registeredModels, modelVersions], async () => {
      const rows = filterRegistry(await registeredModels.toArray(), clauses);
      rows.sort(compareBy(order));
      const page = paginate(rows, request.pageToken, maxResults);
      const versions = await modelVersions
        .where('name')
        .anyOf(page.items.map((r) => r.name))
        .toArray();
      const items = page.items.map((row) =>
        toRegisteredModel(
          row,
          versions.filter((v) => v.name === row.name),
          'stage-name',
        ),
      );
      return { items, next_page_token: page.next_page_token };
    });
  }

  async setRegisteredModelTag(name: string, tag: KeyValue): Promise<void> {
    validateModelName(name);
    validateRegistryTag(tag?.key, tag?.value);
    const { registeredModels } = this.db;
    await this.tx('rw', [registeredModels], async () => {
      const row = await this.modelRow(name);
      row.tags = upsertTag(row.tags, tag);
      await registeredModels.put(row);
    });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    validateModelName(name);
    validateTagKey(key);
    const { registeredModels } = this.db;
    await this.tx('rw', [registeredModels], async () => {
      const row = await this.modelRow(name);
      row.tags = row.tags.filter((t) => t.key !== key);
      await registeredModels.put(row);
    });
  }

  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    validateModelName(name);
    const { registeredModels, modelVersions } = this.db;
    return this.tx('r', [registeredModels, modelVersions], async () => {
      const row = await this.modelRow(name);
      const wanted = stages?.length ? new Set(stages.map(canonicalStage)) : undefined;
      return latestVersions(await this.versionsOf(name), 'first-seen')
        .filter((v) => !wanted || wanted.has(v.current_stage as ModelVersionStage))
        .map((v) => toModelVersion(v, aliasesOf(row, v.version)));
    });
  }

  // ---- model versions --------------------------------------------------------------------------

  async createModelVersion(request: CreateModelVersionRequest): Promise<ModelVersion> {
    const { name, source, runId, runLink, description } = request;
    if (source === null || source === undefined || source === '') {
      throw invalid("Missing value for required parameter 'source'.");
    }
    checkSourceShape(source);
    const { registeredModels, modelVersions, runs } = this.db;
    return this.tx('rw', [registeredModels, modelVersions, runs], async () => {
      const resolved = await this.resolveSource(source, runId);
      await this.checkSourceRun(resolved.source, resolved.runId);
      validateModelName(name);
      const tags = request.tags ?? [];
      for (const t of tags) validateRegistryTag(t.key, t.value);
      const model = await this.modelRow(name);
      const existing = await this.versionsOf(name);
      const version = Math.max(model.max_version, ...existing.map((v) => v.version)) + 1;
      const now = this.now();
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
      return toModelVersion(row);
    });
  }

  /**
   * A models:/<name>/<version|stage|latest> or models:/<name>@<alias> source names another
   * version: it is stored as models:/<name>/<version>, inherits that version's run_id and
   * points at the same files (_resolve_registered_model_source_lineage).
   */
  private async resolveSource(
    source: string,
    runId: string | undefined,
  ): Promise<{ source: string; runId: string; storageLocation: string }> {
    const uri = parseUri(source);
    if (uri.scheme !== 'models') return { source, runId: runId ?? '', storageLocation: source };
    if (uri.netloc) {
      throw invalid(
        `Invalid model version source: '${source}'. Registered model sources must use the active model registry.`,
      );
    }
    const parsed = parseModelUri(source);
    if (!parsed || parsed.kind === 'id') throw invalidSource(source, 'model_id');
    const model = await this.modelRow(parsed.name);
    if (model.tags.some((t) => t.key === TAGS.isPrompt && t.value.toLowerCase() === 'true')) {
      throw invalid(
        `Invalid model version source: '${source}'. Prompt versions cannot be used as model version sources.`,
      );
    }
    let version: number;
    if (parsed.kind === 'version') version = Number(parsed.version);
    else if (parsed.kind === 'alias') {
      const alias = model.aliases.find((a) => a.alias === parsed.alias);
      if (!alias) throw invalid(`Registered model alias ${parsed.alias} not found.`);
      version = alias.version;
    } else {
      const stage = parsed.kind === 'stage' ? canonicalStage(parsed.stage) : undefined;
      const latest = latestVersions(await this.versionsOf(parsed.name), 'first-seen').filter(
        (v) => !stage || v.current_stage === stage,
      );
      if (!latest.length) {
        const which = parsed.kind === 'stage' ? ` and stage '${parsed.stage}'` : '';
        throw new MlflowError(
          'INTERNAL_ERROR',
          `No versions of model with name '${parsed.name}'${which} found`,
        );
      }
      version = Math.max(...latest.map((v) => v.version));
    }
    const referenced = await this.versionRow(parsed.name, version);
    if (runId !== undefined && runId !== referenced.run_id) {
      throw invalid(
        `Invalid model version source: '${source}'. The run_id and model_id request parameters must match the referenced model version.`,
      );
    }
    return {
      source: `models:/${parsed.name}/${referenced.version}`,
      runId: runId ?? referenced.run_id,
      storageLocation: referenced.storage_location || referenced.source,
    };
  }

  /** _validate_source_run: where a source may point, given the run it says it came from. */
  private async checkSourceRun(source: string, runId: string): Promise<void> {
    const run = async (): Promise<RunRow> => {
      const row = runId ? await this.db.runs.get(runId) : undefined;
      if (!row) throw invalidSource(source, 'run_id');
      return row;
    };
    if (isLocalSource(source)) {
      // Tracklab keeps artifacts in IndexedDB, so a local path is inside a run only when that
      // run's experiment was given a file: artifact location.
      if (runId) {
        const root = (await run()).artifact_uri;
        const asFile = (uri: string) => (parseUri(uri).scheme ? uri : `file://${uri}`);
        if (isLocalSource(root) && withinRoot(asFile(source), asFile(root))) return;
      }
      throw localSourceError(source);
    }
    checkSourcePath(source);
    const uri = parseUri(source);
    if (uri.scheme === 'runs') {
      if (!uri.netloc && runId && runIdOfRunsUri(source) === runId) return;
      throw invalidSource(source, 'run_id');
    }
    if (uri.scheme === 'models') {
      const parsed = parseModelUri(source);
      if (uri.netloc || parsed?.kind === 'id') throw invalidSource(source, 'model_id');
    }
    if (RUN_ARTIFACT_SCHEMES.has(uri.scheme)) {
      if (runId && withinRoot(source, (await run()).artifact_uri)) return;
      throw invalidSource(source, 'run_id');
    }
  }

  async getModelVersion(name: string, version: VersionNumber): Promise<ModelVersion> {
    validateModelName(name);
    const v = parseVersion(version);
    const { registeredModels, modelVersions } = this.db;
    return this.tx('r', [registeredModels, modelVersions], async () => {
      const row = await this.versionRow(name, v);
      return toModelVersion(row, aliasesOf(await registeredModels.get(name), v));
    });
  }

  async updateModelVersion(
    name: string,
    version: VersionNumber,
    description?: string,
  ): Promise<ModelVersion> {
    validateModelName(name);
    const v = parseVersion(version);
    const { registeredModels, modelVersions } = this.db;
    return this.tx('rw', [registeredModels, modelVersions], async () => {
      const row = await this.versionRow(name, v);
      row.description = description ?? '';
      row.last_updated_timestamp = this.now();
      await modelVersions.put(row);
      return toModelVersion(row, aliasesOf(await registeredModels.get(name), v));
    });
  }

  async deleteModelVersion(name: string, version: VersionNumber): Promise<void> {
    const v = parseVersion(version);
    validateModelName(name);
    const { registeredModels, modelVersions } = this.db;
    await this.tx('rw', [registeredModels, modelVersions], async () => {
      await this.versionRow(name, v);
      const model = await this.modelRow(name);
      model.aliases = model.aliases.filter((a) => a.version !== v);
      model.max_version = Math.max(model.max_version, v);
      model.last_updated_timestamp = this.now();
      await registeredModels.put(model);
      await modelVersions.delete([name, v]);
    });
  }

  async searchModelVersions(
    request: SearchModelVersionsRequest = {},
  ): Promise<PagedList<ModelVersion>> {
    const maxResults = request.maxResults ?? REGISTRY_LIMITS.searchVersionsDefault;
    checkSearchMax(maxResults, REGISTRY_LIMITS.searchVersionsMax);
    const clauses = parseRegistryFilter(request.filterString, 'versions');
    const order = parseRegistryOrderBy(request.orderBy, 'versions');
    const rows = await this.tx('r', [this.db.modelVersions], () => this.db.modelVersions.toArray());
    const found = filterRegistry<ModelVersionRow & Searchable>(rows, clauses);
    found.sort(compareBy(order));
    const page = paginate(found, request.pageToken, maxResults);
    // As in MLflow, versions found by search carry no aliases.
    return {
      items: page.items.map((r) => toModelVersion(r)),
      next_page_token: page.next_page_token,
    };
  }

  async transitionModelVersionStage(
    name: string,
    version: VersionNumber,
    stage: string,
    archiveExistingVersions: boolean,
  ): Promise<ModelVersion> {
    checkArchivable(stage, archiveExistingVersions);
    const target = canonicalStage(stage);
    validateModelName(name);
    const v = parseVersion(version);
    const { registeredModels, modelVersions } = this.db;
    return this.tx('rw', [registeredModels, modelVersions], async () => {
      const row = await this.versionRow(name, v);
      const model = await this.modelRow(name);
      const now = this.now();
      if (archiveExistingVersions) {
        const others = (await this.versionsOf(name)).filter(
          (o) => o.version !== v && o.current_stage === target,
        );
        for (const o of others) {
          o.current_stage = 'Archived';
          o.last_updated_timestamp = now;
        }
        await modelVersions.bulkPut(others);
      }
      row.current_stage = target;
      row.last_updated_timestamp = now;
      model.last_updated_timestamp = now;
      await modelVersions.put(row);
      await registeredModels.put(model);
      return toModelVersion(row, aliasesOf(model, v));
    });
  }

  async getModelVersionDownloadUri(name: string, version: VersionNumber): Promise<string> {
    validateModelName(name);
    const v = parseVersion(version);
    const row = await this.tx('r', [this.db.modelVersions], () => this.versionRow(name, v));
    return row.storage_location || row.source;
  }

  async setModelVersionTag(name: string, version: VersionNumber, tag: KeyValue): Promise<void> {
    validateModelName(name);
    const v = parseVersion(version);
    validateRegistryTag(tag?.key, tag?.value);
    const { modelVersions } = this.db;
    await this.tx('rw', [modelVersions], async () => {
      const row = await this.versionRow(name, v);
      row.tags = upsertTag(row.tags, tag);
      await modelVersions.put(row);
    });
  }

  async deleteModelVersionTag(name: string, version: VersionNumber, key: string): Promise<void> {
    validateModelName(name);
    const v = parseVersion(version);
    validateTagKey(key);
    const { modelVersions } = this.db;
    await this.tx('rw', [modelVersions], async () => {
      const row = await this.versionRow(name, v);
      row.tags = row.tags.filter((t) => t.key !== key);
      await modelVersions.put(row);
    });
  }

  // ---- aliases ---------------------------------------------------------------------------------

  async setRegisteredModelAlias(
    name: string,
    alias: string,
    version: VersionNumber,
  ): Promise<void> {
    validateModelName(name);
    validateAliasName(alias);
    validateAliasNotReserved(alias);
    const v = parseVersion(version);
    const { registeredModels, modelVersions } = this.db;
    await this.tx('rw', [registeredModels, modelVersions], async () => {
      await this.versionRow(name, v);
      const model = await this.modelRow(name);
      model.aliases = [
        ...model.aliases.filter((a) => a.alias !== alias),
        { alias, version: v },
      ].sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
      await registeredModels.put(model);
    });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    validateModelName(name);
    validateAliasName(alias);
    const { registeredModels } = this.db;
    await this.tx('rw', [registeredModels], async () => {
      const model = await this.modelRow(name);
      model.aliases = model.aliases.filter((a) => a.alias !== alias);
      await registeredModels.put(model);
    });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateModelName(name);
    validateAliasName(alias);
    if (alias.toLowerCase() === LATEST_ALIAS) {
      const latest = await this.getLatestVersions(name);
      if (!latest.length) throw notFound(`Latest version not found for model ${name}.`);
      return latest.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a));
    }
    const { registeredModels, modelVersions } = this.db;
    return this.tx('r', [registeredModels, modelVersions], async () => {
      const model = await this.modelRow(name);
      const found = model.aliases.find((a) => a.alias === alias);
      if (!found) throw invalid(`Registered model alias ${alias} not found.`);
      const row = await this.versionRow(name, found.version);
      return toModelVersion(row, aliasesOf(model, found.version));
    });
  }
}

/** The SQL store's max_results checks (search_model_versions' messages, for both searches). */
function checkSearchMax(maxResults: number, limit: number): void {
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw invalid(
      `Invalid value for max_results. It must be a positive integer, but got ${maxResults}`,
    );
  }
  if (maxResults > limit) {
    throw invalid(
      `Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${maxResults}`,
    );
  }
}
