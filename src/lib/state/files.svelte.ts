/**
 * Export and import as files (issue 14), for the Sync page's Files panel. Export writes the chosen
 * experiments as a Tracklab archive (to carry into another browser) or an MLflow mlruns tree (to
 * open with MLflow's own server), streamed chunk by chunk into a Blob the browser saves, with the
 * progress in runs and bytes. Import opens a zip the person chooses (either kind, or an mlruns
 * folder MLflow wrote, zipped), says what it holds, and copies the chosen experiments in with
 * copyExperiments and the browser's ledger: importing the same file again copies nothing.
 */
import type { App } from '$lib/app/create-app';
import type { CopyProgress, CopyReport } from '$lib/sync/copy';
import { exportArchive } from '$lib/sync/files/archive';
import type { ExportProgress, ExportReport } from '$lib/sync/files/export-source';
import { importArchive, openArchive, type OpenedArchive } from '$lib/sync/files/import';
import { exportMlruns } from '$lib/sync/files/mlruns-write';
import { browserStorage, type KeyValueStore } from './browser';
import { installId } from './sync.svelte';

export type ExportFormat = 'tracklab' | 'mlruns';

export interface SavedExport {
  url: string;
  fileName: string;
  report: ExportReport;
}

const message = (e: unknown) =>
  e instanceof DOMException && e.name === 'AbortError'
    ? 'Stopped.'
    : e instanceof Error
      ? e.message
      : String(e);

export class FilesSession {
  running = $state<'export' | 'import' | undefined>();
  exportProgress = $state<ExportProgress | undefined>();
  saved = $state.raw<SavedExport | undefined>();
  /** The archive chosen for import, once read. */
  opened = $state.raw<{ fileName: string; archive: OpenedArchive } | undefined>();
  importProgress = $state<CopyProgress | undefined>();
  imported = $state.raw<(CopyReport & { datasets: number }) | undefined>();
  error = $state('');

  private controller: AbortController | undefined;

  constructor(
    private readonly app: App,
    private readonly storage: KeyValueStore | undefined = browserStorage(),
  ) {}

  /** Exports these experiments (all when none are given) and offers the zip for saving. */
  async export(format: ExportFormat, experimentIds?: string[]): Promise<SavedExport | undefined> {
    this.begin('export');
    if (this.saved) URL.revokeObjectURL(this.saved.url);
    this.saved = undefined;
    this.exportProgress = undefined;
    // Chunks are folded into a Blob every 16 MiB: a browser may keep a large Blob on disk.
    let chunks: BlobPart[] = [];
    let pending = 0;
    try {
      const write = format === 'tracklab' ? exportArchive : exportMlruns;
      const report = await write(
        this.app.store,
        {
          experimentIds,
          registry: this.app.registry,
          datasets: format === 'tracklab' ? this.app.datasets : undefined,
          sourceStore: installId(this.storage),
          signal: this.controller!.signal,
          onProgress: (p) => (this.exportProgress = p),
        },
        (chunk) => {
          chunks.push(chunk);
          pending += chunk.length;
          if (pending > 16 << 20) {
            chunks = [new Blob(chunks)];
            pending = 0;
          }
        },
      );
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp for a file name, not state
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      const fileName = `tracklab-${format === 'tracklab' ? 'archive' : 'mlruns'}-${stamp}.zip`;
      const url = URL.createObjectURL(new Blob(chunks, { type: 'application/zip' }));
      this.saved = { url, fileName, report };
      return this.saved;
    } catch (e) {
      const stopped = e instanceof DOMException && e.name === 'AbortError';
      this.error = stopped
        ? 'Export stopped; nothing was saved. Export again to start over.'
        : message(e);
      this.exportProgress = undefined;
      return undefined;
    } finally {
      this.end();
    }
  }

  /** Reads a chosen zip and says what it holds (nothing is imported yet). */
  async open(file: File): Promise<void> {
    this.begin('import');
    this.opened = undefined;
    this.imported = undefined;
    try {
      this.opened = { fileName: file.name, archive: await openArchive(file) };
    } catch (e) {
      this.error = `${file.name}: ${message(e)}`;
    } finally {
      this.end();
    }
  }

  /** Imports the opened archive's chosen experiments (all of them when none are given). */
  async import(experimentIds?: string[]): Promise<(CopyReport & { datasets: number }) | undefined> {
    const opened = this.opened;
    if (!opened) return undefined;
    this.begin('import');
    this.importProgress = undefined;
    this.imported = undefined;
    try {
      this.imported = await importArchive(
        opened.archive,
        { tracking: this.app.store, registry: this.app.registry, datasets: this.app.datasets },
        {
          ledger: this.app.syncLedger,
          experimentIds,
          fileName: opened.fileName,
          localStore: installId(this.storage),
          signal: this.controller!.signal,
          onProgress: (p) => (this.importProgress = p),
        },
      );
      return this.imported;
    } catch (e) {
      this.error = message(e);
      return undefined;
    } finally {
      this.end();
    }
  }

  stop() {
    this.controller?.abort();
  }

  private begin(what: 'export' | 'import') {
    this.running = what;
    this.error = '';
    this.controller = new AbortController();
  }

  private end() {
    this.running = undefined;
    this.controller = undefined;
  }
}
