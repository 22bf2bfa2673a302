/**
 * The reads the screens make, written once against the client and the app's summary reads
 * (RunSummaryReads) so each LiveQuery stays one line and any TrackingStore can serve them. Over
 * the Dexie store every read goes through Dexie, so liveQuery re-runs it when its rows change.
 */
import type { App } from '$lib/app/create-app';
import {
  TAGS,
  summaryOf,
  type Experiment,
  type Run,
  type RunSummary,
  type ViewType,
} from '$lib/tracking';

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
  experiments: Experiment[];
  /** Active runs in the experiments, whatever the filter. */
  total: number;
  metricKeys: string[];
  paramKeys: string[];
  tagKeys: string[];
  /** Common values per param and tag key, for the filter box's suggestions. */
  paramValues: Map<string, string[]>;
  tagValues: Map<string, string[]>;
}

const union = (lists: string[][]) => [...new Set(lists.flat())].sort((a, b) => a.localeCompare(b));

function mergeValues(maps: Map<string, string[]>[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const map of maps) {
    for (const [k, values] of map) {
      const have = out.get(k);
      out.set(k, have ? [...new Set([...have, ...values])] : values);
    }
  }
  return out;
}

/** The experiments and the keys (and common values) their runs use: heading, columns, hints. */
export async function summarizeExperiments(
  app: App,
  ids: readonly string[],
): Promise<ExperimentSummary> {
  const experiments = await Promise.all(ids.map((id) => app.client.getExperiment(id)));
  const keys = await Promise.all(ids.map((id) => app.reads.runKeys(id)));
  return {
    experiments,
    total: keys.reduce((n, k) => n + k.count, 0),
    metricKeys: union(keys.map((k) => k.metrics)),
    paramKeys: union(keys.map((k) => k.params)),
    tagKeys: union(keys.map((k) => k.tags)),
    paramValues: mergeValues(keys.map((k) => k.paramValues)),
    tagValues: mergeValues(keys.map((k) => k.tagValues)),
  };
}

export interface RunSearch {
  experimentIds: string[];
  filter: string;
  orderBy: string[];
}

export interface RunResults {
  /** Every run the search matches, in its order. */
  runs: RunSummary[];
  /**
   * With a filter: the ancestors of matching runs that do not match themselves (any depth, any
   * experiment), so the table shows a matching trial under its study.
   */
  context: RunSummary[];
}

/** The parent ids these runs point at that are not known yet: the ancestors to read next. */
function missingParents(runs: readonly RunSummary[], known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const run of runs) {
    const parent = run.tags.get(TAGS.parentRunId);
    if (parent && !known.has(parent)) out.add(parent);
  }
  return [...out];
}

/**
 * Every run a search matches, as summaries (one read, no paging, no Run objects: 10,000 runs of
 * 100 keys each are 10,000 small objects), and the ancestors of matches.
 */
export async function searchTableRuns(app: App, search: RunSearch): Promise<RunResults> {
  const runs = await app.reads.searchRunSummaries({
    experimentIds: search.experimentIds,
    filterString: search.filter,
    orderBy: search.orderBy,
  });
  const context: RunSummary[] = [];
  if (search.filter) {
    const known = new Set(runs.map((r) => r.info.run_id));
    for (let wanted = missingParents(runs, known); wanted.length;) {
      // A parent deleted or purged is simply not shown; its child stays a root marked nested.
      const found = await Promise.all(wanted.map((id) => app.client.getRun(id).catch(() => null)));
      const parents = found
        .filter((r): r is Run => r !== null && r.info.lifecycle_stage === 'active')
        .map(summaryOf);
      wanted.forEach((id) => known.add(id));
      context.push(...parents);
      wanted = missingParents(parents, known);
    }
  }
  return { runs, context };
}
