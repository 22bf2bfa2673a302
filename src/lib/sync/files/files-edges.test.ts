// Export and import at the edges: keys that are JavaScript's own words, shared datasets, zips
// whose count wraps, metric lines MLflow would not read, paths that climb out, an archive
// brought back into the browser that made it, and the data files a Tracklab archive carries.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { dumpStore } from '../lab';
import { MemoryLedger } from '../ledger';
import { fresh, lab } from '../test-support';
import { exportArchive } from './archive';
import type { DatasetFile, DatasetShelf } from './export-source';
import { EXPERIMENTS, exported, importInto } from './files-test-support';
import { importArchive, openArchive } from './import';
import { exportMlruns } from './mlruns-write';
import { ZipReader } from './zip';

describe('what the review found', () => {
  it('keeps a metric named __proto__ or constructor', async () => {
    const from = fresh();
    const experiment = await from.createExperiment('odd-keys');
    const run = await from.createRun({ experimentId: experiment, runName: 'odd' });
    await from.logBatch(run.info.run_id, {
      metrics: [
        { key: '__proto__', value: 1, timestamp: 1, step: 0 },
        { key: 'constructor', value: 2, timestamp: 1, step: 0 },
      ],
    });
    for (const write of [exportArchive, exportMlruns]) {
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      await write(from, { sourceStore: 's' }, (c) => chunks.push(c));
      const { report, to } = await importInto(new Blob(chunks));
      expect(report.failed).toEqual([]);
      const copy = report.created[0].copyId;
      for (const [key, value] of [
        ['__proto__', 1],
        ['constructor', 2],
      ] as const)
        expect((await to.getMetricHistory(copy, key)).items).toEqual([
          { key, value, timestamp: 1, step: 0 },
        ]);
    }
  });

  it('writes each shared dataset once in an mlruns tree', async () => {
    const { blob } = await exported(exportMlruns);
    const names = (await ZipReader.open(blob)).names();
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses a zip whose directory count disagrees (a count past 65,535 wraps)', async () => {
    const bytes = zipSync({ 'a.txt': strToU8('a'), 'b.txt': strToU8('b') });
    const eocd = bytes.length - 22;
    bytes[eocd + 10] = 1; // says 1 entry, holds 2
    const error = await ZipReader.open(new Blob([bytes as Uint8Array<ArrayBuffer>])).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/directory and its count disagree/);
  });

  it('names the file and line of a metric line MLflow would not read', async () => {
    const dir = 'mlruns/1';
    const run = 'a'.repeat(32);
    const files = {
      [`${dir}/meta.yaml`]: strToU8("experiment_id: '1'\nname: e\n"),
      [`${dir}/${run}/meta.yaml`]: strToU8(
        `experiment_id: '1'\nrun_id: ${run}\nstart_time: 1\nstatus: 3\nuser_id: u\n`,
      ),
      [`${dir}/${run}/metrics/loss`]: strToU8('1 0.5 0\n2 abc 1\n'),
    };
    const error = await openArchive(new Blob([zipSync(files) as Uint8Array<ArrayBuffer>])).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe(
      `mlruns/1/${run}/metrics/loss, line 2, is not "timestamp value step": 2 abc 1`,
    );
  });

  it('refuses artifact paths with ".." in a Tracklab archive', async () => {
    const manifest = {
      format: 'tracklab-archive',
      version: 1,
      created: 0,
      sourceStore: 'x',
      experiments: 0,
      runs: 0,
    };
    const zip = zipSync({
      'tracklab-archive.json': strToU8(JSON.stringify(manifest)),
      'runs/r1/artifacts/../../etc/passwd': strToU8('x'),
    });
    const error = await openArchive(new Blob([zip as Uint8Array<ArrayBuffer>])).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/may not hold empty, "\." or "\.\." parts/);
  });

  it('brings back into the browser that exported it only the runs gone since, under their parents', async () => {
    const { from, ids } = await lab({ runs: 2, steps: 3, trials: 2 });
    const registry = new DexieRegistryStore({ db: from.db });
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    await exportArchive(from, { registry, sourceStore: 'this-browser' }, (c) => chunks.push(c));
    const before = await dumpStore(from, EXPERIMENTS);
    // A trial's child run deleted for good since the export (its parent, the trial, is still here).
    const child = [...ids.entries()].find(([name]) => /trial-0-fold-0/.test(name));
    expect(child).toBeDefined();
    await from.purgeRun(child![1]);
    const archive = await openArchive(new Blob(chunks));
    const report = await importArchive(
      archive,
      { tracking: from, registry },
      { ledger: new MemoryLedger(), localStore: 'this-browser' },
    );
    expect(report.failed).toEqual([]);
    expect(report.created.map((r) => r.name)).toEqual([child![0]]);
    expect(await dumpStore(from, EXPERIMENTS)).toEqual(before);
  });
});

describe('data files in a Tracklab archive', () => {
  /** The DatasetLibrary's export and import face, in memory. */
  function shelf(): DatasetShelf & { records: DatasetFile[]; data: Map<string, Uint8Array> } {
    const records: DatasetFile[] = [];
    const data = new Map<string, Uint8Array>();
    return {
      records,
      data,
      list: async () => records,
      bytes: async (sha) => data.get(sha)!,
      async save(bytes, meta) {
        const hash = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
        const sha256 = [...new Uint8Array(hash)]
          .map((b) => b.toString(16).padStart(2, '0'))
          .join('');
        const record = {
          ...meta,
          sha256,
          digest: sha256.slice(0, 16),
          size: bytes.length,
          created: 1,
          chunks: 1,
        };
        records.push(record);
        data.set(sha256, bytes);
        return record;
      },
    };
  }

  it('carries the files behind the runs’ inputs, once, and only those', async () => {
    const { from } = await lab({ runs: 2, steps: 2, trials: 1 });
    const source = shelf();
    const iris = strToU8('sepal_length,species\n5.1,setosa\n');
    // What the DatasetLibrary keeps beside the name; the archive carries it whole.
    const irisMeta = {
      name: 'iris',
      source: 'iris.csv',
      sourceType: 'upload',
      rows: 1,
      columns: ['sepal_length', 'species'],
      delimiter: ',',
      profiles: [],
    };
    const saved = await source.save(iris, irisMeta);
    // The lab's runs name the dataset by digest d41d8cd9; the saved file is made to be that one.
    saved.digest = 'd41d8cd9';
    await source.save(strToU8('unused\n1\n'), { ...irisMeta, name: 'unused' });
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    const report = await exportArchive(from, { datasets: source, sourceStore: 's' }, (c) =>
      chunks.push(c),
    );
    expect(report.datasets).toBe(1);
    const archive = await openArchive(new Blob(chunks));
    expect(archive.datasets.map((d) => d.meta.name)).toEqual(['iris']);
    const target = shelf();
    const to = fresh();
    const ledger = new MemoryLedger();
    const first = await importArchive(archive, { tracking: to, datasets: target }, { ledger });
    expect(first.datasets).toBe(1);
    expect(target.data.get(saved.sha256)).toEqual(iris);
    expect(target.records[0]).toMatchObject({ name: 'iris', columns: ['sepal_length', 'species'] });
    const again = await importArchive(archive, { tracking: to, datasets: target }, { ledger });
    expect(again.datasets).toBe(0);
  });
});
