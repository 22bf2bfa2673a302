// The registry half of copyExperiments: models, versions (sources remapped), stages, aliases,
// tags; found again after a lost ledger; not doubled by a pull and a push back.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { copyExperiments } from './copy';
import { dumpRegistry, writeLabRegistry } from './lab';
import { MemoryLedger } from './ledger';
import { fresh, lab, opts } from './test-support';

describe('copyExperiments with the registry', () => {
  const withRegistry = async () => {
    const { from, to, ids } = await lab();
    const fromRegistry = new DexieRegistryStore({ db: from.db });
    const toRegistry = new DexieRegistryStore({ db: to.db });
    await writeLabRegistry(from, fromRegistry, ids);
    return { from, to, ids, fromRegistry, toRegistry };
  };

  it('copies a model, its versions (pointing at the copied runs), stages, aliases and tags', async () => {
    const { from, to, fromRegistry, toRegistry } = await withRegistry();
    const ledger = new MemoryLedger();
    const registry = { from: fromRegistry, to: toRegistry };
    const report = await copyExperiments(from, to, opts(ledger, { registry }));
    expect(report.failed).toEqual([]);
    expect(report.models).toEqual(['iris-classifier']);
    const expected = await dumpRegistry(from, fromRegistry, 'iris-classifier');
    expect(expected.versions.map((v) => v.stage)).toEqual(['Archived', 'Production', 'Staging']);
    expect(await dumpRegistry(to, toRegistry, 'iris-classifier')).toEqual(expected);
    expect((await toRegistry.getModelVersionByAlias('iris-classifier', 'champion')).version).toBe(
      '2',
    );

    // Again: nothing new. Then the alias moves, a stage changes and an alias is dropped locally.
    const again = await copyExperiments(from, to, opts(ledger, { registry }));
    expect(await dumpRegistry(to, toRegistry, 'iris-classifier')).toEqual(expected);
    expect(again.failed).toEqual([]);
    await fromRegistry.setRegisteredModelAlias('iris-classifier', 'champion', 3);
    await fromRegistry.deleteRegisteredModelAlias('iris-classifier', 'candidate');
    await fromRegistry.transitionModelVersionStage('iris-classifier', 3, 'Production', true);
    await copyExperiments(from, to, opts(ledger, { registry }));
    const moved = await dumpRegistry(to, toRegistry, 'iris-classifier');
    expect(moved).toEqual(await dumpRegistry(from, fromRegistry, 'iris-classifier'));
    expect(moved.aliases).toEqual({ champion: 'train-2' });
  });

  it('with a lost ledger, versions are found by their tag: none is made twice', async () => {
    const { from, to, fromRegistry, toRegistry } = await withRegistry();
    const registry = { from: fromRegistry, to: toRegistry };
    await copyExperiments(from, to, opts(new MemoryLedger(), { registry }));
    await copyExperiments(from, to, opts(new MemoryLedger(), { registry }));
    const versions = await toRegistry.searchModelVersions({
      filterString: "name = 'iris-classifier'",
    });
    expect(versions.items).toHaveLength(3);
    expect(await dumpRegistry(to, toRegistry, 'iris-classifier')).toEqual(
      await dumpRegistry(from, fromRegistry, 'iris-classifier'),
    );
  });

  it('a model pulled and pushed back keeps its versions; two browsers pushing one model make two sets', async () => {
    const { from, to, fromRegistry, toRegistry } = await withRegistry();
    await copyExperiments(
      from,
      to,
      opts(new MemoryLedger(), {
        registry: { from: fromRegistry, to: toRegistry },
        sourceStore: 'browser-a',
      }),
    );
    // Pull it into a new browser, then push it back: the server's versions are those versions.
    const other = fresh();
    const otherRegistry = new DexieRegistryStore({ db: other.db });
    await copyExperiments(
      to,
      other,
      opts(new MemoryLedger(), {
        target: 'pull',
        registry: { from: toRegistry, to: otherRegistry },
        sourceStore: 'server',
      }),
    );
    expect(
      (await otherRegistry.searchModelVersions({ filterString: "name = 'iris-classifier'" })).items,
    ).toHaveLength(3);
    const back = await copyExperiments(
      other,
      to,
      opts(new MemoryLedger(), {
        registry: { from: otherRegistry, to: toRegistry },
        sourceStore: 'browser-b',
      }),
    );
    expect(back.failed).toEqual([]);
    expect(
      (await toRegistry.searchModelVersions({ filterString: "name = 'iris-classifier'" })).items,
    ).toHaveLength(3);

    // A second browser with its own lab and the same model name adds its own three versions.
    const second = await lab();
    const secondRegistry = new DexieRegistryStore({ db: second.from.db });
    await writeLabRegistry(second.from, secondRegistry, second.ids);
    await copyExperiments(
      second.from,
      to,
      opts(new MemoryLedger(), {
        registry: { from: secondRegistry, to: toRegistry },
        sourceStore: 'browser-c',
      }),
    );
    const all = (await toRegistry.searchModelVersions({ filterString: "name = 'iris-classifier'" }))
      .items;
    expect(all).toHaveLength(6);
  });

  it('a version whose run is not copied stays behind, and says so', async () => {
    const { from, to, ids, fromRegistry, toRegistry } = await withRegistry();
    const registry = { from: fromRegistry, to: toRegistry };
    const report = await copyExperiments(
      from,
      to,
      opts(new MemoryLedger(), { registry, runIds: [ids.get('train-1')!] }),
    );
    expect(report.notes.filter((n) => n.includes('is not copied'))).toHaveLength(2);
    const copied = await dumpRegistry(to, toRegistry, 'iris-classifier');
    expect(copied.versions.map((v) => [v.run, v.stage])).toEqual([['train-1', 'Production']]);
    expect(copied.aliases).toEqual({ champion: 'train-1' });
  });
});
