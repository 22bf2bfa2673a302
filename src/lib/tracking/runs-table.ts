/**
 * Runs as a table, the shape of the DataFrame `mlflow.search_runs()` returns
 * (mlflow/tracking/fluent.py, output_format="pandas"): one row per run, in the search's order,
 * with the columns run_id, experiment_id, status, artifact_uri, start_time, end_time, then
 * `metrics.<key>` (each metric's latest value), `params.<key>` and `tags.<key>`, with NaN where a
 * run has none, as in MLflow's DataFrame (pandas' missing value, for strings too). Times are Dates
 * (pandas datetimes in UTC; null for a run not ended, as NaT). Within each part the keys are
 * sorted, so the columns do not depend on the runs' order (MLflow's follow a set's).
 */
import type { Run } from './entities';
import type { SearchRunsRequest } from './store';

export type RunsTableCell = string | number | Date | null;
export type RunsTableRow = Record<string, RunsTableCell>;

export interface RunsTable {
  columns: string[];
  rows: RunsTableRow[];
}

export const INFO_COLUMNS = [
  'run_id',
  'experiment_id',
  'status',
  'artifact_uri',
  'start_time',
  'end_time',
] as const;

/** MLflow's default for search_runs as a DataFrame (SEARCH_MAX_RESULTS_PANDAS). */
export const TABLE_MAX_RESULTS = 100_000;

const time = (ms: number | null | undefined) =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms);

/** Every key in one part of the runs, sorted, so the columns do not depend on run order. */
export function keysOf(runs: readonly Run[], part: (r: Run) => { key: string }[]): string[] {
  const found = new Set<string>();
  for (const r of runs) for (const { key } of part(r)) found.add(key);
  return [...found].sort();
}

export function runsTable(runs: readonly Run[]): RunsTable {
  const metrics = keysOf(runs, (r) => r.data.metrics);
  const params = keysOf(runs, (r) => r.data.params);
  const tags = keysOf(runs, (r) => r.data.tags);
  const columns = [
    ...INFO_COLUMNS,
    ...metrics.map((k) => `metrics.${k}`),
    ...params.map((k) => `params.${k}`),
    ...tags.map((k) => `tags.${k}`),
  ];
  const rows = runs.map((run) => {
    const row: RunsTableRow = {
      run_id: run.info.run_id,
      experiment_id: run.info.experiment_id,
      status: run.info.status,
      artifact_uri: run.info.artifact_uri,
      start_time: time(run.info.start_time),
      end_time: time(run.info.end_time),
    };
    const m = new Map(run.data.metrics.map((x) => [x.key, x.value]));
    const p = new Map(run.data.params.map((x) => [x.key, x.value]));
    const t = new Map(run.data.tags.map((x) => [x.key, x.value]));
    for (const k of metrics) row[`metrics.${k}`] = m.get(k) ?? NaN;
    for (const k of params) row[`params.${k}`] = p.get(k) ?? NaN;
    for (const k of tags) row[`tags.${k}`] = t.get(k) ?? NaN;
    return row;
  });
  return { columns, rows };
}

/**
 * Every run a search finds, all pages, up to `maxResults` (default 100,000 as MLflow's
 * search_runs), as a table.
 */
export async function searchRunsTable(
  search: (request: SearchRunsRequest) => Promise<{ items: Run[]; next_page_token?: string }>,
  request: Omit<SearchRunsRequest, 'pageToken'>,
): Promise<RunsTable> {
  const limit = request.maxResults ?? TABLE_MAX_RESULTS;
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await search({
      ...request,
      maxResults: Math.min(limit - runs.length, 50_000),
      pageToken,
    });
    runs.push(...page.items);
    pageToken = page.next_page_token || undefined;
  } while (pageToken && runs.length < limit);
  return runsTable(runs.slice(0, limit));
}
