// Statistics and number formatting for the tuning bench (bench/tune.js and its checks).

export const sorted = (xs) => [...xs].sort((a, b) => a - b);
export const quantile = (xs, q) => {
  const s = sorted(xs);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};
export const median = (xs) => quantile(xs, 0.5);
export const f = (x, d = 3) =>
  Number(x).toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
/** A regret: small ones in scientific notation, so 0.00002 does not read as 0. */
export const fr = (x) => (x !== 0 && Math.abs(x) < 0.001 ? x.toExponential(1) : f(x));

/** Two-sided Mann–Whitney U test (normal approximation with tie correction): the p-value. */
export function mannWhitney(a, b) {
  const all = [...a.map((v) => [v, 0]), ...b.map((v) => [v, 1])].sort((x, y) => x[0] - y[0]);
  const ranks = new Array(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1][0] === all[i][0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[k] = r;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  const n1 = a.length;
  const n2 = b.length;
  const r1 = all.reduce((s, [, g], k) => (g === 0 ? s + ranks[k] : s), 0);
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return 1;
  const z = (Math.abs(u - mu) - 0.5) / sigma;
  return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
}

function normalCdf(z) {
  // Abramowitz–Stegun 7.1.26 on erf: plenty for a p-value.
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2);
  return 0.5 * (1 + y);
}

/**
 * A 95% percentile-bootstrap interval for the median of `xs` (resampled `reps` times with a fixed
 * seed, so a rerun on the same results gives the same interval).
 */
export function bootstrapMedianCI(xs, reps = 10000, seed = 1) {
  let state = seed >>> 0;
  const rand = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const medians = [];
  for (let r = 0; r < reps; r++) {
    medians.push(median(xs.map(() => xs[Math.floor(rand() * xs.length)])));
  }
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}
