/**
 * Runs as CSV, for a spreadsheet or pandas: one row per run with the columns of
 * `mlflow.search_runs` (run_id, run_name, experiment_id, status, start_time, end_time, user_id,
 * then params.<key>, metrics.<key> with each metric's latest value, and tags.<key>), as MLflow's
 * runs table "Download CSV" offers. Written through toSafeCsv, so a run named `=cmd|' /C calc'!A0`
 * or a formula-like param or tag cannot run in a spreadsheet; numbers stay numbers.
 */
import { toSafeCsv } from '$lib/data/csv-export';
import { keysOf, LIMITS, type MlflowClient, type Run, type ViewType } from '$lib/tracking';

/** The columns every row has, before the params, metrics and tags. */
export const RUN_COLUMNS = [
  'run_id',
  'run_name',
  'experiment_id',
  'status',
  'start_time',
  'end_time',
  'user_id',
] as const;

/** A time as ISO 8601 in UTC (what pandas and spreadsheets read as a date); empty when unset. */
function isoTime(ms: number | undefined): string {
  return ms === undefined || ms === null || !Number.isFinite(ms) ? '' : new Date(ms).toISOString();
}

/**
 * The runs as spreadsheet-safe CSV text, in the order given. A run without a param, metric or
 * tag has an empty cell there; metric values are written in full (`String(value)`, so they read
 * back to the same number), NaN as `NaN` and infinities as `Infinity` / `-Infinity`.
 */
export function runsToCsv(runs: readonly Run[]): string {
  const params = keysOf(runs, (r) => r.data.params);
  const metrics = keysOf(runs, (r) => r.data.metrics);
  const tags = keysOf(runs, (r) => r.data.tags);
  const header = [
    ...RUN_COLUMNS,
    ...params.map((k) => `params.${k}`),
    ...metrics.map((k) => `metrics.${k}`),
    ...tags.map((k) => `tags.${k}`),
  ];
  const rows = runs.map((run) => {
    const { info, data } = run;
    const param = new Map(data.params.map((p) => [p.key, p.value]));
    const metric = new Map(data.metrics.map((m) => [m.key, String(m.value)]));
    const tag = new Map(data.tags.map((t) => [t.key, t.value]));
    return [
      info.run_id,
      info.run_name,
      info.experiment_id,
      info.status,
      isoTime(info.start_time),
      isoTime(info.end_time),
      info.user_id,
      ...params.map((k) => param.get(k) ?? ''),
      ...metrics.map((k) => metric.get(k) ?? ''),
      ...tags.map((k) => tag.get(k) ?? ''),
    ];
  });
  return toSafeCsv([header, ...rows]);
}

export interface RunsCsvSearch {
  experimentIds: string[];
  filterString?: string;
  orderBy?: string[];
  runViewType?: ViewType;
  /** Runs asked for per request; the store's maximum unless a test wants several pages. */
  pageSize?: number;
}

/** Every run a search matches (all its pages, in its order), as `search_runs` returns them. */
export async function searchAllRuns(client: MlflowClient, search: RunsCsvSearch): Promise<Run[]> {
  const { pageSize = LIMITS.searchMaxResults, ...request } = search;
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchRuns({ ...request, maxResults: pageSize, pageToken });
    runs.push(...page.items);
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  return runs;
}

/** A search's results as CSV: every matching run, not one page. */
export async function searchRunsCsv(
  client: MlflowClient,
  search: RunsCsvSearch,
): Promise<{ csv: string; count: number }> {
  const runs = await searchAllRuns(client, search);
  return { csv: runsToCsv(runs), count: runs.length };
}
