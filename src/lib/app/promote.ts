/**
 * "Promote best", the seed's compare_runs.py as one step: rank the runs of some experiments by a
 * metric exactly as `searchRuns` with that order_by ranks them (MLflow's
 * `search_runs(experiment_ids, filter_string, order_by=[f"metrics.{m} DESC"])`), register the
 * chosen run's model, and move it to a stage and/or point an alias at it. The registry changes
 * are recorded as one flow, so the model page's history undoes the promotion as one.
 */
import { validateAliasName, validateAliasNotReserved } from '$lib/registry/validation';
import type { ModelVersion, ModelVersionStage } from '$lib/registry';
import type { Run } from '$lib/tracking';
import type { App } from './create-app';

/** What ranking and promoting need of the app. */
export type PromoteDeps = Pick<App, 'client' | 'registry'>;
import { checkModel } from './model-files';
import { MODEL_PATH, registerRunModel } from './register';

export interface Ranking {
  experimentIds: string[];
  metric: string;
  direction: 'maximize' | 'minimize';
  /** MLflow search syntax (Tracklab's superset), applied before ranking. */
  filter?: string;
}

/** The order_by that ranks best first, quoted so any metric name works. */
export function rankingOrderBy(metric: string, direction: Ranking['direction']): string[] {
  return [`metrics.\`${metric.replace(/`/g, '')}\` ${direction === 'maximize' ? 'DESC' : 'ASC'}`];
}

export interface RankedRun {
  run: Run;
  /** The ranking metric's latest value; undefined when the run has none (ranked last). */
  value: number | undefined;
  /** A complete logged model, so it can be registered. */
  hasModel: boolean;
}

/** The best `limit` runs, best first, and whether each has a model to register. */
export async function rankRuns(
  app: PromoteDeps,
  ranking: Ranking,
  limit = 20,
): Promise<RankedRun[]> {
  if (!ranking.experimentIds.length) return [];
  const { items } = await app.client.searchRuns({
    experimentIds: ranking.experimentIds,
    filterString: ranking.filter?.trim() || undefined,
    orderBy: rankingOrderBy(ranking.metric, ranking.direction),
    maxResults: limit,
  });
  return Promise.all(
    items.map(async (run) => ({
      run,
      value: run.data.metrics.find((m) => m.key === ranking.metric)?.value,
      hasModel: await registrable(app, run.info.run_id),
    })),
  );
}

/** What registerRunModel asks of a run: an MLflow model under model/, complete. */
async function registrable(app: PromoteDeps, runId: string): Promise<boolean> {
  try {
    const files = await app.client.listArtifacts(runId, MODEL_PATH);
    if (!files.some((f) => f.path === `${MODEL_PATH}/MLmodel`)) return false;
    return !(await checkModel(app.client, runId, MODEL_PATH)).missing.length;
  } catch {
    return false;
  }
}

export interface Promotion {
  runId: string;
  modelName: string;
  /** None leaves the new version's stage as it is. */
  stage: ModelVersionStage;
  /** Archive the versions already in the stage (Staging and Production only). */
  archiveExisting: boolean;
  /** An alias to point at the new version ('' for none), e.g. champion. */
  alias: string;
}

export interface Promoted {
  version: ModelVersion;
  /** The registry flow its changes were recorded under (for undo). */
  flow: string;
}

/** Registers the run's model and promotes the new version, as one flow of the history. */
export async function promoteRun(app: PromoteDeps, p: Promotion): Promise<Promoted> {
  const alias = p.alias.trim();
  if (alias) {
    // Checked before anything is written, so a bad alias leaves no half-done promotion.
    validateAliasName(alias);
    validateAliasNotReserved(alias);
  }
  const flow = `promote-${crypto.randomUUID()}`;
  const registry = app.registry.withFlow(flow);
  const version = await registerRunModel(
    { client: app.client, registry },
    { runId: p.runId, name: p.modelName },
  );
  const archiving = p.archiveExisting && (p.stage === 'Staging' || p.stage === 'Production');
  if (p.stage !== 'None') {
    await registry.transitionModelVersionStage(version.name, version.version, p.stage, archiving);
  }
  if (alias) await registry.setRegisteredModelAlias(version.name, alias, version.version);
  return { version: await registry.getModelVersion(version.name, version.version), flow };
}
