/**
 * What forcing a column to Numeric costs: its present cells that are not numbers become missing
 * values (filled in training; a target's rows are left out). Said with how many and examples, and
 * a confirmation asked before training once it is more than a few. Pure.
 */
import type { ColumnKind, ColumnProfile } from './columns';
import { parseNumber, isInfinite } from './columns';

export interface NumericLoss {
  column: string;
  /** Present cells that are not numbers (at least this many when `atLeast`). */
  count: number;
  /** Present cells in the column. */
  present: number;
  examples: string[];
  /** Counted from the top values only (a record saved before cells were counted). */
  atLeast: boolean;
  /** The lost cells look like numbers with a decimal comma. */
  decimalCommas: boolean;
  /** More than a few: training waits for the person to confirm. */
  needsConfirm: boolean;
  /** The loss in one sentence, for the schema editor and the Train page. */
  message: string;
}

const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

/** Up to this many lost cells (and under a tenth of the column) pass without a confirmation. */
export const FEW_CELLS = 5;

/** The loss of reading `profile`'s column as `kind`, or null when nothing is lost. */
export function numericLoss(
  profile: ColumnProfile,
  kind: ColumnKind,
  rows: number,
  isTarget = false,
): NumericLoss | null {
  if (kind !== 'numeric' || profile.kind === 'numeric' || profile.kind === 'empty') return null;
  const present = rows - profile.missing;
  let count: number;
  let examples: string[];
  let atLeast = false;
  if (profile.notNumbers) ({ count, examples } = profile.notNumbers);
  else {
    const lost = profile.top.filter(
      (t) => parseNumber(t.value) === undefined && !isInfinite(t.value),
    );
    count = lost.reduce((s, t) => s + t.count, 0);
    examples = lost.slice(0, 5).map((t) => t.value);
    atLeast = profile.distinct > profile.top.length;
  }
  if (count === 0) return null;
  const loss = {
    column: profile.name,
    count,
    present,
    examples,
    atLeast,
    decimalCommas: examples.length > 0 && examples.every((e) => DECIMAL_COMMA.test(e.trim())),
    needsConfirm: count > FEW_CELLS || count * 10 >= present,
  };
  return { ...loss, message: describeLoss(loss, isTarget) };
}

function describeLoss(loss: Omit<NumericLoss, 'message'>, isTarget: boolean): string {
  const n = `${loss.atLeast ? 'at least ' : ''}${loss.count.toLocaleString('en')} of its ${loss.present.toLocaleString('en')} values`;
  const examples = loss.examples.map((e) => `"${e}"`).join(', ');
  const effect = isTarget
    ? 'their rows are left out of training'
    : 'training reads them as missing values (filled like the rest)';
  const hint = loss.decimalCommas
    ? ' They use decimal commas: choose Decimal separator › Comma under "How the file is read" to read them as numbers.'
    : '';
  return `"${loss.column}" is set to Numeric, but ${n} ${loss.count === 1 ? 'is not a number' : 'are not numbers'} (e.g. ${examples}): ${effect}.${hint}`;
}
