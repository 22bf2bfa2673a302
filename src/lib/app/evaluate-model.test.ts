import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '$lib/data/csv';
import { evaluate } from '$lib/evaluation';
import { DexieRegistryStore } from '$lib/registry';
import { MlflowClient, TAGS, tagValue } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DEFAULT_CONFIG } from '$lib/training/config';
import { prepareData } from '$lib/data/prepare';
import { predictWithFiles, trainModel } from '$lib/training/trainer';
import { evaluateAny, evaluateModel, type ModelEvaluationDeps } from './evaluate-model';
import { bundledFixture } from './fixtures';
import { registerRunModel } from './register';
import { train } from './train';

const { table, choice, dataset } = bundledFixture('breast-cancer.csv', 'diagnosis', 'binary');
const config = {
  model: { ...DEFAULT_CONFIG.model, hidden: [8] },
  fit: { ...DEFAULT_CONFIG.fit, epochs: 4, batchSize: 32 },
};

async function trained() {
  const store = new DexieStore({ name: `evalmodel-${Math.random()}` });
  const client = new MlflowClient(store);
  const registry = new DexieRegistryStore({ db: store.db });
  const outcome = await train(
    {
      client,
      session: 's',
      browser: 'Node',
      trainer: {
        ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
        train: (_id, input, onEpoch) => trainModel(input, { onEpoch }),
      },
    },
    { experimentId: '0', dataset, choice, data: prepareData(table, choice), config },
  );
  const deps: ModelEvaluationDeps = {
    client,
    registry,
    predictor: { predict: predictWithFiles },
    datasets: { get: async (sha) => (sha === dataset.sha256 ? dataset : undefined) },
    data: { prepare: async (_sha, c) => prepareData(table, c) },
    evaluator: { evaluate: (request) => evaluate({ client }, request) },
  };
  return { client, registry, runId: outcome.runId, deps };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluateModel', () => {
  it('gives on the test split what the saved test predictions give', async () => {
    const { client, runId, deps } = await trained();
    const viaModel = await evaluateModel(deps, { model: { runId }, data: { split: 'test' } });
    const viaSaved = await evaluate({ client }, { runId, predictions: 'predictions/test.csv' });
    for (const [key, value] of Object.entries(viaSaved.metrics))
      expect(viaModel.metrics[key], key).toBeCloseTo(value, 6);
    const run = await client.getRun(viaModel.runId);
    expect(tagValue(run.data.tags, TAGS.evaluatedModel)).toBe(`runs:/${runId}/model`);
    expect(tagValue(run.data.tags, TAGS.evaluatedRun)).toBe(runId);
    const source = await client.getRun(runId);
    const testInput = source.inputs.dataset_inputs.find((i) => i.tags[0].value === 'test')!;
    expect(run.inputs.dataset_inputs).toEqual([
      { tags: [{ key: 'mlflow.data.context', value: 'evaluation' }], dataset: testInput.dataset },
    ]);
  });

  it('evaluates a registered version on a dropped CSV, checking it against the model', async () => {
    const { client, registry, runId, deps } = await trained();
    await registerRunModel({ client, registry }, { runId, name: 'cancer' });
    const csv = toCsv([table.columns, ...table.rows.slice(0, 60)]);
    const result = await evaluateModel(deps, {
      model: { uri: 'models:/cancer/1' },
      data: { file: { name: 'new.csv', text: csv } },
      threshold: 0.4,
    });
    expect(result.metrics.example_count).toBe(60);
    const run = await client.getRun(result.runId);
    expect(tagValue(run.data.tags, TAGS.evaluatedModel)).toBe('models:/cancer/1');
    expect(run.inputs.dataset_inputs[0].dataset.name).toBe('new.csv');
    expect(run.data.params.find((p) => p.key === 'threshold')?.value).toBe('0.4');

    const targetAt = table.columns.indexOf('diagnosis');
    const drop = (row: string[]) => row.filter((_, i) => i !== targetAt);
    const noTarget = toCsv([drop(table.columns), ...table.rows.slice(0, 3).map(drop)]);
    await expect(
      evaluateModel(deps, { model: { runId }, data: { file: { name: 'x.csv', text: noTarget } } }),
    ).rejects.toThrow('"x.csv" has no "diagnosis" column');
    const mistyped = toCsv([table.columns, table.rows[0].map((v, i) => (i === 0 ? 'large' : v))]);
    await expect(
      evaluateModel(deps, { model: { runId }, data: { file: { name: 'z.csv', text: mistyped } } }),
    ).rejects.toThrow(
      `Column "${table.columns[0]}" held numbers in training, but row 2 has "large". Correct the value, or leave it empty to have it filled as in training.`,
    );
    const badClass = toCsv([
      table.columns,
      table.rows[0].map((v, i) => (i === targetAt ? 'maybe' : v)),
    ]);
    await expect(
      evaluateModel(deps, { model: { runId }, data: { file: { name: 'y.csv', text: badClass } } }),
    ).rejects.toThrow('Row 2 of "y.csv": "maybe" in "diagnosis" is not a class the model knows');
    await expect(
      evaluateModel(deps, { model: { uri: 'models:/cancer/7' }, data: { split: 'test' } }),
    ).rejects.toThrow('Model Version (name=cancer, version=7) not found');
  });

  it('says when the training dataset is gone', async () => {
    const { runId, deps } = await trained();
    await expect(
      evaluateModel(
        { ...deps, datasets: { get: async () => undefined } },
        { model: { runId }, data: { split: 'validation' } },
      ),
    ).rejects.toThrow(
      'The dataset "breast-cancer" this model was trained on is no longer in this browser',
    );
  });
});

describe('evaluateAny (mlflow.evaluate)', () => {
  it("resolves every model URI shape MLflow has to the version's run", async () => {
    const { client, registry, runId, deps } = await trained();
    await registerRunModel({ client, registry }, { runId, name: 'cancer' });
    await registerRunModel({ client, registry }, { runId, name: 'cancer' });
    await registry.transitionModelVersionStage('cancer', '1', 'Production', false);
    await registry.setRegisteredModelAlias('cancer', 'champion', '2');
    // Each resolves to a version, which the run names; an alias or stage is kept beside it.
    for (const [uri, version] of [
      [`runs:/${runId}/model`, `runs:/${runId}/model`],
      [`runs:/${runId}`, `runs:/${runId}/model`],
      ['models:/cancer/1', 'models:/cancer/1'],
      ['models:/cancer/Production', 'models:/cancer/1'],
      ['models:/cancer/production', 'models:/cancer/1'],
      ['models:/cancer/latest', 'models:/cancer/2'],
      ['models:/cancer@champion', 'models:/cancer/2'],
    ]) {
      const result = await evaluateAny(deps, { model: uri, evaluators: 'default' });
      const run = await client.getRun(result.runId);
      expect(tagValue(run.data.tags, TAGS.evaluatedRun), uri).toBe(runId);
      expect(tagValue(run.data.tags, TAGS.evaluatedModel), uri).toBe(version);
      expect(tagValue(run.data.tags, TAGS.evaluatedModelRequested), uri).toBe(
        uri === version ? undefined : uri,
      );
    }
    await expect(evaluateAny(deps, { model: 'models:/cancer/Staging' })).rejects.toThrow(
      '"cancer" has no version in stage Staging: promote one on its model page first.',
    );
    await expect(evaluateAny(deps, { model: 'models:/cancer/best' })).rejects.toThrow(
      'Invalid Model Version stage: best. Value must be one of None, Staging, Production, Archived.',
    );
    await expect(evaluateAny(deps, { model: 'models:/cancer@gone' })).rejects.toThrow('gone');
    await expect(evaluateAny(deps, { model: 's3://bucket/model' })).rejects.toThrow(
      '"s3://bucket/model" is not a model URI this browser can resolve: use runs:/<run_id>/model',
    );
    await expect(evaluateAny(deps, { model: 'models://dbx/cancer/1' })).rejects.toThrow(
      'names a registry on another host',
    );
    await registry.createRegisteredModel('empty');
    await expect(evaluateAny(deps, { model: 'models:/empty/latest' })).rejects.toThrow(
      '"empty" has no versions yet: register a run\'s model under it first.',
    );
  });

  it("evaluates saved predictions, a run's model on data, and refuses what it cannot do", async () => {
    const { client, runId, deps } = await trained();
    const saved = await evaluateAny(deps, { runId, runName: 'saved' });
    const onTest = await evaluateAny(deps, { runId, data: 'test', target: 'diagnosis' });
    for (const [key, value] of Object.entries(saved.metrics))
      expect(onTest.metrics[key], key).toBeCloseTo(value, 6);
    expect((await client.getRun(saved.runId)).info.run_name).toBe('saved');
    expect(tagValue((await client.getRun(saved.runId)).data.tags, TAGS.evaluatedPredictions)).toBe(
      'predictions/test.csv',
    );
    expect(tagValue((await client.getRun(onTest.runId)).data.tags, TAGS.evaluatedModel)).toBe(
      `runs:/${runId}/model`,
    );
    const before = (await client.searchRuns({ experimentIds: ['0'] })).items.length;
    await expect(evaluateAny(deps, { runId, evaluators: ['default', 'shap'] })).rejects.toThrow(
      'Unknown evaluator "shap": Tracklab has "default".',
    );
    await expect(
      evaluateAny(deps, { model: `runs:/${runId}/model`, predictions: 'predictions/test.csv' }),
    ).rejects.toThrow('not both');
    await expect(evaluateAny(deps, {})).rejects.toThrow('Nothing to evaluate');
    await expect(evaluateAny(deps, { model: `runs:/${runId}/model`, runId })).rejects.toThrow(
      'Give a model URI or a runId, not both',
    );
    await expect(
      evaluateAny(deps, { runId, predictions: 'predictions/val.csv', data: 'test' }),
    ).rejects.toThrow('Give predictions, or data for a model to predict, not both');
    await expect(
      evaluateAny(deps, { runId, targets: 'diagnosis' } as Parameters<typeof evaluateAny>[1]),
    ).rejects.toThrow('Unknown option "targets": did you mean "target"?');
    await expect(evaluateAny(deps, { runId, data: 'test', target: 'radius' })).rejects.toThrow(
      'This model was trained to predict "diagnosis", not "radius"',
    );
    await expect(evaluateAny(deps, { runId, data: 'train' as 'test' })).rejects.toThrow(
      '"train" is not a split to evaluate on',
    );
    // mlflow.evaluate's model_type: checked against the model, and against the saved file.
    await expect(
      evaluateAny(deps, { runId, model_type: 'classifier' } as Parameters<typeof evaluateAny>[1]),
    ).rejects.toThrow('Unknown option "model_type": did you mean "modelType"?');
    await expect(
      evaluateAny(deps, { runId, data: 'test', modelType: 'regressor' }),
    ).rejects.toThrow(
      'This model is a classifier: it predicts the classes of "diagnosis", so the model type "regressor" does not fit it.',
    );
    await expect(evaluateAny(deps, { runId, modelType: 'regressor' })).rejects.toThrow(
      "A regressor's predictions file holds true and predicted numbers, and this one has probability columns",
    );
    await expect(evaluateAny(deps, { runId, modelType: 'text' as 'classifier' })).rejects.toThrow(
      'The model type must be "classifier" or "regressor"',
    );
    expect((await client.searchRuns({ experimentIds: ['0'] })).items.length).toBe(before);
  });

  it('takes a positive class for a model and for saved predictions, and records it', async () => {
    const { client, runId, deps } = await trained();
    const param = async (id: string) =>
      (await client.getRun(id)).data.params.find((p) => p.key === 'pos_label')?.value;
    const byDefault = await evaluateAny(deps, { runId, data: 'test' });
    expect(byDefault.positive).toEqual({ label: 'malignant', given: false });
    expect(await param(byDefault.runId)).toBe('malignant');
    const benign = await evaluateAny(deps, { runId, data: 'test', posLabel: 'benign' });
    expect(benign.positive).toEqual({ label: 'benign', given: true });
    expect(await param(benign.runId)).toBe('benign');
    // The other class positive: its true positives are the default's true negatives.
    expect(benign.metrics.true_positives).toBe(byDefault.metrics.true_negatives);
    expect(benign.metrics.roc_auc).toBeCloseTo(byDefault.metrics.roc_auc, 12);
    const saved = await evaluateAny(deps, { runId, posLabel: 'benign' });
    expect(saved.metrics.true_positives).toBe(benign.metrics.true_positives);
    const typed = await evaluateAny(deps, { runId, data: 'test', modelType: 'classifier' });
    expect(typed.metrics).toEqual(byDefault.metrics);
    const typedParams = (await client.getRun(typed.runId)).data.params;
    expect(typedParams).toContainEqual({ key: 'model_type', value: 'classifier' });
    await expect(evaluateAny(deps, { runId, posLabel: 'maybe' })).rejects.toThrow(
      'The positive class "maybe" is not one of the classes in the predictions file ("benign", "malignant").',
    );
    await expect(
      evaluateAny(deps, { runId, pos_label: 'benign' } as Parameters<typeof evaluateAny>[1]),
    ).rejects.toThrow('Unknown option "pos_label": did you mean "posLabel"?');
  });
});
