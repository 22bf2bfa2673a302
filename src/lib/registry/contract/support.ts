/** Types and helpers shared by the registry contract case files. */
import type { ModelVersion, RegisteredModel } from '../entities';
import type { RegistryStore } from '../store';

export { eq, ok, rejects, rejectsEach, ContractFailure } from '../../tracking/contract/assert';

export interface RegistryContext {
  /** A name no other case (or earlier run against the same server) has used. */
  unique(prefix: string): string;
}

export interface RegistryContractCase {
  name: string;
  run(store: RegistryStore, ctx: RegistryContext): Promise<void>;
}

/** Waits long enough for the next write to get a later millisecond timestamp. */
export const tick = () => new Promise((r) => setTimeout(r, 5));

/** A fresh run id: 32 hex characters, as MLflow makes them. */
export const runId = () => crypto.randomUUID().replace(/-/g, '');

/** A registered model with `count` versions (sources s3://bucket/<name>/<n>). */
export async function modelWithVersions(
  store: RegistryStore,
  name: string,
  count: number,
): Promise<ModelVersion[]> {
  await store.createRegisteredModel(name);
  const versions: ModelVersion[] = [];
  for (let i = 1; i <= count; i++) {
    versions.push(
      await store.createModelVersion({
        name,
        source: `s3://bucket/${encodeURIComponent(name)}/${i}`,
      }),
    );
  }
  return versions;
}

export const versionsOf = (list: readonly ModelVersion[]) => list.map((v) => v.version);
export const stagesOf = (list: readonly ModelVersion[]) =>
  list.map((v) => `${v.version}:${v.current_stage}`);
export const namesOf = (list: readonly RegisteredModel[]) => list.map((m) => m.name);

/** A case that starts from a fresh model (its name made from `prefix`) with `count` versions. */
export function withModel(
  name: string,
  prefix: string,
  count: number,
  body: (store: RegistryStore, model: string, ctx: RegistryContext) => Promise<void>,
): RegistryContractCase {
  return {
    name,
    async run(store, ctx) {
      const model = ctx.unique(prefix);
      await modelWithVersions(store, model, count);
      await body(store, model, ctx);
    },
  };
}
