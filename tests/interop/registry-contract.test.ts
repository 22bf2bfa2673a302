/**
 * The RegistryStore contract run against a real MLflow server through RestRegistryStore: every
 * behaviour the local registry promises is checked against the reference implementation.
 */
import { describe, expect, inject, it } from 'vitest';
import { registryContractCases } from '$lib/registry/contract/cases';
import { RestRegistryStore } from '$lib/registry/rest-registry';
import { isMlflowError } from '$lib/tracking/errors';
import { RestStore } from '$lib/tracking/rest/rest-store';

describe('RegistryStore contract: RestRegistryStore on a real mlflow server', () => {
  const store = new RestRegistryStore({ baseUrl: inject('mlflowUrl') });
  let n = 0;
  const ctx = { unique: (prefix: string) => `${prefix}-${++n}-${Date.now()}` };
  for (const c of registryContractCases) it(c.name, () => c.run(store, ctx));
});

describe('RestRegistryStore with the server’s own runs', () => {
  it('registers a run’s proxied artifacts only under that run’s id', async () => {
    const tracking = new RestStore({ baseUrl: inject('mlflowUrl') });
    const registry = new RestRegistryStore({ baseUrl: inject('mlflowUrl') });
    const experimentId = await tracking.createExperiment(`registry-runs-${Date.now()}`);
    const a = (await tracking.createRun({ experimentId })).info;
    const b = (await tracking.createRun({ experimentId })).info;
    expect(a.artifact_uri).toMatch(/^mlflow-artifacts:\//);
    const name = `from-run-${Date.now()}`;
    await registry.createRegisteredModel(name);
    const source = `${a.artifact_uri}/model`;
    const v = await registry.createModelVersion({ name, source, runId: a.run_id });
    expect([v.source, v.run_id]).toEqual([source, a.run_id]);
    expect(await registry.getModelVersionDownloadUri(name, v.version)).toBe(source);
    const refused = await registry
      .createModelVersion({ name, source, runId: b.run_id })
      .then(() => 'ok')
      .catch((e: unknown) => (isMlflowError(e) ? e.error_code : String(e)));
    expect(refused).toBe('INVALID_PARAMETER_VALUE');
  });
});
