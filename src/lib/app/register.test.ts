import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieRegistryStore } from '$lib/registry';
import { MlflowClient } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { registeredModelNames, registerRunModel, versionsOfRun } from './register';

async function setup() {
  const store = new DexieStore({ name: `register-${Math.random()}` });
  const client = new MlflowClient(store);
  const registry = new DexieRegistryStore({ db: store.db });
  const withModel = async () => {
    const runId = (await client.createRun('0')).info.run_id;
    await client.logArtifact(runId, 'model/MLmodel', new TextEncoder().encode('flavors: {}\n'));
    return runId;
  };
  return { client, registry, withModel };
}

describe('registerRunModel', () => {
  it('creates the model on first use, then adds versions sourced from the run', async () => {
    const { client, registry, withModel } = await setup();
    const a = await withModel();
    const b = await withModel();
    const v1 = await registerRunModel({ client, registry }, { runId: a, name: 'm' });
    const v2 = await registerRunModel(
      { client, registry },
      { runId: b, name: 'm', description: 'second' },
    );
    expect([v1.version, v2.version]).toEqual(['1', '2']);
    expect(v2).toMatchObject({ run_id: b, description: 'second', current_stage: 'None' });
    expect(v1.source).toBe(`${(await client.getRun(a)).info.artifact_uri}/model`);
    expect((await versionsOfRun(registry, a)).map((v) => v.version)).toEqual(['1']);
    await registerRunModel({ client, registry }, { runId: a, name: 'other' });
    expect((await versionsOfRun(registry, a)).map((v) => `${v.name}/${v.version}`)).toEqual([
      'other/1',
      'm/1',
    ]);
    expect(await registeredModelNames(registry)).toEqual(['m', 'other']);
  });

  it("says what is wrong: a run without a model, MLflow's name rules", async () => {
    const { client, registry, withModel } = await setup();
    const bare = (await client.createRun('0')).info.run_id;
    await expect(
      registerRunModel({ client, registry }, { runId: bare, name: 'm' }),
    ).rejects.toThrow(/has no logged model \(no model\/MLmodel artifact\)/);
    const runId = await withModel();
    await expect(registerRunModel({ client, registry }, { runId, name: '  ' })).rejects.toThrow(
      "Missing value for required parameter 'name'",
    );
    await expect(registerRunModel({ client, registry }, { runId, name: 'x:y' })).rejects.toThrow(
      "Names cannot contain '/' or ':'",
    );
    expect(await registeredModelNames(registry)).toEqual([]);
  });
});
