/**
 * The run table's columns and their sort, expressed in MLflow's order_by grammar so that sorting
 * and filtering go through the one search parser (DESIGN.md, Search).
 */

export interface ColumnSelection {
  metrics: string[];
  params: string[];
  tags: string[];
}

/** What a metric cell shows: the latest value (what search and order_by use), or the history's range. */
export type MetricCell = 'latest' | 'min' | 'max';

/** A search error to show under the filter box; offsets point into the applied filter text. */
export interface FilterError {
  message: string;
  start?: number;
  end?: number;
}

export type ColumnKind = 'attribute' | 'metric' | 'param' | 'tag';

export interface SortKey {
  kind: ColumnKind;
  key: string;
  ascending: boolean;
}

export const DEFAULT_SORT: SortKey = { kind: 'attribute', key: 'start_time', ascending: false };

const PREFIX: Record<ColumnKind, string> = {
  attribute: 'attributes',
  metric: 'metrics',
  param: 'params',
  tag: 'tags',
};

/** Backticks keep keys with spaces, dots or dashes in one identifier: metrics.`val loss`. */
function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key.replaceAll('`', '')}\``;
}

export function orderByFor(sort: SortKey): string[] {
  const primary = `${PREFIX[sort.kind]}.${quoteKey(sort.key)} ${sort.ascending ? 'ASC' : 'DESC'}`;
  const isStart = sort.kind === 'attribute' && sort.key === 'start_time';
  // Newest first among ties, so rows keep a stable order when a metric is missing or equal.
  return isStart ? [primary] : [primary, 'attributes.start_time DESC'];
}

/** Clicking the sorted column flips it; another column starts ascending. */
export function nextSort(current: SortKey, kind: ColumnKind, key: string): SortKey {
  if (current.kind === kind && current.key === key) {
    return { ...current, ascending: !current.ascending };
  }
  return { kind, key, ascending: true };
}

export function ariaSort(
  current: SortKey,
  kind: ColumnKind,
  key: string,
): 'ascending' | 'descending' | 'none' {
  if (current.kind !== kind || current.key !== key) return 'none';
  return current.ascending ? 'ascending' : 'descending';
}

/** A string literal of the grammar, or undefined when the value holds both quote kinds (no escape). */
function literal(value: string): string | undefined {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return undefined;
}

/** Whether clauseFor can say this value (without making the clause). */
export const canFilter = (value: string | number): boolean =>
  typeof value === 'number'
    ? Number.isFinite(value)
    : !(value.includes("'") && value.includes('"'));

/**
 * The clause that picks runs whose cell equals this one (clicking a cell adds it to the filter), or
 * undefined when the grammar cannot say it exactly (NaN or ±Inf, a value with both quote kinds).
 */
export function clauseFor(
  kind: ColumnKind,
  key: string,
  value: string | number,
): string | undefined {
  const column = `${PREFIX[kind]}.${quoteKey(key)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `${column} = ${value}` : undefined;
  const text = literal(value);
  return text === undefined ? undefined : `${column} = ${text}`;
}

/** The filter with one more AND clause; an OR filter is parenthesised first so the AND binds to all of it. */
export function addClause(filter: string, clause: string): string {
  const current = filter.trim();
  if (!current) return clause;
  const whole = /\bor\b/i.test(current) ? `(${current})` : current;
  return `${whole} and ${clause}`;
}
