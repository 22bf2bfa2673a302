/**
 * Tracklab's tracking API: MLflow's entities, the TrackingStore interface and its backends, the
 * search grammar, and MlflowClient with fluent helpers. See docs/api.md.
 */
export * from './entities';
export * from './tags';
export * from './errors';
export type * from './store';
export { MlflowClient, type ClientOptions, type Tags } from './client';
export { ActiveRun, RunStopped, endOf, type EndStatus, type StartRunOptions } from './fluent';
export { DexieStore, type DexieStoreOptions } from './dexie/dexie-store';
export { RestStore } from './rest/rest-store';
export { LIMITS } from './validation';
export { generateRunName } from './names';
export { parseFilter, parseOrderBy, clausesOf, SearchSyntaxError } from './search';
