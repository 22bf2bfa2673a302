/**
 * Bundled for the browser by tests/browser/vite.config.ts: runs the TrackingStore contract against
 * DexieStore over Chromium's real IndexedDB and reports each case's outcome.
 */
import { contractCases } from '$lib/tracking/contract/cases';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';

export interface CaseResult {
  name: string;
  error?: string;
}

export async function runContract(): Promise<CaseResult[]> {
  const store = new DexieStore({ name: `contract-${Date.now()}` });
  let n = 0;
  const ctx = { unique: (prefix: string) => `${prefix}-${++n}` };
  const results: CaseResult[] = [];
  for (const c of contractCases) {
    try {
      await c.run(store, ctx);
      results.push({ name: c.name });
    } catch (e) {
      results.push({
        name: c.name,
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
  }
  store.close();
  return results;
}
