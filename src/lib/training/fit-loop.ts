/**
 * The epoch and batch loop of a fit, in place of tfjs' model.fit: the same train step (the
 * model's own train function: forward, loss with class weights, gradients, optimiser), but rows
 * are shuffled by the fit's generator, not Math.random, and hooks run between batches without
 * tfjs' callback machinery. Epoch logs are batch means weighted by batch size, as tfjs logs them.
 */
import * as tf from '@tensorflow/tfjs';
import type { FitRandom } from './seeded';

export interface FitLoopHooks {
  /** After every batch; true ends the fit (the epoch in progress is not reported). */
  afterBatch(): Promise<boolean>;
  /** After every full epoch with its mean loss (and accuracy); true ends the fit. */
  afterEpoch(epoch: number, logs: { loss: number; acc?: number }): Promise<boolean>;
  onEpochBegin?(): void;
}

type TrainStep = (data: tf.Tensor[]) => tf.Scalar[];

/**
 * Trains `model` (compiled) on `ins` = [x, y, sampleWeight?] for `epochs`. Uses the model's
 * train function, which tfjs types as protected but is what fit() itself calls per batch.
 */
export async function fitLoop(
  model: tf.LayersModel,
  ins: tf.Tensor[],
  options: { epochs: number; batchSize: number; random: FitRandom },
  hooks: FitLoopHooks,
): Promise<void> {
  // A Sequential model trains through the functional model it wraps, as its fit() does.
  const compiled = (model as unknown as { model?: tf.LayersModel }).model ?? model;
  const step = (compiled as unknown as { makeTrainFunction(): TrainStep }).makeTrainFunction();
  const rows = ins[0].shape[0];
  const order = new Int32Array(rows);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    hooks.onEpochBegin?.();
    for (let i = 0; i < rows; i++) order[i] = i;
    const indices = tf.tensor1d(options.random.shuffle(order), 'int32');
    const totals: number[] = [];
    try {
      for (let start = 0; start < rows; start += options.batchSize) {
        const size = Math.min(options.batchSize, rows - start);
        const outs = tf.tidy(() => {
          const batch = indices.slice(start, size);
          return step(ins.map((t) => t.gather(batch)));
        });
        // Reading the batch's numbers each batch, as tfjs' callbacks did, keeps a GPU backend
        // from queueing a whole epoch ahead of Cancel.
        const values = await Promise.all(outs.map((o) => o.data()));
        tf.dispose(outs);
        values.forEach((v, k) => (totals[k] = (totals[k] ?? 0) + v[0] * size));
        if (await hooks.afterBatch()) return;
      }
    } finally {
      indices.dispose();
    }
    const logs = { loss: totals[0] / rows, acc: totals.length > 1 ? totals[1] / rows : undefined };
    if (await hooks.afterEpoch(epoch, logs)) return;
  }
}
