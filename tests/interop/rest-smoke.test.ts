/**
 * RestStore against a real MLflow server: the requests it builds are accepted, and the answers
 * decode to the entity shapes. The expectations also pin server behaviour a local store must copy
 * (Infinity clamping, history order, error codes).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { isMlflowError, type MlflowError } from '$lib/tracking/errors';

const MAX_DOUBLE = 1.7976931348623157e308;
const unique = (prefix: string) =>
  `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

async function failure(p: Promise<unknown>): Promise<MlflowError> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  if (!isMlflowError(e)) throw e;
  return e;
}

describe('RestStore against mlflow server', () => {
  let store: RestStore;
  let experimentId: string;
  let runId: string;

  beforeAll(async () => {
    store = new RestStore({ baseUrl: inject('mlflowUrl') });
    experimentId = await store.createExperiment(unique('smoke'), undefined, [
      { key: 'team', value: 'lab' },
    ]);
    const run = await store.createRun({ experimentId, runName: 'smoke-run', startTime: 1_000 });
    runId = run.info.run_id;
  });

  it('creates an experiment and reads it back by id and by name', async () => {
    const e = await store.getExperiment(experimentId);
    expect(e.tags).toEqual([{ key: 'team', value: 'lab' }]);
    expect(e.artifact_location).toBe(`mlflow-artifacts:/${experimentId}`);
    await expect(store.getExperimentByName(e.name)).resolves.toEqual(e);
    await expect(store.getExperimentByName(unique('missing'))).resolves.toBeNull();
    const all = await store.searchExperiments();
    expect(all.items.map((x) => x.experiment_id)).toContain(experimentId);
  });

  it('creates a run whose omitted arrays come back as empty arrays', async () => {
    const run = await store.getRun(runId);
    expect(run.info).toMatchObject({
      run_id: runId,
      run_uuid: runId,
      run_name: 'smoke-run',
      experiment_id: experimentId,
      user_id: '',
      status: 'RUNNING',
      start_time: 1_000,
      lifecycle_stage: 'active',
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    });
    expect(run.info.end_time).toBeUndefined();
    expect(run.data).toEqual({
      metrics: [],
      params: [],
      tags: [{ key: 'mlflow.runName', value: 'smoke-run' }],
    });
    expect(run.inputs).toEqual({ dataset_inputs: [] });
  });

  it('logs NaN and ±Infinity; SQL stores clamp Infinity to ±MAX_DOUBLE', async () => {
    await store.logBatch(runId, {
      metrics: [
        { key: 'loss', value: 0.5, timestamp: 30, step: 2 },
        { key: 'loss', value: NaN, timestamp: 10, step: 0 },
        { key: 'loss', value: Infinity, timestamp: 20, step: 1 },
        { key: 'loss', value: -Infinity, timestamp: 40, step: 2 },
      ],
      params: [{ key: 'lr', value: '0.1' }],
      tags: [{ key: 'note', value: 'x' }],
    });
    const history = await store.getMetricHistory(runId, 'loss');
    // Ordered by (timestamp, step, value), not by insertion or step.
    expect(history).toEqual({
      items: [
        { key: 'loss', value: NaN, timestamp: 10, step: 0 },
        { key: 'loss', value: MAX_DOUBLE, timestamp: 20, step: 1 },
        { key: 'loss', value: 0.5, timestamp: 30, step: 2 },
        { key: 'loss', value: -MAX_DOUBLE, timestamp: 40, step: 2 },
      ],
    });
    const page = await store.getMetricHistory(runId, 'loss', { maxResults: 3 });
    expect(page.items).toHaveLength(3);
    expect(page.next_page_token).toBeTruthy();

    const run = await store.getRun(runId);
    // Latest = max by (step, timestamp, value): step 2, timestamp 40.
    expect(run.data.metrics).toEqual([{ key: 'loss', value: -MAX_DOUBLE, timestamp: 40, step: 2 }]);
    expect(run.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
    expect(run.data.tags).toContainEqual({ key: 'note', value: 'x' });
  });

  it('searches runs with a filter', async () => {
    const other = await store.createRun({ experimentId, runName: 'other' });
    await store.logBatch(other.info.run_id, { params: [{ key: 'lr', value: '0.2' }] });
    const found = await store.searchRuns({
      experimentIds: [experimentId],
      filterString: "params.lr = '0.1'",
    });
    expect(found.items.map((r) => r.info.run_id)).toEqual([runId]);
    const none = await store.searchRuns({
      experimentIds: [experimentId],
      filterString: "params.lr = '9'",
    });
    expect(none).toEqual({ items: [] });
    const bad = await failure(
      store.searchRuns({ experimentIds: [experimentId], filterString: 'metrics.m <' }),
    );
    expect(bad.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('round-trips artifacts through the proxy', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await store.logArtifact(runId, 'data/blob.bin', bytes);
    await store.logArtifact(runId, 'data/notes with space.txt', 'héllo');
    await store.logArtifact(runId, 'empty.txt', '');
    await expect(store.listArtifacts(runId)).resolves.toEqual([
      { path: 'data', is_dir: true },
      { path: 'empty.txt', is_dir: false, file_size: 0 },
    ]);
    await expect(store.listArtifacts(runId, 'data')).resolves.toEqual([
      { path: 'data/blob.bin', is_dir: false, file_size: 5 },
      { path: 'data/notes with space.txt', is_dir: false, file_size: 6 },
    ]);
    await expect(store.downloadArtifact(runId, 'data/blob.bin')).resolves.toEqual(bytes);
    const text = new TextDecoder().decode(
      await store.downloadArtifact(runId, 'data/notes with space.txt'),
    );
    expect(text).toBe('héllo');
    const missing = await failure(store.downloadArtifact(runId, 'nope.txt'));
    expect(missing.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    await store.deleteArtifact(runId, 'empty.txt');
    await expect(store.listArtifacts(runId)).resolves.toEqual([{ path: 'data', is_dir: true }]);
  });

  it('rejects a duplicate experiment name with RESOURCE_ALREADY_EXISTS', async () => {
    const { name } = await store.getExperiment(experimentId);
    const e = await failure(store.createExperiment(name));
    expect(e.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(e.message).toContain(`Experiment(name=${name}) already exists`);
  });

  it('rejects changing a param with INVALID_PARAMETER_VALUE', async () => {
    const e = await failure(store.logBatch(runId, { params: [{ key: 'lr', value: '0.3' }] }));
    expect(e.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(e.message).toContain('Changing param values is not allowed');
    // Logging the same value again is fine.
    await store.logBatch(runId, { params: [{ key: 'lr', value: '0.1' }] });
  });

  it('finishes a run and reports unknown runs and routes', async () => {
    const info = await store.updateRun(runId, { status: 'FINISHED', endTime: 5_000 });
    expect(info).toMatchObject({ status: 'FINISHED', end_time: 5_000, run_id: runId });
    const unknown = await failure(store.getRun('0'.repeat(32)));
    expect(unknown.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    const wrongRoot = new RestStore({ baseUrl: `${inject('mlflowUrl')}/nothing-here` });
    expect((await failure(wrongRoot.getRun(runId))).error_code).toBe('ENDPOINT_NOT_FOUND');
  });
});
