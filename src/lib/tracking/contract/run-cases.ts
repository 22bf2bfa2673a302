/** Contract cases for runs: create, update, log-batch rules, metrics, tags, dataset inputs. */
import { tagValue } from '../entities';
import { eq, ok, rejects, rejectsEach } from './assert';
import { latest, newRun, MAX_DOUBLE, type ContractCase } from './support';

export const runCases: ContractCase[] = [
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
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        ['unknown experiment', () => store.createRun({ experimentId: '987654321' })],
        ['unknown run', () => store.getRun('0123456789abcdef0123456789abcdef')],
      ]);
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
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        [
          '1001 metrics',
          () =>
            store.logBatch(runId, { metrics: Array.from({ length: 1001 }, (_, i) => metric(i)) }),
        ],
        [
          '101 params',
          () =>
            store.logBatch(runId, {
              params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '1' })),
            }),
        ],
        [
          '101 tags',
          () =>
            store.logBatch(runId, {
              tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: '1' })),
            }),
        ],
        [
          'over 1000 entries in all',
          () =>
            store.logBatch(runId, {
              metrics: Array.from({ length: 950 }, (_, i) => metric(i)),
              params: Array.from({ length: 51 }, (_, i) => ({ key: `p${i}`, value: '1' })),
            }),
        ],
        [
          'duplicate param keys',
          () =>
            store.logBatch(runId, {
              params: [
                { key: 'a', value: '1' },
                { key: 'a', value: '1' },
              ],
            }),
        ],
      ]);
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
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        ['log to deleted', () => store.logBatch(runId, { params: [{ key: 'a', value: '1' }] })],
        ['update deleted', () => store.updateRun(runId, { status: 'FINISHED' })],
      ]);
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
];
