import { describe, expect, it, vi } from 'vitest';
import type { App } from '$lib/app/create-app';
import { profileTable } from '$lib/data/columns';
import type { Loaded } from '$lib/data/client';
import type { DatasetRecord } from '$lib/data/library';
import { browserName, JsonStorage, type KeyValueStore } from './browser';
import { DatasetSession } from './dataset-session.svelte';
import { Settings } from './settings.svelte';
import { TrainingSession } from './training-session.svelte';

/** localStorage over a Map, as the state classes see it. */
function fakeStorage(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

const TABLE = {
  delimiter: ',',
  columns: ['id', 'x', 'colour', 'label'],
  rows: [
    ['1', '0.5', 'red', 'yes'],
    ['2', '1.5', 'blue', 'no'],
    ['3', '2.5', 'red', 'yes'],
    ['4', '3.5', 'green', 'no'],
  ],
};

function loaded(sha256: string): Loaded {
  const record = {
    sha256,
    digest: sha256.slice(0, 16),
    name: `data-${sha256}`,
    source: 'test.csv',
    sourceType: 'upload',
    size: 100,
    rows: TABLE.rows.length,
    columns: TABLE.columns,
    delimiter: ',',
    profiles: profileTable(TABLE),
    created: 0,
    chunks: 1,
  } satisfies DatasetRecord;
  return { record, preview: TABLE.rows };
}

/** The data worker and dataset library, as a DatasetSession uses them. */
function fakeApp() {
  const saved = new Map<string, Loaded>();
  return {
    data: {
      load: vi.fn(async (_file: unknown, meta: { name: string }) => {
        const l = loaded(meta.name);
        saved.set(l.record.sha256, l);
        return l;
      }),
      open: vi.fn(async (sha: string) => saved.get(sha) ?? Promise.reject(new Error('gone'))),
    },
    datasets: {
      get: vi.fn(async (sha: string) => saved.get(sha)?.record),
      delete: vi.fn(async (sha: string) => void saved.delete(sha)),
    },
  };
}
type FakeApp = ReturnType<typeof fakeApp>;
const asApp = (app: FakeApp) => app as unknown as Pick<App, 'data' | 'datasets'>;
const upload = (name: string) => ({ name, source: `${name}.csv`, sourceType: 'upload' as const });

describe('DatasetSession', () => {
  it('guesses the target, and remembers the schema choices per dataset across a reload', async () => {
    const storage = fakeStorage();
    const app = fakeApp();
    const first = new DatasetSession(asApp(app), { storage });
    expect(await first.load(new Uint8Array(), upload('abc'))).toBe('abc');
    expect(first.schema).toMatchObject({ target: 'label', task: 'binary', impute: 'median' });
    first.setTarget('x');
    expect(first.schema?.task).toBe('regression');
    first.setKind('id', 'categorical');
    first.setTask('multiclass');

    const reloaded = new DatasetSession(asApp(app), { storage });
    await reloaded.reopenLast();
    expect(app.datasets.get).toHaveBeenCalledWith('abc');
    expect(reloaded.dataset?.record.sha256).toBe('abc');
    expect(reloaded.schema).toMatchObject({ target: 'x', task: 'multiclass' });
    expect(reloaded.kindOf('id')).toBe('categorical');
    expect(reloaded.dataChoice().features.find((f) => f.name === 'id')?.kind).toBe('categorical');
  });

  it('tries to reopen the last dataset once, and only when none is open', async () => {
    const storage = fakeStorage();
    new JsonStorage(storage).write('tracklab.dataset.last', 'missing');
    const app = fakeApp();
    const session = new DatasetSession(asApp(app), { storage });
    await session.reopenLast();
    await session.reopenLast();
    expect(app.datasets.get).toHaveBeenCalledTimes(1);
    expect(session.dataset).toBeNull();
  });

  it('says why a bundled dataset could not be fetched', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 404 }));
    const session = new DatasetSession(asApp(fakeApp()), { storage: fakeStorage(), fetch });
    const file = { name: 'iris', file: 'iris.csv', target: 'species' };
    expect(await session.loadBundled(file as never)).toBeNull();
    expect(fetch).toHaveBeenCalledWith('datasets/iris.csv');
    expect(session.loadError?.message).toBe(
      'Could not load the bundled dataset: datasets/iris.csv answered 404',
    );
    expect(session.progress).toBeNull();
  });

  it('reports a failed load and clears it on the next one', async () => {
    const app = fakeApp();
    app.data.load.mockRejectedValueOnce(Object.assign(new Error('Row 3 has 2 fields'), { row: 3 }));
    const session = new DatasetSession(asApp(app), { storage: fakeStorage() });
    expect(await session.load(new Uint8Array(), upload('bad'))).toBeNull();
    expect(session.loadError).toEqual({
      file: 'bad.csv',
      message: 'Row 3 has 2 fields',
      row: 3,
      column: undefined,
    });
    await session.load(new Uint8Array(), upload('good'));
    expect(session.loadError).toBeNull();
  });

  it('closes the open dataset when it is deleted', async () => {
    const app = fakeApp();
    const session = new DatasetSession(asApp(app), { storage: fakeStorage() });
    await session.load(new Uint8Array(), upload('abc'));
    await session.deleteDataset('other');
    expect(session.dataset).not.toBeNull();
    await session.deleteDataset('abc');
    expect(app.datasets.delete).toHaveBeenCalledWith('abc');
    expect(session.dataset).toBeNull();
  });
});

describe('TrainingSession', () => {
  const trainingApp = () => {
    const setBackend = vi.fn();
    return { app: { training: { setBackend } } as unknown as App, setBackend };
  };

  it('remembers the backend choice in the browser and hands it to the training worker', () => {
    const storage = fakeStorage();
    const data = new DatasetSession(asApp(fakeApp()), { storage });
    const first = trainingApp();
    const session = new TrainingSession(first.app, data, { storage, browser: 'Test 1' });
    expect(session.backendChoice).toBe('auto');
    expect(first.setBackend).toHaveBeenLastCalledWith('auto');
    session.setBackend('wasm');
    expect(first.setBackend).toHaveBeenLastCalledWith('wasm');

    const again = trainingApp();
    expect(new TrainingSession(again.app, data, { storage }).backendChoice).toBe('wasm');
    expect(again.setBackend).toHaveBeenCalledWith('wasm');
  });

  it('edits the config through the table, and validates what applies for the open task', async () => {
    const storage = fakeStorage();
    const data = new DatasetSession(asApp(fakeApp()), { storage });
    const session = new TrainingSession(trainingApp().app, data, { storage });
    expect(session.problems).toEqual([]); // nothing open: nothing to check yet
    await data.load(new Uint8Array(), upload('abc'));
    session.setHyperparam('learning_rate', 20);
    session.setHyperparam('early_stopping', false);
    session.setHyperparam('hidden_layers', [8]);
    expect(session.config.fit.learningRate).toBe(20);
    expect(session.config.model.hidden).toEqual([8]);
    expect(session.problems).toEqual(['The learning rate must be above 0 and at most 10.']);
    expect(session.fields.map((f) => f.name)).not.toContain('early_stopping_patience');
    expect(session.fields.map((f) => f.name)).toContain('class_weight');
    data.setTarget('x');
    expect(session.fields.map((f) => f.name)).not.toContain('class_weight');
  });
});

describe('Settings', () => {
  it('keeps the user name in the browser, and forgets it when cleared', () => {
    const storage = fakeStorage();
    new Settings(storage).setUser('  Ada Lovelace ');
    expect(storage.map.get('tracklab.user')).toBe('Ada Lovelace');
    const again = new Settings(storage);
    expect(again.user).toBe('Ada Lovelace');
    again.setUser('');
    expect(storage.map.has('tracklab.user')).toBe(false);
  });
});

describe('browser', () => {
  it('names the browser from its user agent', () => {
    expect(browserName('Mozilla/5.0 (X11) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36')).toBe(
      'Chrome 131',
    );
    expect(browserName('Mozilla/5.0 Edg/120.1')).toBe('Edge 120');
    expect(browserName('curl')).toBe('curl');
  });

  it('keeps JSON values, and a broken store loses a write without throwing', () => {
    const memory = new JsonStorage(fakeStorage());
    memory.write('k', { a: [1] });
    expect(memory.read('k')).toEqual({ a: [1] });
    const broken = new JsonStorage({
      getItem: () => '{not json',
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    });
    expect(() => broken.write('k', 1)).not.toThrow();
    expect(broken.read('k')).toBeUndefined();
  });
});
