/** Contract cases for aliases: set, move, resolve, delete, names, and deleted versions. */
import {
  eq,
  ok,
  rejects,
  rejectsEach,
  tick,
  type RegistryContractCase,
  withModel,
} from './support';

export const aliasCases: RegistryContractCase[] = [
  withModel('aliases: set, move, resolve and delete', 'aliased', 2, async (store, name, ctx) => {
    const before = await store.getRegisteredModel(name);
    await tick();
    await store.setRegisteredModelAlias(name, 'champion', '1');
    await store.setRegisteredModelAlias(name, 'b-side', 1);
    await store.setRegisteredModelAlias(name, 'a_team', '2');
    await store.setRegisteredModelAlias(name, 'v1x', '2');
    const model = await store.getRegisteredModel(name);
    eq(
      model.aliases,
      [
        { alias: 'a_team', version: '2' },
        { alias: 'b-side', version: '1' },
        { alias: 'champion', version: '1' },
        { alias: 'v1x', version: '2' },
      ],
      'sorted by alias',
    );
    eq(model.last_updated_timestamp, before.last_updated_timestamp, 'aliases do not touch it');
    eq((await store.getModelVersion(name, '1')).aliases, ['b-side', 'champion'], 'on version 1');
    await store.setRegisteredModelAlias(name, 'champion', '2');
    eq((await store.getModelVersion(name, '1')).aliases, ['b-side'], 'moved away from 1');
    const champion = await store.getModelVersionByAlias(name, 'champion');
    eq([champion.version, champion.aliases], ['2', ['a_team', 'champion', 'v1x']], 'resolved');
    await store.deleteRegisteredModelAlias(name, 'champion');
    await store.deleteRegisteredModelAlias(name, 'never-set');
    await rejects(
      store.getModelVersionByAlias(name, 'champion'),
      'INVALID_PARAMETER_VALUE',
      'a missing alias is an invalid parameter in MLflow',
    );
    eq(
      (await store.getRegisteredModel(name)).aliases.map((a) => a.alias),
      ['a_team', 'b-side', 'v1x'],
      'deleted',
    );
    await rejects(
      store.getModelVersionByAlias(name, 'v1'),
      'INVALID_PARAMETER_VALUE',
      'v<digits> is not resolved by the store',
    );
    await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
      ['missing model', () => store.getModelVersionByAlias(ctx.unique('missing'), 'x')],
      [
        'delete on a missing model',
        () => store.deleteRegisteredModelAlias(ctx.unique('missing'), 'x'),
      ],
    ]);
  }),
  withModel(
    'alias names: [\\w-] only, at most 255, not latest or v<digits>; the version must exist',
    'alias-names',
    1,
    async (store, name, ctx) => {
      for (const bad of [
        '',
        'a b',
        'a.b',
        'a/b',
        'latest',
        'LATEST',
        'v3',
        'V12',
        'x'.repeat(256),
      ]) {
        await rejects(
          store.setRegisteredModelAlias(name, bad, '1'),
          'INVALID_PARAMETER_VALUE',
          `alias ${JSON.stringify(bad.slice(0, 20))}`,
        );
      }
      await store.setRegisteredModelAlias(name, 'x'.repeat(255), '1');
      await store.setRegisteredModelAlias(name, 'ünïcode_ok-1', '1');
      await rejectsEach('RESOURCE_DOES_NOT_EXIST', [
        ['a missing version', () => store.setRegisteredModelAlias(name, 'ok', '9')],
        ['a missing model', () => store.setRegisteredModelAlias(ctx.unique('missing'), 'ok', '1')],
      ]);
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        ['version abc', () => store.setRegisteredModelAlias(name, 'ok', 'abc')],
        ['delete an invalid alias', () => store.deleteRegisteredModelAlias(name, 'a b')],
        ['get an invalid alias', () => store.getModelVersionByAlias(name, 'a b')],
      ]);
    },
  ),
  withModel(
    'deleting a version deletes the aliases that point at it',
    'alias-delete',
    3,
    async (store, name) => {
      await store.setRegisteredModelAlias(name, 'old', '2');
      await store.setRegisteredModelAlias(name, 'new', '3');
      const before = await store.getRegisteredModel(name);
      await tick();
      await store.deleteModelVersion(name, '2');
      const after = await store.getRegisteredModel(name);
      eq(after.aliases, [{ alias: 'new', version: '3' }], 'the alias of version 2 is gone');
      ok(after.last_updated_timestamp > before.last_updated_timestamp, 'a delete updates it');
      await rejects(store.getModelVersionByAlias(name, 'old'), 'INVALID_PARAMETER_VALUE', 'old');
      eq((await store.getModelVersionByAlias(name, 'new')).version, '3', 'the other stays');
      eq(
        (await store.searchModelVersions({ filterString: `name = '${name}'` })).items.map(
          (v) => v.version,
        ),
        ['3', '1'],
        'search skips the deleted version',
      );
    },
  ),
];
