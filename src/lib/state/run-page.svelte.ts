/**
 * The Run page's session state over LiveQuery, so a worker still training the run, or another tab
 * editing it, shows here without a reload: the artifact tree (folders listed only once opened,
 * which is open, which file is selected) and the preview of the selected file with its object
 * URL; and the run's note, the one thing a person writes here. The reads themselves are in
 * run-queries.ts.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { App } from '$lib/app/create-app';
import { TAGS } from '$lib/tracking/tags';
import { LiveQuery } from './live-query.svelte';
import { mimeType, readPreview, type Preview } from './run-data';
import { listArtifactTree, type ArtifactListing } from './run-queries';

export { loadMetricHistories, loadRun, MODEL_FILE } from './run-queries';

const ancestors = (path: string) =>
  path
    .split('/')
    .slice(0, -1)
    .map((_, i, parts) => parts.slice(0, i + 1).join('/'));

/** The artifact tree's listing, which folders are open and which file is selected, per run. */
export class ArtifactTree {
  readonly #runId: () => string;
  /** Folder open/closed as the person left it, keyed by run id and path. */
  readonly #toggled = new SvelteMap<string, boolean>();
  #chosen = $state<{ runId: string; path: string } | undefined>();
  readonly #listing: LiveQuery<ArtifactListing, { runId: string; open: string[] }>;

  constructor(app: App, runId: () => string) {
    this.#runId = runId;
    this.#listing = new LiveQuery(
      () => {
        const id = runId();
        const prefix = `${id}\0`;
        const open = [...this.#toggled]
          .filter(([k, v]) => v && k.startsWith(prefix))
          .map(([k]) => k.slice(prefix.length))
          .sort();
        return { runId: id, open };
      },
      ({ runId, open }) => listArtifactTree(app, runId, open),
    );
  }

  /** The listing for the current run, or undefined while it loads. */
  get listing(): ArtifactListing | undefined {
    const l = this.#listing.current;
    return l?.runId === this.#runId() ? l : undefined;
  }
  get error(): unknown {
    return this.#listing.error;
  }

  get selected(): string | undefined {
    const chosen = this.#chosen;
    return chosen?.runId === this.#runId() ? chosen.path : this.listing?.defaultFile;
  }

  isOpen(path: string): boolean {
    const toggled = this.#toggled.get(`${this.#runId()}\0${path}`);
    if (toggled !== undefined) return toggled;
    // The default file's folders start open, and stay open when another file is picked.
    const first = this.listing?.defaultFile;
    return !!first && ancestors(first).includes(path);
  }

  toggle(path: string): void {
    this.#toggled.set(`${this.#runId()}\0${path}`, !this.isOpen(path));
  }

  select(path: string): void {
    this.#chosen = { runId: this.#runId(), path };
  }
}

export interface LoadedArtifact {
  runId: string;
  path: string;
  size: number;
  bytes: Uint8Array;
  preview: Preview;
}

/**
 * The selected file, read and turned into a preview, with one object URL for its image and its
 * Download link. The URL is revoked when the file changes and when the page goes away.
 */
export class ArtifactPreview {
  readonly #runId: () => string;
  readonly #path: () => string | undefined;
  readonly #query: LiveQuery<LoadedArtifact | null, { runId: string; path: string }>;
  #url = $state<{ runId: string; path: string; href: string } | undefined>();

  constructor(app: App, runId: () => string, path: () => string | undefined) {
    this.#runId = runId;
    this.#path = path;
    this.#query = new LiveQuery(
      () => ({ runId: runId(), path: path() ?? '' }),
      async ({ runId, path }) => {
        if (!path) return null;
        const bytes = await app.client.downloadArtifact(runId, path);
        return { runId, path, size: bytes.length, bytes, preview: readPreview(path, bytes) };
      },
    );
    $effect(() => {
      const file = this.#query.current;
      if (!file) {
        this.#url = undefined;
        return;
      }
      const blob = new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: mimeType(file.path) });
      const href = URL.createObjectURL(blob);
      this.#url = { runId: file.runId, path: file.path, href };
      return () => URL.revokeObjectURL(href);
    });
  }

  #current(): boolean {
    const f = this.#query.current;
    return !!f && f.runId === this.#runId() && f.path === this.#path();
  }

  /** The selected file once read; undefined while it loads or when nothing is selected. */
  get file(): LoadedArtifact | undefined {
    return this.#current() ? (this.#query.current ?? undefined) : undefined;
  }
  get url(): string | undefined {
    const u = this.#url;
    return u && u.runId === this.#runId() && u.path === this.#path() ? u.href : undefined;
  }
  get loading(): boolean {
    return !!this.#path() && !this.#current() && !this.#query.error;
  }
  get error(): unknown {
    return this.#query.error;
  }
}

/** How saving a note went (the shape RunNotes.svelte takes): saved, or refused because another
 * tab saved `theirs` meanwhile. */
export type NoteSave = { saved: true } | { saved: false; theirs: string | undefined };

/** The IndexedDB store's compare-and-set (DexieStore.setTagIfUnchanged); MLflow's REST API has none. */
interface TagSwapper {
  setTagIfUnchanged(
    runId: string,
    key: string,
    expected: string | undefined,
    value: string | undefined,
  ): Promise<{ saved: boolean; current: string | undefined }>;
}
const canSwap = (store: object): store is TagSwapper => 'setTagIfUnchanged' in store;

/**
 * The run's note (MLflow's mlflow.note.content tag): saving text sets it, saving nothing deletes
 * the note the run has. A save names the note the editor started from (`base`); in this browser's
 * store it goes through only if the note still reads that, so a save from another tab is never
 * overwritten unseen. A store without compare-and-set (an MLflow server) keeps MLflow's last
 * writer wins.
 */
export class RunNote {
  readonly #app: App;
  readonly #runId: () => string;
  readonly #current: () => string | undefined;

  constructor(app: App, runId: () => string, current: () => string | undefined) {
    this.#app = app;
    this.#runId = runId;
    this.#current = current;
  }

  async save(text: string, base: string | undefined): Promise<NoteSave> {
    const runId = this.#runId();
    const value = text.trim() ? text : undefined;
    const store = this.#app.store;
    if (canSwap(store)) {
      const done = await store.setTagIfUnchanged(runId, TAGS.note, base, value);
      return done.saved ? { saved: true } : { saved: false, theirs: done.current };
    }
    if (value) await this.#app.client.setTag(runId, TAGS.note, value);
    else if (this.#current() !== undefined) await this.#app.client.deleteTag(runId, TAGS.note);
    return { saved: true };
  }
}
