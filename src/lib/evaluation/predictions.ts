/**
 * Reads a predictions table — Tracklab's predictions/<split>.csv, or a file as scikit-learn people
 * write one — into what the metrics take, and says which columns it used. Tracklab's shape is
 * `row`, the target, `prediction` and one `proba_<class>` column per class; prediction-columns.ts
 * lists the other names it knows (`y_true`, `y_pred`, `prob_1`, `p_<class>`, one `probability`
 * column for two classes…).
 *
 * The task. Probability columns make a classification. Without them the true and predicted
 * columns decide (labels-only.ts): labels that are not all numbers (`setosa`, `yes`) are a
 * classification on labels alone, numbers in both a regression — unless `modelType` says
 * "classifier" or "regressor", as mlflow.evaluate's model_type does.
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
import {
  distinctLabels,
  findLabel,
  labelIndex,
  labelList,
  orderClasses,
  sameLabel,
  sklearnOrder,
} from './label-order';
import { readLabels, taskWithoutProbabilities } from './labels-only';
import { findColumns, type ColumnRoles } from './prediction-columns';

/** Which columns an evaluation read, by name, to be shown and recorded. */
export interface ColumnsUsed {
  truth: string;
  /**
   * Read for a regression and for a classification on labels alone; with probabilities, only
   * compared with them.
   */
  prediction?: string;
  /** Each probability column and the class it gives the probability of; none for labels alone. */
  probabilities: { column: string; class: string }[];
}

export type PredictionSet =
  | {
      task: 'classification';
      target: string;
      /** For two classes [negative, positive]. */
      classes: string[];
      labels: Int32Array;
      /**
       * n×K row-major probabilities; for two classes n values of P(classes[1]). Absent where the
       * file has no probability columns: its `predicted` classes are then all there is.
       */
      scores?: Float64Array;
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
      /** What the reader wants a person to know, e.g. that whole numbers could be classes. */
      notes?: string[];
    };

/** What the model is, in mlflow.evaluate's words (its model_type). */
export type ModelType = 'classifier' | 'regressor';
export const MODEL_TYPES: readonly ModelType[] = ['classifier', 'regressor'];

export interface ReadOptions {
  /** The true-value column, where the names do not say. */
  target?: string;
  /** Two classes: the positive one (default: the greater label in scikit-learn's order). */
  posLabel?: string | number;
  /**
   * Read the file as a classification or a regression, where its columns could be either (whole
   * numbers in both the true and predicted columns). Default: from the file.
   */
  modelType?: ModelType;
}

export type Classification = Extract<PredictionSet, { task: 'classification' }>;

/** Throws unless `modelType` is left out or one mlflow.evaluate's default evaluator takes. */
export function checkModelType(modelType: unknown): asserts modelType is ModelType | undefined {
  if (modelType !== undefined && !MODEL_TYPES.includes(modelType as ModelType))
    throw new Error(
      `The model type must be "classifier" or "regressor" (mlflow.evaluate's model_type), or left out to read it from the file; got "${String(modelType)}".`,
    );
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
  const { modelType, posLabel } = options;
  checkModelType(modelType);
  // Tracklab writes formula-like names and labels neutralised for spreadsheets ('=x); read them back.
  const columns = table.columns.map(restoreCell);
  if (!table.rows.length)
    throw new Error('The predictions file has no rows: there is nothing to evaluate.');
  const roles = findColumns(columns, options.target);
  if (roles.perClass.length || roles.single !== undefined) {
    if (modelType === 'regressor') {
      const names = [roles.single ?? -1, ...roles.perClass.map((p) => p.index)]
        .filter((i) => i >= 0)
        .map((i) => columns[i]);
      throw new Error(
        `A regressor's predictions file holds true and predicted numbers, and this one has probability columns (${labelList(names)}): leave the model type out, or ask for a classifier, to read it as a classification.`,
      );
    }
    return readClassification(columns, table.rows, roles, posLabel);
  }
  if (roles.prediction === undefined)
    throw new Error(
      `The predictions file has no column of predictions nor of probabilities (its columns: ${columns.join(', ')}). Name the predicted values or classes "prediction" (or pred, y_pred, yhat); a classification may add one proba_<class> column per class, or one probability column for two classes.`,
    );
  const task = taskWithoutProbabilities(columns, table.rows, roles, modelType);
  if (task === 'classifier') return readLabels(columns, table.rows, roles, posLabel);
  if (posLabel !== undefined)
    throw new Error(
      `A positive class ("${posLabel}") is for two classes, and this predictions file is read as a regression (${modelType ? 'the model type says so' : 'numbers in its true and predicted columns'}). Leave the positive class out${modelType ? '' : ', or ask for a classifier (modelType "classifier") if the numbers are class labels'}.`,
    );
  return readRegression(columns, table.rows, roles, modelType === undefined);
}

/**
 * True and predicted numbers. `guessed`: no model type was asked for, so where both columns hold
 * whole numbers only — class labels as often as counts — a note says how to ask for a classifier.
 */
function readRegression(
  columns: string[],
  rows: string[][],
  roles: ColumnRoles,
  guessed: boolean,
): PredictionSet {
  const { truth: ti } = roles;
  const pi = roles.prediction!;
  const target = columns[ti];
  const actual = new Float64Array(rows.length);
  const predicted = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    const a = parseNumber(row[ti]);
    const p = parseNumber(row[pi]);
    if (a === undefined || p === undefined)
      throw new Error(
        `Row ${r + 2} of the predictions file: "${a === undefined ? row[ti] : row[pi]}" in column "${a === undefined ? target : columns[pi]}" is not a number, and a regressor's true and predicted values are numbers. For class labels, leave the model type out or ask for a classifier.`,
      );
    actual[r] = a;
    predicted[r] = p;
  });
  const columnsUsed = { truth: target, prediction: columns[pi], probabilities: [] };
  const whole = (values: Float64Array) => values.every((v) => Number.isInteger(v));
  const notes =
    guessed && whole(actual) && whole(predicted)
      ? [
          `"${target}" and "${columns[pi]}" hold whole numbers only and are read as a regression: if they are class labels, evaluate with the model type "classifier" (modelType: 'classifier'; Task: classification in the Evaluate form)`,
        ]
      : [];
  return {
    task: 'regression',
    target,
    actual,
    predicted,
    columns: columnsUsed,
    ...(notes.length && { notes }),
  };
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
  const seen = distinctLabels([...new Set([...truth, ...(predictedText ?? [])])]);
  const probaColumns =
    roles.single !== undefined ? [roles.single] : roles.perClass.map((p) => p.index);
  // The class each probability column is of, and the classes in the set's order.
  const { classes, of } =
    probaColumns.length > 1
      ? perClassColumns(columns, roles, truth, predictedText, seen)
      : oneColumn(columns, roles, seen);
  const k = classes.length;
  const { order, positive } = orderClasses(classes, posLabel);
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
    `Row ${at + 2} of the predictions file: the ${which} class "${label}" has no probability column (the classes are ${labelList(suffixes)}).`,
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
        ? `The predictions file has one probability column ("${name}"), which serves two classes, and ${classes.length} classes (${labelList(sklearnOrder(classes))}): give one proba_<class> column per class.`
        : `The predictions file shows one class only ("${classes[0]}"), so with one probability column ("${name}") the other class is unknown: give one proba_<class> column per class.`,
    );
  const sorted = sklearnOrder(classes);
  if (suffix === undefined) return { classes: sorted, of: [sorted[1]] };
  const named = findLabel(classes, suffix);
  const position = /^[01]$/.test(suffix) ? sorted[Number(suffix)] : undefined;
  if (named !== undefined && position !== undefined && classes[named] !== position)
    throw new Error(
      `"${name}" could be P("${classes[named]}"), the class it names, or P("${position}"), column ${suffix} of predict_proba in scikit-learn's order (${labelList(sorted)}): rename it proba_<class>.`,
    );
  const of = named !== undefined ? classes[named] : position;
  if (of === undefined)
    throw new Error(
      `The probability column "${name}" names no class of the predictions file (its classes: ${labelList(sorted)}): rename it proba_<class>, or probability for P("${sorted[1]}").`,
    );
  return { classes: sorted, of: [of] };
}
