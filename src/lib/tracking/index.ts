/**
 * Tracklab's tracking API: MLflow's entities, the TrackingStore interface and the summary reads,
 * the search grammar, and MlflowClient with fluent helpers. See docs/api.md. The concrete stores
 * are not here: only the composition root and workers build one, from its own file
 * (dexie/dexie-store.ts, rest/rest-store.ts).
 */
export * from './entities';
export * from './tags';
export * from './errors';
export type * from './store';
export {
  StoreSummaryReads,
  rangeOf,
  summaryOf,
  type RunSummary,
  type RunSummarySearch,
  type RunSummaryReads,
  KeyCollector,
  VALUES_PER_KEY,
  type RunKeys,
  type MetricArrays,
  type MetricRange,
  type MetricRanges,
  type RunRef,
} from './reads';
export { MlflowClient, type ClientOptions, type Tags } from './client';
export {
  runsTable,
  keysOf,
  INFO_COLUMNS,
  type RunsTable,
  type RunsTableRow,
  type RunsTableCell,
} from './runs-table';
export { ActiveRun, RunStopped, endOf, type EndStatus, type StartRunOptions } from './fluent';
export { LIMITS } from './validation';
export { isStorageFull, withReserve, type WriteReserve } from './storage-full';
export { generateRunName } from './names';
export { parseFilter, parseOrderBy, clausesOf, SearchSyntaxError } from './search';
