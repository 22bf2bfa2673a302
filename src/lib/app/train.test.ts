import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileTable } from '$lib/data/columns';
import { parseTable } from '$lib/data/csv';
import { DexieRegistryStore } from '$lib/registry';
import { MlflowClient, tagValue } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DEFAULT_CONFIG, type TrainConfig } from '$lib/training/config';
import { TrainingFailure } from '$lib/training/client';
import { prepareData, type DataChoice } from '$lib/data/prepare';
import { bundledFixture } from './fixtures';
import { trainModel, TrainingError } from '$lib/training/trainer';
import { killAbandonedRuns } from './sessions';
import { CLOSED_ELSEWHERE, train, type Trainer, type TrainDeps } from './train';

const { table, choice, dataset } = bundledFixture('breast-cancer.csv', 'diagnosis', 'binary');
const target = choice.target;
const config: TrainConfig = {
  model: { ...DEFAULT_CONFIG.model, hidden: [8] },
  fit: { ...DEFAULT_CONFIG.fit, epochs: 4, batchSize: 32 },
};

/** The worker's job done in-process (tfjs cpu in Node); the real worker is tested end to end. */
function localTrainer(stopAfterEpochs?: number): Trainer {
  return {
    ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
    async train(_runId, input, onEpoch) {
      let epochs = 0;
      try {
        return await trainModel(input, {
          onEpoch: (r) => {
            epochs++;
            onEpoch?.(r);
          },
          shouldStop: () =>
            stopAfterEpochs !== undefined && epochs >= stopAfterEpochs ? 'cancelled' : null,
        });
      } catch (e) {
        if (e instanceof TrainingError) throw new TrainingFailure(e.kind, e.message, e.epoch);
        throw e;
      }
    },
  };
}

function setup(trainer: Trainer) {
  const store = new DexieStore({ name: `train-${Math.random()}` });
  const client = new MlflowClient(store);
  const registry = new DexieRegistryStore({ db: store.db });
  const deps: TrainDeps = { client, trainer, session: 's1', browser: 'Node test', registry };
  return { client, deps, registry };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('train use case', () => {
  it('logs a finished run the way train.py would', async () => {
    const { client, deps } = setup(localTrainer());
    const data = prepareData(table, choice);
    const outcome = await train(deps, {
      experimentId: '0',
      runName: 'first',
      dataset,
      choice,
      data,
      config,
    });
    expect(outcome.status).toBe('FINISHED');
    const run = await client.getRun(outcome.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.info.run_name).toBe('first');
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      model_type: 'MLP',
      optimizer: 'adam',
      hidden_layers: '8',
      epochs: '4',
      target,
      task: 'binary',
      dataset_digest: dataset.digest,
      split_seed: '1',
    });
    const tags = run.data.tags;
    expect(tagValue(tags, 'mlflow.source.type')).toBe('LOCAL');
    expect(tagValue(tags, 'tracklab.backend')).toBe('cpu');
    expect(tagValue(tags, 'tracklab.tfjs_version')).toBe('4.22.0');
    const keys = run.data.metrics.map((m) => m.key).sort();
    expect(keys).toEqual(
      expect.arrayContaining([
        'loss',
        'val_loss',
        'val_auc',
        'val_accuracy',
        'test_auc',
        'system/tensors',
      ]),
    );
    const loss = await client.getMetricHistory(outcome.runId, 'loss');
    expect(loss.map((m) => m.step)).toEqual([0, 1, 2, 3]);
    expect(run.inputs.dataset_inputs.map((i) => i.tags[0].value)).toEqual([
      'training',
      'validation',
      'test',
    ]);
    expect(new Set(run.inputs.dataset_inputs.map((i) => i.dataset.digest)).size).toBe(3);
    const files = (await client.listArtifacts(outcome.runId, 'model')).map((f) => f.path);
    expect(files.sort()).toEqual([
      'model/MLmodel',
      'model/group1-shard1of1.bin',
      'model/model.json',
      'model/preprocessor.json',
    ]);
    const csv = new TextDecoder().decode(
      await client.downloadArtifact(outcome.runId, 'predictions/test.csv'),
    );
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(`row,${target},prediction,proba_benign,proba_malignant`);
    expect(lines[1]).toMatch(/^\d+,(benign|malignant),(benign|malignant),[\d.e-]+,[\d.e-]+$/);
    expect(lines.length - 1).toBe(data.splits.test.rows.length);
    const config_ = JSON.parse(
      new TextDecoder().decode(await client.downloadArtifact(outcome.runId, 'config.json')),
    );
    expect(config_.fit.epochs).toBe(4);
  });

  it('registers the model when asked: a new model, then a second version under the same name', async () => {
    const { client, deps, registry } = setup(localTrainer());
    const data = prepareData(table, choice);
    const request = { experimentId: '0', dataset, choice, data, config, registerAs: ' cancer ' };
    const first = await train(deps, request);
    const second = await train(deps, request);
    expect(first.registered).toMatchObject({ name: 'cancer', version: '1', run_id: first.runId });
    expect(second.registered).toMatchObject({ name: 'cancer', version: '2', run_id: second.runId });
    const run = await client.getRun(first.runId);
    expect(first.registered?.source).toBe(`${run.info.artifact_uri}/model`);
    const model = await registry.getRegisteredModel('cancer');
    expect(model.latest_versions.map((v) => v.version)).toEqual(['2']);
  });

  it('refuses a bad model name before training, and creates no run', async () => {
    const { client, deps } = setup(localTrainer());
    const data = prepareData(table, choice);
    await expect(
      train(deps, { experimentId: '0', dataset, choice, data, config, registerAs: 'a/b' }),
    ).rejects.toThrow("Invalid model name 'a/b'. Names cannot contain '/' or ':'.");
    expect((await client.searchRuns({ experimentIds: ['0'] })).items).toEqual([]);
  });

  it('ends KILLED on Cancel and keeps the epochs logged before it', async () => {
    const { client, deps } = setup(localTrainer(2));
    const data = prepareData(table, choice);
    const outcome = await train(deps, { experimentId: '0', dataset, choice, data, config });
    expect(outcome.status).toBe('KILLED');
    const run = await client.getRun(outcome.runId);
    expect(run.info.status).toBe('KILLED');
    expect(run.info.end_time).toBeGreaterThan(0);
    expect((await client.getMetricHistory(outcome.runId, 'loss')).length).toBe(2);
    expect(await client.listArtifacts(outcome.runId, 'model')).toEqual([]);
  });

  it('stops when another tab closed the run as frozen, and leaves that close as it was', async () => {
    const { client, deps, registry } = setup(localTrainer());
    const data = prepareData(table, choice);
    let runId = '';
    let closedElsewhere = false;
    let closing: Promise<unknown> | undefined;
    deps.lease = {
      start: async () => {},
      beat: () => {},
      end: async () => {},
      revoked: () => closedElsewhere,
    };
    const outcome = await train(deps, {
      ...{ experimentId: '0', dataset, choice, data, registerAs: 'never' },
      config: { ...config, fit: { ...config.fit, epochs: 50 } },
      onStart: (id) => void (runId = id),
      onEpoch: (report) => {
        if (report.epoch !== 1) return;
        // The other tab closes it, with its reason; this tab's heartbeat then finds out.
        closing = client
          .setTag(runId, 'tracklab.error', 'The tab stopped responding.')
          .then(() => client.setTerminated(runId, 'KILLED', 5));
        closedElsewhere = true;
      },
    });
    await closing;
    expect(outcome).toMatchObject({ status: 'KILLED', message: CLOSED_ELSEWHERE });
    const run = await client.getRun(runId);
    expect(run.info.status).toBe('KILLED');
    expect(run.info.end_time).toBe(5);
    expect(tagValue(run.data.tags, 'tracklab.error')).toBe('The tab stopped responding.');
    expect((await client.getMetricHistory(runId, 'loss')).length).toBeLessThan(50);
    expect((await registry.searchRegisteredModels()).items).toEqual([]);
  });

  it('registers nothing when the run is cancelled', async () => {
    const { deps, registry } = setup(localTrainer(1));
    const data = prepareData(table, choice);
    const outcome = await train(deps, {
      ...{ experimentId: '0', dataset, choice, data, config },
      registerAs: 'never',
    });
    expect(outcome.status).toBe('KILLED');
    expect(outcome.registered).toBeUndefined();
    expect((await registry.searchRegisteredModels()).items).toEqual([]);
  });

  it('ends FAILED with the reason when the loss turns NaN', async () => {
    const { client, deps } = setup(localTrainer());
    const mpg = parseTable(readFileSync('static/datasets/auto-mpg.csv', 'utf8'));
    const mpgChoice: DataChoice = {
      ...choice,
      target: 'mpg',
      task: 'regression',
      standardize: false,
      features: profileTable(mpg).map((p) => ({ name: p.name, kind: p.kind })),
    };
    const outcome = await train(deps, {
      experimentId: '0',
      dataset,
      choice: mpgChoice,
      data: prepareData(mpg, mpgChoice),
      config: {
        model: { ...config.model, kind: 'linear' },
        fit: { ...config.fit, optimizer: 'sgd', momentum: 0, learningRate: 10, epochs: 20 },
      },
    });
    expect(outcome.status).toBe('FAILED');
    const run = await client.getRun(outcome.runId);
    expect(tagValue(run.data.tags, 'tracklab.error')).toMatch(
      /became NaN or infinite.*lower the learning rate/,
    );
  });

  it('ends FAILED when the worker crashes mid-run', async () => {
    const crashing: Trainer = {
      ready: async () => ({ backend: 'wasm', tfjsVersion: '4.22.0' }),
      train: async (_id, _input, onEpoch) => {
        onEpoch?.({ epoch: 0, metrics: { loss: 0.5 } });
        throw new TrainingFailure('crash', 'The training worker crashed (out of memory).', 1);
      },
    };
    const { client, deps } = setup(crashing);
    const outcome = await train(deps, {
      experimentId: '0',
      dataset,
      choice,
      data: prepareData(table, choice),
      config,
    });
    expect(outcome).toMatchObject({
      status: 'FAILED',
      message: 'The training worker crashed (out of memory).',
    });
    expect((await client.getMetricHistory(outcome.runId, 'loss')).map((m) => m.value)).toEqual([
      0.5,
    ]);
  });

  it('marks runs of closed tabs KILLED at the next start, and leaves live ones', async () => {
    const { client } = setup(localTrainer());
    const mk = async (session: string) =>
      (await client.createRun('0', { tags: { 'tracklab.session': session } })).info.run_id;
    const closed = await mk('gone');
    const live = await mk('here');
    const scripted = (await client.createRun('0')).info.run_id; // a console run: not ours to end
    const leased = async () => false;
    expect(await killAbandonedRuns({ client, leased }, new Set(['here']))).toEqual([closed]);
    expect((await client.getRun(closed)).info.status).toBe('KILLED');
    expect((await client.getRun(live)).info.status).toBe('RUNNING');
    expect((await client.getRun(scripted)).info.status).toBe('RUNNING');
  });
});
