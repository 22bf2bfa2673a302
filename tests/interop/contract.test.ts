/**
 * The TrackingStore contract run against a real MLflow server through RestStore: every behaviour
 * the local store promises is checked against the reference implementation.
 */
import { describe, inject, it } from 'vitest';
import { contractCases } from '$lib/tracking/contract/cases';
import { RestStore } from '$lib/tracking/rest/rest-store';

describe('TrackingStore contract: RestStore on a real mlflow server', () => {
  const store = new RestStore({ baseUrl: inject('mlflowUrl') });
  let n = 0;
  const ctx = { unique: (prefix: string) => `${prefix}-${++n}-${Date.now()}` };
  for (const c of contractCases) it(c.name, () => c.run(store, ctx));
});
