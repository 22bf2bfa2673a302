/**
 * Infers what each column of a table holds — numbers, categories, booleans, dates, free text or
 * row ids — counts missing values, and summarises it (histogram or top values) for the schema
 * editor. Also checks a chosen target and infers the task from it. Pure functions over strings.
 */
import { DataError } from './errors';
import type { Table } from './csv';

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'date' | 'text' | 'id' | 'empty';
export type Task = 'binary' | 'multiclass' | 'regression';

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  missing: number;
  distinct: number;
  /** numeric and date columns: range, mean, and a 10-bin histogram */
  stats?: {
    min: number;
    max: number;
    mean: number;
    std: number;
    edges: number[];
    counts: number[];
  };
  /** the most frequent values, up to 10 */
  top: { value: string; count: number }[];
  /** things a person should know, e.g. a categorical with thousands of levels */
  warnings: string[];
  /** Cells written inf, -Infinity, … in a numeric column: left out of the statistics. */
  infinite?: number;
  /**
   * A column not read as numeric: its present cells that are not numbers (what forcing it to
   * Numeric would turn into missing values), with a few of them as written. Absent in records
   * saved before it was counted.
   */
  notNumbers?: { count: number; examples: string[] };
}

/** Cells read as missing, as pandas' read_csv does by default (plus a lone '?'). */
const MISSING = new Set([
  '',
  'NA',
  'N/A',
  'n/a',
  'NaN',
  'nan',
  'null',
  'NULL',
  'None',
  '#N/A',
  '-',
  '?',
]);
/** Words read as true and false (lower-cased) in boolean columns. */
export const TRUE = new Set(['true', 'yes', 't', 'y']);
export const FALSE = new Set(['false', 'no', 'f', 'n']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
// Integer columns are ids only when their name says so (a unique count could be a measurement).
const ID_NAME = /(^id$|_id$|^id_|uuid|^key$|^index$|^row$)/i;
/** Beyond this many levels a one-hot encoding explodes; the preprocessor buckets rare ones. */
export const MANY_LEVELS = 1000;

export const isMissing = (cell: string) => MISSING.has(cell.trim());

const INFINITE = /^[-+]?(inf|infinity)$/i;
/** inf, -inf, +Infinity, … in any case: numbers, but none a model or a statistic can use. */
export const isInfinite = (cell: string) => INFINITE.test(cell.trim());

/** A finite number as written in a cell (decimal point, optional exponent), else undefined. */
export function parseNumber(cell: string): number | undefined {
  const t = cell.trim();
  if (!t || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function summarise(values: ArrayLike<number>) {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const std = Math.sqrt(squares / n);
  const bins = 10;
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++)
    counts[Math.min(bins - 1, Math.floor((values[i] - min) / width))] += 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  return { min, max, mean, std, edges, counts };
}

const isBooleanWord = (v: string) => {
  const l = v.trim().toLowerCase();
  return TRUE.has(l) || FALSE.has(l);
};

/** The `limit` most frequent values, ties by value: a selection, not a sort of every level. */
function topValues(counts: Map<string, number>, limit: number) {
  const before = (a: [string, number], b: [string, number]) =>
    a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  const top: [string, number][] = [];
  for (const entry of counts) {
    if (top.length === limit && !before(entry, top[limit - 1])) continue;
    let i = top.length === limit ? limit - 1 : top.length;
    while (i > 0 && before(entry, top[i - 1])) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = entry;
  }
  return top.map(([value, count]) => ({ value, count }));
}

interface Scan {
  allBoolean: boolean;
  allNumeric: boolean;
  allIntegers: boolean;
  totalLength: number;
}

function kindOf(name: string, present: string[], distinct: number, scan: Scan): ColumnKind {
  if (!present.length) return 'empty';
  if (scan.allBoolean) return 'boolean';
  if (scan.allNumeric) {
    return scan.allIntegers && distinct === present.length && ID_NAME.test(name) ? 'id' : 'numeric';
  }
  if (present.every((v) => ISO_DATE.test(v.trim()) && !Number.isNaN(Date.parse(v.trim()))))
    return 'date';
  const meanLength = scan.totalLength / present.length;
  if (meanLength > 40 && distinct > present.length / 2) return 'text';
  // A different short string on every row names the row; as a category it could not generalise.
  if (distinct === present.length && present.length >= 20) return 'id';
  return 'categorical';
}

/**
 * Levels of an all-numeric column, counted by value from a sorted copy instead of a map of
 * strings (4× faster on a million cells): "1" and "1.0" are one level, ties in the top values go
 * by value, and each top value is shown as written where it first occurs.
 */
function numericLevels(values: Float64Array) {
  const sorted = values.slice().sort();
  const top: [number, number][] = [];
  const limit = 10;
  let distinct = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    distinct++;
    const count = j - i;
    // Runs come in ascending value, so a tie never displaces an earlier value.
    if (top.length < limit || count > top[limit - 1][1]) {
      let k = top.length === limit ? limit - 1 : top.length;
      while (k > 0 && count > top[k - 1][1]) {
        top[k] = top[k - 1];
        k--;
      }
      top[k] = [sorted[i], count];
    }
    i = j;
  }
  return { distinct, top };
}

/**
 * One pass over the column: missing cells, whether every present value is a boolean word or a
 * number (parsed once, kept for the summary), and level counts — by string only once a value is
 * not a number. Dates are checked only for columns that are neither.
 */
export function profileColumn(table: Table, index: number): ColumnProfile {
  const name = table.columns[index];
  const rows = table.rows;
  const present: string[] = [];
  let counts: Map<string, number> | undefined;
  const numbers = new Float64Array(rows.length);
  let allBoolean = true;
  let allNumeric = true;
  let allIntegers = true;
  let totalLength = 0;
  let infinite = 0;
  for (const row of rows) {
    const v = row[index];
    if (isMissing(v)) continue;
    if (allNumeric) {
      let n = parseNumber(v);
      if (n === undefined && isInfinite(v)) {
        n = v.trim().startsWith('-') ? -Infinity : Infinity;
        infinite += 1;
      }
      if (n === undefined) {
        allNumeric = false;
        counts = new Map();
        for (const p of present) counts.set(p, (counts.get(p) ?? 0) + 1);
      } else {
        numbers[present.length] = n;
        if (allIntegers && Number.isFinite(n) && !Number.isInteger(n)) allIntegers = false;
        // A number is never a boolean word.
        allBoolean = false;
      }
    }
    if (counts) {
      const seen = counts.get(v);
      if (seen === undefined) {
        counts.set(v, 1);
        // A repeated value has already passed (or failed) this check.
        if (allBoolean && !isBooleanWord(v)) allBoolean = false;
      } else counts.set(v, seen + 1);
    }
    totalLength += v.length;
    present.push(v);
  }
  let distinct: number;
  let top: { value: string; count: number }[];
  if (counts) {
    distinct = counts.size;
    top = topValues(counts, 10);
  } else {
    const values = numbers.subarray(0, present.length);
    const levels = numericLevels(values);
    distinct = levels.distinct;
    const written = new Map<number, string>();
    for (let i = 0; i < values.length && written.size < levels.top.length; i++) {
      if (!written.has(values[i]) && levels.top.some(([v]) => v === values[i]))
        written.set(values[i], present[i]);
    }
    top = levels.top.map(([v, count]) => ({ value: written.get(v)!, count }));
  }
  const kind = kindOf(name, present, distinct, {
    allBoolean: allBoolean && present.length > 0,
    allNumeric,
    allIntegers,
    totalLength,
  });
  const warnings: string[] = [];
  // About the column as a feature: the Data screen leaves it out beside a target's refusal.
  if (kind === 'empty')
    warnings.push(`Every value of "${name}" is missing: it will be left out of training.`);
  if (kind === 'categorical' && distinct > MANY_LEVELS) {
    warnings.push(
      `"${name}" has ${distinct.toLocaleString('en')} different values: only the most frequent become features, the rest share one "other" level. If it is an identifier, mark it as id.`,
    );
  }
  const profile: ColumnProfile = {
    name,
    kind,
    missing: rows.length - present.length,
    distinct,
    top,
    warnings,
  };
  if (kind === 'numeric') {
    const values = numbers.subarray(0, present.length);
    const finite = infinite ? values.filter(Number.isFinite) : values;
    if (finite.length) profile.stats = summarise(finite);
    if (infinite) {
      profile.infinite = infinite;
      warnings.push(
        `${infinite.toLocaleString('en')} ${infinite === 1 ? 'value' : 'values'} of "${name}" ${infinite === 1 ? 'is' : 'are'} infinite (${infiniteSpellings(rows, index)}): the statistics leave ${infinite === 1 ? 'it' : 'them'} out, and training treats ${infinite === 1 ? 'it' : 'them'} as missing (filled like missing values).`,
      );
    }
  } else if (counts) profile.notNumbers = notNumbers(counts);
  if (kind === 'date') profile.stats = summarise(present.map((v) => Date.parse(v.trim())));
  return profile;
}

/** The ways infinity is written in a column, as found: "inf, -Infinity". */
function infiniteSpellings(rows: string[][], index: number): string {
  const seen = new Set<string>();
  for (const row of rows) {
    if (isInfinite(row[index])) seen.add(row[index].trim());
    if (seen.size === 3) break;
  }
  return [...seen].join(', ');
}

/** Present cells that are not numbers, counted from the level counts, with the first few. */
function notNumbers(counts: Map<string, number>): { count: number; examples: string[] } {
  let count = 0;
  const examples: string[] = [];
  for (const [value, n] of counts) {
    if (parseNumber(value) !== undefined || isInfinite(value)) continue;
    count += n;
    if (examples.length < 5) examples.push(value);
  }
  return { count, examples };
}

export function profileTable(table: Table): ColumnProfile[] {
  return table.columns.map((_, i) => profileColumn(table, i));
}

/** The task a target implies: a few integer labels, booleans or categories classify; numbers regress. */
export function inferTask(target: ColumnProfile): Task {
  if (target.kind === 'numeric') {
    const integerLabels =
      target.top.length === target.distinct &&
      target.top.every((t) => Number.isInteger(Number(t.value)));
    if (!(integerLabels && target.distinct <= 10)) return 'regression';
  }
  return target.distinct === 2 ? 'binary' : 'multiclass';
}

/** Refuses a target that cannot be learned, saying why and what to pick instead. */
export function checkTarget(target: ColumnProfile, rows: number): void {
  if (target.kind === 'empty') {
    throw new DataError(
      `Every value of the target "${target.name}" is missing. Choose a column that has values.`,
      { column: target.name },
    );
  }
  if (target.kind === 'id' || target.kind === 'text' || target.kind === 'date') {
    throw new DataError(
      `"${target.name}" holds ${target.kind === 'id' ? 'row ids' : target.kind === 'text' ? 'free text' : 'dates'}, which cannot be a target. Choose a numeric, boolean or categorical column.`,
      { column: target.name },
    );
  }
  if (target.distinct < 2) {
    throw new DataError(
      `The target "${target.name}" has only one value ("${target.top[0]?.value}") in ${rows - target.missing} rows: there is nothing to learn. Choose another target, or add rows of the other classes.`,
      { column: target.name },
    );
  }
}
