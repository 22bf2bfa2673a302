/**
 * Settings → Storage on screen: the browser's usage figure, what each experiment and dataset
 * keeps (live, so a run logged in another tab shows), and the permanent deletes that free space
 * on a full disk. Build it inside a component: it starts live queries.
 */
import type { App } from '$lib/app/create-app';
import type { ArtifactUsage, ExperimentUsage, StorageEstimate } from '$lib/app/storage';
import type { DatasetRecord } from '$lib/data/library';
import type { DatasetSession } from './dataset-session.svelte';
import { LiveQuery } from './live-query.svelte';

export class StorageUsage {
  readonly #experiments: LiveQuery<ExperimentUsage[]>;
  readonly #datasets: LiveQuery<DatasetRecord[]>;
  readonly #artifacts: LiveQuery<ArtifactUsage[]>;
  estimate = $state.raw<StorageEstimate | null>(null);
  /** What the last delete did (and the bytes it freed, as the browser counts them), or why it failed. */
  notice = $state<{ ok: boolean; text: string; freed?: number } | null>(null);
  busy = $state(false);

  constructor(
    private readonly app: App,
    private readonly data: DatasetSession,
  ) {
    this.#experiments = new LiveQuery(
      () => undefined,
      () => app.storage.experiments(),
    );
    this.#datasets = new LiveQuery(
      () => undefined,
      () => app.datasets.list(),
    );
    this.#artifacts = new LiveQuery(
      () => undefined,
      () => app.storage.artifacts(),
    );
    // The browser's figure is no live query: re-read it whenever the rows change.
    $effect(() => {
      void this.#experiments.current;
      void this.#datasets.current;
      void this.refresh();
    });
  }

  get experiments(): ExperimentUsage[] | undefined {
    return this.#experiments.current;
  }
  get datasets(): DatasetRecord[] | undefined {
    return this.#datasets.current;
  }
  get artifacts(): ArtifactUsage[] | undefined {
    return this.#artifacts.current;
  }

  async refresh(): Promise<void> {
    this.estimate = await this.app.storage.estimate();
  }

  purgeExperiment(e: ExperimentUsage): Promise<void> {
    const what = e.experimentId === '0' ? `The runs of “${e.name}”` : `Experiment “${e.name}”`;
    return this.deleting(what, () => this.app.storage.purgeExperiment(e.experimentId));
  }

  purgeArtifact(a: ArtifactUsage): Promise<void> {
    return this.deleting(`Artifact “${a.path}” of run “${a.runName}”`, () =>
      this.app.storage.purgeArtifact(a.runId, a.path),
    );
  }

  deleteDataset(d: DatasetRecord): Promise<void> {
    return this.deleting(`Dataset “${d.name}”`, async () => {
      await this.data.deleteDataset(d.sha256);
      await this.app.storage.restoreReserve();
    });
  }

  private async deleting(what: string, work: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.notice = null;
    const before = this.estimate?.usage;
    try {
      await work();
      await this.refresh();
      const after = this.estimate?.usage;
      const freed =
        before !== undefined && after !== undefined && after < before ? before - after : 0;
      this.notice = { ok: true, text: `${what} deleted for good.`, freed };
    } catch (e) {
      this.notice = { ok: false, text: `${what} could not be deleted: ${(e as Error).message}` };
    } finally {
      this.busy = false;
    }
  }
}
