import { describe, expect, it } from 'vitest';
import { extendTo, moveIndex, selectAll, toggleRow, type Selection } from './grid-selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const none: Selection = { ids: [], anchor: undefined };

describe('grid selection', () => {
  it('toggles a row and makes it the anchor', () => {
    const one = toggleRow(none, 'b');
    expect(one).toEqual({ ids: ['b'], anchor: 'b' });
    expect(toggleRow(one, 'b')).toEqual({ ids: [], anchor: 'b' });
    // Forcing a state that already holds keeps the ids and moves the anchor.
    expect(toggleRow(one, 'b', true)).toEqual({ ids: ['b'], anchor: 'b' });
    expect(toggleRow(one, 'd', false)).toEqual({ ids: ['b'], anchor: 'd' });
  });

  it('extends from the anchor in either direction and keeps what was selected', () => {
    const start = toggleRow({ ids: ['x'], anchor: undefined }, 'b');
    expect(extendTo(start, order, 'd')).toEqual({ ids: ['x', 'b', 'c', 'd'], anchor: 'b' });
    expect(extendTo(start, order, 'a')).toEqual({ ids: ['x', 'b', 'a'], anchor: 'b' });
    // Selected ids not shown (another experiment, a collapsed subtree) survive a range.
    expect(extendTo(start, order, 'e').ids).toContain('x');
  });

  it('with no anchor shown, a shift-click selects the one row', () => {
    expect(extendTo(none, order, 'c')).toEqual({ ids: ['c'], anchor: 'c' });
    const gone = { ids: ['q'], anchor: 'q' };
    expect(extendTo(gone, order, 'c')).toEqual({ ids: ['q', 'c'], anchor: 'c' });
    expect(extendTo(gone, order, 'zz')).toBe(gone);
  });

  it('selects every shown row, and clears only those when all are selected', () => {
    const all = selectAll({ ids: ['x', 'c'], anchor: 'c' }, order);
    expect(all.ids).toEqual(['x', 'c', 'a', 'b', 'd', 'e']);
    expect(selectAll(all, order)).toEqual({ ids: ['x'], anchor: 'c' });
    expect(selectAll(none, [])).toEqual({ ids: [], anchor: undefined });
  });

  it('moves within bounds for navigation keys only', () => {
    expect(moveIndex('ArrowDown', 0, 5, 3)).toBe(1);
    expect(moveIndex('ArrowDown', 4, 5, 3)).toBe(4);
    expect(moveIndex('ArrowUp', 0, 5, 3)).toBe(0);
    expect(moveIndex('PageDown', 1, 5, 3)).toBe(4);
    expect(moveIndex('PageUp', 4, 5, 3)).toBe(1);
    expect(moveIndex('PageUp', 1, 5, 3)).toBe(0);
    expect(moveIndex('Home', 3, 5, 3)).toBe(0);
    expect(moveIndex('End', 0, 5, 3)).toBe(4);
    expect(moveIndex('a', 0, 5, 3)).toBeUndefined();
    expect(moveIndex('ArrowDown', 0, 0, 3)).toBeUndefined();
  });
});
