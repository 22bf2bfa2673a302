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
import type { LoadError } from '$lib/data/errors';
import { generators, type GeneratorName } from '$lib/data/generators';
import { numericLoss, type NumericLoss } from '$lib/data/numeric-loss';
import type { DataChoice } from '$lib/data/prepare';
import { legacyRead, type ReadFix, type ReadOptions } from '$lib/data/read-options';
import { browserFetch, JsonStorage, type KeyValueStore } from './browser';

export interface SchemaChoice {
  target: string;
  task: Task;
  /** Kind overrides by column name (absent: the inferred kind). */
  kinds: Record<string, ColumnKind>;
  split: { validation: number; test: number; seed: number };
  impute: DataChoice['impute'];
  standardize: boolean;
  /** Columns whose cells lost to Numeric the person has seen and accepted as missing. */
  acceptedLoss?: string[];
}

type Source = { name: string; source: string; sourceType: 'upload' | 'bundled' | 'generated' };

/** The file a load was asked for, kept so an error's fix can read it again. */
interface Pending {
  file: File | Uint8Array;
  meta: Source;
  target?: string;
  read?: Partial<ReadOptions>;
}

const SCHEMA = 'tracklab.schema.';
const LAST = 'tracklab.dataset.last';

/**
 * The kind a person chose for a column, or undefined. Column names are anyone's text: an own
 * property only, so a column named 'constructor' or 'toString' does not read Object's methods.
 */
function chosenKind(kinds: Record<string, ColumnKind>, column: string): ColumnKind | undefined {
  return Object.hasOwn(kinds, column) ? kinds[column] : undefined;
}

export class DatasetSession {
  dataset = $state.raw<Loaded | null>(null);
  schema = $state<SchemaChoice | null>(null);
  progress = $state.raw<{ stage: string; fraction: number } | null>(null);
  loadError = $state.raw<LoadError | null>(null);
  /** Why reading the open dataset another way failed (it stays read as before). */
  readError = $state.raw<LoadError | null>(null);
  private pending: Pending | null = null;
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

  /**
   * Loads a dropped or picked file (or bundled bytes), saving it on success. A failure closes the
   * open dataset's panel, so the error stands for the file just dropped.
   */
  async load(file: File | Uint8Array, meta: Source, target?: string, read?: Partial<ReadOptions>) {
    this.pending = { file, meta, target, read };
    this.reopened = true;
    const named = meta.sourceType === 'upload' ? meta.source : meta.name;
    return this.loading(named, 'Reading the file', async (progress) => {
      this.adopt(await this.app.data.load(file, { ...meta, read }, progress), target);
      this.pending = null;
      return this.dataset!.record.sha256;
    });
  }

  /** Reads the file that failed again with an error's fix. */
  async retry(fix: ReadFix) {
    const p = this.pending;
    if (!p) return null;
    return this.load(p.file, p.meta, p.target, { ...p.read, ...fix.read });
  }

  /**
   * Reads the open dataset again another way (header, lines skipped, decimal mark); the saved
   * record keeps the new way. The delimiter and quote are detected again, as lines may change.
   */
  async reread(change: Partial<ReadOptions>) {
    const record = this.dataset?.record;
    if (!record || this.progress) return;
    const { skip, header, decimal } = record.read ?? legacyRead(record.delimiter);
    const target = this.schema?.target;
    this.readError = null;
    this.progress = { stage: 'Reading the file again', fraction: 0 };
    try {
      const loaded = await this.app.data.reread(
        record.sha256,
        { skip, header, decimal, ...change },
        (stage, fraction) => (this.progress = { stage, fraction }),
      );
      this.adopt(loaded, target, true);
    } catch (e) {
      this.readError = errorOf(e, record.name);
    } finally {
      this.progress = null;
    }
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
      this.loadError = {
        file: dataset.file,
        message: `Could not load the bundled dataset: ${(e as Error).message}`,
      };
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
    const name = (await this.app.datasets.get(sha256))?.name;
    await this.loading(name, 'Opening', async (progress) =>
      this.adopt(await this.app.data.open(sha256, progress)),
    );
  }

  /**
   * Reopens the dataset open when the page was last used, once a session, unless one is open or
   * opening already. Reads `dataset` and `progress` first, so an $effect reruns it as they change.
   */
  async reopenLast() {
    if (this.dataset || this.progress || this.reopened) return;
    // Once: after a failed drop closes the open dataset, the last one must not come back over
    // the error.
    this.reopened = true;
    const last = this.memory.read<string>(LAST);
    if (!last) return;
    const record = await this.app.datasets.get(last);
    if (record) await this.open(record.sha256);
  }

  /** Deletes a saved dataset, closing it if it is the open one. */
  async deleteDataset(sha256: string) {
    await this.app.datasets.delete(sha256);
    if (this.dataset?.record.sha256 === sha256) this.dataset = null;
  }

  /**
   * Runs a load of `file` with progress shown; a failure becomes `loadError`, closes the open
   * dataset (the error is about the new file, not it) and resolves to null.
   */
  private async loading<T>(
    file: string | undefined,
    stage: string,
    work: (progress: (stage: string, fraction: number) => void) => Promise<T>,
  ): Promise<T | null> {
    this.loadError = null;
    this.readError = null;
    this.progress = { stage, fraction: 0 };
    try {
      return await work((stage, fraction) => (this.progress = { stage, fraction }));
    } catch (e) {
      this.loadError = errorOf(e, file);
      this.dataset = null;
      this.schema = null;
      return null;
    } finally {
      this.progress = null;
    }
  }

  /**
   * Opens a loaded dataset with its remembered schema, or a new one. `reread`: the same dataset
   * read another way, whose columns may have changed: the target and overrides of columns still
   * there are kept, and the task is inferred again.
   */
  private adopt(loaded: Loaded, preferred?: string, reread = false) {
    this.dataset = loaded;
    this.memory.write(LAST, loaded.record.sha256);
    const saved = this.memory.read<SchemaChoice>(SCHEMA + loaded.record.sha256);
    const columns = loaded.record.columns;
    const valid = saved && columns.includes(saved.target) && !reread;
    const target = valid
      ? saved.target
      : preferred && columns.includes(preferred)
        ? preferred
        : guessTarget(loaded);
    const kinds = Object.fromEntries(
      Object.entries(saved?.kinds ?? {}).filter(([c]) => columns.includes(c)),
    );
    const profile = loaded.record.profiles.find((p) => p.name === target)!;
    this.schema = valid
      ? saved
      : {
          split: { validation: 0.2, test: 0.2, seed: 42 },
          impute: 'median',
          standardize: true,
          ...(saved && {
            split: saved.split,
            impute: saved.impute,
            standardize: saved.standardize,
          }),
          target,
          task: inferTask({ ...profile, kind: chosenKind(kinds, target) ?? profile.kind }),
          kinds,
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
    this.schema.task = inferTask({
      ...profile,
      kind: chosenKind(this.schema.kinds, name) ?? profile.kind,
    });
    this.saveSchema();
  }

  setTask(task: Task) {
    if (!this.schema) return;
    this.schema.task = task;
    this.saveSchema();
  }

  setKind(column: string, kind: ColumnKind) {
    if (!this.schema) return;
    // A computed key makes an own property even of '__proto__'; an assignment would not.
    this.schema.kinds = { ...this.schema.kinds, [column]: kind };
    // A new choice of type is a new loss to see.
    this.schema.acceptedLoss = this.schema.acceptedLoss?.filter((c) => c !== column);
    this.saveSchema();
  }

  /** Cells lost where a column is set to Numeric but holds other values, by column. */
  get numericLosses(): NumericLoss[] {
    const record = this.dataset?.record;
    if (!record || !this.schema) return [];
    return record.profiles
      .map((p) => numericLoss(p, this.kindOf(p.name), record.rows, p.name === this.schema!.target))
      .filter((l): l is NumericLoss => l !== null);
  }

  /** The losses training waits on: more than a few cells, not yet accepted. */
  get unacceptedLosses(): NumericLoss[] {
    const accepted = this.schema?.acceptedLoss ?? [];
    return this.numericLosses.filter((l) => l.needsConfirm && !accepted.includes(l.column));
  }

  /** Accepts (or takes back) the current losses as missing values, so training may start. */
  acceptLosses(accept: boolean) {
    if (!this.schema) return;
    this.schema.acceptedLoss = accept ? this.numericLosses.map((l) => l.column) : [];
    this.saveSchema();
  }

  kindOf(column: string): ColumnKind {
    return (
      (this.schema && chosenKind(this.schema.kinds, column)) ??
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

  /** Why training cannot start: the target's problem, or cells lost to Numeric not yet seen. */
  get trainProblem(): string | null {
    const losses = this.unacceptedLosses;
    return (
      this.targetProblem ??
      (losses.length
        ? `${losses.map((l) => `"${l.column}"`).join(', ')} ${losses.length === 1 ? 'is' : 'are'} set to Numeric but ${losses.length === 1 ? 'holds' : 'hold'} values that are not numbers: check them and confirm, or change the type.`
        : null)
    );
  }

  /** The schema as the data worker's preparation takes it. */
  dataChoice(): DataChoice {
    const schema = this.schema!;
    const record = this.dataset!.record;
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
      read: record.read ?? legacyRead(record.delimiter),
    };
  }
}

function errorOf(e: unknown, file: string | undefined): LoadError {
  const error = e as Error & { row?: number; column?: string; fixes?: ReadFix[] };
  const out: LoadError = { message: error.message, row: error.row, column: error.column };
  if (file) out.file = file;
  if (error.fixes?.length) out.fixes = error.fixes;
  return out;
}

/** The last column that is not an id or free text, as most datasets put the label last. */
function guessTarget(loaded: Loaded): string {
  const usable = loaded.record.profiles.filter(
    (p) => !['id', 'text', 'empty', 'date'].includes(p.kind),
  );
  return (usable.at(-1) ?? loaded.record.profiles.at(-1)!).name;
}
