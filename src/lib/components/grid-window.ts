/**
 * The part of a large grid to draw: the rows and the data columns in view, with a margin either
 * side, and the size of what is left out (spacer rows and columns keep the scroll range true).
 * Rows have one height and columns fixed widths, so the window is arithmetic. Pure, for Vitest.
 */

/** Column widths in rem; the runs table's layout is fixed to them. */
export const COLUMN_WIDTH = {
  pick: 2.5,
  name: 17,
  experiment: 10,
  status: 9.5,
  time: 12,
  duration: 6,
  metric: 8.5,
  param: 10,
  tag: 10,
} as const;

/** A column's CSS flex for `width` rem: that width, growing in proportion to it, never shrinking. */
export const columnFlex = (width: number) => `${width} 0 ${width}rem`;

export type DataKind = 'metric' | 'param' | 'tag';

export interface DataColumn {
  kind: DataKind;
  key: string;
  /** 1-based position among all the grid's columns (aria-colindex). */
  index: number;
  /** Left edge in rem from the first data column, and width in rem. */
  left: number;
  width: number;
}

/** The metric, param and tag columns in that order, numbered after `before` fixed columns. */
export function dataColumns(
  keys: Readonly<Record<DataKind, readonly string[]>>,
  before: number,
): DataColumn[] {
  const out: DataColumn[] = [];
  let left = 0;
  for (const kind of ['metric', 'param', 'tag'] as const) {
    for (const key of keys[kind]) {
      const width = COLUMN_WIDTH[kind];
      out.push({ kind, key, index: before + out.length + 1, left, width });
      left += width;
    }
  }
  return out;
}

/**
 * The data columns that overlap [from, to] (rem from the first data column's left edge), and
 * `overscan` more either side; `before` and `after` are the widths (rem) of those left out.
 */
export function columnWindow(
  columns: readonly DataColumn[],
  from: number,
  to: number,
  overscan = 2,
): { columns: DataColumn[]; before: number; after: number } {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  let first = columns.findIndex((c) => c.left + c.width > from);
  if (first < 0) first = columns.length;
  let last = first;
  while (last < columns.length && columns[last].left < to) last++;
  first = Math.max(0, first - overscan);
  last = Math.min(columns.length, last + overscan);
  const before = first < columns.length ? columns[first].left : total;
  const end = last > 0 ? columns[last - 1].left + columns[last - 1].width : 0;
  return { columns: columns.slice(first, last), before, after: Math.max(0, total - end) };
}

/** The rows [start, end) to draw for a viewport scrolled to `top` of this height (px). */
export function rowWindow(
  top: number,
  height: number,
  count: number,
  rowHeight: number,
  overscan: number,
): { start: number; end: number } {
  const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan);
  return { start: Math.min(start, end), end };
}
