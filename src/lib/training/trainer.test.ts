import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTable } from '$lib/data/csv';
import { profileTable } from '$lib/data/columns';
import { DEFAULT_CONFIG, type TrainConfig } from './config';
import { mlmodelYaml } from './mlmodel';
import { loadModel } from './model-files';
import { prepareData, type DataChoice } from '$lib/data/prepare';
import { FitDropout, FitRandom } from './seeded';
import {
  buildModel,
  predictWithFiles,
  trainModel,
  TrainingError,
  type TrainInput,
  type TrainResult,
} from './trainer';

const iris = parseTable(readFileSync('static/datasets/iris.csv', 'utf8'));
const mpg = parseTable(readFileSync('static/datasets/auto-mpg.csv', 'utf8'));

function choice(table: typeof iris, target: string, task: DataChoice['task']): DataChoice {
  return {
    target,
    task,
    features: profileTable(table).map((p) => ({ name: p.name, kind: p.kind })),
    impute: 'median',
    standardize: true,
    maxLevels: 20,
    minCount: 1,
    split: { validation: 0.2, test: 0.2, seed: 7 },
  };
}

function input(table: typeof iris, c: DataChoice, config: TrainConfig): TrainInput {
  const data = prepareData(table, c);
  return {
    task: c.task,
    classes: data.pre.target.classes?.length ?? 0,
    width: data.pre.width,
    ...data.splits,
    scale: data.pre.target.scale,
    config,
  };
}

const quick = (over: Partial<TrainConfig['fit']> = {}): TrainConfig => ({
  model: { ...DEFAULT_CONFIG.model, hidden: [16] },
  fit: { ...DEFAULT_CONFIG.fit, epochs: 30, batchSize: 16, ...over },
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainModel (tfjs cpu backend in Node)', () => {
  it('learns iris, reports every epoch and saves a model that reloads to the same outputs', async () => {
    const data = input(iris, choice(iris, 'species', 'multiclass'), quick());
    const epochs: Record<string, number>[] = [];
    const result = await trainModel(data, { onEpoch: (r) => void epochs.push(r.metrics) });
    expect(epochs.length).toBe(result.epochs);
    expect(Object.keys(epochs[0]).sort()).toEqual([
      'accuracy',
      'loss',
      'system/epoch_ms',
      'system/samples_per_sec',
      'system/tensors',
      'val_accuracy',
      'val_loss',
    ]);
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0].loss);
    expect(result.testMetrics.test_accuracy).toBeGreaterThan(0.85);
    // No tensor leaks across epochs: the count is flat once the optimiser's slots exist.
    expect(epochs.at(-1)!['system/tensors']).toBe(epochs[2]['system/tensors']);
    const again = await predictWithFiles(result.files, data.test.x, data.width);
    expect([...again]).toEqual([...result.predictions.test]);
    expect(result.predictions.test.length).toBe(data.test.y.length * 3);
  });

  it('gives identical runs for the same seed and different ones for another', async () => {
    const data = input(iris, choice(iris, 'species', 'multiclass'), quick({ epochs: 5 }));
    const losses = async (seed: number) => {
      const seen: number[] = [];
      await trainModel(
        { ...data, config: { ...data.config, fit: { ...data.config.fit, seed } } },
        { onEpoch: (r) => void seen.push(r.metrics.loss) },
      );
      return seen;
    };
    const a = await losses(1);
    expect(await losses(1)).toEqual(a);
    expect(await losses(2)).not.toEqual(a);
  });

  it('trains linear regression on auto MPG with metrics in miles per gallon', async () => {
    const c = choice(mpg, 'mpg', 'regression');
    c.features = c.features.filter((f) => f.name !== 'name');
    const config: TrainConfig = {
      model: { ...DEFAULT_CONFIG.model, kind: 'linear' },
      fit: { ...DEFAULT_CONFIG.fit, epochs: 40, learningRate: 0.05 },
    };
    const result = await trainModel(input(mpg, c, config));
    expect(result.testMetrics.test_rmse).toBeLessThan(5);
    expect(result.testMetrics.test_mae).toBeLessThan(4);
  });

  it('stops early once val_loss stops improving and restores the best weights', async () => {
    const data = input(
      iris,
      choice(iris, 'species', 'multiclass'),
      quick({ epochs: 400, learningRate: 0.05 }),
    );
    data.config.fit.earlyStopping = { enabled: true, patience: 3, restoreBest: true };
    const seen: number[] = [];
    const result = await trainModel(data, { onEpoch: (r) => void seen.push(r.metrics.val_loss) });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochs).toBeLessThan(400);
    expect(result.epochs - 1 - result.bestEpoch).toBe(3);
    expect(Math.min(...seen)).toBe(seen[result.bestEpoch]);
  });

  it('ends with a NaN error that says what to try when the loss diverges', async () => {
    const data = input(
      mpg,
      { ...choice(mpg, 'mpg', 'regression'), standardize: false },
      {
        model: { ...DEFAULT_CONFIG.model, kind: 'linear' },
        fit: { ...DEFAULT_CONFIG.fit, optimizer: 'sgd', momentum: 0, learningRate: 10, epochs: 20 },
      },
    );
    const error = await trainModel(data).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).kind).toBe('nan');
    expect((error as TrainingError).message).toMatch(
      /NaN or infinite at epoch \d+.*lower the learning rate \(now 10\)/,
    );
  });

  it('cancels between batches', async () => {
    const data = input(
      iris,
      choice(iris, 'species', 'multiclass'),
      quick({ epochs: 100, batchSize: 4 }),
    );
    let batches = 0;
    const error = await trainModel(data, {
      shouldStop: () => (++batches > 10 ? 'cancelled' : null),
    }).catch((e: unknown) => e);
    expect((error as TrainingError).kind).toBe('cancelled');
    expect((error as TrainingError).epoch).toBeLessThan(2);
  });

  it('writes an MLmodel file with the tfjs flavor and the input signature', async () => {
    const data = prepareData(iris, choice(iris, 'species', 'multiclass'));
    const yaml = mlmodelYaml({
      runId: 'abc',
      artifactPath: 'model',
      modelUuid: 'u1',
      created: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      pre: data.pre,
      tfjsVersion: tf.version.tfjs,
    });
    expect(yaml).toContain("flavors:\n  tfjs:\n    tfjs_version: '4.22.0'");
    expect(yaml).toContain(`run_id: abc`);
    expect(yaml).toContain(`utc_time_created: '2026-01-02 03:04:05.000'`);
    expect(yaml).toMatch(/inputs: '\[\{"type":"double","name":"sepal_length_cm"/);
    expect(yaml).toContain('"name":"proba_setosa"');
  });

  it('refuses to load model files whose weights do not match', async () => {
    const data = input(iris, choice(iris, 'species', 'multiclass'), quick({ epochs: 1 }));
    const { files } = await trainModel(data);
    await expect(loadModel({ ...files, weights: files.weights.slice(0, 8) })).rejects.toThrow();
  });
});

describe('seeded randomness, passed in (seeded.ts)', () => {
  /** An MLP with dropout, so initialisers, dropout masks and shuffling all draw randomness. */
  const dropoutInput = (seed: number, batchSize: number): TrainInput => {
    const data = input(iris, choice(iris, 'species', 'multiclass'), quick({ epochs: 6 }));
    data.config.model = { ...data.config.model, hidden: [12, 8], dropout: 0.3 };
    data.config.fit = { ...data.config.fit, batchSize, seed };
    return data;
  };
  const fit = async (i: TrainInput) => {
    const losses: number[] = [];
    const result = await trainModel(i, { onEpoch: (r) => void losses.push(r.metrics.loss) });
    return { losses, result };
  };
  const outcome = (a: { losses: number[]; result: TrainResult }) => ({
    losses: a.losses,
    test: [...a.result.predictions.test],
    weights: [...a.result.files.weights],
  });

  it('two fits interleaved in one process give what each gives alone', async () => {
    const a = dropoutInput(1, 8);
    const b = dropoutInput(2, 16);
    const alone = [await fit(a), await fit(b)];
    const together = await Promise.all([fit(a), fit(b)]);
    expect(together.map(outcome)).toEqual(alone.map(outcome));
    expect(alone[0].losses).not.toEqual(alone[1].losses);
  }, 60_000);

  it('leaves Math.random alone', async () => {
    const original = Math.random;
    let calls = 0;
    Math.random = () => (calls++, original());
    try {
      await fit(dropoutInput(3, 16));
    } finally {
      Math.random = original;
    }
    expect(calls).toBe(0);
  });

  it('draws a fresh dropout mask every batch, none at prediction', () => {
    const layer = new FitDropout({ rate: 0.5 }, new FitRandom(1));
    const x = tf.ones([1, 64]);
    const masks = [0, 1].map(() => [
      ...((layer.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array),
    ]);
    expect(masks[0]).not.toEqual(masks[1]);
    expect(new Set(masks[0])).toEqual(new Set([0, 2]));
    expect([...(layer.apply(x) as tf.Tensor).dataSync()]).toEqual(new Array(64).fill(1));
  });

  it('saves dropout as a plain tfjs Dropout, which loads back as the standard layer', async () => {
    const config = dropoutInput(4, 16);
    const model = buildModel(config);
    const topology = model.toJSON(undefined, false) as tf.io.ModelJSON['modelTopology'];
    expect(JSON.stringify(topology)).toContain('"class_name":"Dropout","config":{"rate":0.3');
    const plain = await tf.models.modelFromJSON({ modelTopology: topology });
    expect(plain.toJSON(undefined, false)).toEqual(topology);
    const { result } = await fit(config);
    const loaded = await loadModel(result.files);
    const dropout = loaded.layers.find((l) => l.getClassName() === 'Dropout');
    expect(dropout).toBeDefined();
    expect(dropout).not.toBeInstanceOf(FitDropout);
    for (const m of [model, plain, loaded]) m.dispose();
  });
});
