/**
 * Class labels in scikit-learn's order. A predictions file read by pandas holds numbers where
 * every label is a number, else strings; np.unique (and so `classes_`, `predict_proba`'s columns
 * and the default positive class, the greater label) sorts numbers numerically and strings by
 * code point. Labels here are the file's text, so both orders are made from it.
 */
import { parseNumber } from '../data/columns';

/** Strings by Unicode code point, as numpy compares its str arrays (not by UTF-16 unit). */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const BOOLEAN = /^(true|false)$/i;

/** The labels sorted as np.unique sorts them once pandas has read them; duplicates kept. */
export function sklearnOrder(labels: readonly string[]): string[] {
  // pandas reads True/true/TRUE and False/… as booleans, and False sorts before True.
  if (labels.every((l) => BOOLEAN.test(l)))
    return [...labels].sort(
      (a, b) => +(a.toLowerCase() === 'true') - +(b.toLowerCase() === 'true'),
    );
  const numbers = labels.map(parseNumber);
  if (numbers.every((n) => n !== undefined)) {
    const value = new Map(labels.map((l, i) => [l, numbers[i]!]));
    return [...labels].sort((a, b) => value.get(a)! - value.get(b)! || byCodePoint(a, b));
  }
  return [...labels].sort(byCodePoint);
}

/** Whether two labels are one class: the same text, or the same number ("1" and "1.0"). */
export function sameLabel(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parseNumber(a);
  return x !== undefined && x === parseNumber(b);
}

/** The entry of `classes` that `label` names, or undefined. */
export function findLabel(classes: readonly string[], label: string): number | undefined {
  const exact = classes.indexOf(label);
  if (exact >= 0) return exact;
  const i = classes.findIndex((c) => sameLabel(c, label));
  return i >= 0 ? i : undefined;
}

/** Labels in quotes for a message; past ten, how many more. */
export function labelList(labels: readonly string[]): string {
  const shown = labels.slice(0, 10).map((n) => `"${n}"`);
  return labels.length > 10
    ? `${shown.join(', ')} and ${labels.length - 10} more`
    : shown.join(', ');
}

/** The distinct labels, "1" and "1.0" counted once (the first spelling kept), in file order. */
export function distinctLabels(labels: readonly string[]): string[] {
  const byKey = new Map<string | number, string>();
  for (const label of labels) {
    const key = parseNumber(label) ?? `text:${label}`;
    if (!byKey.has(key)) byKey.set(key, label);
  }
  return [...byKey.values()];
}

/** Label text → index into `classes`, "1.0" finding "1"; remembered per distinct label. */
export function labelIndex(classes: readonly string[]): (label: string) => number | undefined {
  const known = new Map<string, number | undefined>(classes.map((c, i) => [c, i]));
  return (label) => {
    if (!known.has(label)) known.set(label, findLabel(classes, label));
    return known.get(label);
  };
}

/** Two classes: the one `posLabel` names, else the greater in scikit-learn's order. */
export function positiveClass(classes: readonly string[], posLabel: string | number | undefined) {
  if (posLabel === undefined) return { label: sklearnOrder(classes)[1], given: false };
  const i = findLabel(classes, String(posLabel));
  if (i === undefined)
    throw new Error(
      `The positive class "${posLabel}" is not one of the classes in the predictions file (${labelList(classes)}).`,
    );
  return { label: classes[i], given: true };
}

/**
 * The order a prediction set keeps its classes in: two as [negative, positive], the positive one
 * `posLabel` or else the greater label; more as given, where a positive class is refused.
 */
export function orderClasses(
  classes: string[],
  posLabel: string | number | undefined,
): { order: string[]; positive?: { label: string; given: boolean } } {
  if (classes.length === 2) {
    const positive = positiveClass(classes, posLabel);
    return { order: [classes.find((c) => c !== positive.label)!, positive.label], positive };
  }
  if (posLabel !== undefined)
    throw new Error(
      `A positive class ("${posLabel}") is for two classes; this predictions file has ${classes.length} (${labelList(classes)}). Leave the positive class out.`,
    );
  return { order: classes };
}
