// The data worker run in this process (a fresh module stands for a reloaded page): a file read
// with options found by the reader or chosen by a person opens, prepares and re-opens the same.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { DatasetLibrary } from './library';
import type { DataChoice } from './prepare';
import { startWorker } from './worker-fixture';

const encode = (text: string) => new TextEncoder().encode(text);
const meta = (name: string) => ({ name, source: `${name}.csv`, sourceType: 'upload' as const });

function sklearnFile(rows = 40) {
  const lines = [`${rows},4,no,yes`];
  for (let i = 0; i < rows; i++) lines.push(`${i % 7},${(i * 3) % 11},${i % 5},${i % 3},${i % 2}`);
  return encode(lines.join('\n') + '\n');
}

function decimalFile(rows = 40) {
  const lines = ['height;weight;label'];
  for (let i = 0; i < rows; i++)
    lines.push(`1,${50 + (i % 10)};${60 + (i % 10)},5;${i % 2 ? 'a' : 'b'}`);
  return encode(lines.join('\n') + '\n');
}

const choiceFor = (target: string, features: string[]): DataChoice => ({
  target,
  task: 'binary',
  features: features.map((name) => ({ name, kind: 'numeric' })),
  impute: 'median',
  standardize: true,
  maxLevels: 10,
  minCount: 1,
  split: { validation: 0.2, test: 0.2, seed: 3 },
});

describe('the data worker reads a file the same way every time', () => {
  it('refuses a headerless file with its fixes, then reads it with one and re-opens it the same', async () => {
    const library = `ds-${Math.random()}`;
    let data = await startWorker(library);
    const failed = await data.load(sklearnFile(), meta('raw')).catch((e: DataError) => e);
    expect(failed).toBeInstanceOf(DataError);
    expect((failed as DataError).fixes?.map((f) => f.label)).toEqual([
      'Skip line 1; no header row',
      'Skip line 1; line 2 is the header',
    ]);
    expect(await new DatasetLibrary(library).list()).toEqual([]);

    const first = await data.load(sklearnFile(), {
      ...meta('raw'),
      read: { skip: 1, header: false },
    });
    expect(first.record.columns).toEqual([
      'column_1',
      'column_2',
      'column_3',
      'column_4',
      'column_5',
    ]);
    expect(first.record.rows).toBe(40);
    expect(first.record.read).toEqual({
      skip: 1,
      header: false,
      decimal: 'auto',
      delimiter: ',',
      quoteChar: '"',
    });
    expect(first.record.notes?.[0].message).toMatch(/0 = no, 1 = yes/);
    const choice = {
      ...choiceFor('column_5', ['column_1', 'column_2', 'column_3', 'column_4']),
      read: first.record.read,
    };
    const prepared = await data.prepare(first.record.sha256, choice);

    data = await startWorker(library);
    const again = await data.open(first.record.sha256);
    expect(again.record).toEqual(first.record);
    expect(again.preview).toEqual(first.preview);
    const preparedAgain = await data.prepare(first.record.sha256, choice);
    expect(preparedAgain.splits.test.x).toEqual(prepared.splits.test.x);
    expect(preparedAgain.pre).toEqual(prepared.pre);

    // The same bytes dropped again read as they were saved.
    const dropped = await data.load(sklearnFile(), meta('raw'));
    expect(dropped.record.read).toEqual(first.record.read);
  });

  it('keeps a changed decimal mark in the record, and a run prepares with the mark it was trained on', async () => {
    const library = `ds-${Math.random()}`;
    let data = await startWorker(library);
    const auto = await data.load(decimalFile(), meta('eu'));
    expect(auto.record.profiles.map((p) => p.kind)).toEqual(['numeric', 'numeric', 'categorical']);
    expect(auto.preview[0]).toEqual(['1.50', '60.5', 'b']);
    const trained = { ...choiceFor('label', ['height', 'weight']), read: auto.record.read };
    const before = await data.prepare(auto.record.sha256, trained);

    const point = await data.reread(auto.record.sha256, { ...auto.record.read!, decimal: 'point' });
    expect(point.record.profiles.map((p) => p.kind)).toEqual([
      'categorical',
      'categorical',
      'categorical',
    ]);
    expect(point.preview[0]).toEqual(['1,50', '60,5', 'b']);

    data = await startWorker(library);
    const reopened = await data.open(auto.record.sha256);
    expect(reopened.record.read?.decimal).toBe('point');
    expect(reopened.preview[0]).toEqual(['1,50', '60,5', 'b']);
    // The run's config names the read it trained with, so its splits come out the same.
    const after = await data.prepare(auto.record.sha256, trained);
    expect(after.splits.test.x).toEqual(before.splits.test.x);
  });

  it('opens a dataset saved before read options as it was read then, until it is dropped again', async () => {
    const library = `ds-${Math.random()}`;
    const bytes = decimalFile(12);
    await new DatasetLibrary(library).save(bytes, {
      ...meta('old'),
      rows: 12,
      columns: ['height', 'weight', 'label'],
      delimiter: ';',
      profiles: [],
    });
    const data = await startWorker(library);
    const [record] = await new DatasetLibrary(library).list();
    const opened = await data.open(record.sha256);
    expect(opened.preview[0]).toEqual(['1,50', '60,5', 'b']);
    const dropped = await data.load(bytes, meta('old'));
    expect(dropped.preview[0]).toEqual(['1.50', '60.5', 'b']);
    expect(dropped.record.read?.decimal).toBe('auto');
    expect(dropped.record.profiles[0].kind).toBe('numeric');
  });

  it('names a binary file and saves nothing', async () => {
    const library = `ds-${Math.random()}`;
    const data = await startWorker(library);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(data.load(png, meta('photo'))).rejects.toThrow(/^This is a PNG image/);
    expect(await new DatasetLibrary(library).list()).toEqual([]);
  });
});
