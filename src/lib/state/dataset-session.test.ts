// The Data screen's session over the real data worker (in this process) and a fake IndexedDB:
// a failed file closes the open dataset and offers its fixes, a fix reads it again, the read
// options change from the preview, and cells lost to Numeric hold training until confirmed.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { App } from '$lib/app/create-app';
import { DatasetLibrary } from '$lib/data/library';
import { startWorker } from '$lib/data/worker-fixture';
import type { KeyValueStore } from './browser';
import { DatasetSession } from './dataset-session.svelte';

function memoryStorage(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

async function session() {
  const library = `ds-${Math.random()}`;
  const app = { data: await startWorker(library), datasets: new DatasetLibrary(library) };
  return Object.assign(
    new DatasetSession(app as unknown as Pick<App, 'data' | 'datasets'>, {
      storage: memoryStorage(),
    }),
    { library: app.datasets },
  );
}

const file = (text: string) => new TextEncoder().encode(text);
const upload = (name: string) => ({ name, source: `${name}.csv`, sourceType: 'upload' as const });

const HEADERLESS = [
  '30,2,no,yes',
  ...Array.from({ length: 30 }, (_, i) => `${i},${i % 4},${i % 2}`),
];
const DECIMAL = [
  'height;weight;label',
  ...Array.from(
    { length: 30 },
    (_, i) => `1,${60 + (i % 9)};${70 + (i % 7)},5;${i % 2 ? 'a' : 'b'}`,
  ),
];

describe('DatasetSession reading files', () => {
  it('closes the open dataset when a new file fails, names the file, and reads it with a fix', async () => {
    const s = await session();
    await s.load(file('x,label\n1,a\n2,b\n'), upload('good'));
    expect(s.dataset?.record.name).toBe('good');

    expect(await s.load(file(HEADERLESS.join('\n')), upload('raw'))).toBeNull();
    expect(s.dataset).toBeNull();
    expect(s.schema).toBeNull();
    expect(s.loadError?.file).toBe('raw.csv');
    // The page's reopen of the last dataset does not bring it back over the error.
    await s.reopenLast();
    expect(s.dataset).toBeNull();
    expect(s.loadError?.message).toMatch(/^Line 1 has 4 fields, but all 30 lines after it have 3/);
    expect(s.loadError?.fixes?.map((f) => f.label)).toEqual([
      'Skip line 1; no header row',
      'Skip line 1; line 2 is the header',
    ]);

    await s.retry(s.loadError!.fixes![0]);
    expect(s.loadError).toBeNull();
    expect(s.dataset?.record.columns).toEqual(['column_1', 'column_2', 'column_3']);
    expect(s.schema?.target).toBe('column_3');
    expect(s.dataChoice().read).toMatchObject({ skip: 1, header: false });
  });

  it('names a renamed image as what it is', async () => {
    const s = await session();
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    await s.load(png, upload('photo'));
    expect(s.loadError).toMatchObject({ file: 'photo.csv' });
    expect(s.loadError?.message).toMatch(/^This is a PNG image, not a text file/);
    expect(s.loadError?.fixes).toBeUndefined();
  });

  it('reads the open dataset another way, keeping the target, and the record follows', async () => {
    const s = await session();
    await s.load(file(DECIMAL.join('\n')), upload('eu'));
    expect(s.dataset?.record.notes?.map((n) => n.message)).toEqual([
      'Read decimal commas as numbers in columns "height", "weight" (1,5 as 1.5).',
    ]);
    expect(s.kindOf('height')).toBe('numeric');
    s.setTarget('label');

    await s.reread({ decimal: 'point' });
    expect(s.readError).toBeNull();
    expect(s.kindOf('height')).toBe('categorical');
    expect(s.schema?.target).toBe('label');
    expect(s.dataChoice().read).toMatchObject({ decimal: 'point', delimiter: ';' });
    const sha = s.dataset!.record.sha256;
    expect((await s.library.get(sha))?.read?.decimal).toBe('point');
    // A way that fails leaves the dataset read as it was, and says why.
    await s.reread({ skip: 40 });
    expect(s.readError?.message).toMatch(/the first 40 are skipped: nothing is left to read/);
    expect(s.dataset?.record.read).toMatchObject({ skip: 0, decimal: 'point' });
    expect(s.loadError).toBeNull();
  });

  it('holds training while more than a few cells would be lost to Numeric, until confirmed', async () => {
    const s = await session();
    await s.load(file(DECIMAL.join('\n')), upload('eu'));
    await s.reread({ decimal: 'point' });
    s.setTarget('label');
    expect(s.trainProblem).toBeNull();
    s.setKind('height', 'numeric');
    const [loss] = s.numericLosses;
    expect(loss).toMatchObject({
      column: 'height',
      count: 30,
      present: 30,
      decimalCommas: true,
      needsConfirm: true,
    });
    expect(loss.examples).toEqual(['1,60', '1,61', '1,62', '1,63', '1,64']);
    expect(s.trainProblem).toMatch(
      /^"height" is set to Numeric but holds values that are not numbers/,
    );
    s.acceptLosses(true);
    expect(s.trainProblem).toBeNull();
    s.setKind('height', 'categorical');
    s.setKind('height', 'numeric');
    expect(s.trainProblem).not.toBeNull();
  });
});
