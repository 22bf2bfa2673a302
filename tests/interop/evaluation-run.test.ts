/**
 * An evaluation run logged straight to a real MLflow server: Tracklab trains a model there
 * (tfjs cpu in Node), evaluates its test predictions with evaluate(), and MLflow's Python API
 * reads the evaluation run back — tags, params, metrics, the "evaluation" dataset input and the
 * artifacts — while scikit-learn recomputes the metrics from the predictions on the server. Then
 * predictions files scikit-learn models wrote with pandas, in the shapes people write (labels
 * alone too), evaluated to the server with and without a positive class, against scikit-learn's
 * metrics for them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { expect, inject, it } from 'vitest';
import { bundledFixture } from '$lib/app/fixtures';
import { train } from '$lib/app/train';
import { evaluate, NO_PROBABILITIES } from '$lib/evaluation';
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

type Reference = Record<string, number | null>;
interface FileCase {
  default: Reference;
  pos_label?: Record<string, Reference>;
  sklearn_warned?: string[];
  /** mlflow.evaluate's model_type, where the file needs it (class numbers). */
  model_type?: 'classifier' | 'regressor';
}

/** What each file must be read as: its columns and, for two classes, the default positive. */
const EXPECTED: Record<string, { params: Record<string, string>; columnsUsed: RegExp }> = {
  binary_numeric: {
    params: { target: 'y_true', prediction_column: 'y_pred', probability_columns: 'prob_1' },
    columnsUsed:
      /^true values "y_true"; P\("1"\) "prob_1"; .*positive class "1" \(the greater label\)$/,
  },
  binary_strings: {
    params: { target: 'label', prediction_column: 'prediction', pos_label: 'malignant' },
    columnsUsed: /P\("malignant"\) "proba_malignant"/,
  },
  binary_signed: {
    params: { target: 'target', prediction_column: 'pred', pos_label: '1' },
    columnsUsed: /P\("1"\) "p_1"/,
  },
  binary_score: {
    params: { target: 'y_true', probability_columns: 'y_score', pos_label: 'yes' },
    columnsUsed: /P\("yes"\) "y_score"/,
  },
  multiclass_positional: {
    params: { task: 'multiclass', probability_columns: 'prob_0,prob_1,prob_2' },
    columnsUsed: /P\("setosa"\) "prob_0", P\("versicolor"\) "prob_1", P\("virginica"\) "prob_2"/,
  },
  multiclass_absent: {
    params: { task: 'multiclass', probability_columns: 'p_setosa,p_versicolor,p_virginica' },
    columnsUsed: /P\("virginica"\) "p_virginica"/,
  },
  labels_strings: {
    params: { task: 'multiclass', target: 'y_true', prediction_column: 'y_pred' },
    columnsUsed:
      /^true values "y_true"; predicted classes "y_pred" \(labels only: no probability columns\)$/,
  },
  labels_numbers: {
    params: { task: 'multiclass', model_type: 'classifier', prediction_column: 'y_pred' },
    columnsUsed: /predicted classes "y_pred" \(labels only/,
  },
  labels_binary: {
    params: {
      task: 'binary',
      target: 'label',
      prediction_column: 'prediction',
      pos_label: 'malignant',
    },
    columnsUsed:
      /\(labels only: no probability columns\); positive class "malignant" \(the greater label\)$/,
  },
};

it('predictions files as scikit-learn people write them evaluate to scikit-learn’s metrics, on the server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracklab-files-'));
  try {
    // Not execFileSync: a blocked event loop misses the server closing an idle keep-alive
    // connection, and the next request then goes out on the dead socket ("fetch failed").
    const python = async (args: string[]) =>
      JSON.parse(
        (
          await promisify(execFile)(
            join(VENV_BIN, 'python'),
            [join(import.meta.dirname, 'evaluation_files.py'), ...args],
            { encoding: 'utf8' },
          )
        ).stdout,
      );
    const reference = (await python(['write', dir])) as Record<string, FileCase>;
    expect(Object.keys(reference).sort()).toEqual(Object.keys(EXPECTED).sort());
    const url = inject('mlflowUrl');
    const client = new MlflowClient(new RestStore({ baseUrl: url }));
    const experimentId = await client.createExperiment(`files-${Date.now()}`);
    const logged: { name: string; runId: string; posLabel?: string; sklearn: Reference }[] = [];
    for (const [name, ref] of Object.entries(reference)) {
      const text = readFileSync(join(dir, `${name}.csv`), 'utf8');
      const variants = [
        { posLabel: undefined as string | undefined, sklearn: ref.default },
        ...Object.entries(ref.pos_label ?? {}).map(([posLabel, sklearn]) => ({
          posLabel,
          sklearn,
        })),
      ];
      for (const { posLabel, sklearn } of variants) {
        const result = await evaluate(
          { client },
          {
            predictions: { name: `${name}.csv`, text },
            experimentId,
            posLabel,
            modelType: ref.model_type,
          },
        );
        // Labels alone: every probability metric is null, for the one reason given.
        if (!result.columns.probabilities.length)
          expect(result.warnings, name).toContain(NO_PROBABILITIES);
        if (posLabel) expect(result.columnsUsed, name).toMatch(`; positive class "${posLabel}"`);
        else expect(result.columnsUsed, name).toMatch(EXPECTED[name].columnsUsed);
        // The files' own predicted classes are scikit-learn's predict(): they agree.
        expect(
          result.warnings.filter((w) => w.includes('differs in')),
          name,
        ).toEqual([]);
        if (posLabel) expect(result.positive, name).toEqual({ label: posLabel, given: true });
        logged.push({ name, runId: result.runId, posLabel, sklearn });
      }
    }
    const read = (await python(['read', url, ...logged.map((l) => l.runId)])) as Record<
      string,
      { params: Record<string, string>; metrics: Record<string, number> }
    >;
    let compared = 0;
    for (const { name, runId, posLabel, sklearn } of logged) {
      const { params, metrics } = read[runId];
      const where = `${name}${posLabel ? ` (pos_label ${posLabel})` : ''}`;
      if (posLabel) expect(params.pos_label, where).toBe(posLabel);
      else expect(params, where).toMatchObject(EXPECTED[name].params);
      for (const [key, value] of Object.entries(sklearn)) {
        if (value === null) {
          // scikit-learn's NaN: Tracklab logs no value, and metrics.json says null.
          expect(metrics[key], `${where}: ${key}`).toBeUndefined();
          continue;
        }
        expect(metrics[key], `${where}: ${key}`).toBeCloseTo(value, 12);
        compared++;
      }
    }
    expect(reference.multiclass_absent.default.roc_auc).toBeNull();
    // Read without a model type, the class numbers are a regression, and the run says how to ask.
    const numbers = readFileSync(join(dir, 'labels_numbers.csv'), 'utf8');
    const asRegression = await evaluate(
      { client },
      { predictions: { name: 'labels_numbers.csv', text: numbers }, experimentId },
    );
    expect(asRegression.metrics.r2_score).toBeDefined();
    expect(asRegression.warnings[0]).toMatch(/whole numbers only .* model type "classifier"/);
    expect(reference.multiclass_absent.sklearn_warned).toContain(
      'Only one class is present in y_true. ROC AUC score is not defined in that case.',
    );
    console.log(`compared ${compared} metrics over ${logged.length} evaluation runs`);
    expect(compared).toBeGreaterThan(80);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
