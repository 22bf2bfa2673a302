/**
 * Builds and trains a tfjs LayersModel (linear, logistic/softmax regression or an MLP) on encoded
 * splits, reporting each epoch. Runs wherever tfjs runs: the training worker in the browser, and
 * Node in tests and the load check. Repeatable: the run's seed drives weight initialisation,
 * dropout and shuffling through a generator made for the fit (seeded.ts), never Math.random, so
 * fits may run side by side in one worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { Task } from '$lib/data/columns';
import { finalScores, type BaselineComparison } from './baseline';
import { MONITOR, type TrainConfig } from './config';
import { fitLoop } from './fit-loop';
import { logLoss, meanSquaredError, taskMetrics } from './metrics';
import { loadModel, serializeModel, type ModelFiles } from './model-files';
import { FitDropout, FitRandom } from './seeded';

/** The encoded rows a fit reads: features `x` (row-major, `width` wide) and targets `y`. */
export interface Splits {
  train: { x: Float32Array; y: Float32Array };
  validation: { x: Float32Array; y: Float32Array };
  test: { x: Float32Array; y: Float32Array };
}

export interface TrainInput extends Splits {
  task: Task;
  /** Output classes (classification) — 0 for regression. */
  classes: number;
  width: number;
  /**
   * Names the splits (e.g. the dataset's sha256 and the data choice) so a training worker keeps
   * them after the first run and later runs send only this key; undefined sends them every time.
   */
  dataKey?: string;
  /** A regression target's standardisation: the model learns (y - mean) / std. */
  scale?: { mean: number; std: number };
  config: TrainConfig;
}

export interface EpochReport {
  /** 0-based, the step metrics are logged at. */
  epoch: number;
  metrics: Record<string, number>;
}

/** Why a fit ended before its epochs: Cancel, a lost GPU, or a stop with a reason (a pruner). */
export type StopReason = 'cancelled' | 'context-lost' | 'stopped';

export interface TrainHooks {
  onEpoch?(report: EpochReport): void | Promise<void>;
  /** Asked between batches; a reason ends training with that reason. */
  shouldStop?(): StopReason | null;
  /** Lets messages (Cancel) in between batches; the worker passes a macrotask yield. */
  yieldToEvents?(): Promise<void>;
}

export interface TrainResult {
  epochs: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  files: ModelFiles;
  /** Model outputs per split, in the target's units (probabilities for classification). */
  predictions: { validation: Float32Array; test: Float32Array };
  /** The final model's test_* metrics (none without test rows). */
  testMetrics: Record<string, number>;
  /** val_*_baseline and test_*_baseline: the baselines of baseline.ts on each split. */
  baselineMetrics: Record<string, number>;
  /** The model against its baseline on test (or validation); null without either split. */
  vsBaseline: BaselineComparison | null;
}

export const CONTEXT_LOST =
  'The GPU context was lost (a laptop switching GPUs or a driver reset does this), so training stopped rather than go on with lost weights. The epochs logged so far are kept. Train again, or choose the WASM backend, which does not use the GPU.';

export class TrainingError extends Error {
  constructor(
    readonly kind: 'nan' | StopReason,
    message: string,
    readonly epoch: number,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** Output units and activation for the task. */
function head(
  task: Task,
  classes: number,
): { units: number; activation: 'sigmoid' | 'softmax' | 'linear' } {
  if (task === 'binary') return { units: 1, activation: 'sigmoid' };
  if (task === 'multiclass') return { units: classes, activation: 'softmax' };
  return { units: 1, activation: 'linear' };
}

export function buildModel(
  input: Pick<TrainInput, 'task' | 'classes' | 'width' | 'config'>,
  random = new FitRandom(input.config.fit.seed),
) {
  const { model: m, fit } = input.config;
  const kernelInitializer = () => tf.initializers.glorotUniform({ seed: random.seed() });
  const regularizer = m.l2 > 0 ? () => tf.regularizers.l2({ l2: m.l2 }) : () => undefined;
  const model = tf.sequential();
  const hidden = m.kind === 'mlp' ? m.hidden : [];
  hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        inputShape: i === 0 ? [input.width] : undefined,
        activation: m.batchNorm ? 'linear' : m.activation,
        kernelInitializer: kernelInitializer(),
        kernelRegularizer: regularizer(),
      }),
    );
    if (m.batchNorm) {
      model.add(tf.layers.batchNormalization());
      model.add(tf.layers.activation({ activation: m.activation }));
    }
    if (m.dropout > 0) model.add(new FitDropout({ rate: m.dropout }, random));
  });
  const out = head(input.task, input.classes);
  model.add(
    tf.layers.dense({
      ...out,
      inputShape: hidden.length ? undefined : [input.width],
      kernelInitializer: kernelInitializer(),
      kernelRegularizer: regularizer(),
    }),
  );
  const optimizer =
    fit.optimizer === 'adam'
      ? tf.train.adam(fit.learningRate)
      : fit.optimizer === 'rmsprop'
        ? tf.train.rmsprop(fit.learningRate)
        : fit.momentum > 0
          ? tf.train.momentum(fit.learningRate, fit.momentum)
          : tf.train.sgd(fit.learningRate);
  const loss =
    input.task === 'binary'
      ? 'binaryCrossentropy'
      : input.task === 'multiclass'
        ? 'categoricalCrossentropy'
        : 'meanSquaredError';
  model.compile({
    optimizer,
    loss,
    metrics: input.task === 'regression' ? [] : ['accuracy'],
  });
  return model;
}

function targets(task: Task, classes: number, y: Float32Array): tf.Tensor {
  if (task === 'multiclass') return tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), classes);
  return tf.tensor2d(y, [y.length, 1]);
}

/** scikit-learn's class_weight='balanced': n / (classes × count). */
export function balancedWeights(y: Float32Array, classes: number): Record<number, number> {
  const counts = new Array<number>(classes).fill(0);
  for (const v of y) counts[v]++;
  const weights: Record<number, number> = {};
  counts.forEach((c, i) => {
    weights[i] = c ? y.length / (classes * c) : 0;
  });
  return weights;
}

const lossName = { binary: 'binary cross-entropy', multiclass: 'cross-entropy', regression: 'MSE' };

function nanMessage(input: TrainInput, epoch: number): string {
  const { fit, model } = input.config;
  const tips = [`lower the learning rate (now ${fit.learningRate})`];
  if (fit.optimizer === 'sgd') tips.push('use Adam, which adapts its step size');
  if (model.kind === 'mlp' && !model.batchNorm) tips.push('turn on batch normalisation');
  tips.push('check the data for extreme values');
  return `The training loss (${lossName[input.task]}) became NaN or infinite at epoch ${epoch + 1}, so the run stopped instead of training on garbage. Try to ${tips.join(', or ')}.`;
}

/** Per-row loss weights for `classWeight`, as tfjs' fit derives them from the labels. */
function sampleWeights(input: TrainInput): tf.Tensor | null {
  const { task, classes, config } = input;
  if (config.fit.classWeight !== 'balanced' || task === 'regression') return null;
  const y = input.train.y;
  const weights = balancedWeights(y, task === 'binary' ? 2 : classes);
  return tf.tensor1d(y.map((label) => weights[label]));
}

async function predict(model: tf.LayersModel, x: Float32Array, width: number, batchSize: number) {
  const rows = x.length / width;
  if (!rows) return new Float32Array(0);
  const out = tf.tidy(
    () => model.predict(tf.tensor2d(x, [rows, width]), { batchSize }) as tf.Tensor,
  );
  // data(), not dataSync(): dataSync returns wrong values on WebGPU's fallback adapter.
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

/** What a fit reports each epoch beyond loss: validation metrics and the system numbers. */
async function epochMetrics(
  model: tf.LayersModel,
  input: TrainInput,
  logs: { loss: number; acc?: number },
  fitMs: number,
): Promise<Record<string, number>> {
  const { task, width } = input;
  const outWidth = head(task, input.classes).units;
  const metrics: Record<string, number> = { loss: logs.loss };
  if (logs.acc !== undefined) metrics.accuracy = logs.acc;
  if (input.validation.y.length > 0) {
    const out = await predict(model, input.validation.x, width, 1024);
    const labels = input.validation.y;
    metrics.val_loss =
      task === 'regression'
        ? meanSquaredError(modelUnits(input, labels), out)
        : logLoss(labels, out, outWidth);
    const scores = taskMetrics(task, 'val_', labels, targetUnits(input, out), outWidth);
    // val_loss already is the validation log loss for classification.
    delete scores.val_log_loss;
    Object.assign(metrics, scores);
  }
  metrics['system/epoch_ms'] = fitMs;
  metrics['system/samples_per_sec'] = input.train.y.length / (fitMs / 1000);
  metrics['system/tensors'] = tf.memory().numTensors;
  return metrics;
}

/** Model outputs back in the target's units (regression targets are learnt standardised). */
const targetUnits = (input: TrainInput, v: Float32Array) =>
  input.scale ? v.map((o) => o * input.scale!.std + input.scale!.mean) : v;
const modelUnits = (input: TrainInput, y: Float32Array) =>
  input.scale ? y.map((v) => (v - input.scale!.mean) / input.scale!.std) : y;

/** Keeps the best epoch (and its weights, to restore) and says when patience runs out. */
class BestEpoch {
  value = Infinity;
  epoch = -1;
  weights: tf.Tensor[] | null = null;

  /** True when early stopping should end the fit. */
  update(model: tf.LayersModel, fit: TrainConfig['fit'], epoch: number, monitored: number) {
    if (monitored < this.value) {
      this.dispose();
      this.value = monitored;
      this.epoch = epoch;
      this.weights = fit.earlyStopping.restoreBest
        ? model.getWeights().map((w) => w.clone())
        : null;
      return false;
    }
    return fit.earlyStopping.enabled && epoch - this.epoch >= fit.earlyStopping.patience;
  }

  dispose() {
    this.weights?.forEach((w) => w.dispose());
  }
}

function stopError(reason: StopReason | 'nan', input: TrainInput, epochs: number): TrainingError {
  if (reason === 'nan') return new TrainingError('nan', nanMessage(input, epochs - 1), epochs - 1);
  if (reason === 'context-lost') return new TrainingError('context-lost', CONTEXT_LOST, epochs);
  if (reason === 'stopped')
    return new TrainingError('stopped', `Stopped after ${epochs} epochs.`, epochs);
  return new TrainingError('cancelled', `Cancelled after ${epochs} epochs.`, epochs);
}

export async function trainModel(input: TrainInput, hooks: TrainHooks = {}): Promise<TrainResult> {
  const { task, classes, width, config } = input;
  const { fit } = config;
  const random = new FitRandom(fit.seed);
  const model = buildModel(input, random);
  const trainRows = input.train.y.length;
  const ins = [
    tf.tensor2d(input.train.x, [trainRows, width]),
    targets(task, classes, modelUnits(input, input.train.y)),
  ];
  const weights = sampleWeights(input);
  if (weights) ins.push(weights);
  const best = new BestEpoch();
  let stop: StopReason | 'nan' | null = null;
  let stoppedEarly = false;
  let epochs = 0;
  let epochStart = 0;
  let lastYield = 0;
  try {
    await fitLoop(
      model,
      ins,
      { epochs: fit.epochs, batchSize: fit.batchSize, random },
      {
        onEpochBegin: () => void (epochStart = performance.now()),
        afterBatch: async () => {
          if (hooks.yieldToEvents && performance.now() - lastYield > 30) {
            await hooks.yieldToEvents();
            lastYield = performance.now();
          }
          stop = hooks.shouldStop?.() ?? null;
          // An epoch cut short by a stop is not reported: its numbers cover part of the data.
          return stop !== null;
        },
        afterEpoch: async (epoch, logs) => {
          const fitMs = performance.now() - epochStart;
          epochs = epoch + 1;
          if (!Number.isFinite(logs.loss)) {
            stop = 'nan';
            return true;
          }
          const metrics = await epochMetrics(model, input, logs, fitMs);
          await hooks.onEpoch?.({ epoch, metrics });
          const monitored = input.validation.y.length > 0 ? metrics[MONITOR] : logs.loss;
          stoppedEarly = best.update(model, fit, epoch, monitored);
          return stoppedEarly;
        },
      },
    );
    const reason = stop as StopReason | 'nan' | null; // set in the hooks above
    if (reason) throw stopError(reason, input, epochs);
    if (fit.earlyStopping.restoreBest && best.weights && best.epoch < epochs - 1) {
      model.setWeights(best.weights);
    }
    return await finish(model, input, { epochs, bestEpoch: best.epoch, stoppedEarly });
  } finally {
    best.dispose();
    tf.dispose(ins);
    model.optimizer?.dispose();
    model.dispose();
  }
}

/** Predictions on validation and test, test metrics, baselines and the saved model, at the end. */
async function finish(
  model: tf.LayersModel,
  input: TrainInput,
  fit: Pick<TrainResult, 'epochs' | 'bestEpoch' | 'stoppedEarly'>,
): Promise<TrainResult> {
  const { task, width, classes } = input;
  const outWidth = head(task, classes).units;
  const validation = targetUnits(input, await predict(model, input.validation.x, width, 1024));
  const test = targetUnits(input, await predict(model, input.test.x, width, 1024));
  const scores = finalScores(
    { task, classes, outWidth, trainY: input.train.y },
    {
      validation: { y: input.validation.y, outputs: validation },
      test: { y: input.test.y, outputs: test },
    },
  );
  return {
    ...fit,
    files: await serializeModel(model),
    predictions: { validation, test },
    ...scores,
  };
}

/** Loads saved model files and predicts rows already encoded by the preprocessor. */
export async function predictWithFiles(
  files: ModelFiles,
  x: Float32Array,
  width: number,
): Promise<Float32Array> {
  const model = await loadModel(files);
  try {
    return await predict(model, x, width, 1024);
  } finally {
    model.dispose();
  }
}
