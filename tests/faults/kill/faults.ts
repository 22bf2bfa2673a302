// The ways a write can be cut short, applied to a page that is mid-way through some work.
import type { Page } from '@playwright/test';
import { crashRenderer } from '../app';

export type FaultKind = 'terminate' | 'worker-error' | 'close-tab' | 'renderer-crash' | 'sigkill';

/** A seeded PRNG (mulberry32), so every kill point is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Keeps every Worker the page builds in window.__workers, so a test can terminate them silently
 * (as a browser does under memory pressure): no `error` event reaches the app.
 */
export async function trackWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.Worker;
    const workers: Worker[] = [];
    (window as unknown as { __workers: Worker[] }).__workers = workers;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        workers.push(this);
      }
    };
  });
}

/** Terminates every worker the page has built, from the page, without telling the app. */
export async function terminateWorkers(page: Page): Promise<number> {
  return page.evaluate(() => {
    const workers = (window as unknown as { __workers?: Worker[] }).__workers ?? [];
    for (const w of workers) w.terminate();
    return workers.length;
  });
}

/** A worker fault that reached no worker would be no fault at all: the kill point is void. */
function reached(workers: number, kind: FaultKind): void {
  if (workers === 0) throw new Error(`The ${kind} fault found no worker to hit (trackWorkers?)`);
}

/**
 * Applies a fault other than SIGKILL (which needs the browser's process: see browser.ts).
 * 'worker-error' has every worker throw an uncaught error (the lifeline's test aid, lifeline.ts).
 */
export async function applyFault(kind: Exclude<FaultKind, 'sigkill'>, page: Page): Promise<void> {
  switch (kind) {
    case 'terminate':
      reached(await terminateWorkers(page), kind);
      return;
    case 'worker-error':
      reached(
        await page.evaluate(() => {
          const workers = (window as unknown as { __workers?: Worker[] }).__workers ?? [];
          for (const w of workers) w.postMessage({ id: '', lifeline: 'throw' });
          return workers.length;
        }),
        kind,
      );
      return;
    case 'close-tab':
      await page.close({ runBeforeUnload: false });
      return;
    case 'renderer-crash':
      await crashRenderer(page);
      return;
  }
}
