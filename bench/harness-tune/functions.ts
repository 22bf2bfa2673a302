// The benchmark functions of the tuning bench, as bench/optuna_bench.py defines them too.
import type { Trial } from '$lib/tuning/trial';

export const BRANIN_MIN = 0.397887357729738;
export const HARTMANN6_MIN = -3.32236801141551;

export function branin(x: number, y: number): number {
  return (
    (y - (5.1 / (4 * Math.PI ** 2)) * x ** 2 + (5 / Math.PI) * x - 6) ** 2 +
    10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) +
    10
  );
}

const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const ALPHA = [1.0, 1.2, 3.0, 3.2];

export function hartmann6(x: number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 6; j++) e += A[i][j] * (x[j] - P[i][j]) ** 2;
    s += ALPHA[i] * Math.exp(-e);
  }
  return -s;
}

export const OBJECTIVES: Record<string, { objective: (t: Trial) => number; min: number }> = {
  branin: {
    objective: (t) => branin(t.suggestFloat('x', -5, 10), t.suggestFloat('y', 0, 15)),
    min: BRANIN_MIN,
  },
  hartmann6: {
    objective: (t) => hartmann6([0, 1, 2, 3, 4, 5].map((i) => t.suggestFloat(`x${i}`, 0, 1))),
    min: HARTMANN6_MIN,
  },
};
