import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileTable } from '$lib/data/columns';
import { parseTable } from '$lib/data/csv';
import { prepareData } from '$lib/data/prepare';
import { DEFAULT_CONFIG } from './config';
import { loadModel } from './model-files';
import { FitDropout, FitRandom } from './seeded';
import { buildModel, trainModel, type TrainInput, type TrainResult } from './trainer';

const iris = parseTable(readFileSync('static/datasets/iris.csv', 'utf8'));
const data = prepareData(iris, {
  target: 'species',
  task: 'multiclass',
  features: profileTable(iris).map((p) => ({ name: p.name, kind: p.kind })),
  impute: 'median',
  standardize: true,
  maxLevels: 20,
  minCount: 1,
  split: { validation: 0.2, test: 0.2, seed: 7 },
});

/** An MLP with dropout, so initialisers, dropout masks and shuffling all draw randomness. */
function input(seed: number, batchSize: number): TrainInput {
  return {
    task: 'multiclass',
    classes: 3,
    width: data.pre.width,
    ...data.splits,
    config: {
      model: { ...DEFAULT_CONFIG.model, hidden: [12, 8], dropout: 0.3 },
      fit: { ...DEFAULT_CONFIG.fit, epochs: 6, batchSize, seed },
    },
  };
}

async function fit(i: TrainInput) {
  const losses: number[] = [];
  const result = await trainModel(i, { onEpoch: (r) => void losses.push(r.metrics.loss) });
  return { losses, result };
}

const same = (a: { losses: number[]; result: TrainResult }) => ({
  losses: a.losses,
  test: [...a.result.predictions.test],
  weights: [...a.result.files.weights],
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('seeded randomness', () => {
  it('two fits interleaved in one process give what each gives alone', async () => {
    const a = input(1, 8);
    const b = input(2, 16);
    const alone = [await fit(a), await fit(b)];
    const together = await Promise.all([fit(a), fit(b)]);
    expect(together.map(same)).toEqual(alone.map(same));
    expect(alone[0].losses).not.toEqual(alone[1].losses);
  }, 60_000);

  it('leaves Math.random alone', async () => {
    const original = Math.random;
    let calls = 0;
    Math.random = () => (calls++, original());
    try {
      await fit(input(3, 16));
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
    const config = input(4, 16);
    const model = buildModel(config);
    const topology = model.toJSON(undefined, false) as tf.io.ModelJSON['modelTopology'];
    const layers = JSON.stringify(topology);
    expect(layers).toContain('"class_name":"Dropout","config":{"rate":0.3');
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
