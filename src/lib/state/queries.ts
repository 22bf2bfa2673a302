/**
 * The reads the screens make, written once against the client and the app's summary reads
 * (RunSummaryReads) so each LiveQuery stays one line and any TrackingStore can serve them. Over
 * the Dexie store every read goes through Dexie, so liveQuery re-runs it when its rows change.
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
  /** How many pages of RUN_PAGE_SIZE runs to read: 1, then one more per "Show more". */
  pages: number;
}

export interface RunPages {
  runs: Run[];
  /** True when the search matches runs beyond these pages. */
  more: boolean;
}

/** Runs per page of the Runs table: enough to scroll, few enough to render at once. */
export const RUN_PAGE_SIZE = 500;

/** The first `pages` pages of a search, following the store's page tokens. */
export async function searchRuns(app: App, search: RunSearch): Promise<RunPages> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < search.pages; page++) {
    const found = await app.client.searchRuns({
      experimentIds: [search.experimentId],
      filterString: search.filter,
      orderBy: search.orderBy,
      maxResults: RUN_PAGE_SIZE,
      pageToken,
    });
    runs.push(...found.items);
    pageToken = found.next_page_token || undefined;
    if (!pageToken) break;
  }
  return { runs, more: pageToken !== undefined };
}
