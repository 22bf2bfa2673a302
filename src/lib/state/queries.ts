/**
 * The reads the screens make, written once against the client so each LiveQuery stays one line.
 * Every read here goes through Dexie, so liveQuery re-runs it when the rows it touched change.
 */
import type { App } from '$lib/app/create-app';
import type { Experiment, Run, ViewType } from '$lib/tracking';

export interface ExperimentListItem {
  experiment: Experiment;
  runCount: number;
}

// The store's page limit; a browser lab holds far fewer experiments or runs than this per page.
const ALL = 50000;

export async function listExperiments(app: App, viewType: ViewType): Promise<ExperimentListItem[]> {
  const { items } = await app.client.searchExperiments({
    viewType,
    maxResults: ALL,
  });
  const counts = await app.reads.countRuns(items.map((e) => e.experiment_id));
  return items.map((experiment) => ({
    experiment,
    runCount: counts.get(experiment.experiment_id) ?? 0,
  }));
}

export interface ExperimentSummary {
  experiment: Experiment;
  /** Active runs in the experiment, whatever the filter. */
  total: number;
  metricKeys: string[];
  paramKeys: string[];
}

/** The experiment and the metric/param keys its runs use, for the heading and column picker. */
export async function summarizeExperiment(app: App, id: string): Promise<ExperimentSummary> {
  const experiment = await app.client.getExperiment(id);
  const keys = await app.reads.runKeys(id);
  return { experiment, total: keys.count, metricKeys: keys.metrics, paramKeys: keys.params };
}

export interface RunSearch {
  experimentId: string;
  filter: string;
  orderBy: string[];
}

export async function searchRuns(app: App, search: RunSearch): Promise<Run[]> {
  const { items } = await app.client.searchRuns({
    experimentIds: [search.experimentId],
    filterString: search.filter,
    orderBy: search.orderBy,
    maxResults: ALL,
  });
  return items;
}
