import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DatasetLibrary, sha256Hex } from './library';

const meta = {
  name: 'toy',
  source: 'toy.csv',
  sourceType: 'upload' as const,
  rows: 2,
  columns: ['a'],
  delimiter: ',',
  profiles: [],
};

describe('DatasetLibrary', () => {
  it('digests with SHA-256 (the FIPS 180-2 "abc" vector)', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('saves bytes in chunks, reads them back exactly and dedups by content', async () => {
    const lib = new DatasetLibrary(`ds-${Math.random()}`, 1024);
    const bytes = new Uint8Array(2.5 * 1024).map((_, i) => i % 251);
    const saved = await lib.save(bytes, meta);
    expect(saved.chunks).toBe(3);
    expect(saved.digest).toBe(saved.sha256.slice(0, 16));
    expect(saved.digest.length).toBeLessThanOrEqual(36);
    expect(await lib.bytes(saved.sha256)).toEqual(bytes);
    const again = await lib.save(bytes, { ...meta, name: 'other name' });
    expect(again.name).toBe('toy');
    expect((await lib.list()).length).toBe(1);
    await lib.delete(saved.sha256);
    expect(await lib.list()).toEqual([]);
    expect(await lib.db.chunks.count()).toBe(0);
  });

  it('keeps nothing and says what to do when the disk is full', async () => {
    const lib = new DatasetLibrary(`ds-${Math.random()}`);
    const kept = await lib.save(new Uint8Array([1, 2, 3]), meta);
    // The chunks are written, then the disk fills before the record is: the transaction aborts.
    lib.db.datasets.hook('creating', () => {
      throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    });
    await expect(lib.save(new Uint8Array([9, 9, 9, 9]), meta)).rejects.toThrow(
      /no room left to save this dataset.*Nothing was saved/,
    );
    expect((await lib.list()).map((d) => d.sha256)).toEqual([kept.sha256]);
    expect(await lib.db.chunks.count()).toBe(1);
  });
});
