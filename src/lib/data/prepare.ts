/**
 * From a parsed table and the Data screen's choices to the matrices a model trains on: drop rows
 * whose target is missing, split them (seeded, stratified for classification), fit the
 * preprocessor on the training rows only, and encode every split with it. Pure.
 */
import type { ColumnKind, Task } from './columns';
import type { Table } from './csv';
import { DataError } from './errors';
import {
  fitPreprocessor,
  transformRows,
  transformTarget,
  type PreprocessOptions,
  type Preprocessor,
} from './preprocess';
import type { ResolvedRead } from './read-options';
import { splitRows } from './split';

export interface DataChoice {
  target: string;
  task: Task;
  features: { name: string; kind: ColumnKind }[];
  impute: PreprocessOptions['impute'];
  standardize: boolean;
  maxLevels: number;
  minCount: number;
  split: { validation: number; test: number; seed: number };
  /**
   * How the dataset's file is read, so a run's config.json makes the same table again even after
   * the dataset is read another way. Absent in runs from before: the record's options then.
   */
  read?: ResolvedRead;
}

export type SplitName = 'train' | 'validation' | 'test';
export const SPLITS: SplitName[] = ['train', 'validation', 'test'];

export interface EncodedSplit {
  /** Row numbers in the table (0-based, header excluded), the id a predictions file carries. */
  rows: Int32Array;
  /** Row-major features, `pre.width` per row. */
  x: Float32Array;
  /** Class index, or the target in its own units for regression. */
  y: Float32Array;
}

export interface PreparedData {
  pre: Preprocessor;
  splits: Record<SplitName, EncodedSplit>;
  /** Rows left out because the target was missing. */
  droppedRows: number;
}

/** The target as the model sees it: standardised for regression, class index otherwise. */
export function modelTarget(pre: Preprocessor, y: Float32Array): Float32Array {
  const scale = pre.target.scale;
  return scale ? y.map((v) => (v - scale.mean) / scale.std) : y;
}

/** A regression model's raw outputs back in the target's units. */
export function unscale(pre: Preprocessor, outputs: Float32Array): Float32Array {
  const scale = pre.target.scale;
  return scale ? outputs.map((v) => v * scale.std + scale.mean) : outputs;
}

export function prepareData(table: Table, choice: DataChoice): PreparedData {
  const t = table.columns.indexOf(choice.target);
  if (t < 0) throw new DataError(`The target column "${choice.target}" is not in the data.`);
  const probe = fitPreprocessor(table.columns, table.rows, {
    ...choice,
    features: [],
  });
  const labels = transformTarget(
    probe,
    table.rows.map((r) => r[t]),
  );
  const kept: number[] = [];
  labels.forEach((v, i) => {
    if (!Number.isNaN(v)) kept.push(i);
  });
  if (kept.length < 10) {
    throw new DataError(
      `Only ${kept.length} rows have a value for "${choice.target}"; training needs at least 10. Pick another target or add rows.`,
      { column: choice.target },
    );
  }
  const split = splitRows(kept.length, {
    ...choice.split,
    stratify: choice.task === 'regression' ? undefined : kept.map((i) => labels[i]),
  });
  const rowsOf = (part: number[]) => part.map((k) => kept[k]).sort((a, b) => a - b);
  const trainRows = rowsOf(split.train);
  const pre = fitPreprocessor(
    table.columns,
    trainRows.map((i) => table.rows[i]),
    choice,
  );
  // Classes come from every labelled row, so a rare class that lands only in test still encodes.
  if (probe.target.classes) pre.target.classes = probe.target.classes;
  if (pre.width === 0) {
    throw new DataError(
      'No feature column is left to learn from: every column is the target, an id, free text or empty. Mark at least one column as numeric, categorical, boolean or date.',
    );
  }
  const encode = (rows: number[]): EncodedSplit => {
    const cells = rows.map((i) => table.rows[i]);
    return {
      rows: Int32Array.from(rows),
      x: transformRows(pre, table.columns, cells),
      y: transformTarget(
        pre,
        cells.map((r) => r[t]),
      ),
    };
  };
  return {
    pre,
    splits: {
      train: encode(trainRows),
      validation: encode(rowsOf(split.validation)),
      test: encode(rowsOf(split.test)),
    },
    droppedRows: table.rows.length - kept.length,
  };
}
