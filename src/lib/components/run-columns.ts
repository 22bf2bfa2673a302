/**
 * The run table's columns and their sort, expressed in MLflow's order_by grammar so that sorting
 * and filtering go through the one search parser (DESIGN.md, Search).
 */

export interface ColumnSelection {
  metrics: string[];
  params: string[];
}

/** A search error to show under the filter box; offsets point into the applied filter text. */
export interface FilterError {
  message: string;
  start?: number;
  end?: number;
}

export type ColumnKind = 'attribute' | 'metric' | 'param';

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
