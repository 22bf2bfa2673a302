/**
 * Training on the Train screen: the hyperparameters being edited, the backend choice (remembered
 * in the browser's storage), and the training in flight with its live epochs. The data comes from
 * the DatasetSession; the run itself is app/train.ts's.
 */
import type { App } from '$lib/app/create-app';
import { train, type TrainOutcome } from '$lib/app/train';
import {
  DEFAULT_CONFIG,
  validateConfig,
  type BackendChoice,
  type TrainConfig,
} from '$lib/training/config';
import { formFields } from '$lib/training/form-fields';
import { hyperparam, setValueAt } from '$lib/training/hyperparam-values';
import type { HyperparamValue } from '$lib/training/hyperparams';
import type { BackendReport } from '$lib/training/protocol';
import type { EpochReport } from '$lib/training/trainer';
import { browserName, JsonStorage, type KeyValueStore } from './browser';
import type { DatasetSession } from './dataset-session.svelte';

export interface Training {
  runId: string | null;
  experimentId: string;
  epochs: EpochReport[];
  /** Epochs whose metrics are stored: what the progress line counts (a full disk stores fewer). */
  saved: number;
  totalEpochs: number;
  state: 'preparing' | 'running' | 'cancelling' | 'done';
  outcome?: TrainOutcome;
  error?: string;
}

const BACKEND = 'tracklab.backend';

/**
 * How often the screen takes the epochs that arrived meanwhile. A fast fit reports hundreds of
 * epochs a second, and a tab that was busy (or frozen) gets its worker's backlog at once: one
 * screen update per epoch, each redrawing curves of every epoch so far, would keep the tab busy
 * for ever after (and starve its lease renewals, so other tabs would call it "Not responding").
 */
export const EPOCH_UI_MS = 100;

/** Collects items and hands them over in batches, at most once per `ms` (and on `flush`). */
export function batched<T>(deliver: (items: T[]) => void, ms: number) {
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!pending.length) return;
    const items = pending;
    pending = [];
    deliver(items);
  };
  return {
    add(item: T) {
      pending.push(item);
      timer ??= setTimeout(flush, ms);
    },
    flush,
  };
}

export class TrainingSession {
  config = $state<TrainConfig>(structuredClone(DEFAULT_CONFIG));
  training = $state<Training | null>(null);
  backend = $state.raw<BackendReport | null>(null);
  backendChoice = $state<BackendChoice>('auto');
  private readonly memory: JsonStorage;
  private readonly browser: string;

  constructor(
    private readonly app: App,
    private readonly data: DatasetSession,
    io: { storage?: KeyValueStore; browser?: string } = {},
  ) {
    this.memory = new JsonStorage(io.storage);
    this.browser = io.browser ?? browserName();
    this.backendChoice = this.memory.read<BackendChoice>(BACKEND) ?? 'auto';
    app.training.setBackend(this.backendChoice);
  }

  /** The task the open dataset's schema sets (binary until one is open). */
  get task() {
    return this.data.schema?.task ?? 'binary';
  }

  /** The form's fields: the hyperparameters that apply to this config and task. */
  get fields() {
    return formFields(this.config, this.task);
  }

  /** Why the config cannot train, one message each (empty when it can). */
  get problems(): string[] {
    return this.data.schema ? validateConfig(this.config, this.task) : [];
  }

  /** Sets one hyperparameter, by the name it is logged under. */
  setHyperparam(name: string, value: HyperparamValue) {
    const path = hyperparam(name)?.path;
    if (path) setValueAt(this.config, path, value);
  }

  setBackend(choice: BackendChoice) {
    this.backendChoice = choice;
    this.memory.write(BACKEND, choice);
    this.backend = null;
    this.app.training.setBackend(choice);
  }

  get busy() {
    return !!this.training && this.training.state !== 'done';
  }

  async train(experimentId: string, runName: string, registerAs = '') {
    const { dataset, schema } = this.data;
    if (!dataset || !schema || this.busy || this.data.trainProblem) return;
    const choice = this.data.dataChoice();
    const config = $state.snapshot(this.config) as TrainConfig;
    this.training = {
      runId: null,
      experimentId,
      epochs: [],
      saved: 0,
      totalEpochs: config.fit.epochs,
      state: 'preparing',
    };
    const training = this.training;
    const feed = batched<EpochReport>((reports) => training.epochs.push(...reports), EPOCH_UI_MS);
    // Space freed since the last full disk makes room for the reserve again (reserve.ts).
    void this.app.reserve?.ensure();
    try {
      const data = await this.app.data.prepare(dataset.record.sha256, choice);
      this.backend = await this.app.training.ready();
      training.state = 'running';
      training.outcome = await train(
        {
          client: this.app.client,
          trainer: this.app.training,
          session: this.app.session,
          browser: this.browser,
          renderPlot:
            typeof OffscreenCanvas === 'undefined'
              ? undefined
              : (plot) => this.app.training.renderPlot(plot),
          registry: this.app.registry,
          lease: this.app.heartbeat,
        },
        {
          experimentId,
          runName,
          dataset: dataset.record,
          choice,
          data,
          config,
          registerAs,
          onStart: (runId) => (training.runId = runId),
          onEpoch: (report) => feed.add(report),
          onSaved: (epochs) => (training.saved = epochs),
        },
      );
      feed.flush();
      // On a full disk the screen counts only the epochs that were saved.
      const kept = training.outcome.keptEpochs;
      if (kept !== undefined) training.epochs.splice((training.saved = kept));
    } catch (e) {
      training.error = (e as Error).message;
    } finally {
      feed.flush();
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
