/**
 * Which columns of a predictions file hold what, by the names people give them: Tracklab's own
 * (`row`, the target, `prediction`, `proba_<class>`) and scikit-learn habits (`y_true`, `y_pred`,
 * `prob_1`, `p_<class>`, one `probability` or `score` column, pandas' unnamed index). Names are
 * matched without regard to case. Where two columns could play one part, the message names both.
 */

/** Names a true-value column goes by. */
export const TRUE_NAMES = ['y_true', 'true', 'label', 'labels', 'target', 'actual', 'y', 'y_test'];
/** Names a predicted-value column goes by. */
export const PREDICTION_NAMES = [
  'prediction',
  'predictions',
  'predicted',
  'pred',
  'preds',
  'y_pred',
  'yhat',
  'y_hat',
];
/** Names of one probability column that names no class: P(positive) of a binary classifier. */
export const SCORE_NAMES = [
  'probability',
  'proba',
  'prob',
  'p',
  'score',
  'y_score',
  'y_prob',
  'y_proba',
];
/** `<prefix>_<class>`: the probability of one class. */
const PER_CLASS = /^(proba|prob|probability|p)_(.+)$/i;
/** Row numbers and ids, never the true values: Tracklab's `row`, pandas' index when read back. */
const ROW_ID = /^(row|index|id|unnamed: \d+)$/i;

export interface ColumnRoles {
  /** The column of the true values. */
  truth: number;
  /** The column of predicted values, if any: needed for a regression. */
  prediction?: number;
  /** Per-class probability columns, with the class text after the prefix. */
  perClass: { index: number; suffix: string }[];
  /** One probability column that names no class. */
  single?: number;
}

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const named = (names: string[]) => (c: string) => names.includes(c.toLowerCase());

/**
 * Finds each column's part in `columns` (header names as the file has them, spreadsheet prefixes
 * already undone). `target`, when given, names the true-value column. Throws an Error that names
 * the columns in doubt and what to do.
 */
export function findColumns(columns: string[], target?: string): ColumnRoles {
  const all = columns.map((_, i) => i);
  const list = `its columns: ${columns.join(', ')}`;
  let truth: number | undefined;
  if (target !== undefined) {
    truth = columns.indexOf(target);
    if (truth < 0)
      throw new Error(
        `The predictions file has no "${target}" column to take the true values from (${list}).`,
      );
  }
  const others = all.filter((i) => i !== truth);
  const predictions = others.filter((i) => named(PREDICTION_NAMES)(columns[i]));
  if (predictions.length > 1)
    throw new Error(
      `The predictions file has several columns that could hold the predictions (${quoted(predictions.map((i) => columns[i]))}): keep one, or rename the others.`,
    );
  const prediction = predictions[0];
  const perClass = others.flatMap((i) => {
    const m = PER_CLASS.exec(columns[i]);
    return m && i !== prediction ? [{ index: i, prefix: m[1].toLowerCase(), suffix: m[2] }] : [];
  });
  const prefixes = [...new Set(perClass.map((p) => p.prefix))];
  if (prefixes.length > 1)
    throw new Error(
      `The predictions file spells its probability columns ${prefixes.length} ways (${quoted(perClass.map((p) => columns[p.index]))}): name them all alike, e.g. ${prefixes[0]}_<class>.`,
    );
  const taken = new Set([prediction, ...perClass.map((p) => p.index)]);
  const rest = others.filter((i) => !taken.has(i) && !ROW_ID.test(columns[i]));
  truth ??= trueColumn(columns, rest);
  const scores = rest.filter((i) => i !== truth && named(SCORE_NAMES)(columns[i]));
  if (scores.length > 1 || (scores.length && perClass.length))
    throw new Error(
      `The predictions file has several probability columns that name no class or spell it differently (${quoted([...perClass.map((p) => p.index), ...scores].map((i) => columns[i]))}): give one column for P(positive), or one prob_<class> column per class.`,
    );
  return {
    truth,
    prediction,
    perClass: perClass.map(({ index, suffix }) => ({ index, suffix })),
    single: scores[0],
  };
}

/** The true-value column among `rest`: the only one, the one named so, or the only non-score. */
function trueColumn(columns: string[], rest: number[]): number {
  if (rest.length === 1) return rest[0];
  const byName = rest.filter((i) => named(TRUE_NAMES)(columns[i]));
  if (byName.length === 1) return byName[0];
  const plain = rest.filter((i) => !named(SCORE_NAMES)(columns[i]));
  if (!byName.length && plain.length === 1) return plain[0];
  if (!rest.length)
    throw new Error(
      `The predictions file has no column with the true values (${columns.length ? `its columns: ${columns.join(', ')}` : 'it has no columns'}): add one, named y_true, label or target, beside the predictions.`,
    );
  const doubt = byName.length ? byName : plain.length ? plain : rest;
  throw new Error(
    `The predictions file has several columns that could hold the true values (${quoted(doubt.map((i) => columns[i]))}): name the one that does as the target.`,
  );
}
