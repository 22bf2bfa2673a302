/**
 * The Runs page's view as the query of its URL (#/experiments/1,2?filter=…&order=…&columns=…), so
 * a reload, Back or a shared link shows the same runs. Values are MLflow's own strings: the filter,
 * one order_by entry, and columns as metrics.<key> / params.<key> / tags.<key>. The experiments are
 * the path; the runs ticked for comparing ride along as `selected`. A value that does not parse
 * falls back to the default rather than break the page.
 */
import { parseOrderBy } from '$lib/tracking';
import {
  DEFAULT_SORT,
  orderByFor,
  type ColumnSelection,
  type MetricCell,
  type SortKey,
} from './run-columns';

export interface RunsView {
  filter: string;
  sort: SortKey;
  /** Undefined when the URL names no columns: the experiment's remembered choice applies. */
  columns: ColumnSelection | undefined;
  /** What metric cells show. */
  cells: MetricCell;
  /** Runs ticked for comparing; undefined when the URL names none (the tab's choice applies). */
  selected: string[] | undefined;
}

export const DEFAULT_VIEW: RunsView = {
  filter: '',
  sort: DEFAULT_SORT,
  columns: undefined,
  cells: 'latest',
  selected: undefined,
};

const KIND = { attribute: 'attribute', metric: 'metric', parameter: 'param', tag: 'tag' } as const;
const GROUPS = { metrics: 'metrics', params: 'params', tags: 'tags' } as const;

function readSort(entry: string | null): SortKey {
  if (!entry) return DEFAULT_SORT;
  try {
    const [order] = parseOrderBy([entry]);
    const kind = KIND[order.type as keyof typeof KIND];
    return kind ? { kind, key: order.key, ascending: order.ascending } : DEFAULT_SORT;
  } catch {
    return DEFAULT_SORT;
  }
}

// MLflow keys never hold a comma (validation's name rule), so a comma can separate columns.
function readColumns(value: string | null): ColumnSelection | undefined {
  if (value === null) return undefined;
  const selection: ColumnSelection = { metrics: [], params: [], tags: [] };
  for (const column of value.split(',')) {
    const dot = column.indexOf('.');
    const group = GROUPS[column.slice(0, dot) as keyof typeof GROUPS];
    if (group) selection[group].push(column.slice(dot + 1));
  }
  return selection;
}

const CELLS: readonly MetricCell[] = ['latest', 'min', 'max'];

/** The view a URL's query (the part after `?`, without it) asks for. */
export function readView(query: string): RunsView {
  const params = new URLSearchParams(query);
  const cells = params.get('cells') as MetricCell | null;
  const selected = params.get('selected');
  return {
    filter: params.get('filter') ?? '',
    sort: readSort(params.get('order')),
    columns: readColumns(params.get('columns')),
    cells: cells && CELLS.includes(cells) ? cells : 'latest',
    selected: selected === null ? undefined : selected.split(',').filter(Boolean),
  };
}

/** The query for a view, leaving out what is the default so a plain link stays plain. */
export function writeView(view: RunsView): string {
  const params = new URLSearchParams();
  if (view.filter) params.set('filter', view.filter);
  const isDefault =
    view.sort.kind === DEFAULT_SORT.kind &&
    view.sort.key === DEFAULT_SORT.key &&
    view.sort.ascending === DEFAULT_SORT.ascending;
  if (!isDefault) params.set('order', orderByFor(view.sort)[0]);
  if (view.columns) {
    const { metrics, params: keys, tags } = view.columns;
    params.set(
      'columns',
      [
        ...metrics.map((k) => `metrics.${k}`),
        ...keys.map((k) => `params.${k}`),
        ...tags.map((k) => `tags.${k}`),
      ].join(','),
    );
  }
  if (view.cells !== 'latest') params.set('cells', view.cells);
  if (view.selected?.length) params.set('selected', view.selected.join(','));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The query part of a hash-router location (`#/experiments/1?filter=…`), as the browser keeps it. */
export function hashQuery(hash: string): string {
  const at = hash.indexOf('?');
  return at < 0 ? '' : hash.slice(at + 1);
}

/** The experiment ids of a runs path segment: one id, or several joined by commas. */
export function experimentIds(segment: string): string[] {
  return [...new Set(segment.split(',').filter(Boolean))];
}
