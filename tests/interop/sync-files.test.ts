/**
 * Export and import as files (issue 14), checked with MLflow itself:
 * - a lab exported as an mlruns zip, unpacked with Python's zipfile and opened with
 *   `MLFLOW_ALLOW_FILE_STORE=true mlflow server --backend-store-uri ./mlruns` (the README's line),
 *   is read back by MLflow's Python client exactly as the local store has it, best run, stages and
 *   aliases included, and `models:/<name>@champion` downloads the right run's model files;
 * - `mlflow migrate-filestore` converts the same tree into SQLite, read back the same;
 * - after MLflow's own client logs more runs into the tree, the tree zipped by Python is imported
 *   into a fresh browser store and equals what MLflow's client reads, run for run.
 */
import 'fake-indexeddb/auto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { MemoryLedger } from '$lib/sync/ledger';
import { dumpStore, labExperiments, writeLab, writeLabRegistry } from '$lib/sync/lab';
import { exportMlruns } from '$lib/sync/files/mlruns-write';
import { importArchive, openArchive } from '$lib/sync/files/import';
import { VENV_BIN } from '../../scripts/env.js';
import { startMlflowServer } from './mlflow-server';
import { expectLabModel, python, readBack, run } from './sync-read-back';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function served<T>(
  cwd: string,
  backendStoreUri: string,
  fn: (url: string) => Promise<T> | T,
) {
  const server = await startMlflowServer({
    cwd,
    backendStoreUri,
    env: { MLFLOW_ALLOW_FILE_STORE: 'true' },
  });
  try {
    return await fn(server.url);
  } finally {
    await server.stop();
  }
}

it('an mlruns export opens in MLflow (file store and migrated), and a tree MLflow wrote imports exactly', async () => {
  const prefix = `files-${Date.now()}-`;
  const names = labExperiments(prefix);
  const local = new DexieStore({ name: `files-${Date.now()}` });
  const ids = await writeLab(local, { runs: 30, steps: 50, trials: 8, prefix });
  const model = `${prefix}iris`;
  const localRegistry = new DexieRegistryStore({ db: local.db });
  await writeLabRegistry(local, localRegistry, ids, model);

  const dir = await mkdtemp(join(tmpdir(), 'tracklab-export-'));
  dirs.push(dir);
  const zipPath = join(dir, 'tracklab-mlruns.zip');
  const file = createWriteStream(zipPath);
  const report = await exportMlruns(
    local,
    { registry: localRegistry, sourceStore: 'interop-browser' },
    (chunk) => file.write(chunk),
  );
  await new Promise((resolve) => file.end(resolve));
  expect(report.runs).toBe(57);
  expect(report.versions).toBe(3);
  await run([python, '-m', 'zipfile', '-e', zipPath, '.'], dir);

  const expected = await dumpStore(local, names);
  const experimentIds = await Promise.all(
    names.map(async (n) => (await local.getExperimentByName(n))!.experiment_id),
  );
  const best = (
    await local.searchRuns({ experimentIds, orderBy: ['metrics.val_auc DESC'], maxResults: 1 })
  ).items[0].info.run_name;
  const modelJson = JSON.parse(
    new TextDecoder().decode(await local.downloadArtifact(ids.get('train-1')!, 'model/model.json')),
  );

  const fromMlflow = await served(dir, './mlruns', async (url) => {
    const back = await readBack(url, 'val_auc', model, names);
    expect(back.count).toBe(57);
    expect(back.runs).toEqual(expected);
    expect(back.best).toBe(best);
    expectLabModel(back.model);
    // The version's source link works: the champion's model files come down through the server.
    const files = JSON.parse(
      await run([python, join(import.meta.dirname, 'sync_files.py'), 'model', url, model]),
    );
    expect(JSON.parse(files['model.json'])).toEqual(modelJson);
    // MLflow's own client adds runs to the tree; what it then holds is what an import must give.
    await run([python, join(import.meta.dirname, 'sync_files.py'), 'log', url, names[0]]);
    const after = await readBack(url, 'val_auc', model, names);
    expect(after.count).toBe(59);
    return after;
  });

  // migrate-filestore (MLflow 3.10+) turns the same tree into SQLite; read back the same.
  await run(
    [
      join(VENV_BIN, 'mlflow'),
      'migrate-filestore',
      '--source',
      './mlruns',
      '--target',
      'sqlite:///migrated.db',
    ],
    dir,
  );
  await served(dir, 'sqlite:///migrated.db', async (url) => {
    const back = await readBack(url, 'val_auc', model, names);
    expect(back.runs).toEqual(fromMlflow.runs);
    expect(back.model).toEqual(fromMlflow.model);
  });

  // The tree, now partly written by MLflow, zipped by Python and imported into a fresh browser.
  await run([python, '-m', 'zipfile', '-c', 'tree.zip', 'mlruns', 'mlartifacts'], dir);
  const archive = await openArchive(new Blob([await readFile(join(dir, 'tree.zip'))]));
  expect(archive.format).toBe('mlruns');
  const fresh = new DexieStore({ name: `files-import-${Date.now()}` });
  const freshRegistry = new DexieRegistryStore({ db: fresh.db });
  const imported = await importArchive(
    archive,
    { tracking: fresh, registry: freshRegistry },
    {
      ledger: new MemoryLedger(),
      experimentIds: archive.experiments
        .filter((e) => names.includes(e.name))
        .map((e) => e.experiment_id),
    },
  );
  expect(imported.failed).toEqual([]);
  expect(imported.created).toHaveLength(59);
  expect(await dumpStore(fresh, names)).toEqual(fromMlflow.runs);
  const champion = await freshRegistry.getModelVersionByAlias(model, 'champion');
  expect((await fresh.getRun(champion.run_id)).info.run_name).toBe('train-1');
  expect(
    JSON.parse(
      new TextDecoder().decode(await fresh.downloadArtifact(champion.run_id, 'model/model.json')),
    ),
  ).toEqual(modelJson);
}, 400_000);

it('a FileStore tree a notebook wrote (no server: artifacts beside the runs, file:// URIs) imports as MLflow reads it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tracklab-notebook-'));
  dirs.push(dir);
  const name = `notebook-${Date.now()}`;
  const { uri } = JSON.parse(
    await run([python, join(import.meta.dirname, 'sync_files.py'), 'filestore', dir, name]),
  ) as { uri: string };
  // What MLflow's own client reads from the folder, straight from the files.
  const expected = await readBack(uri, 'val_auc', `${name}-model`, [name]);
  expect(expected.count).toBe(2);
  await run([python, '-m', 'zipfile', '-c', 'notebook.zip', 'mlruns'], dir);
  const archive = await openArchive(new Blob([await readFile(join(dir, 'notebook.zip'))]));
  expect(archive.format).toBe('mlruns');
  const store = new DexieStore({ name: `notebook-${Date.now()}` });
  const registry = new DexieRegistryStore({ db: store.db });
  const report = await importArchive(
    archive,
    { tracking: store, registry },
    { ledger: new MemoryLedger() },
  );
  expect(report.failed).toEqual([]);
  expect(await dumpStore(store, [name])).toEqual(expected.runs);
  const champion = await registry.getModelVersionByAlias(`${name}-model`, 'champion');
  expect((await store.getRun(champion.run_id)).info.run_name).toBe('notebook-parent');
  expect(champion.source).toBe(`runs:/${champion.run_id}/model`);
});
