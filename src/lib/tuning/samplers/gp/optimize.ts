/**
 * Small optimisers for the GP sampler: L-BFGS for the kernel's (unbounded, log-scale) parameters,
 * and projected gradient ascent with Barzilai–Borwein steps inside the unit box for the
 * acquisition function. Both take a function answering its value and gradient together.
 */

export type ValueAndGradient = (x: Float64Array) => { value: number; gradient: Float64Array };

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Minimises f from x0 by L-BFGS (memory 10) with a backtracking Armijo line search. */
export function lbfgs(
  f: ValueAndGradient,
  x0: Float64Array,
  options: { gtol?: number; maxIterations?: number } = {},
): { x: Float64Array; value: number; converged: boolean } {
  const gtol = options.gtol ?? 1e-5;
  const maxIterations = options.maxIterations ?? 200;
  const m = 10;
  let x = Float64Array.from(x0);
  let { value, gradient } = f(x);
  if (!Number.isFinite(value)) return { x, value, converged: false };
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(gradient) < gtol) return { x, value, converged: true };
    // Two-loop recursion: d = −H·g.
    const q = Float64Array.from(gradient);
    const alpha: number[] = [];
    for (let k = s.length - 1; k >= 0; k--) {
      const a = dot(s[k], q) / dot(y[k], s[k]);
      alpha[k] = a;
      for (let i = 0; i < q.length; i++) q[i] -= a * y[k][i];
    }
    const gamma = s.length
      ? dot(s.at(-1)!, y.at(-1)!) / dot(y.at(-1)!, y.at(-1)!)
      : 1 / Math.max(1, maxAbs(gradient));
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
    for (let k = 0; k < s.length; k++) {
      const b = dot(y[k], q) / dot(y[k], s[k]);
      for (let i = 0; i < q.length; i++) q[i] += s[k][i] * (alpha[k] - b);
    }
    const d = q.map((v) => -v);
    let slope = dot(gradient, d);
    if (!(slope < 0)) {
      // Not a descent direction (a stale curvature pair): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      for (let i = 0; i < d.length; i++) d[i] = -gradient[i];
      slope = dot(gradient, d);
    }
    let step = 1;
    let next: { value: number; gradient: Float64Array } | undefined;
    let xNext = x;
    for (let tries = 0; tries < 40; tries++) {
      xNext = x.map((v, i) => v + step * d[i]);
      const trial = f(xNext);
      if (Number.isFinite(trial.value) && trial.value <= value + 1e-4 * step * slope) {
        next = trial;
        break;
      }
      step /= 2;
    }
    if (!next) return { x, value, converged: false };
    const sk = xNext.map((v, i) => v - x[i]);
    const yk = next.gradient.map((v, i) => v - gradient[i]);
    if (dot(sk, yk) > 1e-12) {
      s.push(sk);
      y.push(yk);
      if (s.length > m) {
        s.shift();
        y.shift();
      }
    }
    const improvement = value - next.value;
    x = xNext;
    ({ value, gradient } = next);
    if (improvement <= 1e-12 * Math.max(1, Math.abs(value))) return { x, value, converged: true };
  }
  return { x, value, converged: maxAbs(gradient) < gtol };
}

/**
 * Maximises f over the box [0, 1]^d for the coordinates in `free` (the others stay as given), by
 * projected gradient ascent with Barzilai–Borwein steps and backtracking.
 */
export function boxAscent(
  f: ValueAndGradient,
  x0: Float64Array,
  free: readonly number[],
  options: { tol?: number; maxIterations?: number } = {},
): { x: Float64Array; value: number } {
  const tol = options.tol ?? 1e-4;
  const maxIterations = options.maxIterations ?? 100;
  const project = (v: number) => Math.min(1, Math.max(0, v));
  let x = Float64Array.from(x0);
  let { value, gradient } = f(x);
  let step = 0.1;
  let prevX: Float64Array | undefined;
  let prevG: Float64Array | undefined;
  for (let iter = 0; iter < maxIterations && free.length; iter++) {
    if (prevX && prevG) {
      let ss = 0;
      let sy = 0;
      for (const i of free) {
        const si = x[i] - prevX[i];
        const yi = gradient[i] - prevG[i];
        ss += si * si;
        sy += si * yi;
      }
      // Ascent: curvature is negative near a maximum, so BB's step is ss / −sy.
      step = sy < 0 ? Math.min(1, ss / -sy) : Math.min(1, step * 2);
    }
    let accepted = false;
    for (let tries = 0; tries < 30; tries++) {
      const xNext = Float64Array.from(x);
      let moved = 0;
      for (const i of free) {
        xNext[i] = project(x[i] + step * gradient[i]);
        moved = Math.max(moved, Math.abs(xNext[i] - x[i]));
      }
      if (moved < tol) return { x, value };
      const next = f(xNext);
      if (Number.isFinite(next.value) && next.value >= value) {
        const gain = next.value - value;
        prevX = x;
        prevG = gradient;
        x = xNext;
        ({ value, gradient } = next);
        accepted = true;
        if (gain < tol * 1e-2 && moved < tol * 10) return { x, value };
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return { x, value };
}
