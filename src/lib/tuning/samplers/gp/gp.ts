/**
 * Gaussian-process regression as Optuna's GPSampler does it (optuna/_gp/gp.py): a Matérn-5/2
 * kernel with one lengthscale per dimension (Hamming distance for categorical ones), a kernel
 * scale and a noise variance fitted by maximising the marginal likelihood plus Optuna's priors
 * (L-BFGS on their logarithms, warm-started from the last fit), and log expected improvement,
 * with its gradient, for the acquisition.
 */
import { logNdtr, ndtr } from '../tpe/truncnorm';
import { lbfgs } from './optimize';

export const MINIMUM_NOISE = 1e-6;
const SQRT5 = Math.sqrt(5);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export interface KernelParams {
  /** 1 / lengthscale², per dimension. */
  inverseSquaredLengthscales: Float64Array;
  kernelScale: number;
  noiseVar: number;
}

/** Lower Cholesky factor of the n×n row-major matrix a, or null when it is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L·x = b for lower-triangular L. */
function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** Solves Lᵀ·x = b for lower-triangular L. */
function solveUpperT(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** (L·Lᵀ)⁻¹ from the Cholesky factor. */
function inverseFromCholesky(l: Float64Array, n: number): Float64Array {
  const linv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    linv[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k] * linv[k * n + j];
      linv[i * n + j] = s / l[i * n + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += linv[k * n + i] * linv[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}

/** Matérn 5/2 at squared distance r2, and its derivative with respect to r2. */
function matern(r2: number): [number, number] {
  const r = Math.sqrt(r2);
  const e = Math.exp(-SQRT5 * r);
  return [(1 + SQRT5 * r + (5 / 3) * r2) * e, (-5 / 6) * (1 + SQRT5 * r) * e];
}

export class GPRegressor {
  readonly n: number;
  readonly d: number;
  private readonly chol: Float64Array;
  private readonly alpha: Float64Array;
  private readonly inverse: Float64Array;

  private constructor(
    readonly X: Float64Array[],
    readonly y: Float64Array,
    readonly categorical: readonly boolean[],
    readonly params: KernelParams,
  ) {
    this.n = X.length;
    this.d = categorical.length;
    const k = covariance(X, categorical, params);
    const chol = cholesky(k, this.n);
    if (!chol) throw new Error('The kernel matrix is not positive definite.');
    this.chol = chol;
    this.alpha = solveUpperT(chol, this.n, solveLower(chol, this.n, y));
    this.inverse = inverseFromCholesky(chol, this.n);
  }

  /** A GP with given kernel parameters (no fitting). */
  static withParams(
    X: Float64Array[],
    y: Float64Array,
    categorical: readonly boolean[],
    params: KernelParams,
  ) {
    return new GPRegressor(X, y, categorical, params);
  }

  /**
   * Fits the kernel parameters, starting from `start` (the last fit) and, if that fails, from
   * the defaults (all ones), as Optuna does; the defaults unfitted as a last resort.
   */
  static fit(
    X: Float64Array[],
    y: Float64Array,
    categorical: readonly boolean[],
    options: { start?: KernelParams; deterministic?: boolean } = {},
  ): GPRegressor {
    const d = categorical.length;
    const defaults: KernelParams = {
      inverseSquaredLengthscales: new Float64Array(d).fill(1),
      kernelScale: 1,
      noiseVar: 1,
    };
    const starts =
      options.start && options.start.inverseSquaredLengthscales.length === d
        ? [options.start, defaults]
        : [defaults];
    for (const start of starts) {
      const raw0 = new Float64Array(d + 2);
      for (let j = 0; j < d; j++) raw0[j] = Math.log(start.inverseSquaredLengthscales[j]);
      raw0[d] = Math.log(start.kernelScale);
      raw0[d + 1] = Math.log(Math.max(start.noiseVar - 0.99 * MINIMUM_NOISE, 1e-12));
      const loss = (raw: Float64Array) =>
        negativeLogPosterior(X, y, categorical, raw, !!options.deterministic);
      const result = lbfgs(loss, raw0, { gtol: 1e-2, maxIterations: 200 });
      if (!Number.isFinite(result.value)) continue;
      try {
        return new GPRegressor(X, y, categorical, fromRaw(result.x, d, !!options.deterministic));
      } catch {
        // try the next start
      }
    }
    return new GPRegressor(X, y, categorical, defaults);
  }

  /** The kernel between a point and each training point, and its gradient per continuous dimension. */
  private crossKernel(x: Float64Array, withGradient: boolean) {
    const { n, d, params, categorical } = this;
    const k = new Float64Array(n);
    const dk = withGradient ? new Float64Array(n * d) : undefined;
    const lam = params.inverseSquaredLengthscales;
    for (let i = 0; i < n; i++) {
      const xi = this.X[i];
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const diff = x[j] - xi[j];
        r2 += lam[j] * (categorical[j] ? (diff !== 0 ? 1 : 0) : diff * diff);
      }
      const [m, dm] = matern(r2);
      k[i] = params.kernelScale * m;
      if (dk) {
        for (let j = 0; j < d; j++) {
          if (!categorical[j])
            dk[i * d + j] = params.kernelScale * dm * lam[j] * 2 * (x[j] - xi[j]);
        }
      }
    }
    return { k, dk };
  }

  /** Posterior mean and variance at x, with their gradients (zero in categorical dimensions). */
  posterior(x: Float64Array, withGradient = false) {
    const { n, d } = this;
    const { k, dk } = this.crossKernel(x, withGradient);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += k[i] * this.alpha[i];
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += this.inverse[row + j] * k[j];
      w[i] = s;
    }
    let quad = 0;
    for (let i = 0; i < n; i++) quad += k[i] * w[i];
    const variance = Math.max(this.params.kernelScale - quad, 0);
    if (!dk) return { mean, variance };
    const dMean = new Float64Array(d);
    const dVariance = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const g = dk[i * d + j];
        if (g === 0) continue;
        dMean[j] += g * this.alpha[i];
        dVariance[j] -= 2 * g * w[i];
      }
    }
    return { mean, variance, dMean, dVariance };
  }

  /** The same kernel with more points whose targets are this GP's own predictions (running trials). */
  withFantasies(points: Float64Array[]): GPRegressor {
    if (!points.length) return this;
    const y = Float64Array.from([...this.y, ...points.map((p) => this.posterior(p).mean)]);
    try {
      return new GPRegressor([...this.X, ...points], y, this.categorical, this.params);
    } catch {
      return this;
    }
  }
}

function fromRaw(raw: Float64Array, d: number, deterministic: boolean): KernelParams {
  return {
    inverseSquaredLengthscales: Float64Array.from(raw.subarray(0, d), Math.exp),
    kernelScale: Math.exp(raw[d]),
    noiseVar: deterministic ? MINIMUM_NOISE : Math.exp(raw[d + 1]) + MINIMUM_NOISE,
  };
}

/** The n×n kernel matrix with the noise on its diagonal. */
function covariance(
  X: Float64Array[],
  categorical: readonly boolean[],
  p: KernelParams,
): Float64Array {
  const n = X.length;
  const d = categorical.length;
  const k = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    k[a * n + a] = p.kernelScale + p.noiseVar;
    for (let b = 0; b < a; b++) {
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const diff = X[a][j] - X[b][j];
        r2 +=
          p.inverseSquaredLengthscales[j] * (categorical[j] ? (diff !== 0 ? 1 : 0) : diff * diff);
      }
      k[a * n + b] = k[b * n + a] = p.kernelScale * matern(r2)[0];
    }
  }
  return k;
}

/**
 * −(log marginal likelihood + Optuna's log prior) and its gradient in the raw parameters
 * [log λ₁…λ_d, log scale, log(noise − minimum)].
 */
export function negativeLogPosterior(
  X: Float64Array[],
  y: Float64Array,
  categorical: readonly boolean[],
  raw: Float64Array,
  deterministic: boolean,
): { value: number; gradient: Float64Array } {
  const n = X.length;
  const d = categorical.length;
  const gradient = new Float64Array(d + 2);
  if (raw.some((v) => !(Math.abs(v) < 50))) return { value: Infinity, gradient };
  const p = fromRaw(raw, d, deterministic);
  const k = covariance(X, categorical, p);
  const chol = cholesky(k, n);
  if (!chol) return { value: Infinity, gradient };
  const alpha = solveUpperT(chol, n, solveLower(chol, n, y));
  let logdet = 0;
  for (let i = 0; i < n; i++) logdet += Math.log(chol[i * n + i]);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += y[i] * alpha[i];
  const mll = -logdet - 0.5 * quad;
  const lam = p.inverseSquaredLengthscales;
  let prior = 0;
  for (let j = 0; j < d; j++) prior += -(0.1 / lam[j] + 0.1 * lam[j]);
  prior += Math.log(p.kernelScale) - p.kernelScale; // Gamma(2, 1)
  prior += 0.1 * Math.log(p.noiseVar) - 30 * p.noiseVar; // Gamma(1.1, 30)

  // d mll / dθ = ½ tr(W dK/dθ), W = ααᵀ − K⁻¹.
  const inv = inverseFromCholesky(chol, n);
  const gLam = new Float64Array(d);
  let gScale = 0;
  let gNoise = 0;
  for (let a = 0; a < n; a++) {
    gNoise += 0.5 * (alpha[a] * alpha[a] - inv[a * n + a]);
    gScale += 0.5 * (alpha[a] * alpha[a] - inv[a * n + a]) * p.kernelScale;
    for (let b = 0; b < a; b++) {
      const w = alpha[a] * alpha[b] - inv[a * n + b]; // counted twice (symmetric): × 2 × ½
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const diff = X[a][j] - X[b][j];
        r2 += lam[j] * (categorical[j] ? (diff !== 0 ? 1 : 0) : diff * diff);
      }
      const [m, dm] = matern(r2);
      gScale += w * p.kernelScale * m;
      for (let j = 0; j < d; j++) {
        const diff = X[a][j] - X[b][j];
        const sq = categorical[j] ? (diff !== 0 ? 1 : 0) : diff * diff;
        if (sq) gLam[j] += w * p.kernelScale * dm * lam[j] * sq;
      }
    }
  }
  for (let j = 0; j < d; j++) gradient[j] = -(gLam[j] + (0.1 / lam[j] - 0.1 * lam[j]));
  gradient[d] = -(gScale + (1 - p.kernelScale));
  if (!deterministic) {
    const e = p.noiseVar - MINIMUM_NOISE;
    gradient[d + 1] = -(gNoise * e + e * (0.1 / p.noiseVar - 30));
  }
  return { value: -(mll + prior), gradient };
}

/** log E[max(0, x + z)] for x ~ N(0, 1), stable far into the left tail. */
export function standardLogEI(z: number): number {
  if (z >= -25) return Math.log(z * ndtr(z) + Math.exp(-0.5 * z * z - LOG_SQRT_2PI));
  const z2 = z * z;
  // φ(z)·(1/z² − 3/z⁴ + 15/z⁶ − 105/z⁸): the asymptotic series of φ(z) + z·Φ(z).
  return -0.5 * z2 - LOG_SQRT_2PI + Math.log(1 / z2 - 3 / z2 ** 2 + 15 / z2 ** 3 - 105 / z2 ** 4);
}

/** log EI over `threshold` at a posterior (mean, variance), and its derivatives in both. */
export function logEI(mean: number, variance: number, threshold: number) {
  const sigma = Math.sqrt(Math.max(variance, 1e-20));
  const z = (mean - threshold) / sigma;
  const logH = standardLogEI(z);
  const value = logH + Math.log(sigma);
  // EI = σ·h(z): ∂EI/∂μ = Φ(z), ∂EI/∂σ = φ(z); divided by EI for the log.
  const dMean = Math.exp(logNdtr(z) - logH) / sigma;
  const dSigma = Math.exp(-0.5 * z * z - LOG_SQRT_2PI - logH) / sigma;
  return { value, dMean, dVariance: dSigma / (2 * sigma) };
}
