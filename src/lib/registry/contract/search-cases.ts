/** Contract cases for search_registered_models and search_model_versions. */
import type { RegistryStore } from '../store';
import {
  eq,
  namesOf,
  rejects,
  rejectsEach,
  runId,
  tick,
  versionsOf,
  type RegistryContractCase,
} from './support';

async function modelNames(store: RegistryStore, filterString: string, orderBy?: string[]) {
  return namesOf((await store.searchRegisteredModels({ filterString, orderBy })).items);
}

export const searchCases: RegistryContractCase[] = [
  {
    name: 'search registered models: name and tag filters',
    async run(store, ctx) {
      const p = ctx.unique('srch');
      const [alpha, beta, gamma] = [`${p}-alpha`, `${p}-beta`, `${p}-Gamma`];
      await store.createRegisteredModel(alpha, [
        { key: 'team', value: 'cv' },
        { key: 'tier', value: 'gold' },
      ]);
      await store.createRegisteredModel(beta, [{ key: 'team', value: 'nlp' }]);
      await store.createRegisteredModel(gamma);
      const mine = `name LIKE '${p}-%'`;
      eq(await modelNames(store, mine), [gamma, alpha, beta], 'LIKE, ordered by name (binary)');
      eq(await modelNames(store, `name = '${beta}'`), [beta], '=');
      eq(await modelNames(store, `name = "${beta}"`), [beta], 'double quotes');
      eq(await modelNames(store, `${mine} AND name != '${beta}'`), [gamma, alpha], '!=');
      eq(await modelNames(store, `name LIKE '${p}-g%'`), [], 'LIKE is case-sensitive');
      eq(await modelNames(store, `name ILIKE '${p}-g%'`), [gamma], 'ILIKE is not');
      eq(await modelNames(store, `name LIKE '${p}-_eta'`), [beta], '_ matches one character');
      eq(await modelNames(store, `name IN ('${alpha}', '${beta}')`), [alpha, beta], 'IN');
      eq(
        await modelNames(store, `${mine} and name NOT IN ('${alpha}')`),
        [gamma, beta],
        'NOT IN, lower-case and',
      );
      eq(await modelNames(store, `${mine} AND tags.team = 'cv'`), [alpha], 'tag =');
      eq(
        await modelNames(store, `${mine} AND tags.team != 'cv'`),
        [beta],
        'tag != skips models without the tag',
      );
      eq(await modelNames(store, `${mine} AND tag.team LIKE '%l%'`), [beta], 'tag LIKE');
      eq(await modelNames(store, `${mine} AND tags.\`tier\` ILIKE 'GOLD'`), [alpha], 'backticks');
      eq(
        await modelNames(store, `${mine} AND tags.team = 'cv' AND tags.tier = 'gold'`),
        [alpha],
        'two tags',
      );
      for (const [filter, what] of [
        [`name = '${alpha}' OR name = '${beta}'`, 'OR'],
        ['creation_timestamp > 1', 'an attribute models cannot filter on'],
        ["name > 'a'", 'a numeric comparator on name'],
        ['name = alpha', 'an unquoted value'],
        ["tags.team > 'a'", 'a numeric comparator on a tag'],
        ["tags.team IN ('cv')", 'IN on a tag'],
        ["foo.x = 'a'", 'an unknown entity'],
        ["run_id = 'x'", 'a version attribute'],
      ]) {
        await rejects(
          store.searchRegisteredModels({ filterString: filter }),
          'INVALID_PARAMETER_VALUE',
          what,
        );
      }
    },
  },
  {
    name: 'search registered models: order_by, its errors, and pages',
    async run(store, ctx) {
      const p = ctx.unique('order');
      const [a, b, c] = [`${p}-a`, `${p}-b`, `${p}-c`];
      await store.createRegisteredModel(c);
      await tick();
      await store.createRegisteredModel(a);
      await tick();
      await store.createRegisteredModel(b);
      await tick();
      await store.updateRegisteredModel(a, 'touched last');
      const mine = `name LIKE '${p}-%'`;
      eq(await modelNames(store, mine), [a, b, c], 'default: name ASC');
      eq(await modelNames(store, mine, ['name DESC']), [c, b, a], 'name DESC');
      eq(
        await modelNames(store, mine, ['timestamp DESC']),
        [a, b, c],
        'timestamp is the last update time',
      );
      eq(
        await modelNames(store, mine, ['last_updated_timestamp ASC']),
        [c, b, a],
        'last_updated_timestamp',
      );
      eq(await modelNames(store, mine, ['name asc']), [a, b, c], 'lower-case direction');
      for (const [orderBy, what] of [
        [['creation_timestamp'], 'creation_timestamp is not offered by the SQL store'],
        [['name up'], 'an unknown direction'],
        [['name ASC DESC'], 'two directions'],
        [['tags.team'], 'a tag'],
      ] as [string[], string][]) {
        await rejects(
          store.searchRegisteredModels({ filterString: mine, orderBy }),
          'INVALID_PARAMETER_VALUE',
          what,
        );
      }
      await rejects(
        store.searchRegisteredModels({ orderBy: ['timestamp', 'last_updated_timestamp'] }),
        'INTERNAL_ERROR',
        'the same field twice (MLflow raises it without a code)',
      );
      const first = await store.searchRegisteredModels({ filterString: mine, maxResults: 2 });
      eq(namesOf(first.items), [a, b], 'first page');
      const second = await store.searchRegisteredModels({
        filterString: mine,
        maxResults: 2,
        pageToken: first.next_page_token,
      });
      eq([namesOf(second.items), second.next_page_token], [[c], undefined], 'last page');
      const exact = await store.searchRegisteredModels({ filterString: mine, maxResults: 3 });
      eq(exact.next_page_token, undefined, 'no token when the page holds the rest');
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        ['max_results over 1000', () => store.searchRegisteredModels({ maxResults: 1001 })],
        ['a bad page token', () => store.searchRegisteredModels({ pageToken: 'garbage' })],
      ]);
    },
  },
  {
    name: 'search model versions: filters, default order, order_by and pages',
    async run(store, ctx) {
      const p = ctx.unique('mv');
      const [x, y] = [`${p}-x`, `${p}-y`];
      const [r1, r2] = [runId(), runId()];
      await store.createRegisteredModel(x);
      await store.createRegisteredModel(y);
      for (const [name, run, n] of [
        [x, r1, 1],
        [x, r1, 2],
        [x, r2, 3],
        [y, r2, 1],
      ] as const) {
        await store.createModelVersion({
          name,
          source: `s3://bucket/${p}/${name}/${n}`,
          runId: run,
        });
        await tick();
      }
      await store.setModelVersionTag(x, '2', { key: 'stage', value: 'candidate' });
      await store.setRegisteredModelAlias(x, 'champion', '1');
      const find = async (filterString: string, orderBy?: string[], maxResults?: number) =>
        (await store.searchModelVersions({ filterString, orderBy, maxResults })).items.map(
          (v) => `${v.name === x ? 'x' : 'y'}${v.version}`,
        );
      const both = `name IN ('${x}', '${y}')`;
      eq(await find(`name = '${x}'`), ['x3', 'x2', 'x1'], 'default: last updated first');
      await store.updateModelVersion(x, '1', 'touched');
      eq(await find(`name = '${x}'`), ['x1', 'x3', 'x2'], 'an update moves a version up');
      eq(
        await find(both, ['name ASC', 'version_number ASC']),
        ['x1', 'x2', 'x3', 'y1'],
        'name then version',
      );
      eq(await find(both, ['creation_timestamp DESC']), ['y1', 'x3', 'x2', 'x1'], 'creation');
      eq(
        await find(`${both} AND version_number > 1`, ['name']),
        ['x3', 'x2'],
        'numeric, tie on version DESC',
      );
      eq(await find(`${both} AND version_number = '2'`), ['x2'], 'a quoted number');
      eq(await find(`${both} AND run_id = '${r1}'`, ['version_number']), ['x1', 'x2'], 'run_id');
      eq(
        await find(`run_id IN ('${r2}', '${runId()}')`, ['name', 'version_number']),
        ['x3', 'y1'],
        'run_id IN',
      );
      eq(await find(`${both} AND run_id NOT IN ('${r1}')`, ['name']), ['x3', 'y1'], 'NOT IN');
      eq(
        await find(`source_path LIKE 's3://bucket/${p}/${x}/%'`, ['version_number']),
        ['x1', 'x2', 'x3'],
        'source_path LIKE',
      );
      eq(await find(`source_path = 's3://bucket/${p}/${y}/1'`), ['y1'], 'source_path =');
      eq(await find(`${both} AND tags.stage = 'candidate'`), ['x2'], 'tags');
      eq(await find(`${both} AND tags.stage != 'x'`), ['x2'], 'tag != needs the tag');
      const found = await store.searchModelVersions({ filterString: `name = '${x}'` });
      eq(
        found.items.map((v) => v.aliases),
        [[], [], []],
        'versions found by search come without aliases',
      );
      const page1 = await store.searchModelVersions({ filterString: both, maxResults: 3 });
      const page2 = await store.searchModelVersions({
        filterString: both,
        maxResults: 3,
        pageToken: page1.next_page_token,
      });
      eq(
        [page1.items.length, page2.items.length, page2.next_page_token],
        [3, 1, undefined],
        'pages',
      );
      for (const [filter, what] of [
        ["current_stage = 'None'", 'current_stage is not searchable'],
        ['version_number = 2.0', 'a float version'],
        ["version_number = 'two'", 'a version that is not a number'],
        ["version_number LIKE '2'", 'LIKE on a number'],
        [`source_path IN ('s3://bucket/x')`, 'IN on source_path'],
        ['name = 5', 'a number for a string attribute'],
        [`name = '${x}' OR name = '${y}'`, 'OR'],
      ]) {
        await rejects(
          store.searchModelVersions({ filterString: filter }),
          'INVALID_PARAMETER_VALUE',
          what,
        );
      }
      for (const [orderBy, what] of [
        [['run_id'], 'run_id is not orderable'],
        [['tags.stage'], 'tags are not orderable'],
        [['timestamp'], 'timestamp is a models-only key'],
      ] as [string[], string][]) {
        await rejects(
          store.searchModelVersions({ filterString: both, orderBy }),
          'INVALID_PARAMETER_VALUE',
          what,
        );
      }
      await rejects(
        store.searchModelVersions({ filterString: both, orderBy: ['name', 'name DESC'] }),
        'INTERNAL_ERROR',
        'the same field twice',
      );
      await rejectsEach('INVALID_PARAMETER_VALUE', [
        ['max_results 0', () => store.searchModelVersions({ maxResults: 0 })],
        ['max_results over 200000', () => store.searchModelVersions({ maxResults: 200_001 })],
      ]);
      eq(
        versionsOf((await store.searchModelVersions({ filterString: `name = '${y}'` })).items),
        ['1'],
        'y',
      );
    },
  },
];
