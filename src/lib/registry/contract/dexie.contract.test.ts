import 'fake-indexeddb/auto';
import { afterAll, describe, it } from 'vitest';
import { DexieRegistryStore } from '../dexie-registry';
import { registryContractCases } from './cases';

describe('RegistryStore contract: DexieRegistryStore on fake-indexeddb', () => {
  const store = new DexieRegistryStore({ name: `registry-contract-${Date.now()}` });
  let n = 0;
  const ctx = { unique: (prefix: string) => `${prefix}-${++n}-${Date.now()}` };
  afterAll(() => store.close());
  for (const c of registryContractCases) it(c.name, () => c.run(store, ctx));
});
