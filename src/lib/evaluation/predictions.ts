/**
 * Reads a predictions table — Tracklab's predictions/<split>.csv, or a file in the same shape
 * from elsewhere — into what the metrics take. The shape: a true-value column, a `prediction`
 * column, an optional `row` column first, and for classification one `proba_<class>` column per
 * class. A table without probability columns and with numbers in both columns is a regression.
 */
import type { Table } from '../data/csv';
import { parseNumber } from '../data/columns';
import { restoreCell } from '../data/csv-export';

export type PredictionSet =
  | {
      task: 'classification';
      target: string;
      classes: string[];
      labels: Int32Array;
      /** n×K row-major probabilities; for two classes n values of P(classes[1]). */
      scores: Float64Array;
    }
  | { task: 'regression'; target: string; actual: Float64Array; predicted: Float64Array };

const PROBA = 'proba_';

/**
 * Reads the table, or throws an Error that names the column or row and what to do. `target` names
 * the true-value column; without it the table may hold one column besides `row`, `prediction`
 * and the probabilities, which is taken as the true values.
 */
export function readPredictions(table: Table, options: { target?: string } = {}): PredictionSet {
  // Tracklab writes formula-like names and labels neutralised for spreadsheets ('=x); read them back.
  const columns = table.columns.map(restoreCell);
  const rows = table.rows;
  if (!rows.length)
    throw new Error('The predictions file has no rows: there is nothing to evaluate.');
  const pi = columns.indexOf('prediction');
  if (pi < 0)
    throw new Error(
      `The predictions file has no "prediction" column (its columns: ${columns.join(', ')}). Use a predictions/*.csv artifact of a training run, or add the column.`,
    );
  const rest = columns.map((c, i) => i).filter((i) => i !== pi && columns[i] !== 'row');
  const probaCols = rest.filter((i) => columns[i].startsWith(PROBA));
  const candidates = rest.filter((i) => !columns[i].startsWith(PROBA));
  let targetCol: number | undefined;
  if (options.target !== undefined) {
    targetCol = candidates.find((i) => columns[i] === options.target);
    if (targetCol === undefined)
      throw new Error(
        `The predictions file has no "${options.target}" column to take the true values from (its columns: ${columns.join(', ')}).`,
      );
  } else if (candidates.length > 1)
    throw new Error(
      `The predictions file has several columns that could hold the true values (${candidates.map((i) => `"${columns[i]}"`).join(', ')}): name the one that does as the target.`,
    );
  else targetCol = candidates[0];
  if (targetCol === undefined)
    throw new Error(
      'The predictions file has no column with the true values: it needs one beside "prediction".',
    );
  const target = columns[targetCol];
  if (!probaCols.length) {
    const actual = new Float64Array(rows.length);
    const predicted = new Float64Array(rows.length);
    rows.forEach((row, r) => {
      const a = parseNumber(row[targetCol]);
      const p = parseNumber(row[pi]);
      if (a === undefined || p === undefined)
        throw new Error(
          `Row ${r + 2} of the predictions file: "${a === undefined ? row[targetCol] : row[pi]}" in column "${a === undefined ? target : 'prediction'}" is not a number. A classification needs a proba_<class> column per class; a regression needs numbers in "${target}" and "prediction".`,
        );
      actual[r] = a;
      predicted[r] = p;
    });
    return { task: 'regression', target, actual, predicted };
  }
  const classes = probaCols.map((i) => columns[i].slice(PROBA.length));
  const index = new Map(classes.map((c, i) => [c, i]));
  const k = classes.length;
  if (k < 2)
    throw new Error(
      `The predictions file has one probability column (${columns[probaCols[0]]}): a classification needs one per class, at least two.`,
    );
  const labels = new Int32Array(rows.length);
  const scores = new Float64Array(k === 2 ? rows.length : rows.length * k);
  rows.forEach((row, r) => {
    const label = index.get(restoreCell(row[targetCol]));
    if (label === undefined)
      throw new Error(
        `Row ${r + 2} of the predictions file: the true class "${row[targetCol]}" has no probability column (the classes are ${classes.map((c) => `"${c}"`).join(', ')}).`,
      );
    labels[r] = label;
    for (let c = 0; c < k; c++) {
      const p = parseNumber(row[probaCols[c]]);
      if (p === undefined || p < 0 || p > 1)
        throw new Error(
          `Row ${r + 2} of the predictions file: "${row[probaCols[c]]}" in column "${columns[probaCols[c]]}" is not a probability between 0 and 1.`,
        );
      if (k === 2) {
        if (c === 1) scores[r] = p;
      } else scores[r * k + c] = p;
    }
  });
  return { task: 'classification', target, classes, labels, scores };
}
