// PatientPruner on hand-built trials: patience, minDelta, direction, NaN, the wrapped pruner's
// say, and its settings round trip. Parity with real Optuna: tests/interop/tuning-pruners.test.ts.
import { describe, expect, it } from 'vitest';
import type { Direction } from '../types';
import { study, trial } from './fixtures';
import { createPruner, MedianPruner, NopPruner, PatientPruner } from './index';

describe('PatientPruner', () => {
  const ask = (pruner: PatientPruner, values: number[], direction: Direction = 'minimize') =>
    pruner.prune(study([], direction), trial(0, 'RUNNING', values));

  it('prunes only after `patience` steps without improvement, then as the wrapped pruner says', () => {
    const alone = new PatientPruner(null, { patience: 2 });
    // Not enough steps yet (patience + 1 or fewer).
    expect(ask(alone, [3, 4, 5])).toBe(false);
    // Still improving within the window: 3 < 4.
    expect(ask(alone, [5, 4, 3, 3.5, 3.2])).toBe(false);
    // Stalled: the best of the last three (4) is worse than the best before them (3).
    expect(ask(alone, [3, 4, 5, 6])).toBe(true);
    expect(ask(new PatientPruner(null, { patience: 2, minDelta: 1.5 }), [3, 4, 5, 6])).toBe(false);
    expect(ask(alone, [0.5, 0.4, 0.3, 0.2], 'maximize')).toBe(true);
    expect(ask(alone, [0.2, 0.3, 0.4, 0.5], 'maximize')).toBe(false);
    // NaN is ignored; nothing but NaN before the window: never pruned.
    expect(ask(alone, [NaN, 3, NaN, 4, 5])).toBe(true);
    expect(ask(alone, [NaN, NaN, 1, 2, 3])).toBe(false);
    // Stalled, and the wrapped pruner decides.
    expect(ask(new PatientPruner(new NopPruner(), { patience: 2 }), [3, 4, 5, 6])).toBe(false);
  });

  it('keeps its wrapped pruner in its settings, to be rebuilt from them, and checks its options', () => {
    const pruner = new PatientPruner(new MedianPruner({ nWarmupSteps: 3 }), { patience: 4 });
    const settings = pruner.settings();
    expect(settings).toMatchObject({
      patience: 4,
      minDelta: 0,
      wrappedPruner: 'MedianPruner',
      'wrapped.nWarmupSteps': 3,
    });
    expect(createPruner('PatientPruner', settings).settings()).toEqual(settings);
    expect(
      createPruner('PatientPruner', {
        wrappedPruner: { name: 'HyperbandPruner', options: { minResource: 2 } },
        patience: 1,
      }).settings(),
    ).toMatchObject({ wrappedPruner: 'HyperbandPruner', 'wrapped.minResource': 2 });
    expect(createPruner('PatientPruner', { patience: 0 }).settings().wrappedPruner).toBeNull();
    expect(() => createPruner('PatientPruner', { patience: -1 })).toThrow(
      'PatientPruner: patience must be a whole number ≥ 0 (got -1).',
    );
    expect(() => createPruner('PatientPruner', { patience: 1, minDelta: -0.1 })).toThrow(
      'PatientPruner: minDelta must be ≥ 0 (got -0.1).',
    );
    expect(() => createPruner('PatientPruner', { patience: 1, delta: 1 })).toThrow(
      /PatientPruner has no option "delta"/,
    );
  });
});
