/**
 * RegistryStore over a real MLflow server's model registry REST API (/api/2.0/mlflow/
 * registered-models/* and model-versions/*, the calls of MLflow's own registry RestStore).
 * Requests, authentication and error mapping are the tracking REST store's (tracking/rest/http.ts);
 * validation is the server's, so failures arrive with its codes and messages.
 */
import type { PagedList } from '../tracking/entities';
import { HttpClient, type CredentialsProvider, type Query } from '../tracking/rest/http';
import type { Wire } from '../tracking/rest/wire';
import type { KeyValue, ModelVersion, RegisteredModel } from './entities';
import type {
  CreateModelVersionRequest,
  RegistryStore,
  SearchModelVersionsRequest,
  SearchRegisteredModelsRequest,
  VersionNumber,
} from './store';
import * as wire from './wire';

export interface RestRegistryStoreOptions {
  /** The server root, e.g. http://127.0.0.1:5000 (without /api/2.0). */
  baseUrl: string;
  fetch?: typeof fetch;
  credentials?: CredentialsProvider;
}

type ModelResponse = { registered_model?: Wire<RegisteredModel> };
type VersionResponse = { model_version?: Wire<ModelVersion> };

const RM = '/mlflow/registered-models';
const MV = '/mlflow/model-versions';

export class RestRegistryStore implements RegistryStore {
  private readonly http: HttpClient;

  constructor(options: RestRegistryStoreOptions) {
    this.http = new HttpClient(options);
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  private patch<T>(path: string, body: object): Promise<T> {
    return this.http.json<T>('PATCH', this.http.api(path), body);
  }

  private async model(res: Promise<ModelResponse>): Promise<RegisteredModel> {
    return wire.registeredModel((await res).registered_model ?? {});
  }

  private async version(res: Promise<VersionResponse>): Promise<ModelVersion> {
    return wire.modelVersion((await res).model_version ?? {});
  }

  // ---- registered models -----------------------------------------------------------------------

  createRegisteredModel(
    name: string,
    tags?: KeyValue[],
    description?: string,
  ): Promise<RegisteredModel> {
    return this.model(this.http.post(`${RM}/create`, { name, tags, description }));
  }

  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return this.model(this.http.get(`${RM}/get`, { name }));
  }

  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return this.model(this.http.post(`${RM}/rename`, { name, new_name: newName }));
  }

  updateRegisteredModel(name: string, description?: string): Promise<RegisteredModel> {
    return this.model(this.patch(`${RM}/update`, { name, description }));
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.http.delete(`${RM}/delete`, { name });
  }

  async searchRegisteredModels(
    request: SearchRegisteredModelsRequest = {},
  ): Promise<PagedList<RegisteredModel>> {
    const res = await this.http.get<{
      registered_models?: Wire<RegisteredModel>[];
      next_page_token?: string;
    }>(`${RM}/search`, searchQuery(request));
    return paged((res.registered_models ?? []).map(wire.registeredModel), res.next_page_token);
  }

  async setRegisteredModelTag(name: string, tag: KeyValue): Promise<void> {
    await this.http.post(`${RM}/set-tag`, { name, key: tag.key, value: tag.value });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await this.http.delete(`${RM}/delete-tag`, { name, key });
  }

  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    const res = await this.http.post<{ model_versions?: Wire<ModelVersion>[] }>(
      `${RM}/get-latest-versions`,
      { name, stages },
    );
    return (res.model_versions ?? []).map(wire.modelVersion);
  }

  // ---- model versions --------------------------------------------------------------------------

  createModelVersion(request: CreateModelVersionRequest): Promise<ModelVersion> {
    return this.version(
      this.http.post(`${MV}/create`, {
        name: request.name,
        source: request.source,
        run_id: request.runId,
        tags: request.tags,
        run_link: request.runLink,
        description: request.description,
      }),
    );
  }

  getModelVersion(name: string, version: VersionNumber): Promise<ModelVersion> {
    return this.version(this.http.get(`${MV}/get`, { name, version: String(version) }));
  }

  updateModelVersion(
    name: string,
    version: VersionNumber,
    description?: string,
  ): Promise<ModelVersion> {
    return this.version(
      this.patch(`${MV}/update`, { name, version: String(version), description }),
    );
  }

  async deleteModelVersion(name: string, version: VersionNumber): Promise<void> {
    await this.http.delete(`${MV}/delete`, { name, version: String(version) });
  }

  async searchModelVersions(
    request: SearchModelVersionsRequest = {},
  ): Promise<PagedList<ModelVersion>> {
    const res = await this.http.get<{
      model_versions?: Wire<ModelVersion>[];
      next_page_token?: string;
    }>(`${MV}/search`, searchQuery(request));
    return paged((res.model_versions ?? []).map(wire.modelVersion), res.next_page_token);
  }

  transitionModelVersionStage(
    name: string,
    version: VersionNumber,
    stage: string,
    archiveExistingVersions: boolean,
  ): Promise<ModelVersion> {
    return this.version(
      this.http.post(`${MV}/transition-stage`, {
        name,
        version: String(version),
        stage,
        archive_existing_versions: archiveExistingVersions,
      }),
    );
  }

  async getModelVersionDownloadUri(name: string, version: VersionNumber): Promise<string> {
    const res = await this.http.get<{ artifact_uri?: string }>(`${MV}/get-download-uri`, {
      name,
      version: String(version),
    });
    return res.artifact_uri ?? '';
  }

  async setModelVersionTag(name: string, version: VersionNumber, tag: KeyValue): Promise<void> {
    await this.http.post(`${MV}/set-tag`, {
      name,
      version: String(version),
      key: tag.key,
      value: tag.value,
    });
  }

  async deleteModelVersionTag(name: string, version: VersionNumber, key: string): Promise<void> {
    await this.http.delete(`${MV}/delete-tag`, { name, version: String(version), key });
  }

  // ---- aliases ---------------------------------------------------------------------------------

  async setRegisteredModelAlias(
    name: string,
    alias: string,
    version: VersionNumber,
  ): Promise<void> {
    await this.http.post(`${RM}/alias`, { name, alias, version: String(version) });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.http.delete(`${RM}/alias`, { name, alias });
  }

  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return this.version(this.http.get(`${RM}/alias`, { name, alias }));
  }
}

function searchQuery(request: SearchRegisteredModelsRequest | SearchModelVersionsRequest): Query {
  return {
    filter: request.filterString || undefined,
    max_results: request.maxResults,
    order_by: request.orderBy,
    page_token: request.pageToken || undefined,
  };
}

function paged<T>(items: T[], token: string | undefined): PagedList<T> {
  return token ? { items, next_page_token: token } : { items };
}
