/** Contract cases for model versions: numbering, sources, stages and latest versions. */
import {
  eq,
  modelWithVersions,
  ok,
  rejects,
  rejectsEach,
  runId,
  stagesOf,
  tick,
  versionsOf,
  type RegistryContractCase,
  withModel,
} from './support';

export const versionCases: RegistryContractCase[] = [
  {
    name: 'versions are numbered 1, 2, 3… per model, and a deleted number is not reused',
    async run(store, ctx) {
      const a = ctx.unique('numbered-a');
      const b = ctx.unique('numbered-b');
      eq(versionsOf(await modelWithVersions(store, a, 2)), ['1', '2'], 'model a');
      eq(versionsOf(await modelWithVersions(store, b, 1)), ['1'], 'model b counts alone');
      const model = await store.getRegisteredModel(a);
      const v2 = await store.getModelVersion(a, 2);
      eq(model.last_updated_timestamp, v2.creation_timestamp, 'a new version updates the model');
      await store.deleteModelVersion(a, '2');
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        ['deleted', () => store.getModelVersion(a, '2')],
        ['twice', () => store.deleteModelVersion(a, '2')],
      ]);
      eq(
        (await store.createModelVersion({ name: a, source: 's3://bucket/a/3' })).version,
        '3',
        'the next number after a deleted one',
      );
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        ['version x', () => store.getModelVersion(a, 'x')],
        ['version 1.0', () => store.getModelVersion(a, '1.0')],
      ]);
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        ['v7', () => store.getModelVersion(a, '7')],
        [
          'a version of a missing model',
          () => store.createModelVersion({ name: ctx.unique('missing'), source: 's3://bucket/x' }),
        ],
      ]);
      await rejects(
        store.createModelVersion({ name: 'a/b', source: 's3://bucket/x' }),
        'INVALID_PARAMETER_VALUE',
        'a version of an invalid name',
      );
    },
  },
  {
    name: 'a version keeps its source, run_id, run_link, description and tags',
    async run(store, ctx) {
      const name = ctx.unique('sourced');
      await store.createRegisteredModel(name);
      const rid = runId();
      const created = await store.createModelVersion({
        name,
        source: `runs:/${rid}/model`,
        runId: rid,
        runLink: 'http://example.com/#/runs/1',
        description: 'trained on iris',
        tags: [{ key: 'framework', value: 'tfjs' }],
      });
      eq(
        [
          created.name,
          created.version,
          created.current_stage,
          created.status,
          created.source,
          created.run_id,
          created.run_link,
          created.description,
          created.user_id,
          created.status_message,
        ],
        [
          name,
          '1',
          'None',
          'READY',
          `runs:/${rid}/model`,
          rid,
          'http://example.com/#/runs/1',
          'trained on iris',
          '',
          '',
        ],
        'fields',
      );
      eq([created.tags, created.aliases], [[{ key: 'framework', value: 'tfjs' }], []], 'lists');
      eq(created.last_updated_timestamp, created.creation_timestamp, 'times');
      eq(await store.getModelVersion(name, '1'), created, 'get returns what create returned');
      eq(await store.getModelVersionDownloadUri(name, '1'), `runs:/${rid}/model`, 'download uri');
      const plain = await store.createModelVersion({ name, source: 's3://bucket/models/iris/' });
      eq(
        [plain.run_id, plain.run_link, plain.description, plain.source],
        ['', '', '', 's3://bucket/models/iris/'],
        'a version without a run',
      );
      await rejects(store.getModelVersionDownloadUri(name, '9'), 'RESOURCE_DOES_NOT_EXIST', 'uri');
    },
  },
  {
    name: 'sources: runs:/ needs its run_id, paths must be absolute, no hosts or local files',
    async run(store, ctx) {
      const name = ctx.unique('checked-source');
      await store.createRegisteredModel(name);
      const rid = runId();
      const bad: [string, string | undefined, string][] = [
        ['', undefined, 'empty source'],
        [`runs:/${rid}/model`, undefined, 'runs:/ without run_id'],
        [`runs:/${rid}/model`, runId(), 'runs:/ of another run'],
        ['/tmp/model', rid, 'a local path'],
        ['file:///tmp/model', undefined, 'a file: URI'],
        ['s3://bucket/a/../b', undefined, 'a .. segment'],
        ['s3://bucket/a/%2e%2e/b', undefined, 'an encoded .. segment'],
        ['s3://bucket', undefined, 'no path'],
        ['http://example.com/model', undefined, 'a host to connect to'],
        ['mlflow-artifacts:/1/abc/artifacts/model', undefined, 'proxied artifacts without a run'],
        ['models:/m-0123456789abcdef0123456789abcdef', undefined, 'a logged model id'],
        ['models://other/x/1', undefined, 'another registry'],
      ];
      for (const [source, run, what] of bad) {
        await rejects(
          store.createModelVersion({ name, source, runId: run }),
          'INVALID_PARAMETER_VALUE',
          what,
        );
      }
      for (const source of ['s3://bucket/m', 'gs://bucket/deep/path/m', 'dbfs:/models/m']) {
        eq((await store.createModelVersion({ name, source })).source, source, source);
      }
    },
  },
  {
    name: 'a models:/ source names another version: stored canonical, with its run and files',
    async run(store, ctx) {
      const base = ctx.unique('base');
      const rid = runId();
      await store.createRegisteredModel(base);
      await store.createModelVersion({ name: base, source: `runs:/${rid}/model`, runId: rid });
      await store.createModelVersion({ name: base, source: 's3://bucket/base/2' });
      await store.setRegisteredModelAlias(base, 'champion', '1');
      await store.transitionModelVersionStage(base, '2', 'Staging', false);
      const copy = ctx.unique('copy');
      await store.createRegisteredModel(copy);
      const byVersion = await store.createModelVersion({ name: copy, source: `models:/${base}/1` });
      eq(
        [byVersion.source, byVersion.run_id],
        [`models:/${base}/1`, rid],
        'run_id comes from the referenced version',
      );
      eq(await store.getModelVersionDownloadUri(copy, '1'), `runs:/${rid}/model`, 'same files');
      const byAlias = await store.createModelVersion({
        name: copy,
        source: `models:/${base}@champion`,
      });
      eq(byAlias.source, `models:/${base}/1`, 'an alias is resolved');
      const byStage = await store.createModelVersion({
        name: copy,
        source: `models:/${base}/staging`,
      });
      eq([byStage.source, byStage.run_id], [`models:/${base}/2`, ''], 'a stage is resolved');
      const latest = await store.createModelVersion({
        name: copy,
        source: `models:/${base}/latest`,
      });
      eq(latest.source, `models:/${base}/2`, 'latest is the highest version');
      await rejects(
        store.createModelVersion({ name: copy, source: `models:/${base}/1`, runId: runId() }),
        'INVALID_PARAMETER_VALUE',
        'a run_id that disagrees with the referenced version',
      );
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        [
          'a missing version',
          () => store.createModelVersion({ name: copy, source: `models:/${base}/9` }),
        ],
        [
          'a missing model',
          () => store.createModelVersion({ name: copy, source: `models:/${ctx.unique('nope')}/1` }),
        ],
      ]);
      await rejects(
        store.createModelVersion({ name: copy, source: `models:/${base}@nope` }),
        'INVALID_PARAMETER_VALUE',
        'a missing alias',
      );
    },
  },
  withModel(
    'stages: case-insensitive names, and archive_existing_versions archives the rest',
    'staged',
    4,
    async (store, name) => {
      const t1 = await store.transitionModelVersionStage(name, '1', 'production', false);
      eq(t1.current_stage, 'Production', 'canonical stage name');
      await store.transitionModelVersionStage(name, 2, 'PRODUCTION', false);
      await store.transitionModelVersionStage(name, '3', 'staging', false);
      eq(
        stagesOf(
          (
            await store.searchModelVersions({
              filterString: `name = '${name}'`,
              orderBy: ['version_number'],
            })
          ).items,
        ),
        ['1:Production', '2:Production', '3:Staging', '4:None'],
        'without archiving, two versions share Production',
      );
      await tick();
      const t4 = await store.transitionModelVersionStage(name, '4', 'Production', true);
      eq(t4.current_stage, 'Production', 'moved');
      const all = (
        await store.searchModelVersions({
          filterString: `name = '${name}'`,
          orderBy: ['version_number'],
        })
      ).items;
      eq(stagesOf(all), ['1:Archived', '2:Archived', '3:Staging', '4:Production'], 'archived');
      eq(all[0].last_updated_timestamp, t4.last_updated_timestamp, 'archived at the same time');
      ok(all[2].last_updated_timestamp < t4.last_updated_timestamp, 'Staging left alone');
      eq(
        (await store.getRegisteredModel(name)).last_updated_timestamp,
        t4.last_updated_timestamp,
        'a transition updates the model',
      );
      const back = await store.transitionModelVersionStage(name, '1', 'None', false);
      eq(back.current_stage, 'None', 'back to None');
      await rejects(
        store.transitionModelVersionStage(name, '1', 'bogus', false),
        'INVALID_PARAMETER_VALUE',
        'unknown stage',
      );
      await rejectsEach('INTERNAL_ERROR', [
        [
          'archiving is for Staging and Production only (MLflow raises it without a code)',
          () => store.transitionModelVersionStage(name, '1', 'Archived', true),
        ],
        ['not for None either', () => store.transitionModelVersionStage(name, '1', 'none', true)],
      ]);
      await rejects(
        store.transitionModelVersionStage(name, '9', 'Staging', true),
        'RESOURCE_DOES_NOT_EXIST',
        'missing version',
      );
      await rejects(
        store.transitionModelVersionStage(name, 'x', 'Staging', false),
        'INVALID_PARAMETER_VALUE',
        'version x',
      );
    },
  ),
  withModel(
    'latest versions: the highest version in each stage',
    'latest',
    5,
    async (store, name, ctx) => {
      await store.transitionModelVersionStage(name, '1', 'Production', false);
      await store.transitionModelVersionStage(name, '2', 'Production', false);
      await store.transitionModelVersionStage(name, '3', 'Staging', false);
      await store.setRegisteredModelAlias(name, 'live', '2');
      const model = await store.getRegisteredModel(name);
      eq(
        stagesOf(model.latest_versions),
        ['2:Production', '3:Staging', '5:None'],
        'in the order the versions first reached each stage',
      );
      eq(
        model.latest_versions.map((v) => v.aliases),
        [[], [], []],
        'latest_versions come without aliases',
      );
      const latest = await store.getLatestVersions(name);
      eq(stagesOf(latest), ['2:Production', '3:Staging', '5:None'], 'get_latest_versions');
      eq(latest[0].aliases, ['live'], 'get_latest_versions fills in aliases');
      eq(
        stagesOf(await store.getLatestVersions(name, ['production', 'None'])),
        ['2:Production', '5:None'],
        'chosen stages, any case',
      );
      eq(await store.getLatestVersions(name, ['Archived']), [], 'an empty stage');
      await rejects(store.getLatestVersions(name, ['bogus']), 'INVALID_PARAMETER_VALUE', 'stage');
      await rejects(
        store.getLatestVersions(ctx.unique('missing')),
        'RESOURCE_DOES_NOT_EXIST',
        'missing model',
      );
      const found = await store.searchRegisteredModels({ filterString: `name = '${name}'` });
      eq(
        stagesOf(found.items[0].latest_versions),
        ['5:None', '2:Production', '3:Staging'],
        'search lists them by stage name',
      );
      eq((await store.getModelVersionByAlias(name, 'latest')).version, '5', 'the latest alias');
      eq((await store.getModelVersionByAlias(name, 'LaTeSt')).version, '5', 'in any case');
      await store.deleteModelVersion(name, '2');
      await store.deleteModelVersion(name, '5');
      eq(
        stagesOf((await store.getRegisteredModel(name)).latest_versions),
        ['1:Production', '3:Staging', '4:None'],
        'deleted versions are not latest',
      );
      const empty = ctx.unique('empty');
      await store.createRegisteredModel(empty);
      await rejects(
        store.getModelVersionByAlias(empty, 'latest'),
        'RESOURCE_DOES_NOT_EXIST',
        'latest of a model without versions',
      );
    },
  ),
];
