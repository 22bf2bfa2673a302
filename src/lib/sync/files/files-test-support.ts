// What the file export and import tests share: a lab exported in one format, and an import of a
// zip into a fresh store with its registry.
import 'fake-indexeddb/auto';
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { labExperiments, writeLabRegistry } from '../lab';
import { MemoryLedger } from '../ledger';
import { fresh, lab } from '../test-support';
import type { exportArchive } from './archive';
import type { ExportOptions } from './export-source';
import { importArchive, openArchive } from './import';

export const EXPERIMENTS = labExperiments();

export async function exported(
  write: typeof exportArchive,
  options: Partial<ExportOptions> = {},
): Promise<{
  blob: Blob;
  ids: Map<string, string>;
  from: ReturnType<typeof fresh>;
  report: Awaited<ReturnType<typeof exportArchive>>;
  fromRegistry: DexieRegistryStore;
}> {
  const { from, ids } = await lab({ runs: 3, steps: 12, trials: 2 });
  const fromRegistry = new DexieRegistryStore({ db: from.db });
  await writeLabRegistry(from, fromRegistry, ids);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const report = await write(
    from,
    { registry: fromRegistry, sourceStore: 'browser-a', ...options },
    (c) => chunks.push(c),
  );
  return { blob: new Blob(chunks), ids, from, report, fromRegistry };
}

export async function importInto(blob: Blob, ledger = new MemoryLedger(), to = fresh()) {
  const registry = new DexieRegistryStore({ db: to.db });
  const archive = await openArchive(blob);
  const report = await importArchive(
    archive,
    { tracking: to, registry },
    { ledger, fileName: 'x.zip' },
  );
  return { archive, report, to, registry, ledger };
}
