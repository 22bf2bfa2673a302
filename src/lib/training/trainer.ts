/**
 * Builds and trains a tfjs LayersModel (linear, logistic/softmax regression or an MLP) on encoded
 * splits, reporting each epoch. Runs wherever tfjs runs: the training worker in the browser, and
 * Node in tests and the load check. Repeatable: one seed drives weight initialisation, dropout and
 * shuffling (tfjs draws all three from Math.random when no per-layer seed is given).
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '$lib/data/split';
import type { Task } from '$lib/data/columns';
import { MONITOR, type TrainConfig } from './config';
import { logLoss, taskMetrics } from './metrics';
import { loadModel, serializeModel, type ModelFiles } from './model-files';

export interface TrainInput {
  task: Task;
  /** Output classes (classification) — 0 for regression. */
  classes: number;
  width: number;
  train: { x: Float32Array; y: Float32Array };
  validation: { x: Float32Array; y: Float32Array };
  test: { x: Float32Array; y: Float32Array };
  /** A regression target's standardisation: the model learns (y - mean) / std. */
  scale?: { mean: number; std: number };
  config: TrainConfig;
}

export interface EpochReport {
  /** 0-based, the step metrics are logged at. */
  epoch: number;
  metrics: Record<string, number>;
}

export type StopReason = 'cancelled' | 'context-lost';

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
  testMetrics: Record<string, number>;
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

export function buildModel(input: Pick<TrainInput, 'task' | 'classes' | 'width' | 'config'>) {
  const { model: m, fit } = input.config;
  const regularizer = m.l2 > 0 ? () => tf.regularizers.l2({ l2: m.l2 }) : () => undefined;
  const model = tf.sequential();
  const hidden = m.kind === 'mlp' ? m.hidden : [];
  hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        inputShape: i === 0 ? [input.width] : undefined,
        activation: m.batchNorm ? 'linear' : m.activation,
        kernelRegularizer: regularizer(),
      }),
    );
    if (m.batchNorm) {
      model.add(tf.layers.batchNormalization());
      model.add(tf.layers.activation({ activation: m.activation }));
    }
    if (m.dropout > 0) model.add(tf.layers.dropout({ rate: m.dropout }));
  });
  const out = head(input.task, input.classes);
  model.add(
    tf.layers.dense({
      ...out,
      inputShape: hidden.length ? undefined : [input.width],
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

/** Runs `body` with Math.random replaced by a seeded generator, restoring it after. */
export async function withSeed<T>(seed: number, body: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return await body();
  } finally {
    Math.random = original;
  }
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

export async function trainModel(input: TrainInput, hooks: TrainHooks = {}): Promise<TrainResult> {
  return withSeed(input.config.fit.seed, () => fitAndPredict(input, hooks));
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

async function fitAndPredict(input: TrainInput, hooks: TrainHooks): Promise<TrainResult> {
  const { task, classes, width, config } = input;
  const { fit } = config;
  const outWidth = head(task, classes).units;
  const toUnits = (v: Float32Array) =>
    input.scale ? v.map((o) => o * input.scale!.std + input.scale!.mean) : v;
  const modelY = (y: Float32Array) =>
    input.scale ? y.map((v) => (v - input.scale!.mean) / input.scale!.std) : y;

  const model = buildModel(input);
  const trainRows = input.train.y.length;
  const xs = tf.tensor2d(input.train.x, [trainRows, width]);
  const ys = targets(task, classes, modelY(input.train.y));
  const hasValidation = input.validation.y.length > 0;
  let best: { value: number; epoch: number; weights: tf.Tensor[] | null } = {
    value: Infinity,
    epoch: -1,
    weights: null,
  };
  let stop: StopReason | 'nan' | null = null;
  let stoppedEarly = false;
  let epochs = 0;
  let epochStart = 0;
  let lastYield = 0;
  try {
    await model.fit(xs, ys, {
      epochs: fit.epochs,
      batchSize: fit.batchSize,
      shuffle: true,
      verbose: 0,
      // The worker yields itself (a macrotask, unthrottled in background tabs) instead of tfjs'
      // requestAnimationFrame, which a hidden tab slows to a crawl.
      yieldEvery: 'never',
      classWeight:
        fit.classWeight === 'balanced' && task !== 'regression'
          ? balancedWeights(input.train.y, task === 'binary' ? 2 : classes)
          : undefined,
      callbacks: {
        onEpochBegin: async () => {
          epochStart = performance.now();
        },
        onBatchEnd: async () => {
          if (hooks.yieldToEvents && performance.now() - lastYield > 30) {
            await hooks.yieldToEvents();
            lastYield = performance.now();
          }
          const reason = hooks.shouldStop?.() ?? null;
          if (reason) {
            stop = reason;
            model.stopTraining = true;
          }
        },
        onEpochEnd: async (epoch, logs) => {
          // An epoch cut short by Cancel is not reported: its numbers cover part of the data.
          if (stop) return;
          const fitMs = performance.now() - epochStart;
          epochs = epoch + 1;
          const loss = logs?.loss ?? NaN;
          if (!Number.isFinite(loss)) {
            stop = 'nan';
            model.stopTraining = true;
            return;
          }
          const metrics: Record<string, number> = { loss };
          if (logs?.acc !== undefined) metrics.accuracy = logs.acc;
          if (hasValidation) {
            const out = await predict(model, input.validation.x, width, 1024);
            const labels = input.validation.y;
            metrics.val_loss =
              task === 'regression' ? mse(modelY(labels), out) : logLoss(labels, out, outWidth);
            const scores = taskMetrics(task, 'val_', labels, toUnits(out), outWidth);
            // val_loss already is the validation log loss for classification.
            delete scores.val_log_loss;
            Object.assign(metrics, scores);
          }
          metrics['system/epoch_ms'] = fitMs;
          metrics['system/samples_per_sec'] = trainRows / (fitMs / 1000);
          metrics['system/tensors'] = tf.memory().numTensors;
          await hooks.onEpoch?.({ epoch, metrics });
          const monitored = hasValidation ? metrics[MONITOR] : loss;
          if (monitored < best.value) {
            best.weights?.forEach((w) => w.dispose());
            best = {
              value: monitored,
              epoch,
              weights: fit.earlyStopping.restoreBest
                ? model.getWeights().map((w) => w.clone())
                : null,
            };
          } else if (
            fit.earlyStopping.enabled &&
            epoch - best.epoch >= fit.earlyStopping.patience
          ) {
            stoppedEarly = true;
            model.stopTraining = true;
          }
        },
      },
    });
    const reason = stop as StopReason | 'nan' | null;
    if (reason === 'nan') throw new TrainingError('nan', nanMessage(input, epochs - 1), epochs - 1);
    if (reason === 'cancelled')
      throw new TrainingError('cancelled', `Cancelled after ${epochs} epochs.`, epochs);
    if (reason === 'context-lost') {
      throw new TrainingError('context-lost', CONTEXT_LOST, epochs);
    }
    if (fit.earlyStopping.restoreBest && best.weights && best.epoch < epochs - 1) {
      model.setWeights(best.weights);
    }
    const validation = toUnits(await predict(model, input.validation.x, width, 1024));
    const test = toUnits(await predict(model, input.test.x, width, 1024));
    const testMetrics =
      input.test.y.length > 0 ? taskMetrics(task, 'test_', input.test.y, test, outWidth) : {};
    return {
      epochs,
      bestEpoch: best.epoch,
      stoppedEarly,
      files: await serializeModel(model),
      predictions: { validation, test },
      testMetrics,
    };
  } finally {
    best.weights?.forEach((w) => w.dispose());
    xs.dispose();
    ys.dispose();
    model.optimizer?.dispose();
    model.dispose();
  }
}

function mse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return sum / (actual.length || 1);
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
