/**
 * A line-based three-way merge of a run's note (diff3, as `git merge-file` does it): the text both
 * editors started from (base), this tab's edit (mine) and what another tab saved meanwhile
 * (theirs). Changes to separate lines merge on their own; changes that touch the same lines are
 * kept side by side between conflict markers for the person to settle before saving. Pure: no I/O.
 */

export const MARKERS = {
  mine: '<<<<<<< your version',
  split: '=======',
  theirs: '>>>>>>> the other tab’s version',
} as const;

/** How saving a note went: saved, or refused because another tab saved `theirs` meanwhile. */
export type NoteSave = { saved: true } | { saved: false; theirs: string | undefined };

export interface MergeResult {
  text: string;
  /** Regions kept between conflict markers; 0 when the merge is clean. */
  conflicts: number;
}

/** A run of base lines [start, end) that one side replaced with `lines`. */
interface Hunk {
  start: number;
  end: number;
  lines: string[];
}

const splitLines = (text: string) => (text === '' ? [] : text.split('\n'));

/**
 * The hunks that turn `base` into `edit`, from a longest common subsequence of lines. Notes are
 * short (MLflow caps a tag at 5,000 characters), so the quadratic table is small; the common head
 * and tail are cut first anyway.
 */
export function diffLines(base: string[], edit: string[]): Hunk[] {
  let head = 0;
  while (head < base.length && head < edit.length && base[head] === edit[head]) head++;
  let tail = 0;
  while (
    tail < base.length - head &&
    tail < edit.length - head &&
    base[base.length - 1 - tail] === edit[edit.length - 1 - tail]
  )
    tail++;
  const a = base.slice(head, base.length - tail);
  const b = edit.slice(head, edit.length - tail);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const hunks: Hunk[] = [];
  let open: Hunk | undefined;
  const flush = () => {
    if (open) hunks.push(open);
    open = undefined;
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      i++;
      j++;
      continue;
    }
    open ??= { start: head + i, end: head + i, lines: [] };
    if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      open.lines.push(b[j++]);
    } else {
      i++;
      open.end = head + i;
    }
  }
  flush();
  return hunks;
}

/** The base lines [start, end) with one side's hunks (all inside that range) applied. */
function applyHunks(base: string[], start: number, end: number, hunks: Hunk[]): string[] {
  const out: string[] = [];
  let at = start;
  for (const h of hunks) {
    out.push(...base.slice(at, h.start), ...h.lines);
    at = h.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

interface Group {
  start: number;
  end: number;
  mine: Hunk[];
  theirs: Hunk[];
}

/**
 * Hunks of both sides sorted by position and gathered into groups that overlap or touch: as in
 * git, an edit next to the other side's edit is a conflict, since neither side saw the other's.
 */
function groupHunks(mine: Hunk[], theirs: Hunk[]): Group[] {
  const all = [
    ...mine.map((h) => ({ h, side: 'mine' as const })),
    ...theirs.map((h) => ({ h, side: 'theirs' as const })),
  ].sort((x, y) => x.h.start - y.h.start || x.h.end - y.h.end);
  const groups: Group[] = [];
  for (const { h, side } of all) {
    const last = groups.at(-1);
    if (last && h.start <= last.end) {
      last.end = Math.max(last.end, h.end);
      last[side].push(h);
    } else {
      groups.push({ start: h.start, end: h.end, mine: [], theirs: [], [side]: [h] });
    }
  }
  return groups;
}

const same = (x: string[], y: string[]) => x.length === y.length && x.every((l, i) => l === y[i]);

/** Merges two edits of `base`; identical changes on both sides count once. */
export function mergeNotes(base: string, mine: string, theirs: string): MergeResult {
  if (mine === theirs) return { text: mine, conflicts: 0 };
  if (mine === base) return { text: theirs, conflicts: 0 };
  if (theirs === base) return { text: mine, conflicts: 0 };
  const baseLines = splitLines(base);
  const groups = groupHunks(
    diffLines(baseLines, splitLines(mine)),
    diffLines(baseLines, splitLines(theirs)),
  );
  const out: string[] = [];
  let conflicts = 0;
  let at = 0;
  for (const g of groups) {
    out.push(...baseLines.slice(at, g.start));
    const ours = applyHunks(baseLines, g.start, g.end, g.mine);
    const other = applyHunks(baseLines, g.start, g.end, g.theirs);
    if (!g.theirs.length || same(ours, other)) out.push(...ours);
    else if (!g.mine.length) out.push(...other);
    else {
      conflicts++;
      out.push(MARKERS.mine, ...ours, MARKERS.split, ...other, MARKERS.theirs);
    }
    at = g.end;
  }
  out.push(...baseLines.slice(at));
  return { text: out.join('\n'), conflicts };
}

/** True while a merged text still holds a conflict marker line the person has not settled. */
export function hasConflictMarkers(text: string): boolean {
  return text.split('\n').some((l) => l === MARKERS.mine || l === MARKERS.theirs);
}
