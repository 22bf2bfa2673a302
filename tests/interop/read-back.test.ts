/**
 * What Tracklab writes to a server, MLflow's own Python client reads back: params, tags, latest
 * metrics, NaN, metric history, dataset inputs, artifacts through the proxy, and a search.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { MlflowClient } from '$lib/tracking';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { VENV_BIN } from '../../scripts/env.js';

it("MLflow's Python client reads back a run Tracklab logged", async () => {
  const url = inject('mlflowUrl');
  const client = new MlflowClient(new RestStore({ baseUrl: url }));
  const name = `read-back-${Date.now()}`;
  const experimentId = await client.createExperiment(name);
  const runId = await client.startRun({ experimentId, runName: 'tracklab run' }, async (run) => {
    await run.logParams({ optimizer: 'adam', lr: 0.01 });
    await run.setTag('team', 'vision');
    for (let epoch = 0; epoch < 5; epoch++)
      run.logMetrics({ loss: 1 / (epoch + 1), acc: 0.5 + epoch / 10 }, epoch);
    run.logMetric('diverged', NaN, 0);
    await run.logDict({ layers: [64, 64], activation: 'relu' }, 'model/config.json');
    await run.logArtifact('model/weights.bin', new Uint8Array([1, 2, 3]));
    await client.logInputs(run.runId, [
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: { name: 'iris', digest: 'abc', source_type: 'local', source: '{}' },
      },
    ]);
    return run.runId;
  });
  await client.startRun({ experimentId, runName: 'other' }, async (run) => {
    await run.logParam('optimizer', 'sgd');
    run.logMetric('acc', 0.9);
  });

  const out = execFileSync(
    join(VENV_BIN, 'python'),
    [join(import.meta.dirname, 'read_back.py'), url, runId, name],
    { encoding: 'utf8' },
  );
  expect(JSON.parse(out)).toEqual({
    name: 'tracklab run',
    status: 'FINISHED',
    params: { optimizer: 'adam', lr: '0.01' },
    tags: { team: 'vision', 'mlflow.runName': 'tracklab run' },
    metrics: { loss: 0.2, acc: 0.9, diverged: 'nan' },
    history: [
      [0, 1],
      [1, 0.5],
      [2, 1 / 3],
      [3, 0.25],
      [4, 0.2],
    ],
    artifacts: ['model/config.json', 'model/weights.bin'],
    config: { layers: [64, 64], activation: 'relu' },
    found: ['tracklab run'],
    datasets: [['iris', 'abc']],
  });
});
