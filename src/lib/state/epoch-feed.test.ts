// The Train screen takes epochs in batches (training-session.svelte.ts): a backlog of thousands
// arrives as a few screen updates, never one per epoch, and nothing is lost or reordered.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batched } from './training-session.svelte';

describe('batched', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands a burst over once per period, in order, and the rest on flush', () => {
    const batches: number[][] = [];
    const feed = batched<number>((items) => batches.push(items), 100);
    for (let i = 0; i < 5000; i++) feed.add(i);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(5000);
    feed.add(5000);
    feed.add(5001);
    feed.flush();
    expect(batches[1]).toEqual([5000, 5001]);
    vi.advanceTimersByTime(500);
    feed.flush();
    expect(batches).toHaveLength(2);
    expect(batches.flat()).toEqual(Array.from({ length: 5002 }, (_, i) => i));
  });
});
