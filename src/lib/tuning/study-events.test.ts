// A study's write-behind: what is written when, and in what order, and what a failed write does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredStudy, StudyEvent } from './storage';
import { REPORT_WAIT_MS, StudyEvents } from './study-events';

function storage(fail?: (batch: StudyEvent[]) => boolean) {
  const writes: StudyEvent[][] = [];
  const stored = {
    spec: { studyName: 's', direction: 'minimize' },
    trials: [],
    userAttrs: {},
    async write(batch: StudyEvent[]) {
      if (fail?.(batch)) throw new Error('QuotaExceededError: the disk is full');
      writes.push(batch);
    },
  } as unknown as StoredStudy;
  return { stored, writes };
}

const report = (step: number): StudyEvent => ({
  kind: 'intermediate',
  number: 0,
  step,
  value: step,
});
const started: StudyEvent = { kind: 'trial-started', number: 1, datetimeStart: 0 };

describe('StudyEvents', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a turn of events together, and reports together after they have waited', async () => {
    const { stored, writes } = storage();
    const events = new StudyEvents(stored);
    for (let s = 0; s < 5; s++) {
      events.emit(report(s));
      await vi.advanceTimersByTimeAsync(40);
    }
    expect(writes).toEqual([]); // 200 ms in: still waiting
    await vi.advanceTimersByTimeAsync(REPORT_WAIT_MS);
    expect(writes).toEqual([[0, 1, 2, 3, 4].map(report)]);
  });

  it('any other event writes the waiting reports at once, in order', async () => {
    const { stored, writes } = storage();
    const events = new StudyEvents(stored);
    events.emit(report(0));
    events.emit(report(1));
    events.emit(started);
    events.emit(report(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([[report(0), report(1), started, report(2)]]);
    await vi.advanceTimersByTimeAsync(REPORT_WAIT_MS);
    expect(writes).toHaveLength(1); // the timer had nothing left to write
  });

  it('flush writes now; after a failed write nothing more is written and flush throws it', async () => {
    const { stored, writes } = storage((batch) => batch.includes(started));
    const events = new StudyEvents(stored);
    events.emit(report(0));
    await events.flush();
    expect(writes).toEqual([[report(0)]]);
    events.emit(started);
    await expect(events.flush()).rejects.toThrow('the disk is full');
    expect(events.failed).toBe(true);
    events.emit(report(1));
    await expect(events.flush()).rejects.toThrow('the disk is full');
    expect(writes).toEqual([[report(0)]]);
  });
});
