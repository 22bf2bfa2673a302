/**
 * The TrackingStore contract: behaviour every backend must share, written once and run against the
 * IndexedDB store (fake-indexeddb in Node, real IndexedDB in Chromium) and against a real MLflow
 * server through RestStore. Cases share one store, so each makes uniquely named experiments.
 */
import { tagValue, type Metric } from '../entities';
import type { TrackingStore } from '../store';
import { eq, ok, rejects } from './assert';

export interface ContractContext {
  /** A name no other case (or earlier run against the same server) has used. */
  unique(prefix: string): string;
}

export interface ContractCase {
  name: string;
  run(store: TrackingStore, ctx: ContractContext): Promise<void>;
}

const MAX_DOUBLE = 1.7976931348623157e308;

async function newRun(store: TrackingStore, ctx: ContractContext, runName?: string) {
  const experimentId = await store.createExperiment(ctx.unique('exp'));
  const run = await store.createRun({ experimentId, startTime: 1_700_000_000_000, runName });
  return { experimentId, run, runId: run.info.run_id };
}

const latest = (metrics: Metric[], key: string) => metrics.find((m) => m.key === key);

export const contractCases: ContractCase[] = [
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
      await rejects(store.createExperiment(''), 'INVALID_PARAMETER_VALUE', 'empty name');
      await rejects(
        store.createExperiment('x'.repeat(501)),
        'INVALID_PARAMETER_VALUE',
        'name over 500',
      );
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
  {
    name: 'a run is created RUNNING with a generated name and the runName tag',
    async run(store, ctx) {
      const { run, experimentId } = await newRun(store, ctx);
      ok(/^[0-9a-f]{32}$/.test(run.info.run_id), 'uuid4 hex run id');
      eq(run.info.run_uuid, run.info.run_id, 'run_uuid');
      ok(/^[a-z]+-[a-z]+-\d{1,4}$/.test(run.info.run_name), `generated name ${run.info.run_name}`);
      eq(tagValue(run.data.tags, 'mlflow.runName'), run.info.run_name, 'runName tag');
      eq(
        [run.info.status, run.info.lifecycle_stage, run.info.start_time],
        ['RUNNING', 'active', 1_700_000_000_000],
        'info',
      );
      eq(run.info.end_time, undefined, 'no end time while running');
      eq(run.info.experiment_id, experimentId, 'experiment');
      ok(run.info.artifact_uri.includes(run.info.run_id), 'artifact uri names the run');
      const named = await store.createRun({ experimentId, runName: 'my run' });
      eq(named.info.run_name, 'my run', 'given name');
      await rejects(
        store.createRun({
          experimentId,
          runName: 'a',
          tags: [{ key: 'mlflow.runName', value: 'b' }],
        }),
        'INVALID_PARAMETER_VALUE',
        'name and tag disagree',
      );
      await rejects(
        store.createRun({ experimentId: '987654321' }),
        'RESOURCE_DOES_NOT_EXIST',
        'unknown experiment',
      );
      await rejects(
        store.getRun('0123456789abcdef0123456789abcdef'),
        'RESOURCE_DOES_NOT_EXIST',
        'unknown run',
      );
    },
  },
  {
    name: 'update a run: status, end time and name',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      const info = await store.updateRun(runId, {
        status: 'FINISHED',
        endTime: 1_700_000_001_000,
        runName: 'renamed run',
      });
      eq(
        [info.status, info.end_time, info.run_name],
        ['FINISHED', 1_700_000_001_000, 'renamed run'],
        'returned info',
      );
      const run = await store.getRun(runId);
      eq(tagValue(run.data.tags, 'mlflow.runName'), 'renamed run', 'tag follows the name');
      await store.logBatch(runId, { tags: [{ key: 'mlflow.runName', value: 'by tag' }] });
      eq((await store.getRun(runId)).info.run_name, 'by tag', 'setting the tag renames');
    },
  },
  {
    name: 'log a batch: params, tags and the latest metric by (step, timestamp, value)',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      await store.logBatch(runId, {
        params: [
          { key: 'lr', value: '0.01' },
          { key: 'optimizer name', value: 'adam' },
        ],
        tags: [{ key: 'team', value: 'a' }],
        metrics: [
          { key: 'loss', value: 3, timestamp: 100, step: 0 },
          { key: 'loss', value: 2, timestamp: 90, step: 1 },
          { key: 'loss', value: 5, timestamp: 80, step: 1 },
          { key: 'loss', value: 9, timestamp: 200, step: 0 },
          { key: 'acc', value: 0.5, timestamp: 100, step: 3 },
          { key: 'acc', value: 0.4, timestamp: 100, step: 3 },
        ],
      });
      const run = await store.getRun(runId);
      eq(
        latest(run.data.metrics, 'loss'),
        { key: 'loss', value: 2, timestamp: 90, step: 1 },
        'latest loss',
      );
      eq(latest(run.data.metrics, 'acc')?.value, 0.5, 'tie on step and time: the larger value');
      eq(tagValue(run.data.params, 'optimizer name'), 'adam', 'param with a space');
      eq(tagValue(run.data.tags, 'team'), 'a', 'tag');
      const history = await store.getMetricHistory(runId, 'loss');
      eq(
        history.items.map((m) => [m.timestamp, m.step, m.value]),
        [
          [80, 1, 5],
          [90, 1, 2],
          [100, 0, 3],
          [200, 0, 9],
        ],
        'history by time',
      );
    },
  },
  {
    name: 'params are write-once; an identical value is accepted again',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      await store.logBatch(runId, { params: [{ key: 'lr', value: '0.1' }] });
      await store.logBatch(runId, { params: [{ key: 'lr', value: '0.1' }] });
      await rejects(
        store.logBatch(runId, { params: [{ key: 'lr', value: '0.2' }] }),
        'INVALID_PARAMETER_VALUE',
        'changed param',
      );
      eq(tagValue((await store.getRun(runId)).data.params, 'lr'), '0.1', 'kept');
    },
  },
  {
    name: 'a batch that breaks a rule writes nothing',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      const metric = (i: number) => ({ key: `m${i % 3}`, value: i, timestamp: 1000 + i, step: i });
      await rejects(
        store.logBatch(runId, { metrics: Array.from({ length: 1001 }, (_, i) => metric(i)) }),
        'INVALID_PARAMETER_VALUE',
        '1001 metrics',
      );
      await rejects(
        store.logBatch(runId, {
          params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '1' })),
        }),
        'INVALID_PARAMETER_VALUE',
        '101 params',
      );
      await rejects(
        store.logBatch(runId, {
          tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: '1' })),
        }),
        'INVALID_PARAMETER_VALUE',
        '101 tags',
      );
      await rejects(
        store.logBatch(runId, {
          metrics: Array.from({ length: 950 }, (_, i) => metric(i)),
          params: Array.from({ length: 51 }, (_, i) => ({ key: `p${i}`, value: '1' })),
        }),
        'INVALID_PARAMETER_VALUE',
        'over 1000 entries in all',
      );
      await rejects(
        store.logBatch(runId, {
          params: [
            { key: 'a', value: '1' },
            { key: 'a', value: '1' },
          ],
        }),
        'INVALID_PARAMETER_VALUE',
        'duplicate param keys',
      );
      for (const key of ['a//b', '../x', '/x', '.', 'bad*char']) {
        await rejects(
          store.logBatch(runId, { metrics: [metric(1)], tags: [{ key, value: '1' }] }),
          'INVALID_PARAMETER_VALUE',
          `key ${key}`,
        );
      }
      await rejects(
        store.logBatch(runId, {
          metrics: [{ key: 'k'.repeat(251), value: 1, timestamp: 1, step: 0 }],
        }),
        'INVALID_PARAMETER_VALUE',
        'key over 250',
      );
      await store.logBatch(runId, { params: [{ key: 'lr', value: '0.1' }] });
      await rejects(
        store.logBatch(runId, { metrics: [metric(5)], params: [{ key: 'lr', value: '0.2' }] }),
        'INVALID_PARAMETER_VALUE',
        'param change with metrics',
      );
      const run = await store.getRun(runId);
      eq(run.data.metrics.length, 0, 'no metric of a refused batch was written');
      eq(
        run.data.params.map((p) => p.key),
        ['lr'],
        'only the accepted param',
      );
    },
  },
  {
    name: 'over-long param and tag values are truncated as the server does',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      await store.logBatch(runId, {
        params: [{ key: 'long', value: 'p'.repeat(6100) }],
        tags: [{ key: 'long', value: 't'.repeat(8100) }],
      });
      const run = await store.getRun(runId);
      eq(tagValue(run.data.params, 'long')?.length, 6000, 'param value cut to 6000');
      eq(tagValue(run.data.tags, 'long')?.length, 8000, 'tag value cut to 8000');
    },
  },
  {
    name: 'a deleted run refuses writes until restored',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      await store.deleteRun(runId);
      eq((await store.getRun(runId)).info.lifecycle_stage, 'deleted', 'deleted');
      await rejects(
        store.logBatch(runId, { params: [{ key: 'a', value: '1' }] }),
        'INVALID_PARAMETER_VALUE',
        'log to deleted',
      );
      await rejects(
        store.updateRun(runId, { status: 'FINISHED' }),
        'INVALID_PARAMETER_VALUE',
        'update deleted',
      );
      await store.restoreRun(runId);
      await store.logBatch(runId, { params: [{ key: 'a', value: '1' }] });
      await store.updateRun(runId, { status: 'FINISHED', endTime: 1_700_000_000_500 });
      await store.logBatch(runId, { metrics: [{ key: 'late', value: 1, timestamp: 5, step: 0 }] });
      eq((await store.getRun(runId)).data.metrics.length, 1, 'a FINISHED run still takes writes');
    },
  },
  {
    name: 'NaN and infinite metric values survive a round trip',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      await store.logBatch(runId, {
        metrics: [
          { key: 'nan', value: NaN, timestamp: 1, step: 0 },
          { key: 'inf', value: Infinity, timestamp: 1, step: 0 },
          { key: 'ninf', value: -Infinity, timestamp: 1, step: 0 },
        ],
      });
      const run = await store.getRun(runId);
      ok(Number.isNaN(latest(run.data.metrics, 'nan')?.value), 'NaN');
      // MLflow's SQL store clamps ±Inf to ±max double; Tracklab keeps them (docs/mlflow-compat.md).
      ok((latest(run.data.metrics, 'inf')?.value ?? 0) >= MAX_DOUBLE, '+Inf (or max double)');
      ok((latest(run.data.metrics, 'ninf')?.value ?? 0) <= -MAX_DOUBLE, '-Inf (or -max double)');
      ok(
        Number.isNaN((await store.getMetricHistory(runId, 'nan')).items[0].value),
        'NaN in history',
      );
    },
  },
  {
    name: 'an exact duplicate metric point is stored once; other points append',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      const p = { key: 'loss', value: 1.5, timestamp: 10, step: 1 };
      await store.logBatch(runId, { metrics: [p] });
      await store.logBatch(runId, { metrics: [p, { ...p, value: 1.25 }, { ...p, step: 2 }] });
      const history = await store.getMetricHistory(runId, 'loss');
      eq(
        history.items.map((m) => [m.step, m.value]),
        [
          [1, 1.25],
          [1, 1.5],
          [2, 1.5],
        ],
        'deduplicated history',
      );
    },
  },
  {
    name: 'metric history pages',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      const metrics = Array.from({ length: 25 }, (_, i) => ({
        key: 'x',
        value: i * 2,
        timestamp: 1000 + i,
        step: i,
      }));
      await store.logBatch(runId, { metrics });
      const seen: number[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await store.getMetricHistory(runId, 'x', { maxResults: 10, pageToken: token });
        seen.push(...page.items.map((m) => m.step));
        token = page.next_page_token;
        pages += 1;
      } while (token && pages < 10);
      eq(pages, 3, 'pages of 10, 10 and 5');
      eq(
        seen,
        metrics.map((m) => m.step),
        'every point once, in order',
      );
      eq(
        (await store.getMetricHistory(runId, 'absent')).items,
        [],
        'unknown key gives an empty history',
      );
    },
  },
  {
    name: 'tags are deleted; deleting a missing tag is an error',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      await store.logBatch(runId, { tags: [{ key: 'a', value: '1' }] });
      await store.deleteTag(runId, 'a');
      eq(tagValue((await store.getRun(runId)).data.tags, 'a'), undefined, 'deleted');
      await rejects(store.deleteTag(runId, 'a'), 'RESOURCE_DOES_NOT_EXIST', 'missing tag');
    },
  },
  {
    name: 'dataset inputs with a context are logged once per dataset',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      const input = {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: {
          name: 'iris',
          digest: 'abc123',
          source_type: 'local',
          source: '{"uri": "iris.csv"}',
          schema: '{"mlflow_colspec": []}',
          profile: '{"num_rows": 150}',
        },
      };
      await store.logInputs(runId, [input]);
      await store.logInputs(runId, [input]);
      const inputs = (await store.getRun(runId)).inputs.dataset_inputs;
      eq(inputs.length, 1, 'one input');
      eq(
        [inputs[0].dataset.name, inputs[0].dataset.digest, inputs[0].dataset.profile],
        ['iris', 'abc123', '{"num_rows": 150}'],
        'dataset',
      );
      eq(tagValue(inputs[0].tags, 'mlflow.data.context'), 'training', 'context');
      await rejects(
        store.logInputs(runId, [
          { tags: [], dataset: { ...input.dataset, digest: 'd'.repeat(37) } },
        ]),
        'INVALID_PARAMETER_VALUE',
        'digest over 36',
      );
    },
  },
  {
    name: 'artifacts: write, list folders, read back, replace and delete',
    async run(store, ctx) {
      const { runId } = await newRun(store, ctx);
      await store.logArtifact(runId, 'config.json', '{"a": 1}');
      await store.logArtifact(runId, 'model/model.json', '{}');
      await store.logArtifact(runId, 'model/weights.bin', new Uint8Array([1, 2, 3, 4, 5]));
      await store.logArtifact(runId, 'plots/curves/loss.png', new Uint8Array(200_000).fill(7));
      const root = await store.listArtifacts(runId);
      eq(
        root.map((f) => [f.path, f.is_dir]),
        [
          ['config.json', false],
          ['model', true],
          ['plots', true],
        ],
        'root',
      );
      eq(root[0].file_size, 8, 'file size');
      const model = await store.listArtifacts(runId, 'model');
      eq(
        model.map((f) => [f.path, f.file_size]),
        [
          ['model/model.json', 2],
          ['model/weights.bin', 5],
        ],
        'folder',
      );
      eq([...(await store.downloadArtifact(runId, 'model/weights.bin'))], [1, 2, 3, 4, 5], 'bytes');
      const big = await store.downloadArtifact(runId, 'plots/curves/loss.png');
      eq([big.length, big[0], big[199_999]], [200_000, 7, 7], 'a file larger than one chunk');
      await store.logArtifact(runId, 'config.json', '{"a": 2}');
      eq(
        new TextDecoder().decode(await store.downloadArtifact(runId, 'config.json')),
        '{"a": 2}',
        'replaced',
      );
      await store.deleteArtifact(runId, 'model/weights.bin');
      eq(
        (await store.listArtifacts(runId, 'model')).map((f) => f.path),
        ['model/model.json'],
        'after delete',
      );
    },
  },
  {
    name: 'search runs: filter, order, pages and view types',
    async run(store, ctx) {
      const experimentId = await store.createExperiment(ctx.unique('runs'));
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const run = await store.createRun({
          experimentId,
          startTime: 1_700_000_000_000 + i,
          runName: `r${i}`,
        });
        ids.push(run.info.run_id);
        await store.logBatch(run.info.run_id, {
          metrics: i === 4 ? [] : [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }],
          params: [{ key: 'lr', value: String(i % 2 ? 0.1 : 0.01) }],
        });
      }
      await store.deleteRun(ids[0]);
      const names = async (
        filterString: string,
        orderBy?: string[],
        runViewType?: 'ALL' | 'DELETED_ONLY',
      ) =>
        (
          await store.searchRuns({
            experimentIds: [experimentId],
            filterString,
            orderBy,
            runViewType,
          })
        ).items.map((r) => r.info.run_name);
      eq(await names(''), ['r4', 'r3', 'r2', 'r1'], 'default order: start_time DESC');
      eq(
        await names('metrics.acc >= 0.2', ['metrics.acc ASC']),
        ['r2', 'r3'],
        'metric filter and order',
      );
      eq(await names("params.lr = '0.1'", ['attributes.run_name']), ['r1', 'r3'], 'param filter');
      eq(
        await names('', ['metrics.acc DESC']),
        ['r3', 'r2', 'r1', 'r4'],
        'missing metric sorts last',
      );
      eq(await names('', undefined, 'ALL'), ['r4', 'r3', 'r2', 'r1', 'r0'], 'all');
      eq(await names('', undefined, 'DELETED_ONLY'), ['r0'], 'deleted only');
      eq(await names(`attributes.run_id IN ('${ids[1]}', '${ids[2]}')`), ['r2', 'r1'], 'run_id IN');
      const page = await store.searchRuns({ experimentIds: [experimentId], maxResults: 3 });
      eq(page.items.length, 3, 'page size');
      const rest = await store.searchRuns({
        experimentIds: [experimentId],
        maxResults: 3,
        pageToken: page.next_page_token,
      });
      eq(
        rest.items.map((r) => r.info.run_name),
        ['r1'],
        'second page',
      );
      eq(rest.next_page_token, undefined, 'no token after the last page');
      await rejects(
        store.searchRuns({ experimentIds: [experimentId], filterString: 'metrics.acc > "x"' }),
        'INVALID_PARAMETER_VALUE',
        'quoted metric value',
      );
      await rejects(
        store.searchRuns({ experimentIds: [experimentId], maxResults: 50001 }),
        'INVALID_PARAMETER_VALUE',
        'max_results over 50000',
      );
    },
  },
];
