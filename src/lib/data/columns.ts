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
const FALSE = new Set(['false', 'no', 'f', 'n']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
// Integer columns are ids only when their name says so (a unique count could be a measurement).
const ID_NAME = /(^id$|_id$|^id_|uuid|^key$|^index$|^row$)/i;
/** Beyond this many levels a one-hot encoding explodes; the preprocessor buckets rare ones. */
export const MANY_LEVELS = 1000;

export const isMissing = (cell: string) => MISSING.has(cell.trim());

export function parseNumber(cell: string): number | undefined {
  const t = cell.trim();
  if (!t || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function summarise(values: number[]) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  const bins = 10;
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))] += 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  return { min, max, mean, std, edges, counts };
}

function kindOf(name: string, present: string[], distinct: number): ColumnKind {
  if (!present.length) return 'empty';
  const lower = present.map((v) => v.trim().toLowerCase());
  if (lower.every((v) => TRUE.has(v) || FALSE.has(v))) return 'boolean';
  const numbers = present.map(parseNumber);
  if (numbers.every((n) => n !== undefined)) {
    const integers = numbers.every((n) => Number.isInteger(n));
    return integers && distinct === present.length && ID_NAME.test(name) ? 'id' : 'numeric';
  }
  if (present.every((v) => ISO_DATE.test(v.trim()) && !Number.isNaN(Date.parse(v.trim()))))
    return 'date';
  const meanLength = present.reduce((s, v) => s + v.length, 0) / present.length;
  if (meanLength > 40 && distinct > present.length / 2) return 'text';
  // A different short string on every row names the row; as a category it could not generalise.
  if (distinct === present.length && present.length >= 20) return 'id';
  return 'categorical';
}

export function profileColumn(table: Table, index: number): ColumnProfile {
  const name = table.columns[index];
  const present: string[] = [];
  for (const row of table.rows) if (!isMissing(row[index])) present.push(row[index]);
  const counts = new Map<string, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  const kind = kindOf(name, present, counts.size);
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([value, count]) => ({ value, count }));
  const warnings: string[] = [];
  if (kind === 'empty')
    warnings.push(`Every value of "${name}" is missing: it will be left out of training.`);
  if (kind === 'categorical' && counts.size > MANY_LEVELS) {
    warnings.push(
      `"${name}" has ${counts.size.toLocaleString('en')} different values: only the most frequent become features, the rest share one "other" level. If it is an identifier, mark it as id.`,
    );
  }
  const profile: ColumnProfile = {
    name,
    kind,
    missing: table.rows.length - present.length,
    distinct: counts.size,
    top,
    warnings,
  };
  if (kind === 'numeric') profile.stats = summarise(present.map((v) => parseNumber(v)!));
  if (kind === 'date') profile.stats = summarise(present.map((v) => Date.parse(v.trim())));
  return profile;
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
