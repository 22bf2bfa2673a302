/**
 * The Run page's model side: whether the run has a model that predicts here, its registered
 * versions, its saved predictions and the evaluations made of it, each a live query of the run
 * shown; evaluating it, from the Evaluate panel's choice of source, and registering it.
 */
import type { App } from '$lib/app/create-app';
import { evaluationData } from '$lib/app/evaluate-model';
import type { ModelType } from '$lib/evaluation';
import { checkModel, incompleteModelMessage, type ModelCheck } from '$lib/app/model-files';
import { registerRunModel, registeredModelNames, versionsOfRun } from '$lib/app/register';
import { ThrottledQuery } from './live-query.svelte';
import { listExperiments } from './queries';
import { listPredictions, loadEvaluations } from './run-queries';

/**
 * A live query of the run `runId()` names; `value` is empty until it has answered for that run.
 * Re-read at most once a second after a write (ThrottledQuery), not at each: none of these reads
 * needs to be fresher, and a study writing many times a second held the page up re-reading them.
 */
const READ_EVERY_MS = 1000;

class RunQuery<T> {
  private readonly query: ThrottledQuery<{ runId: string; value: T }, string>;
  constructor(
    private readonly runId: () => string,
    load: (runId: string) => Promise<T>,
    private readonly empty: T,
  ) {
    this.query = new ThrottledQuery(
      (id) => load(id).then((value) => ({ runId: id, value })),
      READ_EVERY_MS,
      runId,
    );
  }
  get value(): T {
    const current = this.query.current;
    return current?.runId === this.runId() ? current.value : this.empty;
  }
  /** Read now (after this page's own change), not at the next tick. */
  refresh(): void {
    this.query.refresh();
  }
}

export class RunModel {
  /** The Tracklab model under model/ (tfjs files + preprocessor): there, and complete or not. */
  readonly #model: RunQuery<ModelCheck>;
  readonly #registry: RunQuery<{
    versions: Awaited<ReturnType<typeof versionsOfRun>>;
    names: string[];
  }>;
  readonly #predictions: RunQuery<string[]>;
  readonly #evaluations: RunQuery<Awaited<ReturnType<typeof loadEvaluations>>>;
  readonly #experiments: ThrottledQuery<Awaited<ReturnType<typeof listExperiments>>>;

  constructor(
    private readonly app: App,
    private readonly runId: () => string,
  ) {
    this.#model = new RunQuery(runId, (id) => checkModel(app.client, id), {
      logged: false,
      missing: [],
    });
    this.#registry = new RunQuery(
      runId,
      async (id) => ({
        versions: await versionsOfRun(app.registry, id),
        names: await registeredModelNames(app.registry),
      }),
      { versions: [], names: [] },
    );
    this.#predictions = new RunQuery(runId, (id) => listPredictions(app, id), []);
    this.#evaluations = new RunQuery(runId, (id) => loadEvaluations(app, id), []);
    this.#experiments = new ThrottledQuery(
      () => listExperiments(app, 'ACTIVE_ONLY'),
      READ_EVERY_MS,
    );
  }

  /** A complete model, which can predict, be evaluated and registered here. */
  get hasModel() {
    const { logged, missing } = this.#model.value;
    return logged && !missing.length;
  }
  /** Why a partially written model is not offered, or null. */
  get modelProblem(): string | null {
    const { logged, missing } = this.#model.value;
    return logged && missing.length ? incompleteModelMessage(missing) : null;
  }
  get registry() {
    return this.#registry.value;
  }
  /** predictions/*.csv artifact paths. */
  get predictionFiles() {
    return this.#predictions.value;
  }
  get evaluations() {
    return this.#evaluations.value;
  }
  /** Active experiments, as the Evaluate panel lists them. */
  get experiments() {
    return (this.#experiments.current ?? []).map((e) => ({
      id: e.experiment.experiment_id,
      name: e.experiment.name,
    }));
  }

  /**
   * Evaluates from the panel's source: a predictions artifact straight in the evaluation
   * worker, 'model:test' | 'model:validation' | 'model:file' (then `csv`) through the model, or
   * 'file:predictions', a predictions file from elsewhere (`csv`), evaluated on its own, as
   * the task `modelType` says (undefined: read from the file).
   */
  async evaluate(...args: Parameters<RunModel['evaluateFrom']>) {
    try {
      return await this.evaluateFrom(...args);
    } finally {
      this.#evaluations.refresh();
    }
  }

  private async evaluateFrom(
    source: string,
    threshold: number,
    csv: File | undefined,
    experimentId: string,
    posLabel?: string,
    modelType?: ModelType,
  ) {
    const runId = this.runId();
    if (source === 'file:predictions') {
      if (!csv) throw new Error('Choose a predictions CSV file to evaluate.');
      const predictions = { name: csv.name, text: await csv.text() };
      return this.app.evaluate({ predictions, threshold, posLabel, modelType, experimentId });
    }
    if (!source.startsWith('model:'))
      return this.app.evaluate({ runId, predictions: source, threshold, posLabel, experimentId });
    const choice =
      source === 'model:file' ? 'file' : source === 'model:validation' ? 'validation' : 'test';
    const data = await evaluationData(choice, csv);
    return this.app.evaluate({ runId, data, threshold, posLabel, experimentId });
  }

  /** Registers the run's model under `name`, as a new version of that registered model. */
  async register(name: string) {
    try {
      return await registerRunModel(this.app, { runId: this.runId(), name });
    } finally {
      this.#registry.refresh();
    }
  }
}
