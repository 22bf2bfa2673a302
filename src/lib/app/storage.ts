/**
 * Settings → Storage: how much of the browser's storage Tracklab uses, what each experiment keeps,
 * and deleting an experiment for good — which, unlike MLflow's soft delete, frees space and works
 * on a full disk. Datasets are measured and deleted through the dataset library.
 */
import type { DexieStore } from '$lib/tracking/dexie/dexie-store';
import type { StorageReserve } from '$lib/tracking/dexie/reserve';
import {
  experimentBytes,
  experimentUsage,
  largestArtifacts,
  type ArtifactUsage,
  type ExperimentUsage,
} from '$lib/tracking/dexie/usage';

export { experimentBytes };
export type { ArtifactUsage, ExperimentUsage };

export interface StorageEstimate {
  /** Bytes this site uses, as the browser counts them against its quota. */
  usage: number;
  /** What the browser says this site may use (Chromium may report more than it allows). */
  quota: number;
}

export interface StorageAdmin {
  estimate(): Promise<StorageEstimate | null>;
  experiments(): Promise<ExperimentUsage[]>;
  /** The largest artifact files of all runs. */
  artifacts(): Promise<ArtifactUsage[]>;
  /** Deletes one artifact file for good, then sets the reserve aside again. */
  purgeArtifact(runId: string, path: string): Promise<void>;
  /** Deletes an experiment and all its runs for good, then sets the reserve aside again. */
  purgeExperiment(experimentId: string): Promise<void>;
  /** Sets the reserve aside again once space was freed (a dataset deleted). */
  restoreReserve(): Promise<boolean>;
}

export function storageAdmin(store: DexieStore, reserve: StorageReserve): StorageAdmin {
  return {
    async estimate() {
      const estimate = await globalThis.navigator?.storage?.estimate?.();
      return estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null;
    },
    experiments: () => experimentUsage(store.db),
    artifacts: () => largestArtifacts(store.db),
    async purgeArtifact(runId, path) {
      await store.purgeArtifact(runId, path);
      await reserve.ensure();
    },
    async purgeExperiment(experimentId) {
      await store.purgeExperiment(experimentId, reserve);
      await reserve.ensure();
    },
    restoreReserve: () => reserve.ensure(),
  };
}
