/**
 * The open dataset across the Data and Train screens: loading it (a dropped file, a bundled or
 * generated one, a saved one), its loading progress, and its schema choices — target, task, column
 * kinds, split — remembered per dataset in the browser's storage so a reload reopens the same.
 * Saved datasets themselves are read through LiveQuery in the routes.
 */
import type { App } from '$lib/app/create-app';
import { checkTarget, inferTask, type ColumnKind, type Task } from '$lib/data/columns';
import type { Loaded } from '$lib/data/client';
import type { BundledDataset } from '$lib/data/catalog';
import { toCsv } from '$lib/data/csv';
import { generators, type GeneratorName } from '$lib/data/generators';
import type { DataChoice } from '$lib/data/prepare';
import { browserFetch, JsonStorage, type KeyValueStore } from './browser';

export interface SchemaChoice {
  target: string;
  task: Task;
  /** Kind overrides by column name (absent: the inferred kind). */
  kinds: Record<string, ColumnKind>;
  split: { validation: number; test: number; seed: number };
  impute: DataChoice['impute'];
  standardize: boolean;
}

type Source = { name: string; source: string; sourceType: 'upload' | 'bundled' | 'generated' };

const SCHEMA = 'tracklab.schema.';
const LAST = 'tracklab.dataset.last';

export class DatasetSession {
  dataset = $state.raw<Loaded | null>(null);
  schema = $state<SchemaChoice | null>(null);
  progress = $state.raw<{ stage: string; fraction: number } | null>(null);
  loadError = $state.raw<{ message: string; row?: number; column?: string } | null>(null);
  private readonly memory: JsonStorage;
  private readonly fetch: typeof fetch;
  private reopened = false;

  constructor(
    private readonly app: Pick<App, 'data' | 'datasets'>,
    io: { fetch?: typeof fetch; storage?: KeyValueStore } = {},
  ) {
    this.fetch = io.fetch ?? browserFetch;
    this.memory = new JsonStorage(io.storage);
  }

  /** Loads a dropped or picked file (or bundled bytes), saving it on success. */
  async load(file: File | Uint8Array, meta: Source, target?: string) {
    return this.loading('Reading the file', async (progress) => {
      this.adopt(await this.app.data.load(file, meta, progress), target);
      return this.dataset!.record.sha256;
    });
  }

  async loadBundled(dataset: BundledDataset) {
    const url = `datasets/${dataset.file}`;
    this.progress = { stage: 'Downloading', fraction: 0 };
    try {
      const response = await this.fetch(url);
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const meta = { name: dataset.name, source: url, sourceType: 'bundled' } as const;
      return await this.load(bytes, meta, dataset.target);
    } catch (e) {
      this.progress = null;
      this.loadError = { message: `Could not load the bundled dataset: ${(e as Error).message}` };
      return null;
    }
  }

  loadGenerated(name: GeneratorName, rows = 500, noise = 0.2, seed = 0) {
    const table = generators[name]({ rows, noise, seed });
    const bytes = new TextEncoder().encode(toCsv([table.columns, ...table.rows]));
    return this.load(bytes, {
      name: `${name}-${rows}`,
      source: `generated:${name}?rows=${rows}&noise=${noise}&seed=${seed}`,
      sourceType: 'generated',
    });
  }

  async open(sha256: string) {
    if (this.dataset?.record.sha256 === sha256) return;
    await this.loading('Opening', async (progress) =>
      this.adopt(await this.app.data.open(sha256, progress)),
    );
  }

  /**
   * Reopens the dataset open when the page was last used, once a session, unless one is open or
   * opening already. Reads `dataset` and `progress` first, so an $effect reruns it as they change.
   */
  async reopenLast() {
    if (this.dataset || this.progress || this.reopened) return;
    const last = this.memory.read<string>(LAST);
    if (!last) return;
    this.reopened = true;
    const record = await this.app.datasets.get(last);
    if (record) await this.open(record.sha256);
  }

  /** Deletes a saved dataset, closing it if it is the open one. */
  async deleteDataset(sha256: string) {
    await this.app.datasets.delete(sha256);
    if (this.dataset?.record.sha256 === sha256) this.dataset = null;
  }

  /** Runs a load with progress shown; a failure becomes `loadError` and resolves to null. */
  private async loading<T>(
    stage: string,
    work: (progress: (stage: string, fraction: number) => void) => Promise<T>,
  ): Promise<T | null> {
    this.loadError = null;
    this.progress = { stage, fraction: 0 };
    try {
      return await work((stage, fraction) => (this.progress = { stage, fraction }));
    } catch (e) {
      const error = e as Error & { row?: number; column?: string };
      this.loadError = { message: error.message, row: error.row, column: error.column };
      return null;
    } finally {
      this.progress = null;
    }
  }

  private adopt(loaded: Loaded, preferred?: string) {
    this.dataset = loaded;
    this.memory.write(LAST, loaded.record.sha256);
    const saved = this.memory.read<SchemaChoice>(SCHEMA + loaded.record.sha256);
    const columns = loaded.record.columns;
    const target =
      saved && columns.includes(saved.target)
        ? saved.target
        : preferred && columns.includes(preferred)
          ? preferred
          : guessTarget(loaded);
    const profile = loaded.record.profiles.find((p) => p.name === target)!;
    this.schema = saved ?? {
      target,
      task: inferTask(profile),
      kinds: {},
      split: { validation: 0.2, test: 0.2, seed: 42 },
      impute: 'median',
      standardize: true,
    };
    // Remembered at once, so a reload reopens the dataset with the same target.
    this.saveSchema();
  }

  saveSchema() {
    if (this.dataset && this.schema)
      this.memory.write(SCHEMA + this.dataset.record.sha256, $state.snapshot(this.schema));
  }

  setTarget(name: string) {
    if (!this.schema || !this.dataset) return;
    const profile = this.dataset.record.profiles.find((p) => p.name === name);
    if (!profile) return;
    this.schema.target = name;
    this.schema.task = inferTask({ ...profile, kind: this.schema.kinds[name] ?? profile.kind });
    this.saveSchema();
  }

  setTask(task: Task) {
    if (!this.schema) return;
    this.schema.task = task;
    this.saveSchema();
  }

  setKind(column: string, kind: ColumnKind) {
    if (!this.schema) return;
    this.schema.kinds[column] = kind;
    this.saveSchema();
  }

  kindOf(column: string): ColumnKind {
    return (
      this.schema?.kinds[column] ??
      this.dataset?.record.profiles.find((p) => p.name === column)?.kind ??
      'text'
    );
  }

  /** Why the chosen target cannot be learned, or null. */
  get targetProblem(): string | null {
    if (!this.dataset || !this.schema) return null;
    const profile = this.dataset.record.profiles.find((p) => p.name === this.schema!.target);
    if (!profile) return 'Pick a target column.';
    try {
      checkTarget({ ...profile, kind: this.kindOf(profile.name) }, this.dataset.record.rows);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** The schema as the data worker's preparation takes it. */
  dataChoice(): DataChoice {
    const schema = this.schema!;
    return {
      target: schema.target,
      task: schema.task,
      features: this.dataset!.record.profiles.map((p) => ({
        name: p.name,
        kind: this.kindOf(p.name),
      })),
      impute: schema.impute,
      standardize: schema.standardize,
      maxLevels: 50,
      minCount: 1,
      split: { ...schema.split },
    };
  }
}

/** The last column that is not an id or free text, as most datasets put the label last. */
function guessTarget(loaded: Loaded): string {
  const usable = loaded.record.profiles.filter(
    (p) => !['id', 'text', 'empty', 'date'].includes(p.kind),
  );
  return (usable.at(-1) ?? loaded.record.profiles.at(-1)!).name;
}
