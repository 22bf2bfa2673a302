/**
 * Settings → Storage on screen: the browser's usage figure, what each experiment and dataset
 * keeps, and the permanent deletes that free space on a full disk. The tables follow writes from
 * this and other tabs, re-read at most every few seconds (they scan whole tables, and a training
 * writes four times a second). Build it inside a component: it starts its queries.
 */
import type { App } from '$lib/app/create-app';
import {
  experimentBytes,
  type ArtifactUsage,
  type ExperimentUsage,
  type StorageEstimate,
} from '$lib/app/storage';
import type { DatasetRecord } from '$lib/data/library';
import type { DatasetSession } from './dataset-session.svelte';
import { ThrottledQuery } from './live-query.svelte';

/** How often, at most, the tables are re-read while something writes. */
const REREAD_MS = 5000;
/** After a delete, the browser's figure is re-read this often, this many times. */
const FOLLOW_MS = 3000;
const FOLLOW_READS = 40;

export class StorageUsage {
  readonly #experiments: ThrottledQuery<ExperimentUsage[]>;
  readonly #datasets: ThrottledQuery<DatasetRecord[]>;
  readonly #artifacts: ThrottledQuery<ArtifactUsage[]>;
  estimate = $state.raw<StorageEstimate | null>(null);
  /**
   * What the last delete did and the bytes it freed — the size Tracklab counted for what was
   * deleted: the browser's own figure follows a moment later — or why it failed.
   */
  notice = $state<{ ok: boolean; text: string; freed?: number } | null>(null);
  busy = $state(false);

  constructor(
    private readonly app: App,
    private readonly data: DatasetSession,
  ) {
    this.#experiments = new ThrottledQuery(() => app.storage.experiments(), REREAD_MS);
    this.#datasets = new ThrottledQuery(() => app.datasets.list(), REREAD_MS);
    this.#artifacts = new ThrottledQuery(() => app.storage.artifacts(), REREAD_MS);
    // The browser's figure is no query of ours: re-read it whenever the rows change.
    $effect(() => {
      void this.#experiments.current;
      void this.#datasets.current;
      this.refresh().catch(() => undefined);
    });
    $effect(() => () => clearInterval(this.#follow));
  }

  #follow: ReturnType<typeof setInterval> | undefined;

  /**
   * Chromium gives the room of deleted rows back only when it next tidies (compacts) its files —
   * seconds later in some tries here, over a minute in others — so after a delete the browser's
   * figure is re-read every few seconds for two minutes.
   */
  private followEstimate(): void {
    clearInterval(this.#follow);
    let reads = 0;
    this.#follow = setInterval(() => {
      if (++reads >= FOLLOW_READS) clearInterval(this.#follow);
      this.refresh().catch(() => undefined);
    }, FOLLOW_MS);
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
    return this.deleting(what, experimentBytes(e), () =>
      this.app.storage.purgeExperiment(e.experimentId),
    );
  }

  purgeArtifact(a: ArtifactUsage): Promise<void> {
    return this.deleting(`Artifact “${a.path}” of run “${a.runName}”`, a.size, () =>
      this.app.storage.purgeArtifact(a.runId, a.path),
    );
  }

  deleteDataset(d: DatasetRecord): Promise<void> {
    return this.deleting(`Dataset “${d.name}”`, d.size, async () => {
      await this.data.deleteDataset(d.sha256);
      await this.app.storage.restoreReserve();
    });
  }

  private async deleting(what: string, bytes: number, work: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      await work();
      this.notice = { ok: true, text: `${what} deleted for good.`, freed: bytes };
      this.followEstimate();
    } catch (e) {
      this.notice = { ok: false, text: `${what} could not be deleted: ${(e as Error).message}` };
    } finally {
      this.busy = false;
      for (const table of [this.#experiments, this.#datasets, this.#artifacts]) table.refresh();
      this.refresh().catch(() => undefined);
    }
  }
}
