import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareData } from '$lib/data/prepare';
import { MlflowClient } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DEFAULT_CONFIG, type TrainConfig } from '$lib/training/config';
import { trainModel } from '$lib/training/trainer';
import { bundledFixture } from './fixtures';
import { DexieRegistryStore } from '$lib/registry';
import { checkModel } from './model-files';
import { loadRunModel } from './predict';
import { registerRunModel } from './register';
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

  it('calls a model without config.json (an older build closed halfway) incomplete: predicting and registering say why', async () => {
    const store = new DexieStore({ name: `model-files-${Math.random()}` });
    const client = new MlflowClient(store);
    const registry = new DexieRegistryStore({ db: store.db });
    const runId = (await client.createRun('0')).info.run_id;
    await client.logArtifacts(runId, [
      {
        path: 'model/model.json',
        body: JSON.stringify({ weightsManifest: [{ paths: ['w.bin'] }] }),
      },
      { path: 'model/w.bin', body: new Uint8Array(8) },
      { path: 'model/preprocessor.json', body: '{}' },
      { path: 'model/MLmodel', body: 'flavors: {}' },
    ]);
    expect(await checkModel(client, runId)).toEqual({ logged: true, missing: ['config.json'] });
    const why = 'The model of this run is incomplete (missing config.json)';
    await expect(loadRunModel(client, runId)).rejects.toThrow(why);
    await expect(registerRunModel({ client, registry }, { runId, name: 'm' })).rejects.toThrow(why);
    await client.logDict(runId, {}, 'config.json');
    expect(await checkModel(client, runId)).toEqual({ logged: true, missing: [] });
    store.close();
  });
});
