/**
 * Bridges Dexie's liveQuery to runes. Persisted data reaches the UI only through this, so a write
 * from a worker or another tab shows everywhere without a manual refresh.
 *
 * `inputs` is read inside an effect: every reactive value it reads is a dependency, and when one
 * changes the old subscription is dropped and a new one starts. Return plain values from it (ids,
 * strings, arrays of strings) — the query receives exactly what `inputs` returned.
 */
import { Dexie, liveQuery } from 'dexie';
import { untrack } from 'svelte';

export class LiveQuery<T, I = void> {
  current = $state.raw<T | undefined>(undefined);
  error = $state.raw<unknown>(undefined);
  loading = $state(true);

  /**
   * `early`: start the query before the DOM update its inputs' change causes, not after (a
   * pre-effect), so a long read overlaps the drawing of the rest of the page.
   */
  constructor(inputs: () => I, query: (input: I) => Promise<T>, { early = false } = {}) {
    const start = () => {
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
    };
    if (early) $effect.pre(start);
    else $effect(start);
  }
}

/**
 * A query re-run at most once per `intervalMs` after any committed write (Dexie's storagemutated,
 * which also reports writes from other tabs and workers), for summaries that scan whole tables:
 * a training flushes metrics every 250 ms, and a full rescan per flush would cost more than the
 * figure is worth. `refresh()` re-runs it at once (after the page's own change).
 *
 * As with LiveQuery, only what `inputs` reads is a dependency (a change starts it again at once);
 * the query itself runs untracked, so it may read `current` (to build on the last answer) without
 * re-running itself each time it answers.
 */
export class ThrottledQuery<T, I = void> {
  current = $state.raw<T | undefined>(undefined);
  error = $state.raw<unknown>(undefined);
  #run: () => void = () => {};

  constructor(
    query: (input: I) => Promise<T>,
    intervalMs = 5000,
    inputs: () => I = () => undefined as I,
  ) {
    $effect(() => {
      const input = inputs();
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let last = 0;
      let generation = 0;
      this.#run = () => {
        clearTimeout(timer);
        timer = undefined;
        last = Date.now();
        const mine = ++generation;
        untrack(() => query(input)).then(
          (value) => {
            if (stopped || mine !== generation) return;
            this.current = value;
            this.error = undefined;
          },
          (error: unknown) => {
            if (!stopped && mine === generation) this.error = error;
          },
        );
      };
      const changed = () => {
        if (timer !== undefined) return;
        timer = setTimeout(() => this.#run(), Math.max(0, last + intervalMs - Date.now()));
      };
      this.#run();
      Dexie.on.storagemutated.subscribe(changed);
      return () => {
        stopped = true;
        clearTimeout(timer);
        Dexie.on.storagemutated.unsubscribe(changed);
      };
    });
  }

  refresh(): void {
    this.#run();
  }
}
