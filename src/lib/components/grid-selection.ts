/**
 * Multi-select over the rows of a list, as file managers and spreadsheets do it: a click or Space
 * toggles one row and makes it the anchor; Shift extends from the anchor to the row, adding the
 * range; Ctrl/Cmd+A selects every row shown. The order is the rows on screen, top to bottom.
 * Selected ids outside the rows shown (another experiment, a collapsed subtree) are kept.
 */

export interface Selection {
  ids: string[];
  anchor: string | undefined;
}

/** Toggle one row (a click on its box, Ctrl/Cmd-click, or Space), which becomes the anchor. */
export function toggleRow(sel: Selection, id: string, on?: boolean): Selection {
  const has = sel.ids.includes(id);
  const want = on ?? !has;
  if (want === has) return { ids: sel.ids, anchor: id };
  return { ids: want ? [...sel.ids, id] : sel.ids.filter((x) => x !== id), anchor: id };
}

/**
 * Shift-click or Shift+arrow: every row from the anchor to `id` becomes selected (the anchor
 * stays). With no anchor shown, the row alone is toggled on.
 */
export function extendTo(sel: Selection, order: readonly string[], id: string): Selection {
  const to = order.indexOf(id);
  const from = sel.anchor === undefined ? -1 : order.indexOf(sel.anchor);
  if (to < 0) return sel;
  if (from < 0) return toggleRow(sel, id, true);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const have = new Set(sel.ids);
  const added = order.slice(lo, hi + 1).filter((x) => !have.has(x));
  return { ids: [...sel.ids, ...added], anchor: sel.anchor };
}

/** Ctrl/Cmd+A: every shown row; pressed again when all are selected, none of them. */
export function selectAll(sel: Selection, order: readonly string[]): Selection {
  const have = new Set(sel.ids);
  if (order.length && order.every((x) => have.has(x))) {
    const shown = new Set(order);
    return { ids: sel.ids.filter((x) => !shown.has(x)), anchor: sel.anchor };
  }
  return { ids: [...sel.ids, ...order.filter((x) => !have.has(x))], anchor: sel.anchor };
}

/** The row index a navigation key moves to, or undefined for a key that does not move. */
export function moveIndex(
  key: string,
  index: number,
  count: number,
  pageRows: number,
): number | undefined {
  if (count === 0) return undefined;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(index + 1);
    case 'ArrowUp':
      return clamp(index - 1);
    case 'PageDown':
      return clamp(index + pageRows);
    case 'PageUp':
      return clamp(index - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
