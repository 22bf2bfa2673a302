// The training objective of a tuning study, end to end in Node (tfjs cpu in-process, the real
// Dexie store over fake-indexeddb): each trial trains into its own child run of the study, with
// the training's per-epoch metrics, its sampled hyperparameters, its reports and its value; a
// pruner stops poor trials mid-training and their runs end KILLED with the reason.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareData } from '$lib/data/prepare';
import { MlflowClient, tagValue, TAGS } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { TrainingFailure } from '$lib/training/client';
import { DEFAULT_CONFIG } from '$lib/training/config';
import { trainModel, TrainingError } from '$lib/training/trainer';
import { MedianPruner } from '$lib/tuning/pruners';
import { RandomSampler } from '$lib/tuning/samplers/random';
import { createStudy } from '$lib/tuning/create-study';
import { TrackingStudyStorage } from '$lib/tuning/tracking-storage';
import { bundledFixture } from './fixtures';
import type { Trainer } from './train';
import {
  defaultSearchSpace,
  metricDirection,
  retrainBest,
  spaceProblems,
  trainObjective,
  type SearchSpace,
} from './tune';

const { table, choice, dataset } = bundledFixture('breast-cancer.csv', 'diagnosis', 'binary');

const trainer: Trainer = {
  ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
  async train(_runId, input, onEpoch) {
    try {
      return await trainModel(input, { onEpoch: (r) => onEpoch?.(r), shouldStop: () => null });
    } catch (e) {
      if (e instanceof TrainingError) throw new TrainingFailure(e.kind, e.message, e.epoch);
      throw e;
    }
  },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('search spaces', () => {
  it('the default space is valid and a bad one is explained', () => {
    expect(spaceProblems(defaultSearchSpace())).toEqual([]);
    const bad: SearchSpace = {
      learning_rate: { low: 0.1, high: 0.01 },
      optimizer: { choices: ['adam', 'nesterov'] },
      hidden_layers: { layers: { low: 0, high: 12 }, units: { low: 4, high: 64 } },
      colour: { fixed: 'red' },
    };
    const problems = spaceProblems(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/low end must be below its high end/),
        expect.stringMatching(/"nesterov" is not one of/),
        expect.stringMatching(/number of layers must be a range within 1–8/),
        '"colour" is not a hyperparameter Tracklab trains with.',
      ]),
    );
  });

  it('losses and errors are minimised, scores maximised', () => {
    expect(['val_loss', 'val_rmse', 'val_mae'].map(metricDirection)).toEqual([
      'minimize',
      'minimize',
      'minimize',
    ]);
    expect(['val_auc', 'val_accuracy', 'val_f1'].map(metricDirection)).toEqual([
      'maximize',
      'maximize',
      'maximize',
    ]);
  });
});

describe('trainObjective', () => {
  it('trains each trial into its own child run of the study, and a pruner stops poor ones', async () => {
    const client = new MlflowClient(new DexieStore({ name: `tune-${Math.random()}` }));
    const experimentId = await client.createExperiment('tune');
    const storage = new TrackingStudyStorage(client, experimentId);
    const study = await createStudy({
      studyName: 'bc',
      direction: 'maximize',
      storage,
      sampler: new RandomSampler({ seed: 2 }),
      pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 1 }),
    });
    const space: SearchSpace = {
      learning_rate: { low: 1e-4, high: 0.3, log: true },
      hidden_layers: { layers: { low: 1, high: 2 }, units: { low: 2, high: 16 } },
      epochs: { fixed: 6 },
      early_stopping: { fixed: false },
    };
    const deps = { client, trainer, session: 's1', browser: 'Node test' };
    const data = prepareData(table, choice);
    await study.optimize(
      trainObjective(deps, {
        study,
        experimentId,
        dataset,
        choice,
        data,
        metric: 'val_auc',
        space,
        base: DEFAULT_CONFIG,
      }),
      { nTrials: 8 },
    );
    await study.flush();
    expect(study.trials.every((t) => t.state === 'COMPLETE' || t.state === 'PRUNED')).toBe(true);
    for (const t of study.trials) {
      const runId = (await study.trialRunId(t.number))!;
      const run = await client.getRun(runId);
      expect(tagValue(run.data.tags, TAGS.parentRunId)).toBe(study.studyRunId);
      const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
      expect(Number(params.learning_rate)).toBe(t.params.learning_rate);
      expect(params['hidden_layers.count']).toBe(String(t.params['hidden_layers.count']));
      expect(params.hidden_layers.split(',')).toHaveLength(
        t.params['hidden_layers.count'] as number,
      );
      expect(params.epochs).toBe('6');
      const auc = await client.getMetricHistory(runId, 'val_auc');
      const reports = await client.getMetricHistory(runId, 'intermediate_value');
      expect(reports.map((m) => m.value)).toEqual(auc.map((m) => m.value));
      if (t.state === 'COMPLETE') {
        expect(run.info.status).toBe('FINISHED');
        expect(auc).toHaveLength(6);
        expect(t.value).toBe(auc.at(-1)!.value);
      } else {
        expect(run.info.status).toBe('KILLED');
        expect(auc.length).toBeLessThan(6);
        expect(tagValue(run.data.tags, TAGS.error)).toMatch(
          /^Pruned after epoch \d by the study's MedianPruner/,
        );
      }
    }
    expect(study.trials.some((t) => t.state === 'PRUNED')).toBe(true);
    expect(study.bestValue).toBeGreaterThan(0.9);

    // The best configuration again, on training + validation rows, as a run under the study.
    const best = study.bestTrial;
    const outcome = await retrainBest(deps, {
      experimentId,
      studyName: 'bc',
      studyRunId: study.studyRunId!,
      trialNumber: best.number,
      params: best.params,
      dataset,
      choice,
      space,
      base: DEFAULT_CONFIG,
      prepare: async (c) => prepareData(table, c),
    });
    expect(outcome.status).toBe('FINISHED');
    const retrained = await client.getRun(outcome.runId);
    expect(tagValue(retrained.data.tags, TAGS.parentRunId)).toBe(study.studyRunId);
    const rp = Object.fromEntries(retrained.data.params.map((p) => [p.key, p.value]));
    expect(Number(rp.learning_rate)).toBe(best.params.learning_rate);
    expect(rp.hidden_layers.split(',')).toHaveLength(best.params['hidden_layers.count'] as number);
    expect([rp.validation_fraction, rp.validation_rows]).toEqual(['0', '0']);
    expect(Number(rp.train_rows)).toBeGreaterThan(Number(rp.test_rows) * 3);
    expect(retrained.data.metrics.some((m) => m.key.startsWith('val_'))).toBe(false);
    expect(retrained.data.metrics.some((m) => m.key === 'test_auc')).toBe(true);
  }, 120_000);
});
