/**
 * fANOVA parameter importance (Hutter, Hoos and Leyton-Brown, ICML 2014; Optuna's
 * FanovaImportanceEvaluator): a random forest is fitted to the trials' values over their
 * parameters (numbers as they are, choices one-hot), and for each tree the share of its variance
 * over the search space that one parameter explains on its own — averaged over the trees. The
 * decomposition is Optuna's (_fanova/_tree.py), tree by tree.
 */
import { isSingle, toInternal, type Distribution } from '../distributions';
import { intersectionSpace } from '../samplers/tpe/sampler';
import type { FrozenTrial } from '../types';
import { fitForest, type ForestOptions, type Tree } from './forest';

type Box = [number, number][];

const cardinality = (box: Box) => box.reduce((p, [lo, hi]) => p * (hi - lo), 1);

function weightedVariance(values: number[], weights: number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  const mean = values.reduce((s, v, i) => s + v * weights[i], 0) / total;
  return values.reduce((s, v, i) => s + (v - mean) ** 2 * weights[i], 0) / total;
}

/** One tree's variance decomposition over a box-shaped search space. */
export class FanovaTree {
  /** Per node: mean value over its region, and the region's volume. */
  private readonly stats: [number, number][];
  private readonly midpoints: number[][];
  private readonly sizes: number[][];
  /** Per node, the features any split below it uses. */
  private readonly active: boolean[][];
  readonly variance: number;

  constructor(
    private readonly tree: Tree,
    private readonly space: Box,
  ) {
    const n = tree.feature.length;
    const d = space.length;
    const boxes: (Box | undefined)[] = new Array(n);
    boxes[0] = space.map(([a, b]) => [a, b]);
    this.stats = new Array(n);
    for (let i = 0; i < n; i++) {
      const box = boxes[i]!;
      if (tree.feature[i] < 0) this.stats[i] = [tree.value[i], cardinality(box)];
      else [boxes[tree.left[i]], boxes[tree.right[i]]] = this.childBoxes(i, box);
    }
    for (let i = n - 1; i >= 0; i--) {
      if (tree.feature[i] < 0) continue;
      const [lv, lw] = this.stats[tree.left[i]];
      const [rv, rw] = this.stats[tree.right[i]];
      this.stats[i] = [(lv * lw + rv * rw) / (lw + rw), lw + rw];
    }
    const splits: Set<number>[] = Array.from({ length: d }, () => new Set());
    for (let i = 0; i < n; i++)
      if (tree.feature[i] >= 0) splits[tree.feature[i]].add(tree.threshold[i]);
    this.midpoints = [];
    this.sizes = [];
    splits.forEach((set, f) => {
      const edges = [space[f][0], ...[...set].sort((a, b) => a - b), space[f][1]];
      this.midpoints.push(edges.slice(1).map((e, k) => 0.5 * (e + edges[k])));
      this.sizes.push(edges.slice(1).map((e, k) => e - edges[k]));
    });
    this.active = Array.from({ length: n }, () => new Array<boolean>(d).fill(false));
    for (let i = n - 1; i >= 0; i--) {
      const f = tree.feature[i];
      if (f < 0) continue;
      this.active[i][f] = true;
      for (const c of [tree.left[i], tree.right[i]]) {
        for (let k = 0; k < d; k++) if (this.active[c][k]) this.active[i][k] = true;
      }
    }
    const leaves = this.stats.filter((_, i) => tree.feature[i] < 0);
    this.variance = weightedVariance(
      leaves.map((s) => s[0]),
      leaves.map((s) => s[1]),
    );
  }

  private childBoxes(node: number, box: Box): [Box, Box] {
    const f = this.tree.feature[node];
    const t = this.tree.threshold[node];
    const left = box.map((r) => [...r] as [number, number]);
    const right = box.map((r) => [...r] as [number, number]);
    left[f][1] = t;
    right[f][0] = t;
    return [left, right];
  }

  /** The variance of the tree's prediction as a function of `features` alone (others averaged out). */
  marginalVariance(features: number[]): number {
    const values: number[] = [];
    const weights: number[] = [];
    const sample = new Array<number>(this.space.length).fill(NaN);
    const walk = (k: number, size: number) => {
      if (k === features.length) {
        const [value, weight] = this.marginalized(sample);
        values.push(value);
        weights.push(weight * size);
        return;
      }
      const f = features[k];
      this.midpoints[f].forEach((m, j) => {
        sample[f] = m;
        walk(k + 1, size * this.sizes[f][j]);
      });
    };
    walk(0, 1);
    return Math.max(0, weightedVariance(values, weights));
  }

  /** The tree's mean prediction with some features fixed (the rest NaN: averaged over). */
  private marginalized(x: number[]): [number, number] {
    const { tree } = this;
    const fixed = x.map((v) => !Number.isNaN(v));
    const start: Box = this.space.map(([a, b], f) => (fixed[f] ? [a, b] : [0, 1]));
    const stack: [number, Box][] = [[0, start]];
    const values: number[] = [];
    const weights: number[] = [];
    while (stack.length) {
      const [node, box] = stack.pop()!;
      const f = tree.feature[node];
      if (f >= 0) {
        if (fixed[f]) {
          const [l, r] = this.childBoxes(node, box);
          stack.push(x[f] <= tree.threshold[node] ? [tree.left[node], l] : [tree.right[node], r]);
          continue;
        }
        if (this.active[node].some((a, k) => a && fixed[k])) {
          stack.push([tree.left[node], box], [tree.right[node], box]);
          continue;
        }
      }
      const [v, w] = this.stats[node];
      values.push(v);
      weights.push(w / cardinality(box));
    }
    const total = weights.reduce((s, w) => s + w, 0);
    return [values.reduce((s, v, i) => s + v * weights[i], 0) / total, total];
  }
}

/**
 * Importances from given trees (each parameter's share of each tree's variance, averaged over the
 * trees with variance): `columns` maps each parameter to its feature columns.
 */
export function fanovaFromTrees(trees: Tree[], space: Box, columns: number[][]): number[] {
  const decomposed = trees.map((t) => new FanovaTree(t, space));
  if (decomposed.every((t) => t.variance === 0)) {
    throw new Error('The trials all have the same value, so no parameter explains any of it.');
  }
  return columns.map((features) => {
    const shares = decomposed
      .filter((t) => t.variance > 0)
      .map((t) => t.marginalVariance(features) / t.variance);
    return shares.reduce((s, v) => s + v, 0) / shares.length;
  });
}

/** The trials' parameters as fANOVA's features: numbers as they are, choices one-hot. */
export function fanovaFeatures(
  names: string[],
  space: Record<string, Distribution>,
  trials: readonly FrozenTrial[],
) {
  const bounds: Box = [];
  const columns: number[][] = [];
  for (const name of names) {
    const d = space[name];
    if (d.type === 'categorical') {
      columns.push(d.choices.map((_, i) => bounds.length + i));
      d.choices.forEach(() => bounds.push([0, 1]));
    } else {
      columns.push([bounds.length]);
      bounds.push([d.low, d.high]);
    }
  }
  const X = trials.map((t) => {
    const row = new Float64Array(bounds.length);
    names.forEach((name, k) => {
      const d = space[name];
      if (d.type === 'categorical') row[columns[k][toInternal(d, t.params[name])]] = 1;
      else row[columns[k][0]] = t.params[name] as number;
    });
    return row;
  });
  return { X, bounds, columns };
}

/** Each parameter's fANOVA importance, largest first; parameters that never vary score 0. */
export function fanovaImportances(
  trials: readonly FrozenTrial[],
  options: ForestOptions = {},
): Record<string, number> {
  const complete = trials.filter((t) => t.state === 'COMPLETE');
  const space = intersectionSpace(complete);
  const names = Object.keys(space).sort();
  const varying = names.filter((n) => !isSingle(space[n]));
  const single = names.filter((n) => isSingle(space[n]));
  if (!varying.length) return Object.fromEntries(single.map((n) => [n, 0]));
  const usable = complete.filter(
    (t) => Number.isFinite(t.value) && names.every((n) => Object.hasOwn(t.params, n)),
  );
  if (usable.length < 2) {
    throw new Error(
      'fANOVA needs at least 2 completed trials with finite values to fit its forest.',
    );
  }
  const { X, bounds, columns } = fanovaFeatures(varying, space, usable);
  const trees = fitForest(
    X,
    usable.map((t) => t.value!),
    options,
  );
  const importances = fanovaFromTrees(trees, bounds, columns);
  const entries: [string, number][] = [
    ...varying.map((n, i): [string, number] => [n, importances[i]]),
    ...single.map((n): [string, number] => [n, 0]),
  ];
  const ascending = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e[1] - b.e[1] || a.i - b.i);
  return Object.fromEntries(ascending.reverse().map(({ e }) => e));
}
