/**
 * The RegistryStore contract run against a real MLflow server through RestRegistryStore: every
 * behaviour the local registry promises is checked against the reference implementation.
 */
import { describe, inject, it } from 'vitest';
import { registryContractCases } from '$lib/registry/contract/cases';
import { RestRegistryStore } from '$lib/registry/rest-registry';

describe('RegistryStore contract: RestRegistryStore on a real mlflow server', () => {
  const store = new RestRegistryStore({ baseUrl: inject('mlflowUrl') });
  let n = 0;
  const ctx = { unique: (prefix: string) => `${prefix}-${++n}-${Date.now()}` };
  for (const c of registryContractCases) it(c.name, () => c.run(store, ctx));
});
