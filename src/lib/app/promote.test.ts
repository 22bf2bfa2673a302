import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieRegistryStore } from '$lib/registry';
import { MlflowClient } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { promoteRun, rankingOrderBy, rankRuns } from './promote';

async function setup() {
  const store = new DexieStore({ name: `promote-${Math.random()}` });
  const client = new MlflowClient(store);
  const registry = new DexieRegistryStore({ db: store.db, user: () => 'ada' });
  const a = await client.createExperiment('a');
  const b = await client.createExperiment('b');
  const run = async (experiment: string, auc: number | undefined, model = true, team = 'x') => {
    const id = (await client.createRun(experiment, { runName: `auc ${auc}` })).info.run_id;
    if (auc !== undefined) await client.logMetric(id, 'val auc', auc);
    await client.setTag(id, 'team', team);
    if (model)
      await client.logArtifact(id, 'model/MLmodel', new TextEncoder().encode('flavors: {}\n'));
    return id;
  };
  return { app: { client, registry }, client, registry, a, b, run };
}

describe('promote best', () => {
  it('ranks as searchRuns with that order_by, across experiments, after the filter', async () => {
    const { app, client, a, b, run } = await setup();
    await run(a, 0.8);
    await run(b, 0.9, false);
    await run(a, 0.85, true, 'y');
    await run(b, undefined);
    const ranking = { experimentIds: [a, b], metric: 'val auc', direction: 'maximize' as const };
    const ranked = await rankRuns(app, ranking);
    const direct = await client.searchRuns({
      experimentIds: [a, b],
      orderBy: ['metrics.`val auc` DESC'],
    });
    expect(ranked.map((r) => r.run.info.run_id)).toEqual(direct.items.map((r) => r.info.run_id));
    expect(ranked.map((r) => [r.value, r.hasModel])).toEqual([
      [0.9, false],
      [0.85, true],
      [0.8, true],
      [undefined, true],
    ]);
    expect(rankingOrderBy('val auc', 'minimize')).toEqual(['metrics.`val auc` ASC']);
    const filtered = await rankRuns(app, { ...ranking, filter: "tags.team = 'x'" });
    expect(filtered.map((r) => r.value)).toEqual([0.9, 0.8, undefined]);
    await expect(rankRuns(app, { ...ranking, filter: 'metrics.x >' })).rejects.toThrow();
  });

  it('registers, moves to a stage, points an alias, as one flow the history undoes', async () => {
    const { app, registry, a, run } = await setup();
    const first = await run(a, 0.8);
    const best = await run(a, 0.9);
    const earlier = await promoteRun(app, {
      runId: first,
      modelName: 'iris',
      stage: 'Production',
      archiveExisting: false,
      alias: 'champion',
    });
    expect(earlier.version).toMatchObject({ version: '1', current_stage: 'Production' });
    const { version, flow } = await promoteRun(app, {
      runId: best,
      modelName: 'iris',
      stage: 'Production',
      archiveExisting: true,
      alias: 'champion',
    });
    expect(version).toMatchObject({ version: '2', current_stage: 'Production', run_id: best });
    expect(version.aliases).toEqual(['champion']);
    expect((await registry.getModelVersion('iris', 1)).current_stage).toBe('Archived');
    const steps = await registry.flowHistory(flow);
    expect(steps.map((e) => e.kind)).toEqual(['version-created', 'stage', 'alias-set']);
    expect(steps.every((e) => e.user === 'ada')).toBe(true);
    await registry.undo(steps.map((e) => e.seq));
    await expect(registry.getModelVersion('iris', 2)).rejects.toThrow(/not found/);
    expect((await registry.getModelVersion('iris', 1)).current_stage).toBe('Production');
    expect((await registry.getModelVersionByAlias('iris', 'champion')).version).toBe('1');
  });

  it('refuses a reserved or malformed alias before it registers anything', async () => {
    const { app, registry, a, run } = await setup();
    const id = await run(a, 0.8);
    const promote = (alias: string) =>
      promoteRun(app, { runId: id, modelName: 'm', stage: 'None', archiveExisting: false, alias });
    await expect(promote('latest')).rejects.toThrow(/reserved/);
    await expect(promote('v3')).rejects.toThrow();
    await expect(registry.getRegisteredModel('m')).rejects.toThrow(/not found/);
    const { version } = await promote('');
    expect(version).toMatchObject({ version: '1', current_stage: 'None', aliases: [] });
  });
});
