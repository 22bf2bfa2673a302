/** Contract cases for registered models: create, names, rename, descriptions, tags, delete. */
import {
  eq,
  modelWithVersions,
  ok,
  rejects,
  rejectsEach,
  tick,
  versionsOf,
  type RegistryContractCase,
  withModel,
} from './support';

export const modelCases: RegistryContractCase[] = [
  {
    name: 'create and get a registered model; a duplicate name is refused',
    async run(store, ctx) {
      const name = ctx.unique('model with spaces.and-dots_ü %');
      const created = await store.createRegisteredModel(
        name,
        [
          { key: 'team', value: 'vision' },
          { key: 'tier', value: 'gold' },
          { key: 'team', value: 'nlp' },
        ],
        'the first model',
      );
      eq(
        [created.name, created.description, created.user_id],
        [name, 'the first model', ''],
        'fields',
      );
      eq(
        created.tags,
        [
          { key: 'team', value: 'nlp' },
          { key: 'tier', value: 'gold' },
        ],
        'a repeated tag key keeps its last value',
      );
      eq([created.latest_versions, created.aliases], [[], []], 'no versions or aliases');
      ok(created.creation_timestamp > 1_600_000_000_000, 'creation time in ms');
      eq(created.last_updated_timestamp, created.creation_timestamp, 'last update = creation');
      eq(await store.getRegisteredModel(name), created, 'get returns what create returned');
      await rejects(store.createRegisteredModel(name), 'RESOURCE_ALREADY_EXISTS', 'duplicate');
      await rejects(
        store.getRegisteredModel(ctx.unique('missing')),
        'RESOURCE_DOES_NOT_EXIST',
        'unknown model',
      );
      const bare = await store.createRegisteredModel(ctx.unique('bare'));
      eq([bare.description, bare.tags], ['', []], 'no description and no tags');
    },
  },
  {
    name: "model names: not blank, no '/' or ':', not '.' or '..'",
    async run(store, ctx) {
      for (const bad of ['', '   ', 'a/b', 'team:model', '.', '..', '..hidden']) {
        await rejects(
          store.createRegisteredModel(bad),
          'INVALID_PARAMETER_VALUE',
          `name ${JSON.stringify(bad)}`,
        );
      }
      await rejects(store.getRegisteredModel('a/b'), 'INVALID_PARAMETER_VALUE', 'get a/b');
      const dotted = ctx.unique('ends.with.dot.');
      eq((await store.createRegisteredModel(dotted)).name, dotted, 'dots inside are fine');
    },
  },
  withModel(
    'rename a model: versions, tags and aliases move with it',
    'rename-me',
    2,
    async (store, name, ctx) => {
      await store.setModelVersionTag(name, '1', { key: 'k', value: 'v' });
      await store.setRegisteredModelAlias(name, 'champion', '1');
      const taken = ctx.unique('taken');
      await store.createRegisteredModel(taken);
      await rejects(
        store.renameRegisteredModel(name, taken),
        'RESOURCE_ALREADY_EXISTS',
        'rename onto a taken name',
      );
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        ['blank', () => store.renameRegisteredModel(name, '')],
        ['slash', () => store.renameRegisteredModel(name, 'a/b')],
      ]);
      await rejects(
        store.renameRegisteredModel(ctx.unique('missing'), ctx.unique('x')),
        'RESOURCE_DOES_NOT_EXIST',
        'rename a missing model',
      );
      const before = await store.getRegisteredModel(name);
      await tick();
      const newName = ctx.unique('renamed');
      const renamed = await store.renameRegisteredModel(name, newName);
      eq(renamed.name, newName, 'new name');
      eq(renamed.aliases, [{ alias: 'champion', version: '1' }], 'aliases moved');
      eq(
        renamed.latest_versions.map((v) => [v.name, v.version]),
        [[newName, '2']],
        'latest versions moved',
      );
      ok(renamed.last_updated_timestamp > before.last_updated_timestamp, 'rename is an update');
      eq(renamed.creation_timestamp, before.creation_timestamp, 'creation time kept');
      await rejects(store.getRegisteredModel(name), 'RESOURCE_DOES_NOT_EXIST', 'old name gone');
      const v1 = await store.getModelVersion(newName, '1');
      eq([v1.name, v1.tags, v1.aliases], [newName, [{ key: 'k', value: 'v' }], ['champion']], 'v1');
      eq(v1.last_updated_timestamp, renamed.last_updated_timestamp, 'versions touched too');
      eq((await store.getModelVersionByAlias(newName, 'champion')).version, '1', 'alias resolves');
      await rejects(store.getModelVersion(name, '1'), 'RESOURCE_DOES_NOT_EXIST', 'old versions');
      eq(versionsOf(await modelWithVersions(store, name, 1)), ['1'], 'the old name starts over');
    },
  ),
  withModel(
    'descriptions of models and versions: set, replace and clear',
    'described',
    1,
    async (store, name, ctx) => {
      const before = await store.getRegisteredModel(name);
      await tick();
      const updated = await store.updateRegisteredModel(name, 'what it does');
      eq(updated.description, 'what it does', 'set');
      ok(updated.last_updated_timestamp > before.last_updated_timestamp, 'an update');
      eq(updated.latest_versions.length, 1, 'returned with its versions');
      eq((await store.getRegisteredModel(name)).description, 'what it does', 'stored');
      eq((await store.updateRegisteredModel(name)).description, '', 'cleared');
      const v = await store.updateModelVersion(name, '1', 'version notes');
      eq(v.description, 'version notes', 'version description');
      eq((await store.getModelVersion(name, 1)).description, 'version notes', 'stored');
      eq((await store.updateModelVersion(name, '1')).description, '', 'version cleared');
      eq(
        (await store.getRegisteredModel(name)).last_updated_timestamp,
        (await store.getRegisteredModel(name)).last_updated_timestamp,
        'stable',
      );
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        ['missing model', () => store.updateRegisteredModel(ctx.unique('missing'), 'x')],
        ['missing version', () => store.updateModelVersion(name, '9', 'x')],
      ]);
    },
  ),
  withModel(
    'model and version tags: set, replace in place, delete, and their limits',
    'tagged',
    1,
    async (store, name, ctx) => {
      const before = await store.getRegisteredModel(name);
      await tick();
      await store.setRegisteredModelTag(name, { key: 'zz', value: '1' });
      await store.setRegisteredModelTag(name, { key: 'aa', value: '1' });
      await store.setRegisteredModelTag(name, { key: 'zz', value: '2' });
      await store.setRegisteredModelTag(name, { key: 'path/like key.v1:x', value: '' });
      const model = await store.getRegisteredModel(name);
      eq(
        model.tags,
        [
          { key: 'zz', value: '2' },
          { key: 'aa', value: '1' },
          { key: 'path/like key.v1:x', value: '' },
        ],
        'insertion order, replaced in place',
      );
      eq(model.last_updated_timestamp, before.last_updated_timestamp, 'tags do not touch it');
      await store.deleteRegisteredModelTag(name, 'zz');
      await store.deleteRegisteredModelTag(name, 'never-set');
      eq(
        (await store.getRegisteredModel(name)).tags.map((t) => t.key),
        ['aa', 'path/like key.v1:x'],
        'deleted',
      );
      await store.setRegisteredModelTag(name, { key: 'k'.repeat(250), value: 'v'.repeat(100_000) });
      for (const [key, value, what] of [
        ['k'.repeat(251), 'v', 'key over 250'],
        ['big', 'v'.repeat(100_001), 'value over 100000'],
        ['a!', 'v', 'bad character'],
        ['../up', 'v', 'resolves elsewhere'],
        ['', 'v', 'empty key'],
      ]) {
        await rejectsEach('INVALID_PARAMETER_VALUE', [
          [`model tag: ${what}`, () => store.setRegisteredModelTag(name, { key, value })],
          [`version tag: ${what}`, () => store.setModelVersionTag(name, '1', { key, value })],
        ]);
      }
      await rejects(
        store.createRegisteredModel(ctx.unique('bad-tag'), [{ key: 'a!', value: 'x' }]),
        'INVALID_PARAMETER_VALUE',
        'create with a bad tag',
      );
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        [
          'tag a missing model',
          () => store.setRegisteredModelTag(ctx.unique('missing'), { key: 'k', value: 'v' }),
        ],
        ['untag a missing model', () => store.deleteRegisteredModelTag(ctx.unique('missing'), 'k')],
      ]);
      await store.setModelVersionTag(name, '1', { key: 'b', value: '1' });
      await store.setModelVersionTag(name, 1, { key: 'a', value: '2' });
      await store.setModelVersionTag(name, '1', { key: 'b', value: '3' });
      eq(
        (await store.getModelVersion(name, '1')).tags,
        [
          { key: 'b', value: '3' },
          { key: 'a', value: '2' },
        ],
        'version tags',
      );
      await store.deleteModelVersionTag(name, '1', 'b');
      await store.deleteModelVersionTag(name, '1', 'never-set');
      eq((await store.getModelVersion(name, '1')).tags, [{ key: 'a', value: '2' }], 'deleted');
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        [
          'tag a missing version',
          () => store.setModelVersionTag(name, '7', { key: 'k', value: 'v' }),
        ],
        ['untag a missing version', () => store.deleteModelVersionTag(name, '7', 'k')],
      ]);
      await rejects(
        store.createModelVersion({
          name,
          source: 's3://bucket/x',
          tags: [{ key: 'a!', value: '' }],
        }),
        'INVALID_PARAMETER_VALUE',
        'create a version with a bad tag',
      );
    },
  ),
  withModel(
    'delete a model: its versions and aliases go with it, and the name is free again',
    'doomed',
    2,
    async (store, name) => {
      await store.setRegisteredModelAlias(name, 'live', '2');
      await store.deleteRegisteredModel(name);
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        ['model', () => store.getRegisteredModel(name)],
        ['version', () => store.getModelVersion(name, '1')],
        ['alias of a deleted model', () => store.getModelVersionByAlias(name, 'live')],
      ]);
      eq(
        (await store.searchModelVersions({ filterString: `name = '${name}'` })).items,
        [],
        'no versions found',
      );
      await rejects(store.deleteRegisteredModel(name), 'RESOURCE_DOES_NOT_EXIST', 'twice');
      const again = await store.createRegisteredModel(name);
      eq([again.aliases, again.latest_versions], [[], []], 'a new model under the old name');
      eq(
        (await store.createModelVersion({ name, source: 's3://bucket/again' })).version,
        '1',
        'numbering starts over',
      );
    },
  ),
];
