/**
 * The session's work in progress across the Data and Train screens: the open dataset, its schema
 * choices (remembered per dataset in localStorage), loading progress, and the training in flight
 * with its live epochs. Persisted data (runs, datasets) is read through LiveQuery elsewhere.
 */
import type { App } from '$lib/app/create-app';
import { train, type TrainOutcome } from '$lib/app/train';
import { checkTarget, inferTask, type ColumnKind, type Task } from '$lib/data/columns';
import type { Loaded } from '$lib/data/client';
import type { BundledDataset } from '$lib/data/catalog';
import { toCsv } from '$lib/data/csv';
import { generators, type GeneratorName } from '$lib/data/generators';
import { DEFAULT_CONFIG, type BackendChoice, type TrainConfig } from '$lib/training/config';
import type { BackendReport } from '$lib/training/protocol';
import type { DataChoice } from '$lib/data/prepare';
import type { EpochReport } from '$lib/training/trainer';

export interface SchemaChoice {
  target: string;
  task: Task;
  /** Kind overrides by column name (absent: the inferred kind). */
  kinds: Record<string, ColumnKind>;
  split: { validation: number; test: number; seed: number };
  impute: DataChoice['impute'];
  standardize: boolean;
}

export interface Training {
  runId: string | null;
  experimentId: string;
  epochs: EpochReport[];
  totalEpochs: number;
  state: 'preparing' | 'running' | 'cancelling' | 'done';
  outcome?: TrainOutcome;
  error?: string;
}

const STORAGE = 'tracklab.schema.';
const BACKEND = 'tracklab.backend';
const LAST = 'tracklab.dataset.last';

/** The dataset open when the page was last used, to reopen after a reload. */
export function lastDataset(): string | undefined {
  return remembered<string>(LAST);
}

function remembered<T>(key: string): T | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

function remember(key: string, value: unknown) {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the choice lives for the session only.
  }
}

export function browserName(): string {
  const ua = globalThis.navigator?.userAgent ?? 'unknown';
  const m = /(Edg|Firefox|Chrome|Chromium|Safari)\/(\d+)/.exec(ua);
  return m ? `${m[1] === 'Edg' ? 'Edge' : m[1]} ${m[2]}` : ua.slice(0, 100);
}

export class Workbench {
  dataset = $state.raw<Loaded | null>(null);
  schema = $state<SchemaChoice | null>(null);
  progress = $state.raw<{ stage: string; fraction: number } | null>(null);
  loadError = $state.raw<{ message: string; row?: number; column?: string } | null>(null);
  config = $state<TrainConfig>(structuredClone(DEFAULT_CONFIG));
  training = $state<Training | null>(null);
  backend = $state.raw<BackendReport | null>(null);
  backendChoice = $state<BackendChoice>(remembered<BackendChoice>(BACKEND) ?? 'auto');

  constructor(private readonly app: App) {
    app.training.setBackend(this.backendChoice);
  }

  /** Loads a dropped or picked file (or bundled bytes), saving it on success. */
  async load(
    file: File | Uint8Array,
    meta: { name: string; source: string; sourceType: 'upload' | 'bundled' | 'generated' },
    target?: string,
  ) {
    this.loadError = null;
    this.progress = { stage: 'Reading the file', fraction: 0 };
    try {
      this.adopt(
        await this.app.data.load(
          file,
          meta,
          (stage, fraction) => (this.progress = { stage, fraction }),
        ),
        target,
      );
      return this.dataset!.record.sha256;
    } catch (e) {
      const error = e as Error & { row?: number; column?: string };
      this.loadError = { message: error.message, row: error.row, column: error.column };
      return null;
    } finally {
      this.progress = null;
    }
  }

  async loadBundled(dataset: BundledDataset) {
    const url = `datasets/${dataset.file}`;
    this.progress = { stage: 'Downloading', fraction: 0 };
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return await this.load(
        bytes,
        { name: dataset.name, source: url, sourceType: 'bundled' },
        dataset.target,
      );
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
    this.loadError = null;
    this.progress = { stage: 'Opening', fraction: 0 };
    try {
      this.adopt(
        await this.app.data.open(
          sha256,
          (stage, fraction) => (this.progress = { stage, fraction }),
        ),
      );
    } catch (e) {
      this.loadError = { message: (e as Error).message };
    } finally {
      this.progress = null;
    }
  }

  private adopt(loaded: Loaded, preferred?: string) {
    this.dataset = loaded;
    remember(LAST, loaded.record.sha256);
    const saved = remembered<SchemaChoice>(STORAGE + loaded.record.sha256);
    const profiles = loaded.record.profiles;
    const target =
      saved && loaded.record.columns.includes(saved.target)
        ? saved.target
        : preferred && loaded.record.columns.includes(preferred)
          ? preferred
          : guessTarget(loaded);
    const profile = profiles.find((p) => p.name === target)!;
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
      remember(STORAGE + this.dataset.record.sha256, $state.snapshot(this.schema));
  }

  setTarget(name: string) {
    if (!this.schema || !this.dataset) return;
    const profile = this.dataset.record.profiles.find((p) => p.name === name);
    if (!profile) return;
    this.schema.target = name;
    this.schema.task = inferTask({ ...profile, kind: this.schema.kinds[name] ?? profile.kind });
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

  setBackend(choice: BackendChoice) {
    this.backendChoice = choice;
    remember(BACKEND, choice);
    this.backend = null;
    this.app.training.setBackend(choice);
  }

  get busy() {
    return !!this.training && this.training.state !== 'done';
  }

  async train(experimentId: string, runName: string, registerAs = '') {
    if (!this.dataset || !this.schema || this.busy || this.targetProblem) return;
    const choice = this.dataChoice();
    const config = $state.snapshot(this.config) as TrainConfig;
    this.training = {
      runId: null,
      experimentId,
      epochs: [],
      totalEpochs: config.fit.epochs,
      state: 'preparing',
    };
    const training = this.training;
    try {
      const data = await this.app.data.prepare(this.dataset.record.sha256, choice);
      this.backend = await this.app.training.ready();
      training.state = 'running';
      training.outcome = await train(
        {
          client: this.app.client,
          trainer: this.app.training,
          session: this.app.session,
          browser: browserName(),
          renderPlot:
            typeof OffscreenCanvas === 'undefined'
              ? undefined
              : (plot) => this.app.training.renderPlot(plot),
          registry: this.app.registry,
        },
        {
          experimentId,
          runName,
          dataset: this.dataset.record,
          choice,
          data,
          config,
          registerAs,
          onStart: (runId) => (training.runId = runId),
          onEpoch: (report) => void training.epochs.push(report),
        },
      );
    } catch (e) {
      training.error = (e as Error).message;
    } finally {
      training.state = 'done';
    }
  }

  cancel() {
    const t = this.training;
    if (!t?.runId || t.state !== 'running') return;
    t.state = 'cancelling';
    this.app.training.cancel(t.runId);
  }
}

/** The last column that is not an id or free text, as most datasets put the label last. */
function guessTarget(loaded: Loaded): string {
  const usable = loaded.record.profiles.filter(
    (p) => !['id', 'text', 'empty', 'date'].includes(p.kind),
  );
  return (usable.at(-1) ?? loaded.record.profiles.at(-1)!).name;
}
