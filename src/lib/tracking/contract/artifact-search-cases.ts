/** Contract cases for artifacts and search_runs. */
import { eq, rejectsEach } from './assert';
import { newRun, type ContractCase } from './support';

export const artifactAndSearchCases: ContractCase[] = [
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
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        [
          'quoted metric value',
          () =>
            store.searchRuns({ experimentIds: [experimentId], filterString: 'metrics.acc > "x"' }),
        ],
        [
          'max_results over 50000',
          () => store.searchRuns({ experimentIds: [experimentId], maxResults: 50001 }),
        ],
      ]);
    },
  },
];
