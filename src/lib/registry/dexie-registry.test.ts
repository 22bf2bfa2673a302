import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { isMlflowError } from '../tracking/errors';
import { DexieStore } from '../tracking/dexie/dexie-store';
import { SCHEMA_VERSION } from '../tracking/dexie/schema';
import { shippedDatabase, shippedRunRow } from '../tracking/dexie/shipped-layouts';
import { DexieRegistryStore } from './dexie-registry';

let n = 0;
const fresh = () => `registry-${Date.now()}-${++n}`;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    return isMlflowError(e) ? e.error_code : `not an MlflowError: ${String(e)}`;
  }
}

describe('DexieRegistryStore storage', () => {
  it('upgrades a version 2 database to version 3, keeping its tracking data', async () => {
    const name = `v2-${Date.now()}`;
    // The version 2 layout as it shipped: v1's tables plus searchSnapshots.
    const old = shippedDatabase(name, 2);
    await old.table('experiments').bulkAdd([
      {
        experiment_id: '0',
        name: 'Default',
        artifact_location: 'tracklab-artifacts:/0',
        lifecycle_stage: 'active',
        creation_time: 1,
        last_update_time: 1,
        tags: [],
      },
      {
        experiment_id: '7',
        name: 'old',
        artifact_location: 'tracklab-artifacts:/7',
        lifecycle_stage: 'active',
        creation_time: 1,
        last_update_time: 1,
        tags: [{ key: 'team', value: 'cv' }],
      },
    ]);
    await old.table('meta').bulkAdd([
      { key: 'nextExperimentId', value: 8 },
      { key: 'runsVersion', value: 1 },
    ]);
    const runId = 'a'.repeat(32);
    await old.table('runs').add(
      shippedRunRow({
        artifact_uri: `tracklab-artifacts:/7/${runId}/artifacts`,
        params: new Map([['lr', '0.1']]),
      }),
    );
    await old.table('searchSnapshots').add({
      experiment_id: '7',
      version: 0,
      epoch: 0,
      runs: 0,
      data: '[]',
    });
    old.close();

    const tracking = new DexieStore({ name, snapshotDelayMs: 0 });
    const registry = new DexieRegistryStore({ db: tracking.db });
    const run = await tracking.getRun(runId);
    expect(run.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
    expect((await tracking.getExperiment('7')).tags).toEqual([{ key: 'team', value: 'cv' }]);
    expect(
      (
        await tracking.searchRuns({ experimentIds: ['7'], filterString: 'metrics.acc > 0.1' })
      ).items.map((r) => r.info.run_name),
    ).toEqual(['kept']);
    expect(tracking.db.verno).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3); // opened by every later schema too
    expect(await tracking.db.table('searchSnapshots').count()).toBe(1);

    await registry.createRegisteredModel('iris');
    const v = await registry.createModelVersion({
      name: 'iris',
      source: `${run.info.artifact_uri}/model`,
      runId,
    });
    expect([v.version, v.run_id]).toEqual(['1', runId]);
    expect(await tracking.createExperiment('new')).toBe('8');
    registry.close();
    // The registry shares the tracking store's database and leaves it open.
    expect((await tracking.getRun(runId)).info.run_name).toBe('kept');
    await tracking.whenIdle();
    tracking.close();

    const reopened = new DexieRegistryStore({ name });
    expect((await reopened.getModelVersion('iris', 1)).source).toBe(
      `tracklab-artifacts:/7/${runId}/artifacts/model`,
    );
    reopened.close();
  });

  it('a tracklab-artifacts source must lie inside the artifacts of the run given', async () => {
    const name = fresh();
    const tracking = new DexieStore({ name });
    const registry = new DexieRegistryStore({ db: tracking.db });
    const experimentId = await tracking.createExperiment('e');
    const a = (await tracking.createRun({ experimentId })).info;
    const b = (await tracking.createRun({ experimentId })).info;
    await registry.createRegisteredModel('m');
    const source = `${a.artifact_uri}/model`;
    expect(await code(registry.createModelVersion({ name: 'm', source }))).toBe(
      'INVALID_PARAMETER_VALUE',
    );
    expect(await code(registry.createModelVersion({ name: 'm', source, runId: b.run_id }))).toBe(
      'INVALID_PARAMETER_VALUE',
    );
    expect(
      await code(registry.createModelVersion({ name: 'm', source, runId: 'f'.repeat(32) })),
    ).toBe('INVALID_PARAMETER_VALUE');
    expect(
      await code(
        registry.createModelVersion({
          name: 'm',
          source: `${a.artifact_uri}/../../${b.run_id}/artifacts/model`,
          runId: a.run_id,
        }),
      ),
    ).toBe('INVALID_PARAMETER_VALUE');
    const v = await registry.createModelVersion({ name: 'm', source, runId: a.run_id });
    expect(await registry.getModelVersionDownloadUri('m', v.version)).toBe(source);
    // A local path only inside a run whose experiment was given a file: location.
    expect(await code(registry.createModelVersion({ name: 'm', source: '/data/model' }))).toBe(
      'INVALID_PARAMETER_VALUE',
    );
    const fileExp = await tracking.createExperiment('files', 'file:///data/mlruns/9');
    const c = (await tracking.createRun({ experimentId: fileExp })).info;
    const local = `/data/mlruns/9/${c.run_id}/artifacts/model`;
    expect(
      (await registry.createModelVersion({ name: 'm', source: local, runId: c.run_id })).source,
    ).toBe(local);
    expect(
      await code(registry.createModelVersion({ name: 'm', source: local, runId: a.run_id })),
    ).toBe('INVALID_PARAMETER_VALUE');
    tracking.close();
  });

  it('versions created at once get distinct numbers', async () => {
    const registry = new DexieRegistryStore({ name: fresh() });
    await registry.createRegisteredModel('m');
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        registry.createModelVersion({ name: 'm', source: `s3://bucket/m/${i}` }),
      ),
    );
    expect(made.map((v) => Number(v.version)).sort((x, y) => x - y)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    registry.close();
  });

  it('search leaves prompts out unless the filter asks for them', async () => {
    const registry = new DexieRegistryStore({ name: fresh() });
    await registry.createRegisteredModel('model');
    await registry.createRegisteredModel('prompt', [
      { key: 'mlflow.prompt.is_prompt', value: 'true' },
    ]);
    const names = async (filterString?: string) =>
      (await registry.searchRegisteredModels({ filterString })).items.map((m) => m.name);
    expect(await names()).toEqual(['model']);
    expect(await names("tags.`mlflow.prompt.is_prompt` = 'false'")).toEqual(['model']);
    expect(await names("tags.`mlflow.prompt.is_prompt` = 'true'")).toEqual(['prompt']);
    expect((await registry.getRegisteredModel('prompt')).name).toBe('prompt');
    registry.close();
  });

  it('uses the injected clock and refuses a page size of 0 (where the server misbehaves)', async () => {
    let now = 1_000;
    const registry = new DexieRegistryStore({ name: fresh(), now: () => now });
    const m = await registry.createRegisteredModel('m');
    expect([m.creation_timestamp, m.last_updated_timestamp]).toEqual([1_000, 1_000]);
    now = 2_000;
    const v = await registry.createModelVersion({ name: 'm', source: 's3://bucket/m' });
    expect(v.creation_timestamp).toBe(2_000);
    expect((await registry.getRegisteredModel('m')).last_updated_timestamp).toBe(2_000);
    expect(await code(registry.searchRegisteredModels({ maxResults: 0 }))).toBe(
      'INVALID_PARAMETER_VALUE',
    );
    registry.close();
  });
});
