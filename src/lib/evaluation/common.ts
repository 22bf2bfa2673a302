/**
 * Shapes and checks shared by the evaluation metrics: the `Metric` result, label encoding, and the
 * score matrix every probabilistic metric reads. Pure; no tfjs.
 */

/**
 * One metric's value. `value` is what scikit-learn returns; `note` says why when scikit-learn
 * would warn (the value is then its fallback, e.g. 0.0 for an ill-defined precision) or would
 * raise or return NaN (the value is then null).
 */
export interface Metric {
  value: number | null;
  note?: string;
}

/** Class indices 0..K-1, one per row. */
export type Labels = ArrayLike<number>;

/**
 * Predicted probabilities: n×K as rows (`number[][]`) or row-major flat, or for two classes a
 * flat array of n values, each the probability of class 1 (the positive class).
 */
export type Scores = ArrayLike<number> | ArrayLike<number>[];

/** Scores in one row-major layout; `cols` is 1 for a binary P(positive) vector. */
export interface ScoreMatrix {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

export function metric(value: number | null, note?: string): Metric {
  return note === undefined ? { value } : { value, note };
}

/** Throws for empty input and for arrays of different lengths. */
export function checkRows(what: string, a: ArrayLike<unknown>, b?: ArrayLike<unknown>): number {
  if (a.length === 0) throw new Error(`empty input: no rows to evaluate (${what})`);
  if (b && b.length !== a.length) {
    throw new Error(`${what}: ${a.length} labels but ${b.length} predictions`);
  }
  return a.length;
}

/** Class indices for string labels, by position in `classes`; an unknown label throws. */
export function encodeLabels(values: ArrayLike<string>, classes: readonly string[]): Int32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const k = index.get(values[i]);
    if (k === undefined) {
      throw new Error(`label "${values[i]}" is not one of the classes: ${classes.join(', ')}`);
    }
    out[i] = k;
  }
  return out;
}

/** Throws unless every label is an integer class index below `k`. */
export function checkLabels(labels: Labels, k: number, what = 'labels'): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= k) {
      throw new Error(`${what}[${i}] = ${y} is not a class index in 0..${k - 1}`);
    }
  }
}

/**
 * Lays scores out as a row-major matrix of `rows` rows and checks they are probabilities
 * (finite, within [0, 1]), as scikit-learn's probabilistic metrics require.
 */
export function scoreMatrix(scores: Scores, rows: number, k: number): ScoreMatrix {
  let m: ScoreMatrix;
  if (scores.length > 0 && typeof scores[0] === 'object') {
    const nested = scores as ArrayLike<ArrayLike<number>>;
    const cols = nested[0].length;
    const data = new Float64Array(nested.length * cols);
    for (let r = 0; r < nested.length; r++) {
      if (nested[r].length !== cols)
        throw new Error(`scores row ${r} has ${nested[r].length} values, not ${cols}`);
      for (let c = 0; c < cols; c++) data[r * cols + c] = nested[r][c];
    }
    m = { rows: nested.length, cols, data };
  } else {
    const flat = scores as ArrayLike<number>;
    const cols = k === 2 && flat.length === rows ? 1 : k;
    m = { rows: flat.length / cols, cols, data: flat };
  }
  if (m.rows !== rows) throw new Error(`scores hold ${m.rows} rows for ${rows} labels`);
  if (m.cols !== k && !(k === 2 && m.cols === 1)) {
    throw new Error(`scores have ${m.cols} columns for ${k} classes`);
  }
  for (let i = 0; i < m.data.length; i++) {
    const p = m.data[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`scores must be probabilities in [0, 1]; found ${p}`);
  }
  return m;
}

/** P(class c) for every row: a copy of column c, or 1 - p for class 0 of a binary vector. */
export function scoreColumn(m: ScoreMatrix, c: number): Float64Array {
  const out = new Float64Array(m.rows);
  if (m.cols === 1) {
    for (let r = 0; r < m.rows; r++) out[r] = c === 1 ? m.data[r] : 1 - m.data[r];
  } else {
    for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + c];
  }
  return out;
}

/**
 * Predicted class per row: for two classes P(positive) >= threshold; otherwise the first class
 * with the highest probability, as numpy's argmax picks.
 */
export function predictClasses(scores: Scores, k: number, threshold = 0.5): Int32Array {
  // A flat binary array is read as P(positive) per row; give two-column binary scores as rows.
  const nested = scores.length > 0 && typeof scores[0] === 'object';
  const rows = nested || k === 2 ? scores.length : scores.length / k;
  const m = scoreMatrix(scores, rows, k);
  const out = new Int32Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    if (k === 2) {
      const p = m.cols === 1 ? m.data[r] : m.data[r * 2 + 1];
      out[r] = p >= threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < m.cols; c++)
      if (m.data[r * m.cols + c] > m.data[r * m.cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

/**
 * The sum numpy's np.sum gives for a float64 array: pairwise summation, 8 accumulators over
 * blocks of up to 128 values (numpy's PW_BLOCKSIZE), halves split at a multiple of 8 above that.
 * Summing in numpy's order gives scikit-learn's value to the last bit, not just within rounding.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, n = values.length): number {
  if (n < 8) {
    let sum = -0; // numpy starts at -0.0, so a sum of -0.0 stays -0.0
    for (let i = 0; i < n; i++) sum += values[start + i];
    return sum;
  }
  if (n <= 128) {
    const r = Array.from({ length: 8 }, (_, j) => values[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += values[start + i + j];
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/** "a", "b" and "c" — for notes that name classes. */
export function nameList(names: string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** A class's name for notes: its entry in `classes`, else its index. */
export function className(classes: readonly string[] | undefined, c: number): string {
  return classes?.[c] ?? String(c);
}
