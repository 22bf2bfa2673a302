/**
 * The truncated normal distribution as Optuna's TPE uses it (optuna/samplers/_tpe/_truncnorm.py,
 * itself after SciPy): log-CDF with an asymptotic series far in the left tail, log of the mass in
 * an interval computed on the side where it does not cancel, and the inverse by Newton's method
 * on log Φ. Arrays are processed as NumPy does, batch by batch, so that Newton's stopping rule
 * (every element converged) is the same here as there.
 */
import { erf, erfc } from './erf';

const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
const NDTRI_EXP_C = Math.sqrt(3) / Math.PI;
const EPSILON = 2.220446049250313e-16;
const INV_SQRT2 = 1 / Math.SQRT2;

/** Φ(a) with the error function on whichever side keeps precision. */
export function ndtr(a: number): number {
  const x = a / Math.SQRT2;
  if (x < -INV_SQRT2) return 0.5 * erfc(-x);
  if (x < INV_SQRT2) return 0.5 + 0.5 * erf(x);
  return 1 - 0.5 * erfc(x);
}

/** log Φ(a); below −20 by the asymptotic series, which does not underflow. */
export function logNdtr(a: number): number {
  if (a > 6) return -ndtr(-a);
  if (a > -20) return Math.log(ndtr(a));
  const logLhs = -0.5 * a ** 2 - Math.log(-a) - 0.5 * Math.log(2 * Math.PI);
  let last = 0;
  let rhs = 1;
  let numerator = 1;
  let denomFactor = 1;
  const denomCons = 1 / a ** 2;
  let sign = 1;
  let i = 0;
  while (Math.abs(last - rhs) > EPSILON) {
    i += 1;
    last = rhs;
    sign = -sign;
    denomFactor *= denomCons;
    numerator *= 2 * i - 1;
    rhs += sign * numerator * denomFactor;
  }
  return logLhs + Math.log(rhs);
}

/** NumPy's logaddexp. */
export function logAddExp(x: number, y: number): number {
  if (x === y) return x + Math.LN2;
  const d = x - y;
  if (d > 0) return x + Math.log1p(Math.exp(-d));
  if (d <= 0) return y + Math.log1p(Math.exp(d));
  return x + y; // NaN
}

function logDiff(logP: number, logQ: number): number {
  return logP + Math.log1p(-Math.exp(logQ - logP));
}

/** log of the standard normal's mass on [a, b]. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-(0.5 + 0.5 * erf(a / Math.SQRT2)) - (0.5 + 0.5 * erf(-b / Math.SQRT2)));
}

/** x with log Φ(x) = y, for every y of a batch (converged together, as in NumPy). */
export function ndtriExp(y: Float64Array): Float64Array {
  const n = y.length;
  const flipped = new Uint8Array(n);
  const z = new Float64Array(n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    flipped[i] = y[i] > -1e-2 ? 1 : 0;
    z[i] = flipped[i] ? Math.log(-Math.expm1(y[i])) : y[i];
    x[i] =
      z[i] < -5
        ? -Math.sqrt(-2 * (z[i] + LOG_SQRT_2PI))
        : -NDTRI_EXP_C * Math.log(Math.expm1(-z[i]));
  }
  for (let iter = 0; iter < 100; iter++) {
    let converged = true;
    for (let i = 0; i < n; i++) {
      const logNdtrX = logNdtr(x[i]);
      const logNormPdfX = -0.5 * x[i] ** 2 - LOG_SQRT_2PI;
      const dx = (logNdtrX - z[i]) * Math.exp(logNdtrX - logNormPdfX);
      x[i] -= dx;
      // NaN never counts as converged, as in NumPy.
      if (!(Math.abs(dx) < 1e-8 * Math.abs(x[i]))) converged = false;
    }
    if (converged) break;
  }
  for (let i = 0; i < n; i++) if (flipped[i]) x[i] = -x[i];
  return x;
}

/**
 * The quantile function of the standard normal truncated to [a, b], elementwise over a batch:
 * left-tailed intervals (a < 0) through Φ, the others mirrored, each group solved as one batch.
 */
export function ppf(q: Float64Array, a: Float64Array, b: Float64Array): Float64Array {
  const n = q.length;
  const out = new Float64Array(n);
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < n; i++) (a[i] < 0 ? left : right).push(i);
  const leftY = new Float64Array(left.length);
  left.forEach((i, k) => {
    leftY[k] = logAddExp(logNdtr(a[i]), Math.log(q[i]) + logGaussMass(a[i], b[i]));
  });
  const rightY = new Float64Array(right.length);
  right.forEach((i, k) => {
    rightY[k] = logAddExp(logNdtr(-b[i]), Math.log1p(-q[i]) + logGaussMass(a[i], b[i]));
  });
  const leftX = ndtriExp(leftY);
  const rightX = ndtriExp(rightY);
  left.forEach((i, k) => (out[i] = leftX[k]));
  right.forEach((i, k) => (out[i] = -rightX[k]));
  for (let i = 0; i < n; i++) {
    if (q[i] === 0) out[i] = a[i];
    if (q[i] === 1) out[i] = b[i];
    if (a[i] === b[i]) out[i] = NaN;
  }
  return out;
}

/** log density at x of N(loc, scale²) truncated to [loc + a·scale, loc + b·scale]. */
export function logpdf(
  x: number,
  a: number,
  b: number,
  loc: number,
  scale: number,
  logMass?: number,
): number {
  const z = (x - loc) / scale;
  if (a === b) return NaN;
  if (z < a || z > b) return -Infinity;
  return -(z ** 2) / 2 - LOG_SQRT_2PI - (logMass ?? logGaussMass(a, b)) - Math.log(scale);
}
