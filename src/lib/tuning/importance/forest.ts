/**
 * A random forest of regression trees (CART, squared error, bootstrap samples, every feature
 * considered at each split in a seeded random order), as scikit-learn's RandomForestRegressor with
 * its defaults fits one — what Optuna's fANOVA evaluator fits before decomposing the variance.
 * Trees are kept as flat arrays, scikit-learn's `tree_` layout: feature (−1 at a leaf), threshold,
 * left and right child, and value (the mean of the node's samples).
 */
import { RandomState } from '../rng';

export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface ForestOptions {
  nTrees?: number;
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  seed?: number;
}

/** Fits one tree to the rows `rows` (with repeats: a bootstrap sample) of X, y. */
function fitTree(
  X: Float64Array[],
  y: ArrayLike<number>,
  rows: number[],
  rng: RandomState,
  o: Required<Omit<ForestOptions, 'nTrees' | 'seed'>>,
): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const d = X[0]?.length ?? 0;
  const add = (rs: number[]) => {
    const i = tree.feature.length;
    let mean = 0;
    for (const r of rs) mean += y[r];
    mean /= rs.length;
    tree.feature.push(-1);
    tree.threshold.push(-2);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(mean);
    return i;
  };
  // Depth-first, left child first: node numbers as scikit-learn's builder gives them.
  const grow = (node: number, rs: number[], depth: number) => {
    if (depth >= o.maxDepth || rs.length < o.minSamplesSplit || rs.length < 2 * o.minSamplesLeaf)
      return;
    let sum = 0;
    let sq = 0;
    for (const r of rs) {
      sum += y[r];
      sq += y[r] * y[r];
    }
    const n = rs.length;
    const impurity = sq / n - (sum / n) ** 2;
    if (!(impurity > 1e-14 * Math.max(1, (sum / n) ** 2))) return;
    let best = { gain: 0, feature: -1, threshold: 0 };
    const order = Array.from({ length: d }, (_, i) => i);
    rng.shuffle(order);
    for (const f of order) {
      const sorted = [...rs].sort((a, b) => X[a][f] - X[b][f]);
      let leftSum = 0;
      let leftN = 0;
      for (let k = 0; k < n - 1; k++) {
        leftSum += y[sorted[k]];
        leftN++;
        const a = X[sorted[k]][f];
        const b = X[sorted[k + 1]][f];
        if (!(b > a)) continue;
        if (leftN < o.minSamplesLeaf || n - leftN < o.minSamplesLeaf) continue;
        const rightSum = sum - leftSum;
        // Reduction in squared error: the proxy scikit-learn maximises.
        const gain = (leftSum * leftSum) / leftN + (rightSum * rightSum) / (n - leftN);
        if (gain > best.gain + 1e-12 * Math.abs(gain) || best.feature < 0) {
          let threshold = a / 2 + b / 2;
          if (threshold >= b || !Number.isFinite(threshold)) threshold = a;
          best = { gain, feature: f, threshold };
        }
      }
    }
    if (best.feature < 0) return;
    const leftRows = rs.filter((r) => X[r][best.feature] <= best.threshold);
    const rightRows = rs.filter((r) => X[r][best.feature] > best.threshold);
    if (!leftRows.length || !rightRows.length) return;
    tree.feature[node] = best.feature;
    tree.threshold[node] = best.threshold;
    const l = add(leftRows);
    tree.left[node] = l;
    grow(l, leftRows, depth + 1);
    const r = add(rightRows);
    tree.right[node] = r;
    grow(r, rightRows, depth + 1);
  };
  const root = add(rows);
  grow(root, rows, 0);
  return tree;
}

export function fitForest(
  X: Float64Array[],
  y: ArrayLike<number>,
  options: ForestOptions = {},
): Tree[] {
  const o = {
    maxDepth: options.maxDepth ?? 64,
    minSamplesSplit: options.minSamplesSplit ?? 2,
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
  };
  const rng = new RandomState(options.seed ?? 0);
  const n = X.length;
  return Array.from({ length: options.nTrees ?? 64 }, () => {
    const rows = Array.from({ length: n }, () => rng.interval(n - 1));
    return fitTree(X, y, rows, rng, o);
  });
}
