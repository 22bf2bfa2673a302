/** Contract cases for experiments: create, names, rename, delete and restore, tags, search. */
import { tagValue } from '../entities';
import { eq, ok, rejects, rejectsEach } from './assert';
import { newRun, type ContractCase } from './support';

export const experimentCases: ContractCase[] = [
  {
    name: 'the Default experiment exists with id 0',
    async run(store) {
      const e = await store.getExperiment('0');
      eq(e.name, 'Default', 'name');
      eq(e.lifecycle_stage, 'active', 'stage');
    },
  },
  {
    name: 'create, get and get by name an experiment',
    async run(store, ctx) {
      const name = ctx.unique('exp with spaces.and-dots');
      const id = await store.createExperiment(name, undefined, [{ key: 'team', value: 'vision' }]);
      ok(/^\d+$/.test(id), 'experiment id is a decimal string');
      const e = await store.getExperiment(id);
      eq([e.experiment_id, e.name, e.lifecycle_stage], [id, name, 'active'], 'experiment');
      eq(tagValue(e.tags, 'team'), 'vision', 'tag');
      ok(e.creation_time > 0 && e.last_update_time >= e.creation_time, 'times');
      ok(e.artifact_location.includes(id), 'artifact location names the experiment');
      eq((await store.getExperimentByName(name))?.experiment_id, id, 'by name');
      eq(await store.getExperimentByName(ctx.unique('missing')), null, 'missing by name');
      await rejects(store.getExperiment('987654321'), 'RESOURCE_DOES_NOT_EXIST', 'unknown id');
    },
  },
  {
    name: 'experiment names are unique, deleted ones included, and validated',
    async run(store, ctx) {
      const name = ctx.unique('dup');
      const id = await store.createExperiment(name);
      await rejects(store.createExperiment(name), 'RESOURCE_ALREADY_EXISTS', 'duplicate');
      await store.deleteExperiment(id);
      await rejects(
        store.createExperiment(name),
        'RESOURCE_ALREADY_EXISTS',
        'duplicate of a deleted one',
      );
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        ['empty name', () => store.createExperiment('')],
        ['name over 500', () => store.createExperiment('x'.repeat(501))],
      ]);
    },
  },
  {
    name: 'rename, delete and restore an experiment; its runs follow it',
    async run(store, ctx) {
      const { experimentId, runId } = await newRun(store, ctx);
      const taken = ctx.unique('taken');
      await store.createExperiment(taken);
      await rejects(
        store.renameExperiment(experimentId, taken),
        'BAD_REQUEST',
        'rename onto a taken name',
      );
      const renamed = ctx.unique('renamed');
      await store.renameExperiment(experimentId, renamed);
      eq((await store.getExperiment(experimentId)).name, renamed, 'renamed');
      await store.deleteExperiment(experimentId);
      eq((await store.getExperiment(experimentId)).lifecycle_stage, 'deleted', 'deleted');
      eq((await store.getRun(runId)).info.lifecycle_stage, 'deleted', 'run deleted with it');
      await rejects(
        store.renameExperiment(experimentId, ctx.unique('r2')),
        'INVALID_STATE',
        'rename deleted',
      );
      await rejects(
        store.createRun({ experimentId }),
        'INVALID_PARAMETER_VALUE',
        'run in deleted experiment',
      );
      await rejects(
        store.deleteExperiment(experimentId),
        'RESOURCE_DOES_NOT_EXIST',
        'delete twice',
      );
      await store.restoreExperiment(experimentId);
      eq((await store.getExperiment(experimentId)).lifecycle_stage, 'active', 'restored');
      eq((await store.getRun(runId)).info.lifecycle_stage, 'active', 'run restored with it');
      await rejects(
        store.restoreExperiment(experimentId),
        'RESOURCE_DOES_NOT_EXIST',
        'restore active',
      );
    },
  },
  {
    name: 'experiment tags are set, replaced and deleted',
    async run(store, ctx) {
      const id = await store.createExperiment(ctx.unique('tags'));
      await store.setExperimentTag(id, { key: 'mlflow.note.content', value: '# Notes' });
      await store.setExperimentTag(id, { key: 'mlflow.note.content', value: '# Better' });
      eq(
        tagValue((await store.getExperiment(id)).tags, 'mlflow.note.content'),
        '# Better',
        'replaced',
      );
      await store.deleteExperimentTag(id, 'mlflow.note.content');
      eq((await store.getExperiment(id)).tags.length, 0, 'deleted');
      await rejects(
        store.deleteExperimentTag(id, 'nope'),
        'RESOURCE_DOES_NOT_EXIST',
        'missing tag',
      );
      await rejects(
        store.setExperimentTag(id, { key: '../x', value: '1' }),
        'INVALID_PARAMETER_VALUE',
        'bad key',
      );
    },
  },
  {
    name: 'search experiments with a filter, order, view type and pages',
    async run(store, ctx) {
      const prefix = ctx.unique('srch');
      const ids = [];
      for (const n of ['b', 'a', 'c'])
        ids.push(
          await store.createExperiment(`${prefix}-${n}`, undefined, [{ key: 'k', value: n }]),
        );
      await store.deleteExperiment(ids[2]);
      const page1 = await store.searchExperiments({
        filterString: `name LIKE '${prefix}-%'`,
        orderBy: ['name ASC'],
        maxResults: 1,
      });
      eq(
        page1.items.map((e) => e.name),
        [`${prefix}-a`],
        'first page',
      );
      ok(page1.next_page_token, 'a next page token');
      const page2 = await store.searchExperiments({
        filterString: `name LIKE '${prefix}-%'`,
        orderBy: ['name ASC'],
        maxResults: 1,
        pageToken: page1.next_page_token,
      });
      eq(
        page2.items.map((e) => e.name),
        [`${prefix}-b`],
        'second page',
      );
      eq(page2.next_page_token, undefined, 'last page has no token');
      const all = await store.searchExperiments({
        filterString: `name LIKE '${prefix}-%' AND tags.k != 'a'`,
        viewType: 'ALL',
        orderBy: ['name DESC'],
      });
      eq(
        all.items.map((e) => e.name),
        [`${prefix}-c`, `${prefix}-b`],
        'all view types with a tag clause',
      );
      const deleted = await store.searchExperiments({
        filterString: `name LIKE '${prefix}-%'`,
        viewType: 'DELETED_ONLY',
      });
      eq(
        deleted.items.map((e) => e.experiment_id),
        [ids[2]],
        'deleted only',
      );
      await rejects(
        store.searchExperiments({ filterString: 'nme = 1' }),
        'INVALID_PARAMETER_VALUE',
        'bad filter',
      );
    },
  },
];
