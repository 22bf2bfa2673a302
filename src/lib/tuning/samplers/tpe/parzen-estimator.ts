/**
 * Optuna's Parzen estimator (optuna/samplers/_tpe/parzen_estimator.py): a mixture with one kernel
 * per observed trial plus a prior kernel, each kernel a product over the parameters of a truncated
 * normal (log-normal on log ranges, binned on stepped ones) or a categorical. Bandwidths follow
 * Optuna: univariate, the larger gap to a sorted neighbour (end kernels look inward), clipped to
 * [range / min(100, 1 + kernels), range]; multivariate, 0.2 · n^(−1/(d+4)) · range.
 */
import { roundHalfEven, type Distribution } from '../../distributions';
import type { RandomState } from '../../rng';
import { logGaussMass, logpdf, ppf } from './truncnorm';

export interface ParzenEstimatorParameters {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  /** Weights of the observations, oldest first (Optuna's default_weights). */
  weights: (n: number) => number[];
  multivariate: boolean;
}

type NumericDistribution = Exclude<Distribution, { type: 'categorical' }>;

interface CategoricalKernels {
  kind: 'categorical';
  /** Per kernel, the probability of each choice. */
  weights: Float64Array[];
}

interface NumericKernels {
  kind: 'numeric';
  mu: Float64Array;
  sigma: Float64Array;
  distribution: NumericDistribution;
  /** The interval the kernels live on: log scale for log ranges, widened by half a step. */
  low: number;
  high: number;
}

type Kernels = CategoricalKernels | NumericKernels;

const EPS = 1e-12;

/** Optuna's default_weights: equal below 25 observations, then a ramp up to the newest 25. */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array<number>(n).fill(1);
  return [...linspace(1 / n, 1, n - 25), ...new Array<number>(25).fill(1)];
}

/** numpy.linspace with its endpoint. */
function linspace(start: number, stop: number, num: number): number[] {
  if (num <= 0) return [];
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

/** The interval a numeric parameter's kernels live on. */
function kernelBounds(d: NumericDistribution): [number, number] {
  let low = d.low;
  let high = d.high;
  if (d.step !== null) {
    low -= d.step / 2;
    high += d.step / 2;
  }
  return d.log ? [Math.log(low), Math.log(high)] : [low, high];
}

export class ParzenEstimator {
  readonly weights: Float64Array;
  private readonly kernels: Kernels[];
  private readonly names: string[];

  /**
   * `observations`: per parameter, the observed values in internal form (choice indices for
   * categorical ones), all of the same length.
   */
  constructor(
    observations: Record<string, ArrayLike<number>>,
    readonly space: Record<string, Distribution>,
    parameters: ParzenEstimatorParameters,
    predeterminedWeights?: ArrayLike<number>,
  ) {
    if (parameters.priorWeight < 0) {
      throw new RangeError(`priorWeight must be ≥ 0 (got ${parameters.priorWeight}).`);
    }
    this.names = Object.keys(space);
    const n = this.names.length ? observations[this.names[0]].length : 0;
    let w: number[];
    if (n === 0) w = [1];
    else {
      const given = predeterminedWeights
        ? Array.from(predeterminedWeights)
        : checkedWeights(parameters.weights, n);
      w = [...given, parameters.priorWeight];
    }
    const total = w.reduce((s, v) => s + v, 0);
    this.weights = Float64Array.from(w, (v) => v / total);
    this.kernels = this.names.map((name) =>
      space[name].type === 'categorical'
        ? categoricalKernels(observations[name], space[name], parameters)
        : numericKernels(
            observations[name],
            space[name] as NumericDistribution,
            parameters,
            this.names.length,
          ),
    );
  }

  /** `size` draws from the mixture, per parameter in internal form. */
  sample(rng: RandomState, size: number): Record<string, Float64Array> {
    const active = rng.choices(this.weights, size);
    const out = this.names.map(() => new Float64Array(size));
    const numeric: number[] = [];
    this.kernels.forEach((k, i) => {
      if (k.kind === 'numeric') {
        numeric.push(i);
        return;
      }
      for (let j = 0; j < size; j++) {
        const u = rng.random();
        const row = k.weights[active[j]];
        let cum = 0;
        let count = 0;
        for (let c = 0; c < row.length; c++) {
          cum = c === row.length - 1 ? 1 : cum + row[c];
          if (cum < u) count++;
        }
        out[i][j] = count;
      }
    });
    if (numeric.length) {
      const m = numeric.length * size;
      const q = new Float64Array(m);
      for (let t = 0; t < m; t++) q[t] = rng.uniform(0, 1);
      const a = new Float64Array(m);
      const b = new Float64Array(m);
      numeric.forEach((i, r) => {
        const k = this.kernels[i] as NumericKernels;
        for (let j = 0; j < size; j++) {
          const mu = k.mu[active[j]];
          const sigma = k.sigma[active[j]];
          a[r * size + j] = (k.low - mu) / sigma;
          b[r * size + j] = (k.high - mu) / sigma;
        }
      });
      const x = ppf(q, a, b);
      numeric.forEach((i, r) => {
        const k = this.kernels[i] as NumericKernels;
        const d = k.distribution;
        for (let j = 0; j < size; j++) {
          let v = x[r * size + j] * k.sigma[active[j]] + k.mu[active[j]];
          if (d.log) v = Math.exp(v);
          if (d.step !== null) {
            v = d.low + roundHalfEven((v - d.low) / d.step) * d.step;
            v = Math.min(Math.max(v, d.low), d.high);
          }
          out[i][j] = v;
        }
      });
    }
    return Object.fromEntries(this.names.map((name, i) => [name, out[i]]));
  }

  /** The mixture's log density at each sample (internal form). */
  logPdf(samples: Record<string, ArrayLike<number>>): Float64Array {
    const nSamples = samples[this.names[0]].length;
    const K = this.weights.length;
    const w = new Float64Array(nSamples * K);
    const continuous: number[] = [];
    this.kernels.forEach((k, p) => {
      const x = samples[this.names[p]];
      if (k.kind === 'categorical') {
        for (let i = 0; i < nSamples; i++) {
          for (let j = 0; j < K; j++) w[i * K + j] += Math.log(k.weights[j][x[i]]);
        }
        return;
      }
      const d = k.distribution;
      if (d.step === null) {
        continuous.push(p);
        return;
      }
      // Binned: the kernel's mass over the sample's bin, over its mass on the whole range.
      const norm = new Float64Array(K);
      for (let j = 0; j < K; j++) {
        norm[j] = logGaussMass((k.low - k.mu[j]) / k.sigma[j], (k.high - k.mu[j]) / k.sigma[j]);
      }
      for (let i = 0; i < nSamples; i++) {
        const lo = d.log ? Math.log(x[i] - d.step / 2) : x[i] - d.step / 2;
        const hi = d.log ? Math.log(x[i] + d.step / 2) : x[i] + d.step / 2;
        for (let j = 0; j < K; j++) {
          w[i * K + j] += logGaussMass((lo - k.mu[j]) / k.sigma[j], (hi - k.mu[j]) / k.sigma[j]);
          w[i * K + j] -= norm[j];
        }
      }
    });
    if (continuous.length) {
      const prepared = continuous.map((p) => {
        const k = this.kernels[p] as NumericKernels;
        const a = Float64Array.from(k.mu, (mu, j) => (k.low - mu) / k.sigma[j]);
        const b = Float64Array.from(k.mu, (mu, j) => (k.high - mu) / k.sigma[j]);
        const mass = Float64Array.from(a, (aj, j) => logGaussMass(aj, b[j]));
        return { k, x: samples[this.names[p]], a, b, mass };
      });
      for (let i = 0; i < nSamples; i++) {
        for (let j = 0; j < K; j++) {
          let sum = 0;
          for (const { k, x, a, b, mass } of prepared) {
            const xi = k.distribution.log ? Math.log(x[i]) : x[i];
            sum += logpdf(xi, a[j], b[j], k.mu[j], k.sigma[j], mass[j]);
          }
          w[i * K + j] += sum;
        }
      }
    }
    const out = new Float64Array(nSamples);
    for (let i = 0; i < nSamples; i++) {
      let max = -Infinity;
      for (let j = 0; j < K; j++) {
        w[i * K + j] += Math.log(this.weights[j]);
        if (w[i * K + j] > max) max = w[i * K + j];
      }
      if (max === -Infinity) max = 0;
      let sum = 0;
      for (let j = 0; j < K; j++) sum += Math.exp(w[i * K + j] - max);
      out[i] = Math.log(sum) + max;
    }
    return out;
  }
}

function checkedWeights(fn: (n: number) => number[], n: number): number[] {
  const w = Array.from(fn(n)).slice(0, n);
  if (w.some((v) => v < 0))
    throw new RangeError(`The weights function returned a negative weight for ${n} trials.`);
  if (w.length && w.reduce((s, v) => s + v, 0) <= 0) {
    throw new RangeError(`The weights function returned only zeros for ${n} trials.`);
  }
  if (!w.every(Number.isFinite)) {
    throw new RangeError(
      `The weights function returned an infinite or NaN weight for ${n} trials.`,
    );
  }
  return w;
}

function categoricalKernels(
  observed: ArrayLike<number>,
  d: Distribution,
  parameters: ParzenEstimatorParameters,
): CategoricalKernels {
  const nChoices = (d as Extract<Distribution, { type: 'categorical' }>).choices.length;
  if (observed.length === 0)
    return { kind: 'categorical', weights: [new Float64Array(nChoices).fill(1 / nChoices)] };
  const nKernels = observed.length + 1;
  const weights = Array.from({ length: nKernels }, () =>
    new Float64Array(nChoices).fill(parameters.priorWeight / nKernels),
  );
  for (let i = 0; i < observed.length; i++) weights[i][Math.trunc(observed[i])] += 1;
  for (const row of weights) {
    const sum = row.reduce((s, v) => s + v, 0);
    const by = sum === 0 ? 1 : sum;
    for (let c = 0; c < nChoices; c++) row[c] /= by;
  }
  return { kind: 'categorical', weights };
}

function numericKernels(
  observed: ArrayLike<number>,
  d: NumericDistribution,
  parameters: ParzenEstimatorParameters,
  dimensions: number,
): NumericKernels {
  const [low, high] = kernelBounds(d);
  const n = observed.length;
  const mus = Float64Array.from(observed, (v) => (d.log ? Math.log(v) : v));
  let sigmas: Float64Array;
  if (parameters.multivariate) {
    const sigma = 0.2 * Math.max(n, 1) ** (-1 / (dimensions + 4)) * (high - low);
    sigmas = new Float64Array(n).fill(sigma);
  } else {
    // Stable order for tied values (NumPy's quicksort may order ties either way).
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => mus[i] - mus[j] || i - j);
    const ends = [low, ...order.map((i) => mus[i]), high];
    const sorted = new Float64Array(n);
    for (let k = 0; k < n; k++)
      sorted[k] = Math.max(ends[k + 1] - ends[k], ends[k + 2] - ends[k + 1]);
    if (!parameters.considerEndpoints && ends.length >= 4) {
      sorted[0] = ends[2] - ends[1];
      sorted[n - 1] = ends[ends.length - 2] - ends[ends.length - 3];
    }
    sigmas = new Float64Array(n);
    order.forEach((i, k) => (sigmas[i] = sorted[k]));
  }
  const maxSigma = high - low;
  const minSigma = parameters.considerMagicClip ? (high - low) / Math.min(100, 1 + (n + 1)) : EPS;
  for (let i = 0; i < n; i++) sigmas[i] = Math.min(Math.max(sigmas[i], minSigma), maxSigma);
  const mu = new Float64Array(n + 1);
  mu.set(mus);
  mu[n] = 0.5 * (low + high);
  const sigma = new Float64Array(n + 1);
  sigma.set(sigmas);
  sigma[n] = high - low;
  return { kind: 'numeric', mu, sigma, distribution: d, low, high };
}
