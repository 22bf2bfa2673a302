/**
 * Reads a predictions table — Tracklab's predictions/<split>.csv, or a file as scikit-learn people
 * write one — into what the metrics take, and says which columns it used. Tracklab's shape is
 * `row`, the target, `prediction` and one `proba_<class>` column per class; prediction-columns.ts
 * lists the other names it knows (`y_true`, `y_pred`, `prob_1`, `p_<class>`, one `probability`
 * column for two classes…). A table without probability columns is a regression.
 *
 * Classes. A per-class column names its class (`proba_yes`), or, where its suffix is 0..K-1 and
 * names no class, is column i of predict_proba: the i-th label in scikit-learn's order
 * (label-order.ts). A lone probability column that names no class is P(the greater label), as
 * scikit-learn's y_score. Two classes are binary; the positive class is `posLabel`, else the
 * greater label, and the set holds them as [negative, positive] with P(positive) as scores.
 */
import { parseTable, type Table } from '../data/csv';
import { parseNumber } from '../data/columns';
import { restoreCell } from '../data/csv-export';
import { findLabel, sameLabel, sklearnOrder } from './label-order';
import { findColumns, type ColumnRoles } from './prediction-columns';

/** Which columns an evaluation read, by name, to be shown and recorded. */
export interface ColumnsUsed {
  truth: string;
  /** Read for a regression; for a classification only compared with the probabilities. */
  prediction?: string;
  /** Each probability column and the class it gives the probability of. */
  probabilities: { column: string; class: string }[];
}

export type PredictionSet =
  | {
      task: 'classification';
      target: string;
      /** For two classes [negative, positive]. */
      classes: string[];
      labels: Int32Array;
      /** n×K row-major probabilities; for two classes n values of P(classes[1]). */
      scores: Float64Array;
      /** The file's own predicted classes (indices into `classes`), when it has them. */
      predicted?: Int32Array;
      /** Two classes: the positive one, and whether `posLabel` named it. */
      positive?: { label: string; given: boolean };
      columns: ColumnsUsed;
    }
  | {
      task: 'regression';
      target: string;
      actual: Float64Array;
      predicted: Float64Array;
      columns: ColumnsUsed;
    };

export interface ReadOptions {
  /** The true-value column, where the names do not say. */
  target?: string;
  /** Two classes: the positive one (default: the greater label in scikit-learn's order). */
  posLabel?: string | number;
}

type Classification = Extract<PredictionSet, { task: 'classification' }>;

/** Names in quotes for a message; past ten, how many more. */
function quoted(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => `"${n}"`);
  return names.length > 10 ? `${shown.join(', ')} and ${names.length - 10} more` : shown.join(', ');
}

/** The distinct labels, "1" and "1.0" counted once (the first spelling kept), in file order. */
function distinct(labels: string[]): string[] {
  const byKey = new Map<string | number, string>();
  for (const label of labels) {
    const key = parseNumber(label) ?? `text:${label}`;
    if (!byKey.has(key)) byKey.set(key, label);
  }
  return [...byKey.values()];
}

/**
 * The predictions file's text as a table. pandas' `df.to_csv(path)` writes its index as a first
 * column with an empty name, which the CSV reader refuses; it is named as pandas reads it back,
 * "Unnamed: 0", and so read as row numbers.
 */
export function parsePredictions(text: string): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return parseTable(/^[,;\t|]/.test(body) ? `Unnamed: 0${body}` : body);
}

/** Reads the table, or throws an Error that names the column or row and what to do. */
export function readPredictions(table: Table, options: ReadOptions = {}): PredictionSet {
  // Tracklab writes formula-like names and labels neutralised for spreadsheets ('=x); read them back.
  const columns = table.columns.map(restoreCell);
  if (!table.rows.length)
    throw new Error('The predictions file has no rows: there is nothing to evaluate.');
  const roles = findColumns(columns, options.target);
  if (roles.perClass.length || roles.single !== undefined)
    return readClassification(columns, table.rows, roles, options.posLabel);
  if (options.posLabel !== undefined)
    throw new Error(
      `A positive class ("${options.posLabel}") is for two classes, and this predictions file has no probability columns: it is read as a regression. Leave the positive class out.`,
    );
  return readRegression(columns, table.rows, roles);
}

function readRegression(columns: string[], rows: string[][], roles: ColumnRoles): PredictionSet {
  const { truth: ti, prediction: pi } = roles;
  const target = columns[ti];
  if (pi === undefined)
    throw new Error(
      `The predictions file has no column of predictions nor of probabilities (its columns: ${columns.join(', ')}). Name the predicted values "prediction" (or pred, y_pred, yhat); for a classification add one proba_<class> column per class, or one probability column for two classes.`,
    );
  const actual = new Float64Array(rows.length);
  const predicted = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    const a = parseNumber(row[ti]);
    const p = parseNumber(row[pi]);
    if (a === undefined || p === undefined)
      throw new Error(
        `Row ${r + 2} of the predictions file: "${a === undefined ? row[ti] : row[pi]}" in column "${a === undefined ? target : columns[pi]}" is not a number. A classification needs probability columns (proba_<class> per class, or one for two classes); a regression needs numbers in "${target}" and "${columns[pi]}".`,
      );
    actual[r] = a;
    predicted[r] = p;
  });
  const columnsUsed = { truth: target, prediction: columns[pi], probabilities: [] };
  return { task: 'regression', target, actual, predicted, columns: columnsUsed };
}

function readClassification(
  columns: string[],
  rows: string[][],
  roles: ColumnRoles,
  posLabel: string | number | undefined,
): Classification {
  const truth = rows.map((row) => restoreCell(row[roles.truth]));
  const pi = roles.prediction;
  const predictedText = pi === undefined ? undefined : rows.map((row) => restoreCell(row[pi]));
  const seen = distinct([...new Set([...truth, ...(predictedText ?? [])])]);
  const probaColumns =
    roles.single !== undefined ? [roles.single] : roles.perClass.map((p) => p.index);
  // The class each probability column is of, and the classes in the set's order.
  const { classes, of } =
    probaColumns.length > 1
      ? perClassColumns(columns, roles, truth, predictedText, seen)
      : oneColumn(columns, roles, seen);
  const k = classes.length;
  let order = classes;
  let positive: Classification['positive'];
  if (k === 2) {
    positive = positiveClass(classes, posLabel);
    order = [classes.find((c) => c !== positive!.label)!, positive.label];
  } else if (posLabel !== undefined)
    throw new Error(
      `A positive class ("${posLabel}") is for two classes; this predictions file has ${k} (${quoted(classes)}). Leave the positive class out.`,
    );
  const index = labelIndex(order);
  const labels = Int32Array.from(truth, (label) => index(label)!);
  const predicted = predictedText && Int32Array.from(predictedText, (label) => index(label)!);
  const scores = new Float64Array(k === 2 ? rows.length : rows.length * k);
  rows.forEach((row, r) => {
    probaColumns.forEach((column, j) => {
      const p = parseNumber(row[column]);
      if (p === undefined || p < 0 || p > 1)
        throw new Error(
          `Row ${r + 2} of the predictions file: "${row[column]}" in column "${columns[column]}" is not a probability between 0 and 1.`,
        );
      const c = order.indexOf(of[j]);
      if (k !== 2) scores[r * k + c] = p;
      else if (probaColumns.length === 1) scores[r] = c === 1 ? p : 1 - p;
      else if (c === 1) scores[r] = p;
    });
  });
  return {
    task: 'classification',
    target: columns[roles.truth],
    classes: order,
    labels,
    scores,
    ...(predicted && { predicted }),
    ...(positive && { positive }),
    columns: {
      truth: columns[roles.truth],
      ...(pi !== undefined && { prediction: columns[pi] }),
      probabilities: probaColumns.map((column, j) => ({ column: columns[column], class: of[j] })),
    },
  };
}

/** Label text → index into `classes`, "1.0" finding "1"; remembered per distinct label. */
function labelIndex(classes: readonly string[]): (label: string) => number | undefined {
  const known = new Map<string, number | undefined>(classes.map((c, i) => [c, i]));
  return (label) => {
    if (!known.has(label)) known.set(label, findLabel(classes, label));
    return known.get(label);
  };
}

/** Two classes: the one `posLabel` names, else the greater in scikit-learn's order. */
function positiveClass(classes: string[], posLabel: string | number | undefined) {
  if (posLabel === undefined) return { label: sklearnOrder(classes)[1], given: false };
  const i = findLabel(classes, String(posLabel));
  if (i === undefined)
    throw new Error(
      `The positive class "${posLabel}" is not one of the classes in the predictions file (${quoted(classes)}).`,
    );
  return { label: classes[i], given: true };
}

/**
 * Several per-class columns: by the classes they name, or — where the suffixes are 0..K-1 and the
 * file's labels are K others — by position in scikit-learn's order, as predict_proba's columns.
 */
function perClassColumns(
  columns: string[],
  roles: ColumnRoles,
  truth: string[],
  predicted: string[] | undefined,
  seen: string[],
) {
  const suffixes = roles.perClass.map((p) => p.suffix);
  const k = suffixes.length;
  const byName = seen.every((label) => findLabel(suffixes, label) !== undefined);
  const positions = new Set(suffixes);
  const sorted = sklearnOrder(seen);
  const byPosition = seen.length === k && suffixes.every((_, i) => positions.has(String(i)));
  // Both readings at once need the labels to be the numbers 0..K-1, and then they agree.
  if (byName) return { classes: suffixes, of: suffixes };
  if (byPosition) {
    const of = suffixes.map((s) => sorted[Number(s)]);
    return { classes: of, of };
  }
  // Name the first row whose class has no column.
  const missing = (labels: string[]) =>
    labels.findIndex((l) => findLabel(suffixes, l) === undefined);
  const r = missing(truth);
  const [which, at] = r >= 0 ? ['true', r] : ['predicted', missing(predicted ?? [])];
  const label = (r >= 0 ? truth : predicted!)[at];
  throw new Error(
    `Row ${at + 2} of the predictions file: the ${which} class "${label}" has no probability column (the classes are ${quoted(suffixes)}).`,
  );
}

/** One probability column for two classes: which class it is of, and the two classes. */
function oneColumn(columns: string[], roles: ColumnRoles, seen: string[]) {
  const column = roles.single ?? roles.perClass[0].index;
  const name = columns[column];
  const suffix = roles.perClass[0]?.suffix;
  const only = seen.length === 1 && suffix !== undefined && !sameLabel(seen[0], suffix);
  const classes = only && !/^[01]$/.test(suffix) ? [seen[0], suffix] : seen;
  if (classes.length !== 2)
    throw new Error(
      classes.length > 2
        ? `The predictions file has one probability column ("${name}"), which serves two classes, and ${classes.length} classes (${quoted(sklearnOrder(classes))}): give one proba_<class> column per class.`
        : `The predictions file shows one class only ("${classes[0]}"), so with one probability column ("${name}") the other class is unknown: give one proba_<class> column per class.`,
    );
  const sorted = sklearnOrder(classes);
  if (suffix === undefined) return { classes: sorted, of: [sorted[1]] };
  const named = findLabel(classes, suffix);
  const position = /^[01]$/.test(suffix) ? sorted[Number(suffix)] : undefined;
  if (named !== undefined && position !== undefined && classes[named] !== position)
    throw new Error(
      `"${name}" could be P("${classes[named]}"), the class it names, or P("${position}"), column ${suffix} of predict_proba in scikit-learn's order (${quoted(sorted)}): rename it proba_<class>.`,
    );
  const of = named !== undefined ? classes[named] : position;
  if (of === undefined)
    throw new Error(
      `The probability column "${name}" names no class of the predictions file (its classes: ${quoted(sorted)}): rename it proba_<class>, or probability for P("${sorted[1]}").`,
    );
  return { classes: sorted, of: [of] };
}
