/**
 * Registering a run's model, as `mlflow.register_model(f"runs:/{run_id}/model", name)` does:
 * create the registered model when it does not exist yet, then add a version whose source is the
 * run's model folder and whose run_id is the run. Also the reads the Run page and the Models
 * pages show: a run's versions and a model's versions.
 */
import { isMlflowError, type MlflowClient } from '$lib/tracking';
import {
  validateModelName,
  type ModelVersion,
  type RegisteredModel,
  type RegistryStore,
} from '$lib/registry';
import { requireCompleteModel } from './model-files';

/** Where train.ts logs the model inside a run's artifacts. */
export const MODEL_PATH = 'model';

export interface RegisterDeps {
  client: MlflowClient;
  registry: RegistryStore;
}

export interface RegisterRequest {
  runId: string;
  name: string;
  description?: string;
}

/** The run's model folder as a source URI: `<artifact_uri>/model`. */
export async function modelSource(client: MlflowClient, runId: string): Promise<string> {
  const run = await client.getRun(runId);
  return `${run.info.artifact_uri.replace(/\/$/, '')}/${MODEL_PATH}`;
}

/**
 * Registers the run's model under `name` (trimmed), creating the registered model on first use.
 * Errors are MlflowErrors with MLflow's messages (an invalid name, a run without a model).
 */
export async function registerRunModel(
  deps: RegisterDeps,
  request: RegisterRequest,
): Promise<ModelVersion> {
  const { client, registry } = deps;
  const name = request.name.trim();
  validateModelName(name);
  await requireCompleteModel(client, request.runId, MODEL_PATH);
  const files = await client.listArtifacts(request.runId, MODEL_PATH);
  if (!files.some((f) => f.path === `${MODEL_PATH}/MLmodel`)) {
    throw new Error(
      `Run ${request.runId} has no logged model (no ${MODEL_PATH}/MLmodel artifact), so there is nothing to register.`,
    );
  }
  const source = await modelSource(client, request.runId);
  try {
    await registry.createRegisteredModel(name);
  } catch (e) {
    // Registering under an existing name adds a version to it, as in MLflow.
    if (!isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) throw e;
  }
  return registry.createModelVersion({
    name,
    source,
    runId: request.runId,
    description: request.description || undefined,
  });
}

/** Every registered version of the run's models, newest first. */
export async function versionsOfRun(
  registry: RegistryStore,
  runId: string,
): Promise<ModelVersion[]> {
  const page = await registry.searchModelVersions({
    filterString: `run_id = '${runId.replace(/'/g, '')}'`,
    orderBy: ['creation_timestamp DESC'],
  });
  return page.items;
}

/** The names of all registered models, sorted, for a name picker. */
export async function registeredModelNames(registry: RegistryStore): Promise<string[]> {
  return (await loadModels(registry)).map((m) => m.name);
}

/** What is wrong with a model name typed in a form, or null when it is fine (or left empty). */
export function modelNameProblem(name: string): string | null {
  if (!name.trim()) return null;
  try {
    validateModelName(name.trim());
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A version as the Models pages show it: with its aliases and the experiment of its run. */
export interface VersionView extends ModelVersion {
  /** The run's experiment, to link to the run; undefined when the run is not in this browser. */
  experiment_id?: string;
  /** The task the run trained for (its `task` param): binary models take a threshold. */
  task?: string;
}

export interface ModelView {
  model: RegisteredModel;
  /** Every version, newest first. */
  versions: VersionView[];
}

/** A filter literal for a name: MLflow's grammar takes single or double quotes, no escapes. */
function nameFilter(name: string): string | undefined {
  if (!name.includes("'")) return `name = '${name}'`;
  if (!name.includes('"')) return `name = "${name}"`;
  return undefined;
}

/** The registered model with all its versions, for its page. */
export async function loadModel(deps: RegisterDeps, name: string): Promise<ModelView> {
  const { client, registry } = deps;
  const model = await registry.getRegisteredModel(name);
  const versions: ModelVersion[] = [];
  let pageToken: string | undefined;
  do {
    const page = await registry.searchModelVersions({
      filterString: nameFilter(name),
      orderBy: ['version_number DESC'],
      pageToken,
    });
    versions.push(...page.items.filter((v) => v.name === name));
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  const runs = new Map<string, { experiment_id: string; task?: string } | undefined>();
  for (const runId of new Set(versions.map((v) => v.run_id).filter(Boolean))) {
    const run = await client.getRun(runId).catch(() => undefined);
    runs.set(
      runId,
      run && {
        experiment_id: run.info.experiment_id,
        task: run.data.params.find((p) => p.key === 'task')?.value,
      },
    );
  }
  return {
    model,
    versions: versions.map((v) => ({
      ...v,
      aliases: model.aliases.filter((a) => a.version === v.version).map((a) => a.alias),
      experiment_id: runs.get(v.run_id)?.experiment_id,
      task: runs.get(v.run_id)?.task,
    })),
  };
}

/** Every registered model, sorted by name, for the Models page. */
export async function loadModels(registry: RegistryStore): Promise<RegisteredModel[]> {
  const models: RegisteredModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await registry.searchRegisteredModels({
      maxResults: 1000,
      orderBy: ['name ASC'],
      pageToken,
    });
    models.push(...page.items);
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  return models;
}
