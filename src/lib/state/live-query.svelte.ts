/**
 * Bridges Dexie's liveQuery to runes. Persisted data reaches the UI only through this, so a write
 * from a worker or another tab shows everywhere without a manual refresh.
 *
 * `inputs` is read inside an effect: every reactive value it reads is a dependency, and when one
 * changes the old subscription is dropped and a new one starts. Return plain values from it (ids,
 * strings, arrays of strings) — the query receives exactly what `inputs` returned.
 */
import { liveQuery } from 'dexie';

export class LiveQuery<T, I = void> {
  current = $state.raw<T | undefined>(undefined);
  error = $state.raw<unknown>(undefined);
  loading = $state(true);

  constructor(inputs: () => I, query: (input: I) => Promise<T>) {
    $effect(() => {
      const input = inputs();
      this.loading = true;
      // A stale subscription is unsubscribed before the next starts, so its late results never land.
      const subscription = liveQuery(() => query(input)).subscribe({
        next: (value) => {
          this.current = value;
          this.error = undefined;
          this.loading = false;
        },
        error: (error: unknown) => {
          this.error = error;
          this.loading = false;
        },
      });
      return () => subscription.unsubscribe();
    });
  }
}
