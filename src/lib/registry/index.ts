/**
 * Tracklab's model registry: MLflow's registered models, versions, stages and aliases, the
 * RegistryStore interface and its IndexedDB and REST backends. See docs/api.md ("Model registry").
 */
export * from './entities';
export type * from './store';
export { DexieRegistryStore, type DexieRegistryStoreOptions } from './dexie-registry';
export { RestRegistryStore, type RestRegistryStoreOptions } from './rest-registry';
export { REGISTRY_LIMITS, canonicalStage, validateModelName } from './validation';
export { parseRegistryFilter } from './search';
export { parseRegistryOrderBy } from './order-by';
