/**
 * Evaluation metrics: pure functions over labels, probabilities and regression targets that give
 * scikit-learn 1.9's values (pinned against it in tests/interop/evaluation-metrics.test.ts).
 *
 * Inputs. Labels are class indices 0..K-1 into a `classes` list of names (`encodeLabels` maps
 * strings). Scores are probabilities, n×K as rows or row-major flat; for two classes a flat array
 * of n values is P(class 1). Two classes are binary, class 1 positive; more are multiclass.
 *
 * Results. Each metric returns a `Metric`, `{ value, note? }`: `value` is sklearn's value; a
 * `note` says why when sklearn would warn (the value is then sklearn's fallback, such as 0.0 for
 * an ill-defined precision) or would raise or return NaN (the value is then null) — e.g. ROC AUC
 * with one class in the labels, R² of one row. A `warnings` list gathers the notes in
 * `evaluateClassifier` and `evaluateRegressor`, which return every metric as one dict to log.
 * Empty input, mismatched lengths, labels outside 0..K-1, probabilities outside [0, 1] and
 * non-finite values throw an Error saying which.
 *
 * Curves (`rocCurve`, `precisionRecallCurve`, `calibrationCurve`) take `positive[i]` booleans and
 * P(positive) scores and return typed arrays for plotting.
 */
export * from './common';
export * from './classification';
export * from './curves';
export * from './probabilistic';
export * from './regression';
export * from './evaluate';
export * from './predictions';
export * from './compute-metrics';
export * from './label-order';
export * from './report';
export * from './run';
