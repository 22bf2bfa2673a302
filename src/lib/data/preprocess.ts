/**
 * The preprocessing a model is trained with, fitted on the training rows only and saved as plain
 * JSON beside the model, so every later prediction applies exactly the same steps: median or
 * most-frequent imputation, standardisation, one-hot encoding with one bucket for rare and unseen
 * levels, booleans as 0/1, dates as days since 1970; id, free-text and empty columns are dropped.
 * An infinite number (inf, -Infinity) is no value a model can use: it is filled like a missing one.
 */
import {
  FALSE,
  TRUE,
  isInfinite,
  isMissing,
  parseNumber,
  type ColumnKind,
  type Task,
} from './columns';

export interface PreprocessOptions {
  target: string;
  task: Task;
  /** Feature columns and their kinds (the schema editor's choice). */
  features: { name: string; kind: ColumnKind }[];
  impute: 'median' | 'most_frequent';
  standardize: boolean;
  /** At most this many one-hot levels per column; the rest share the "other" bucket. */
  maxLevels: number;
  /** Levels seen fewer times than this in training go to the "other" bucket. */
  minCount: number;
}

export type FeatureSpec =
  | { name: string; kind: 'numeric' | 'date'; fill: number; mean: number; std: number }
  | { name: string; kind: 'boolean'; fill: number }
  | { name: string; kind: 'categorical'; levels: string[]; fill: string };

export interface Preprocessor {
  format: 'tracklab.preprocessor';
  version: 1;
  /**
   * `scale`: a regression target is standardised for training with the training rows' mean and
   * std; the model's output times std plus mean is the prediction in the target's units.
   */
  target: { name: string; task: Task; classes?: string[]; scale?: { mean: number; std: number } };
  features: FeatureSpec[];
  /** Input width of the model: one per numeric/boolean/date feature, levels + 1 per categorical. */
  width: number;
  /** Output names, in order, for signatures and explanations. */
  outputs: string[];
}

const DAY_MS = 86_400_000;
/** A column the user marked boolean may hold 0/1 as well as words. */
const isTrue = (cell: string) => {
  const v = cell.trim().toLowerCase();
  return TRUE.has(v) || v === '1';
};

function numericValue(kind: 'numeric' | 'date', cell: string): number | undefined {
  if (isMissing(cell)) return undefined;
  if (kind === 'date') {
    const ms = Date.parse(cell.trim());
    return Number.isNaN(ms) ? undefined : ms / DAY_MS;
  }
  return parseNumber(cell);
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / (values.length || 1);
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length || 1));
  return { mean, std: std || 1 };
}

function mostFrequent(values: number[]): number {
  const seen = new Map<number, number>();
  let best = 0;
  let most = 0;
  for (const v of values) {
    const n = (seen.get(v) ?? 0) + 1;
    seen.set(v, n);
    if (n > most || (n === most && v < best)) [best, most] = [v, n];
  }
  return best;
}

function counts(cells: string[]): [string, number][] {
  const map = new Map<string, number>();
  for (const c of cells) if (!isMissing(c)) map.set(c.trim(), (map.get(c.trim()) ?? 0) + 1);
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function fitFeature(
  name: string,
  kind: ColumnKind,
  cells: string[],
  o: PreprocessOptions,
): FeatureSpec | null {
  if (kind === 'numeric' || kind === 'date') {
    const values = cells
      .map((c) => numericValue(kind, c))
      .filter((v): v is number => v !== undefined);
    // The most frequent value read (not cell as written: "inf" or a date string is no fill).
    const fill = o.impute === 'median' ? median(values) : mostFrequent(values);
    const { mean, std } = meanStd(cells.map((c) => numericValue(kind, c) ?? fill));
    return o.standardize ? { name, kind, fill, mean, std } : { name, kind, fill, mean: 0, std: 1 };
  }
  if (kind === 'boolean') {
    const present = cells.filter((c) => !isMissing(c)).map((c) => (isTrue(c) ? 1 : 0));
    const ones = present.reduce<number>((s, v) => s + v, 0);
    return { name, kind, fill: ones * 2 >= present.length ? 1 : 0 };
  }
  if (kind === 'categorical') {
    const ranked = counts(cells);
    const levels = ranked
      .filter(([, n]) => n >= o.minCount)
      .slice(0, o.maxLevels)
      .map(([v]) => v);
    return { name, kind, levels, fill: ranked[0]?.[0] ?? '' };
  }
  return null; // id, text and empty columns carry no learnable signal
}

/** Fits on the given (training) rows of a table. */
export function fitPreprocessor(
  columns: string[],
  rows: string[][],
  options: PreprocessOptions,
): Preprocessor {
  const index = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`Column "${name}" is not in the data.`);
    return i;
  };
  const features = options.features
    .filter((f) => f.name !== options.target)
    .map((f) =>
      fitFeature(
        f.name,
        f.kind,
        rows.map((r) => r[index(f.name)]),
        options,
      ),
    )
    .filter((f): f is FeatureSpec => f !== null);
  const outputs = features.flatMap((f) =>
    f.kind === 'categorical'
      ? [...f.levels.map((l) => `${f.name}=${l}`), `${f.name}=(other)`]
      : [f.name],
  );
  const target: Preprocessor['target'] = { name: options.target, task: options.task };
  const t = index(options.target);
  if (options.task !== 'regression') {
    target.classes = [...new Set(rows.map((r) => r[t].trim()).filter((c) => !isMissing(c)))].sort();
  } else {
    const values = rows
      .map((r) => numericValue('numeric', r[t]))
      .filter((v): v is number => v !== undefined);
    target.scale = meanStd(values);
  }
  return {
    format: 'tracklab.preprocessor',
    version: 1,
    target,
    features,
    width: outputs.length,
    outputs,
  };
}

/** Rows (cells by column name) to a row-major Float32Array of width `pre.width`. */
export function transformRows(
  pre: Preprocessor,
  columns: string[],
  rows: string[][],
): Float32Array {
  const out = new Float32Array(rows.length * pre.width);
  const at = pre.features.map((f) => {
    const i = columns.indexOf(f.name);
    if (i < 0)
      throw new Error(
        `The data has no column "${f.name}", which the model needs. Add it, or choose a model trained without it.`,
      );
    return i;
  });
  rows.forEach((row, r) => {
    let o = r * pre.width;
    pre.features.forEach((f, k) => {
      const cell = row[at[k]] ?? '';
      if (f.kind === 'categorical') {
        const level = isMissing(cell) ? f.fill : cell.trim();
        const j = f.levels.indexOf(level);
        out[o + (j < 0 ? f.levels.length : j)] = 1;
        o += f.levels.length + 1;
      } else if (f.kind === 'boolean') {
        out[o++] = isMissing(cell) ? f.fill : isTrue(cell) ? 1 : 0;
      } else {
        const v = numericValue(f.kind, cell) ?? f.fill;
        out[o++] = (v - f.mean) / f.std;
      }
    });
  });
  return out;
}

/**
 * The first cell the model could only treat as missing because it is not of its column's kind
 * in training (text in a number column, an unknown word in a yes/no column), as a message that
 * says where and what to do; null when every cell fits. Categorical columns take any value: an
 * unseen level goes to the "other" bucket, as in training.
 */
export function mistypedCell(
  pre: Preprocessor,
  columns: string[],
  rows: string[][],
): { row: number; column: string; message: string } | null {
  for (const f of pre.features) {
    if (f.kind === 'categorical') continue;
    const i = columns.indexOf(f.name);
    if (i < 0) continue;
    for (let r = 0; r < rows.length; r++) {
      const cell = rows[r][i] ?? '';
      // Infinite numbers are filled like missing ones, in training and here alike.
      if (isMissing(cell) || (f.kind === 'numeric' && isInfinite(cell))) continue;
      const fits =
        f.kind === 'boolean'
          ? TRUE.has(cell.trim().toLowerCase()) || FALSE.has(cell.trim().toLowerCase())
          : numericValue(f.kind, cell) !== undefined;
      if (fits) continue;
      const wanted =
        f.kind === 'boolean' ? 'yes/no values' : f.kind === 'date' ? 'dates' : 'numbers';
      return {
        row: r + 2,
        column: f.name,
        message: `Column "${f.name}" held ${wanted} in training, but row ${r + 2} has "${cell}". Correct the value, or leave it empty to have it filled as in training.`,
      };
    }
  }
  return null;
}

/** Targets as class indices (classification) or numbers (regression); NaN where missing or unknown. */
export function transformTarget(pre: Preprocessor, cells: string[]): Float32Array {
  const classes = pre.target.classes;
  return Float32Array.from(cells, (c) => {
    if (isMissing(c)) return NaN;
    if (!classes) return parseNumber(c) ?? NaN;
    const i = classes.indexOf(c.trim());
    return i < 0 ? NaN : i;
  });
}
