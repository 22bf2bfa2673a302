/**
 * A model trained by Tracklab's train use case (tfjs on the cpu backend in Node) and logged
 * straight to a real MLflow server: MLflow's Python API loads its MLmodel file (tfjs flavor,
 * signature), sees the dataset inputs per split, and reads the predictions CSV.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect, inject, it } from 'vitest';
import { bundledFixture } from '$lib/app/fixtures';
import { train, type Trainer } from '$lib/app/train';
import { MlflowClient } from '$lib/tracking';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { DEFAULT_CONFIG } from '$lib/training/config';
import { prepareData } from '$lib/data/prepare';
import { trainModel } from '$lib/training/trainer';
import { VENV_BIN } from '../../scripts/env.js';

it('MLflow loads the MLmodel of a run Tracklab trained and logged to the server', async () => {
  await tf.setBackend('cpu');
  const url = inject('mlflowUrl');
  const client = new MlflowClient(new RestStore({ baseUrl: url }));
  const experimentId = await client.createExperiment(`trained-${Date.now()}`);
  const { table, choice, dataset } = bundledFixture('penguins.csv', 'species', 'multiclass', 5);
  const trainer: Trainer = {
    ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
    train: (_id, input, onEpoch) => trainModel(input, { onEpoch }),
  };
  const data = prepareData(table, choice);
  const outcome = await train(
    { client, trainer, session: 'interop', browser: 'Node' },
    {
      experimentId,
      dataset,
      choice,
      data,
      config: { ...DEFAULT_CONFIG, fit: { ...DEFAULT_CONFIG.fit, epochs: 3 } },
    },
  );
  expect(outcome.status).toBe('FINISHED');

  const out = execFileSync(
    join(VENV_BIN, 'python'),
    [join(import.meta.dirname, 'trained_model.py'), url, outcome.runId],
    { encoding: 'utf8' },
  );
  const read = JSON.parse(out);
  expect(read).toMatchObject({
    status: 'FINISHED',
    flavors: ['tfjs'],
    run_id: outcome.runId,
    inputs: [
      'island',
      'bill_length_mm',
      'bill_depth_mm',
      'flipper_length_mm',
      'body_mass_g',
      'sex',
    ],
    outputs: ['proba_Adelie', 'proba_Chinstrap', 'proba_Gentoo'],
    files: [
      'model/MLmodel',
      'model/group1-shard1of1.bin',
      'model/model.json',
      'model/preprocessor.json',
    ],
    contexts: ['training', 'validation', 'test'],
    loss_steps: [0, 1, 2],
    params: { model_type: 'MLP', optimizer: 'adam', target: 'species', task: 'multiclass' },
    prediction_columns: [
      'row',
      'species',
      'prediction',
      'proba_Adelie',
      'proba_Chinstrap',
      'proba_Gentoo',
    ],
    prediction_rows: data.splits.test.rows.length,
    model_format: 'layers-model',
  });
  expect(read.tfjs).toMatchObject({
    tfjs_version: '4.22.0',
    model_file: 'model.json',
    preprocessor: 'preprocessor.json',
    task: 'multiclass',
  });
});
