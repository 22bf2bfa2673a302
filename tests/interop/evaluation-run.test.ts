/**
 * An evaluation run logged straight to a real MLflow server: Tracklab trains a model there
 * (tfjs cpu in Node), evaluates its test predictions with evaluate(), and MLflow's Python API
 * reads the evaluation run back — tags, params, metrics, the "evaluation" dataset input and the
 * artifacts — while scikit-learn recomputes the metrics from the predictions on the server.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect, inject, it } from 'vitest';
import { bundledFixture } from '$lib/app/fixtures';
import { train } from '$lib/app/train';
import { evaluate } from '$lib/evaluation';
import { MlflowClient } from '$lib/tracking';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { DEFAULT_CONFIG } from '$lib/training/config';
import { prepareData } from '$lib/data/prepare';
import { trainModel } from '$lib/training/trainer';
import { VENV_BIN } from '../../scripts/env.js';

it('MLflow reads an evaluation run Tracklab logged, and scikit-learn agrees with its metrics', async () => {
  await tf.setBackend('cpu');
  const url = inject('mlflowUrl');
  const client = new MlflowClient(new RestStore({ baseUrl: url }));
  const experimentId = await client.createExperiment(`evaluated-${Date.now()}`);
  const { table, choice, dataset } = bundledFixture('iris.csv', 'species', 'multiclass', 3);
  const trained = await train(
    {
      client,
      session: 'interop',
      browser: 'Node',
      trainer: {
        ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
        train: (_id, input, onEpoch) => trainModel(input, { onEpoch }),
      },
    },
    {
      experimentId,
      dataset,
      choice,
      data: prepareData(table, choice),
      config: { ...DEFAULT_CONFIG, fit: { ...DEFAULT_CONFIG.fit, epochs: 5 } },
    },
  );
  expect(trained.status).toBe('FINISHED');
  const result = await evaluate({ client }, { runId: trained.runId });

  const read = JSON.parse(
    execFileSync(
      join(VENV_BIN, 'python'),
      [join(import.meta.dirname, 'evaluation_run.py'), url, result.runId, trained.runId],
      { encoding: 'utf8' },
    ),
  );
  expect(read.status).toBe('FINISHED');
  expect(read.tags).toMatchObject({
    'tracklab.evaluated_run_id': trained.runId,
    'tracklab.evaluated_predictions': 'predictions/test.csv',
  });
  expect(read.params).toMatchObject({ task: 'multiclass', target: 'species' });
  expect(read.contexts).toEqual(['evaluation']);
  expect(read.files).toEqual([
    'metrics.json',
    'plots/confusion_matrix.json',
    'plots/precision_recall_curve.json',
    'plots/roc_curve.json',
    'report.html',
  ]);
  expect(read.metrics_json_keys).toEqual(
    expect.arrayContaining(['metrics', 'warnings', 'confusion_matrix', 'per_class']),
  );
  for (const [key, value] of Object.entries(read.sklearn as Record<string, number>)) {
    expect(read.metrics[key], key).toBeCloseTo(value, 12);
    expect(result.metrics[key], key).toBeCloseTo(value, 12);
  }
});
