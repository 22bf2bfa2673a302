import { describe, expect, it } from 'vitest';
import type { RegistryEvent } from '$lib/registry';
import { historyEntries } from './model-history';

let seq = 0;
const ev = (e: Partial<RegistryEvent>): RegistryEvent =>
  ({
    seq: ++seq,
    name: 'iris',
    time: seq * 1000,
    user: 'ada',
    undoable: !['model-renamed', 'model-deleted', 'version-deleted'].includes(e.kind!),
    ...e,
  }) as RegistryEvent;

describe('model history entries', () => {
  it('says each change in words, newest first, a flow as one entry, and what was undone', () => {
    seq = 0;
    const events = [
      ev({ kind: 'version-created', version: 1 }),
      ev({ kind: 'stage', version: 1, from: 'None', to: 'Production' }),
      ev({ kind: 'version-created', version: 2, flow: 'f' }),
      ev({
        kind: 'stage',
        version: 2,
        from: 'None',
        to: 'Production',
        archived: [{ version: 1, from: 'Production' }],
        flow: 'f',
      }),
      ev({ kind: 'alias-set', alias: 'champion', from: '', to: '2', flow: 'f' }),
      ev({ kind: 'alias-deleted', alias: 'champion', from: '2', undoes: 5, user: 'grace' }),
      ev({ kind: 'stage', version: 2, from: 'Production', to: 'None', undoes: 4, user: 'grace' }),
      ev({
        kind: 'stage',
        version: 1,
        from: 'Archived',
        to: 'Production',
        undoes: 4,
        user: 'grace',
      }),
      ev({ kind: 'model-renamed', from: 'iris', to: 'flowers' }),
    ];
    const entries = historyEntries(events);
    expect(entries.map((e) => e.lines)).toEqual([
      ['Renamed from iris to flowers'],
      ['Version 2: Production → None', 'Version 1: Archived → Production'],
      ['@champion removed (was version 2)'],
      [
        'Version 2 registered',
        'Version 2: None → Production; version 1 archived (was Production)',
        '@champion → version 2',
      ],
      ['Version 1: None → Production'],
      ['Version 1 registered'],
    ]);
    expect(entries.map((e) => [e.isUndo, e.undone, e.canUndo, e.user])).toEqual([
      [false, false, false, 'ada'], // a rename cannot be taken back here
      [true, false, true, 'grace'],
      [true, false, true, 'grace'],
      [false, true, false, 'ada'], // the promotion, undone
      [false, false, true, 'ada'],
      [false, false, true, 'ada'],
    ]);
    expect(entries[3].seqs).toEqual([3, 4, 5]);
    expect(entries[3].flow).toBe('f');
  });
});
