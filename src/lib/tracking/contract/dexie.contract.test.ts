import 'fake-indexeddb/auto';
import { afterAll, describe, it } from 'vitest';
import { DexieStore } from '../dexie/dexie-store';
import { contractCases } from './cases';

describe('TrackingStore contract: DexieStore on fake-indexeddb', () => {
  const store = new DexieStore({ name: `contract-${Date.now()}` });
  let n = 0;
  const ctx = { unique: (prefix: string) => `${prefix}-${++n}-${Date.now()}` };
  afterAll(() => store.close());
  for (const c of contractCases) it(c.name, () => c.run(store, ctx));
});
