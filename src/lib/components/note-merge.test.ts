// The note merge's classic cases: one side changed, both the same, separate lines, overlapping
// lines, deletion against an edit, an empty base, and the markers a conflict leaves.
import { describe, expect, it } from 'vitest';
import { diffLines, hasConflictMarkers, MARKERS, mergeNotes } from './note-merge';

const lines = (...l: string[]) => l.join('\n');
const BASE = lines('# Run 7', 'lr 0.01', 'batch 32', 'loss flat', 'try dropout');

describe('mergeNotes', () => {
  it('takes my edit when only mine changed', () => {
    const mine = BASE.replace('lr 0.01', 'lr 0.003');
    expect(mergeNotes(BASE, mine, BASE)).toEqual({ text: mine, conflicts: 0 });
  });

  it('takes theirs when only theirs changed', () => {
    const theirs = `${BASE}\nadd weight decay`;
    expect(mergeNotes(BASE, BASE, theirs)).toEqual({ text: theirs, conflicts: 0 });
  });

  it('counts the same change made on both sides once', () => {
    const both = BASE.replace('loss flat', 'loss falls after epoch 3');
    expect(mergeNotes(BASE, both, both)).toEqual({ text: both, conflicts: 0 });
  });

  it('merges changes to different lines without a conflict', () => {
    const mine = BASE.replace('lr 0.01', 'lr 0.003');
    const theirs = BASE.replace('loss flat', 'loss falls').replace(
      'try dropout',
      'try dropout 0.2',
    );
    expect(mergeNotes(BASE, mine, theirs)).toEqual({
      text: lines('# Run 7', 'lr 0.003', 'batch 32', 'loss falls', 'try dropout 0.2'),
      conflicts: 0,
    });
  });

  it('merges an insertion at the top with an edit at the bottom', () => {
    const mine = `Summary: good\n${BASE}`;
    const theirs = BASE.replace('try dropout', 'tried dropout: no gain');
    expect(mergeNotes(BASE, mine, theirs).text).toBe(
      lines(
        'Summary: good',
        '# Run 7',
        'lr 0.01',
        'batch 32',
        'loss flat',
        'tried dropout: no gain',
      ),
    );
  });

  it('keeps both versions of the same line between markers', () => {
    const mine = BASE.replace('batch 32', 'batch 64');
    const theirs = BASE.replace('batch 32', 'batch 16');
    expect(mergeNotes(BASE, mine, theirs)).toEqual({
      text: lines(
        '# Run 7',
        'lr 0.01',
        MARKERS.mine,
        'batch 64',
        MARKERS.split,
        'batch 16',
        MARKERS.theirs,
        'loss flat',
        'try dropout',
      ),
      conflicts: 1,
    });
  });

  it('treats edits to neighbouring lines as a conflict, as git does', () => {
    const mine = BASE.replace('lr 0.01', 'lr 0.1');
    const theirs = BASE.replace('batch 32', 'batch 8');
    const merged = mergeNotes(BASE, mine, theirs);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toContain(lines(MARKERS.mine, 'lr 0.1', 'batch 32', MARKERS.split));
    expect(merged.text).toContain(lines(MARKERS.split, 'lr 0.01', 'batch 8', MARKERS.theirs));
  });

  it('keeps a deletion against an edit of the same line as a conflict', () => {
    const mine = lines('# Run 7', 'lr 0.01', 'batch 32', 'try dropout'); // deleted "loss flat"
    const theirs = BASE.replace('loss flat', 'loss flat until epoch 9');
    const merged = mergeNotes(BASE, mine, theirs);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe(
      lines(
        '# Run 7',
        'lr 0.01',
        'batch 32',
        MARKERS.mine,
        MARKERS.split,
        'loss flat until epoch 9',
        MARKERS.theirs,
        'try dropout',
      ),
    );
  });

  it('merges a deletion with an edit elsewhere', () => {
    const mine = lines('# Run 7', 'lr 0.01', 'batch 32', 'try dropout');
    const theirs = BASE.replace('# Run 7', '# Run 7 (baseline)');
    expect(mergeNotes(BASE, mine, theirs)).toEqual({
      text: lines('# Run 7 (baseline)', 'lr 0.01', 'batch 32', 'try dropout'),
      conflicts: 0,
    });
  });

  it('from an empty base: one side writing wins, two different texts conflict', () => {
    expect(mergeNotes('', 'mine', '')).toEqual({ text: 'mine', conflicts: 0 });
    expect(mergeNotes('', '', 'theirs')).toEqual({ text: 'theirs', conflicts: 0 });
    expect(mergeNotes('', 'a\nb', 'c')).toEqual({
      text: lines(MARKERS.mine, 'a', 'b', MARKERS.split, 'c', MARKERS.theirs),
      conflicts: 1,
    });
  });

  it('counts each overlapping region as one conflict', () => {
    const mine = BASE.replace('# Run 7', '# A').replace('try dropout', 'X');
    const theirs = BASE.replace('# Run 7', '# B').replace('try dropout', 'Y');
    const merged = mergeNotes(BASE, mine, theirs);
    expect(merged.conflicts).toBe(2);
    expect(merged.text.split('\n').filter((l) => l === MARKERS.split)).toHaveLength(2);
  });

  it('keeps a trailing newline one side added', () => {
    expect(mergeNotes('a\nb', 'a\nb\n', 'A\nb').text).toBe('A\nb\n');
  });
});

describe('diffLines', () => {
  it('finds a replacement, an insertion and a deletion', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'B', 'c'])).toEqual([
      { start: 1, end: 2, lines: ['B'] },
    ]);
    expect(diffLines(['a', 'c'], ['a', 'b', 'c'])).toEqual([{ start: 1, end: 1, lines: ['b'] }]);
    expect(diffLines(['a', 'b', 'c'], ['a', 'c'])).toEqual([{ start: 1, end: 2, lines: [] }]);
  });
  it('finds nothing between equal texts', () => {
    expect(diffLines(['a', 'b'], ['a', 'b'])).toEqual([]);
  });
});

describe('hasConflictMarkers', () => {
  it('sees a marker line, not the same text inside a line', () => {
    const merged = mergeNotes('x', 'y', 'z').text;
    expect(hasConflictMarkers(merged)).toBe(true);
    expect(hasConflictMarkers(`quote: ${MARKERS.mine}`)).toBe(false);
    expect(hasConflictMarkers('plain note')).toBe(false);
  });
});
