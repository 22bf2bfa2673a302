import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareData } from '$lib/data/prepare';
import { MlflowClient } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DEFAULT_CONFIG, type TrainConfig } from '$lib/training/config';
import { trainModel } from '$lib/training/trainer';
import { bundledFixture } from './fixtures';
import { checkModel } from './model-files';
import { train, type Trainer } from './train';

const { table, choice, dataset } = bundledFixture('breast-cancer.csv', 'diagnosis', 'binary');
const config: TrainConfig = {
  model: { ...DEFAULT_CONFIG.model, hidden: [4] },
  fit: { ...DEFAULT_CONFIG.fit, epochs: 2, batchSize: 64 },
};
const trainer: Trainer = {
  ready: async () => ({ backend: 'cpu', tfjsVersion: tf.version.tfjs }),
  train: (_runId, input, onEpoch) => trainModel(input, { onEpoch, shouldStop: () => null }),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('logModel', () => {
  it('saves the model folder and config.json together: a write that fails halfway leaves no model', async () => {
    const store = new DexieStore({ name: `model-logging-${Math.random()}` });
    const client = new MlflowClient(store);
    const chunks = store.db.artifactChunks;
    const original = chunks.bulkPut.bind(chunks);
    // The preprocessor's write fails, after model.json and the weights were written (a tab that
    // closes, a disk that fills): nothing of the model may be left to offer.
    vi.spyOn(chunks, 'bulkPut').mockImplementation(((...args: Parameters<typeof original>) => {
      const rows = args[0];
      if (rows[0]?.path === 'model/preprocessor.json') throw new Error('refused');
      return original(...args);
    }) as typeof original);
    const data = prepareData(table, choice);
    const outcome = await train(
      { client, trainer, session: 's', browser: 'Node test' },
      { experimentId: '0', dataset, choice, data, config },
    );
    expect(outcome.status).toBe('FAILED');
    expect(await checkModel(client, outcome.runId)).toEqual({ logged: false, missing: [] });
    expect(await client.listArtifacts(outcome.runId, 'model')).toEqual([]);
    expect((await client.listArtifacts(outcome.runId)).map((f) => f.path)).not.toContain(
      'config.json',
    );
    store.close();
  });
});
