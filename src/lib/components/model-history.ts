/**
 * The model page's history in words: each stage, alias and version change (registry/dexie/
 * history.ts), newest first, the changes of one flow (a promotion) as one entry with one Undo,
 * and which entries were undone since.
 */
import type { RegistryEvent } from '$lib/registry';

export interface HistoryEntry {
  /** The events it shows, oldest first; Undo takes back all of them. */
  seqs: number[];
  time: number;
  user: string;
  /** One line per change. */
  lines: string[];
  /** A promotion (Promote best) rather than a single change. */
  flow?: string;
  /** It takes an earlier change back. */
  isUndo: boolean;
  /** Taken back since. */
  undone: boolean;
  canUndo: boolean;
}

const version = (v: string | number | undefined) => `version ${v}`;

/** One change in words (user data stays text: the page never renders it as HTML). */
export function describeEvent(e: RegistryEvent): string {
  switch (e.kind) {
    case 'version-created':
      return `Version ${e.version} registered`;
    case 'version-deleted':
      return `Version ${e.version} deleted`;
    case 'stage': {
      const archived = (e.archived ?? []).map(
        (a) => `; ${version(a.version)} archived (was ${a.from})`,
      );
      return `Version ${e.version}: ${e.from} → ${e.to}${archived.join('')}`;
    }
    case 'alias-set':
      return `@${e.alias} → ${version(e.to)}${e.from ? ` (was ${version(e.from)})` : ''}`;
    case 'alias-deleted':
      return `@${e.alias} removed (was ${version(e.from)})`;
    case 'model-renamed':
      return `Renamed from ${e.from} to ${e.to}`;
    case 'model-deleted':
      return 'Model deleted';
  }
}

export function historyEntries(events: readonly RegistryEvent[]): HistoryEntry[] {
  const undone = new Set(events.flatMap((e) => (e.undoes === undefined ? [] : [e.undoes])));
  // A flow's changes make one entry, and so do the changes of one undo (a stage taken back and
  // the versions it had archived).
  const groups: RegistryEvent[][] = [];
  for (const e of events) {
    const head = groups.at(-1)?.[0];
    const together =
      head &&
      ((e.flow !== undefined && head.flow === e.flow) ||
        (e.undoes !== undefined && head.undoes === e.undoes));
    if (together) groups.at(-1)!.push(e);
    else groups.push([e]);
  }
  return groups
    .map((group): HistoryEntry => {
      const isUndone = group.some((e) => undone.has(e.seq));
      return {
        seqs: group.map((e) => e.seq),
        time: group[0].time,
        user: group[0].user,
        lines: group.map(describeEvent),
        flow: group[0].flow,
        isUndo: group[0].undoes !== undefined,
        undone: isUndone,
        canUndo: !isUndone && group.every((e) => e.undoable),
      };
    })
    .reverse();
}
