/**
 * Randomness for one fit, passed in rather than taken from Math.random: weight initialisers get
 * per-layer seeds drawn from the run's seed, and dropout masks and the per-epoch shuffle draw from
 * the fit's own generator. So two fits in one worker (or interleaved in one test) each get exactly
 * what they would get alone.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '$lib/data/split';

/** One fit's random source. */
export class FitRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** A seed for a tfjs op or initialiser: an integer, so its sequence is the same everywhere. */
  seed(): number {
    return Math.floor(this.next() * 2 ** 31);
  }

  /** Fisher–Yates, in place: the row order of one epoch. */
  shuffle(indices: Int32Array): Int32Array {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = indices[i];
      indices[i] = indices[j];
      indices[j] = t;
    }
    return indices;
  }
}

/**
 * Dropout whose mask is drawn from the fit's generator, a fresh one every batch. (tfjs' Dropout
 * takes a fixed `seed`, which gives the same mask every batch, or none, which reads Math.random.)
 * It saves as a plain "Dropout" with no seed, so model.json loads in tfjs anywhere; it is never
 * registered, so loading a model builds the standard layer.
 */
export class FitDropout extends tf.layers.Layer {
  static readonly className = 'Dropout';
  private readonly rate: number;

  constructor(
    args: { rate: number },
    private readonly random: FitRandom,
  ) {
    super({});
    this.rate = Math.max(Math.min(args.rate, 1), 0);
    this.supportsMasking = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || !(this.rate > 0 && this.rate < 1)) return inputs;
    return tf.tidy(() => tf.dropout(input, this.rate, undefined, this.random.seed()));
  }

  getConfig(): tf.serialization.ConfigDict {
    // The keys tfjs' Dropout writes, so the saved layer is indistinguishable from it.
    const config = { rate: this.rate, noiseShape: undefined, seed: undefined };
    return { ...(config as unknown as tf.serialization.ConfigDict), ...super.getConfig() };
  }
}
