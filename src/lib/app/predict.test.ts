import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MlflowClient } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DEFAULT_CONFIG } from '$lib/training/config';
import { prepareData, type DataChoice } from '$lib/data/prepare';
import { predictWithFiles, trainModel } from '$lib/training/trainer';
import { loadRunModel, predictionsToCsv, predictRows } from './predict';
import { bundledFixture } from './fixtures';
import { train, type Trainer } from './train';

const predictor = { predict: predictWithFiles };
const trainer: Trainer = {
  ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
  train: (_id, input, onEpoch) => trainModel(input, { onEpoch }),
};

async function trained(file: string, target: string, task: DataChoice['task']) {
  const { table, choice, dataset } = bundledFixture(file, target, task, 3);
  const client = new MlflowClient(new DexieStore({ name: `predict-${Math.random()}` }));
  const data = prepareData(table, choice);
  const outcome = await train(
    { client, trainer, session: 's', browser: 'node' },
    {
      experimentId: '0',
      dataset,
      choice,
      data,
      config: { ...DEFAULT_CONFIG, fit: { ...DEFAULT_CONFIG.fit, epochs: 5 } },
    },
  );
  return { client, runId: outcome.runId, table, data };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('predicting with a logged model', () => {
  it('reloads the model from the store and predicts what the run logged for its test rows', async () => {
    const { client, runId, table } = await trained('penguins.csv', 'species', 'multiclass');
    const model = await loadRunModel(client, runId);
    const logged = new TextDecoder()
      .decode(await client.downloadArtifact(runId, 'predictions/test.csv'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const rows = logged.map((l) => table.rows[Number(l[0])]);
    const predictions = await predictRows(predictor, model, table.columns, rows);
    predictions.forEach((p, i) => {
      expect(p.label).toBe(logged[i][2]);
      p.probabilities!.forEach((q, k) => expect(q).toBeCloseTo(Number(logged[i][3 + k]), 6));
    });
  });

  it('predicts regression in the target units, and names missing columns', async () => {
    const { client, runId, table } = await trained('auto-mpg.csv', 'mpg', 'regression');
    const model = await loadRunModel(client, runId);
    const [p] = await predictRows(predictor, model, table.columns, [table.rows[0]]);
    expect(p.value).toBeGreaterThan(5);
    expect(p.value).toBeLessThan(50);
    await expect(predictRows(predictor, model, ['cylinders'], [['4']])).rejects.toThrow(
      /lacks columns "name", "displacement".*that the model was trained with/,
    );
    const csv = predictionsToCsv(model.pre, ['a'], [['x,y']], [p]);
    expect(csv).toBe(`a,prediction\n"x,y",${p.label}\n`);
  });
});
