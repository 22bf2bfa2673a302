import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieRegistryStore } from '$lib/registry';
import { MlflowClient } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { callableMethods } from './script-api';

describe('the scripting API', () => {
  it("is the client's and the registry's methods, less those that take callbacks or the store", () => {
    const store = new DexieStore({ name: `api-${Math.random()}` });
    const client = callableMethods(new MlflowClient(store));
    const registry = callableMethods(new DexieRegistryStore({ db: store.db }));
    for (const m of ['searchRuns', 'searchRunsTable', 'getRun', 'logMetric', 'listArtifacts'])
      expect(client).toContain(m);
    for (const m of ['createModelVersion', 'transitionModelVersionStage', 'history', 'undo'])
      expect(registry).toContain(m);
    for (const m of ['startRun', 'constructor']) expect(client).not.toContain(m);
    for (const m of ['close', 'withFlow', 'constructor']) expect(registry).not.toContain(m);
  });
});
