/**
 * A study's write-behind: its changes, as ordered events, written to its storage in batches.
 * Events made in one turn are written together; reports (one per epoch, an IndexedDB transaction
 * each in the app) wait up to REPORT_WAIT_MS to be written together, as a run's metrics do
 * (tracking/fluent.ts); any other event writes what waits at once, in order. The first failed
 * write is kept, nothing is written after it, and `flush` throws it.
 */
import type { StoredStudy, StudyEvent } from './storage';
import type { FrozenTrial } from './types';

export const REPORT_WAIT_MS = 250;

export class StudyEvents {
  private queue: StudyEvent[] = [];
  private reportTimer: ReturnType<typeof setTimeout> | undefined;
  private draining = false;
  private writing: Promise<void> = Promise.resolve();
  private error: { value: unknown } | undefined;

  constructor(private readonly stored: StoredStudy) {}

  /**
   * Runs a sampler or pruner call on a trial and saves the system attributes it set (a grid
   * point, a rung reached, a relative sample), so a loaded study continues with them.
   */
  watching<T>(t: FrozenTrial, call: () => T): T {
    const before = new Map(Object.entries(t.systemAttrs).map(([k, v]) => [k, JSON.stringify(v)]));
    const result = call();
    for (const [key, value] of Object.entries(t.systemAttrs)) {
      if (before.get(key) !== JSON.stringify(value)) {
        this.emit({ kind: 'system-attr', number: t.number, key, value: structuredClone(value) });
      }
    }
    return result;
  }

  emit(event: StudyEvent): void {
    this.queue.push(event);
    if (event.kind === 'intermediate') {
      this.reportTimer ??= setTimeout(() => this.drain(), REPORT_WAIT_MS);
    } else if (!this.draining) {
      this.draining = true;
      queueMicrotask(() => this.drain());
    }
  }

  /** Whether a write has failed (the study then starts no more trials). */
  get failed(): boolean {
    return this.error !== undefined;
  }

  throwIfFailed(): void {
    if (this.error) throw this.error.value;
  }

  /** Waits until every change so far is saved; throws the first write that failed. */
  async flush(): Promise<void> {
    this.drain();
    await this.writing;
    this.throwIfFailed();
  }

  private drain(): void {
    clearTimeout(this.reportTimer);
    this.reportTimer = undefined;
    this.draining = false;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.writing = this.writing.then(() => {
      if (this.error) return;
      return this.stored.write(batch).catch((e: unknown) => {
        this.error ??= { value: e };
      });
    });
  }
}
