/**
 * Predictions files without probability columns: `y_true,y_pred` as scikit-learn people write
 * them for classification_report, confusion_matrix, accuracy and F1. Labels that are not all
 * numbers (`setosa`, `yes`) are a classification on labels alone; numbers in both columns are a
 * regression unless the model type says "classifier" — integers 0/1/2 are class labels as often
 * as counts, and mlflow.evaluate asks for its model_type for the same reason.
 *
 * The classes are the union of the true and predicted labels in scikit-learn's order
 * (unique_labels, label-order.ts), so a class only ever predicted is one too.
 */
import { parseNumber } from '../data/columns';
import { restoreCell } from '../data/csv-export';
import { distinctLabels, labelIndex, orderClasses, sameLabel, sklearnOrder } from './label-order';
import type { ColumnRoles } from './prediction-columns';
import type { Classification, ModelType } from './predictions';

/**
 * Whether a file with true and predicted columns and no probabilities is a classifier's or a
 * regressor's: `modelType` when given, else numbers in both columns make a regression and labels
 * a classification. Throws for an empty cell, and for labels that mix numbers in one column with
 * text in the other, which scikit-learn refuses ("Mix of label input types").
 */
export function taskWithoutProbabilities(
  columns: string[],
  rows: string[][],
  roles: ColumnRoles,
  modelType: ModelType | undefined,
): ModelType {
  const parts = [roles.truth, roles.prediction!];
  for (const column of parts) {
    const r = rows.findIndex((row) => !row[column]?.trim());
    if (r >= 0)
      throw new Error(
        `Row ${r + 2} of the predictions file has no value in "${columns[column]}": every row needs a true and a predicted value. Fill it in, or leave the row out.`,
      );
  }
  if (modelType === 'regressor') return modelType;
  const firstText = parts.map((column) =>
    rows.findIndex((row) => parseNumber(restoreCell(row[column])) === undefined),
  );
  if (modelType === undefined && firstText.every((r) => r < 0)) return 'regressor';
  const [t, p] = firstText;
  if (t < 0 !== p < 0) {
    const [text, numbers] = t >= 0 ? [0, 1] : [1, 0];
    const r = firstText[text];
    throw new Error(
      `Row ${r + 2} of the predictions file: "${rows[r][parts[text]]}" in "${columns[parts[text]]}" is not a number, while every value in "${columns[parts[numbers]]}" is. A regression needs numbers in both columns; a classification needs labels of one kind in both (scikit-learn refuses a mix of numbers and text).`,
    );
  }
  return 'classifier';
}

/**
 * A classification on labels alone: the true and predicted classes, encoded over their union.
 * With one class in the file, a positive class naming another makes two, as scikit-learn's
 * pos_label scores a class absent from both.
 */
export function readLabels(
  columns: string[],
  rows: string[][],
  roles: ColumnRoles,
  posLabel: string | number | undefined,
): Classification {
  const pi = roles.prediction!;
  const truth = rows.map((row) => restoreCell(row[roles.truth]));
  const predictedText = rows.map((row) => restoreCell(row[pi]));
  let classes = sklearnOrder(distinctLabels([...new Set([...truth, ...predictedText])]));
  if (classes.length === 1) {
    if (posLabel === undefined || sameLabel(classes[0], String(posLabel)))
      throw new Error(
        `The predictions file shows one class only ("${classes[0]}") in "${columns[roles.truth]}" and "${columns[pi]}": a classification needs two. Name the other class as the positive one if the file is about it.`,
      );
    classes = sklearnOrder([classes[0], String(posLabel)]);
  }
  const { order, positive } = orderClasses(classes, posLabel);
  const index = labelIndex(order);
  return {
    task: 'classification',
    target: columns[roles.truth],
    classes: order,
    labels: Int32Array.from(truth, (label) => index(label)!),
    predicted: Int32Array.from(predictedText, (label) => index(label)!),
    ...(positive && { positive }),
    columns: { truth: columns[roles.truth], prediction: columns[pi], probabilities: [] },
  };
}
