/**
 * What one drawn row of the runs table shows, as plain strings and flags made in one pass.
 *
 * The table draws ~30 rows and updates them in place on every scroll frame. Written as template
 * expressions, each call (a formatted time, a metric, a label) became a Svelte derived of its own,
 * and every derived that changes is recorded in the update's bookkeeping maps: ~2,000 of them a
 * frame, whose garbage fed the collector pauses that cost frames. Made here, a row is one value
 * and the template only reads fields. Pure, for Vitest.
 */
import { TAGS, type RunStatus } from '$lib/tracking';
import { canFilter } from './run-columns';
import { runName, type RunRow } from './run-rows';
import type { DataColumn } from './grid-window';
import { formatMetric, formatRunDuration, formatTime, formatTimeExact } from './format';

export interface CellView {
  text: string;
  /** The value can become a filter clause: the cell is a button that adds it. */
  clickable: boolean;
  title: string;
}

export interface RowView {
  row: RunRow;
  /** Position among the shown rows (0-based). */
  index: number;
  name: string;
  href: string;
  start: string;
  startExact: string;
  duration: string;
  status: RunStatus;
  notResponding: boolean;
  /** The tag saying a finished run learned nothing useful, when set. */
  warning: string | undefined;
  /** The experiment's name (or id) and its tooltip, for the Experiment column. */
  experiment: string;
  experimentTitle: string | undefined;
  picked: boolean;
  collapsed: boolean;
  /** The expand/collapse button's label, for a row with children. */
  toggleLabel: string;
  /** The twisty's arrow ('' without children), and the nested-run mark ('' unless nested). */
  twisty: string;
  branch: string;
  /** The count of hidden children, shown while collapsed ('' otherwise). */
  hiddenChildren: string;
  /** A chip saying why the row is shown ("not matching", "nested") and its tooltip, or ''. */
  note: string;
  noteTitle: string;
  /** One per data column in view, in the same order. */
  cells: CellView[];
}

export interface RowViewContext {
  columns: readonly DataColumn[];
  href: (row: RunRow) => string;
  metricValue: (row: RunRow, key: string) => number | undefined;
  /** Metric cells become clauses only while they show the latest value. */
  metricClauses: boolean;
  /** Whether cells may become clauses at all. */
  clauses: boolean;
  experiments: ReadonlyMap<string, string> | undefined;
  notResponding: (runId: string) => boolean;
  picked: ReadonlySet<string>;
  collapsed: ReadonlySet<string>;
}

const CLICK = '\nClick to filter on this value';

function cell(text: string, raw: string | number | undefined, clauses: boolean): CellView {
  const clickable = clauses && raw !== undefined && canFilter(raw);
  return { text, clickable, title: clickable ? text + CLICK : text };
}

/** A run's own value in a column (a metric's latest), as a clause compares it. */
export function cellValue(row: RunRow, column: DataColumn): string | number | undefined {
  if (column.kind === 'metric') return row.metrics.get(column.key);
  return column.kind === 'param' ? row.params.get(column.key) : row.tags.get(column.key);
}

/** The cells of one row for the data columns in view. */
export function cellViews(row: RunRow, ctx: RowViewContext): CellView[] {
  const out: CellView[] = [];
  for (const c of ctx.columns) {
    if (c.kind === 'metric') {
      const raw = ctx.metricClauses ? cellValue(row, c) : undefined;
      out.push(cell(formatMetric(ctx.metricValue(row, c.key)), raw, ctx.clauses));
    } else {
      const v = cellValue(row, c) as string | undefined;
      out.push(cell(v ?? '—', v, ctx.clauses));
    }
  }
  return out;
}

/** Why a row is shown though it is not a plain match: a filtered-in ancestor, or a lone nested run. */
function note(row: RunRow): [string, string] {
  if (row.context) return ['not matching', 'Shown because runs nested under it match the filter'];
  if (row.parentId && !row.parentShown) return ['nested', `Parent run ${row.parentId}`];
  return ['', ''];
}

/**
 * Every part of a row that comes and goes is a field here ('' when absent) that the row shows or
 * hides, not a `{#if}` in the template: each `{#if}` that depends on the row reran its branch
 * bookkeeping (maps and iterators) on every scroll frame, the largest garbage left per frame.
 */
export function rowView(row: RunRow, index: number, ctx: RowViewContext): RowView {
  const info = row.run.info;
  const name = runName(row.run);
  const collapsed = ctx.collapsed.has(row.id);
  const [noteText, noteTitle] = note(row);
  return {
    row,
    index,
    name,
    href: ctx.href(row),
    start: formatTime(info.start_time),
    startExact: formatTimeExact(info.start_time),
    duration: formatRunDuration(info),
    status: info.status,
    notResponding: ctx.notResponding(info.run_id),
    warning: row.tags.get(TAGS.warning) || undefined,
    experiment: ctx.experiments?.get(info.experiment_id) ?? info.experiment_id,
    experimentTitle: ctx.experiments?.get(info.experiment_id),
    picked: ctx.picked.has(row.id),
    collapsed,
    toggleLabel: row.children
      ? `${collapsed ? 'Expand' : 'Collapse'} ${name} (${row.children} nested)`
      : '',
    twisty: row.children ? (collapsed ? '▸' : '▾') : '',
    branch: !row.children && row.depth > 0 ? '↳' : '',
    hiddenChildren: row.children && collapsed ? String(row.children) : '',
    note: noteText,
    noteTitle,
    cells: cellViews(row, ctx),
  };
}
