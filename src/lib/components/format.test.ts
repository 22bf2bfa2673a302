// A run's duration as the tables show it, for the states a run passes through.
import { describe, expect, it } from 'vitest';
import { formatRunDuration } from './format';

describe('formatRunDuration', () => {
  it('says running for a running run, even one resumed with its last end time still set', () => {
    expect(formatRunDuration({ status: 'RUNNING', start_time: 0 })).toBe('running');
    expect(formatRunDuration({ status: 'RUNNING', start_time: 0, end_time: 65_000 })).toBe(
      'running',
    );
  });

  it('gives an ended run its duration, and a run without an end time a dash', () => {
    expect(formatRunDuration({ status: 'FINISHED', start_time: 0, end_time: 65_000 })).toBe(
      '1m 5s',
    );
    expect(formatRunDuration({ status: 'KILLED', start_time: 0 })).toBe('—');
  });
});
