// What a real small training logs, read back from the store: every metric key is described by
// training's metric table (and the table describes nothing a run does not log), the new R² and
// baseline metrics sit at the right steps with the right values, and the run says how it
// compares with its baseline.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '$lib/data/columns';
import { prepareData, type PreparedData } from '$lib/data/prepare';
import { MlflowClient, tagValue, TAGS, type Run } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DEFAULT_CONFIG, type TrainConfig } from '$lib/training/config';
import { metricInfo, trainingMetricKeys } from '$lib/training/metric-info';
import { trainModel } from '$lib/training/trainer';
import { bundledFixture } from './fixtures';
import { train, type Trainer } from './train';

const EPOCHS = 3;

const trainer: Trainer = {
  ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
  train: (_runId, input, onEpoch) => trainModel(input, { onEpoch }),
};

async function trainRun(file: string, target: string, task: Task, drop: string[] = []) {
  const fixture = bundledFixture(file, target, task);
  const choice = {
    ...fixture.choice,
    features: fixture.choice.features.filter((f) => !drop.includes(f.name)),
  };
  const data = prepareData(fixture.table, choice);
  const client = new MlflowClient(new DexieStore({ name: `metrics-${Math.random()}` }));
  const config: TrainConfig = {
    model: { ...DEFAULT_CONFIG.model, hidden: [8] },
    fit: { ...DEFAULT_CONFIG.fit, epochs: EPOCHS, batchSize: 32 },
  };
  const outcome = await train(
    { client, trainer, session: 's', browser: 'Node test' },
    { experimentId: '0', dataset: fixture.dataset, choice, data, config },
  );
  expect(outcome.status).toBe('FINISHED');
  const run = await client.getRun(outcome.runId);
  const steps = async (key: string) =>
    (await client.getMetricHistory(outcome.runId, key)).map((m) => m.step);
  return { run, data, steps };
}

const keysOf = (run: Run) => run.data.metrics.map((m) => m.key).sort();
const latest = (run: Run, key: string) => run.data.metrics.find((m) => m.key === key)?.value;

/** Every logged key is in the table for the run's task, at the steps the table says. */
async function expectDescribed(run: Run, task: Task, steps: (key: string) => Promise<number[]>) {
  expect(keysOf(run)).toEqual([...trainingMetricKeys(task)].sort());
  const everyEpoch = Array.from({ length: EPOCHS }, (_, i) => i);
  for (const key of keysOf(run)) {
    const info = metricInfo(key, task);
    expect(info, key).toBeDefined();
    expect(await steps(key), key).toEqual(info!.logged === 'epoch' ? everyEpoch : [EPOCHS - 1]);
  }
}

/** RMSE of predicting the training mean, computed here from the prepared splits. */
function meanBaselineRmse(data: PreparedData, split: 'validation' | 'test') {
  const train = data.splits.train.y;
  const mean = train.reduce((s, v) => s + v, 0) / train.length;
  const y = data.splits[split].y;
  return Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('what a training run logs', () => {
  it('regression: R² each epoch and at the end, the mean baseline, and a sentence about it', async () => {
    const { run, data, steps } = await trainRun('auto-mpg.csv', 'mpg', 'regression', ['name']);
    await expectDescribed(run, 'regression', steps);
    expect(keysOf(run)).toEqual(
      expect.arrayContaining([
        'val_r2',
        'test_r2',
        'val_rmse_baseline',
        'test_rmse_baseline',
        'val_mae_baseline',
        'test_mae_baseline',
      ]),
    );
    expect(latest(run, 'test_rmse_baseline')).toBeCloseTo(meanBaselineRmse(data, 'test'), 4);
    expect(latest(run, 'val_rmse_baseline')).toBeCloseTo(meanBaselineRmse(data, 'validation'), 4);
    const rmse = latest(run, 'test_rmse')!;
    const baseline = latest(run, 'test_rmse_baseline')!;
    const sentence = tagValue(run.data.tags, TAGS.baseline);
    expect(sentence).toMatch(
      new RegExp(
        `^Test RMSE ${Number(rmse.toPrecision(3))} vs ${Number(baseline.toPrecision(3))} for predicting the training mean: the model (beats|barely beats|does not beat) the baseline`,
      ),
    );
  });

  it('binary: the majority-class and class-frequency baselines, named in the sentence', async () => {
    const { run, data, steps } = await trainRun('breast-cancer.csv', 'diagnosis', 'binary');
    await expectDescribed(run, 'binary', steps);
    const train = data.splits.train.y;
    const ones = train.reduce((s, v) => s + v, 0) / train.length;
    const majority = ones > 0.5 ? 1 : 0;
    const test = data.splits.test.y;
    expect(latest(run, 'test_accuracy_baseline')).toBeCloseTo(
      test.filter((v) => v === majority).length / test.length,
      12,
    );
    expect(latest(run, 'test_log_loss_baseline')).toBeCloseTo(
      -test.reduce((s, v) => s + Math.log(v === 1 ? ones : 1 - ones), 0) / test.length,
      6,
    );
    const name = data.pre.target.classes![majority];
    expect(tagValue(run.data.tags, TAGS.baseline)).toMatch(
      new RegExp(
        `^Test accuracy [\\d.]+ vs [\\d.]+ for always predicting the most frequent training class \\(${name}\\): `,
      ),
    );
  });

  it('multiclass: every logged key is described too', async () => {
    const { run, steps } = await trainRun('iris.csv', 'species', 'multiclass');
    await expectDescribed(run, 'multiclass', steps);
    expect(latest(run, 'test_accuracy_baseline')).toBeGreaterThan(0);
  });
});
