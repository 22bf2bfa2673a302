// Old databases (issue 15): a database built by hand in every earlier schema version, as an older
// release left it, opens in the current build with all its data intact and shown — in Chromium's
// real IndexedDB, not only under fake-indexeddb.
import { expect, test } from '@playwright/test';
import { buildDatabases } from './old-db/build';
import { DATASETS_V1, RUN_ID, TRACKING } from './old-db/fixtures';
import { openApp } from './app';

for (const version of [1, 2, 3])
  test(`a schema v${version} database opens with everything in it`, async ({ page }) => {
    // Same origin, but no app yet: a missing file is served as plain text.
    await page.goto('/old-database-fixture');
    await buildDatabases(page, [TRACKING[version], DATASETS_V1]);

    await openApp(page, '/#/experiments');
    await page.getByRole('link', { name: 'Iris before the upgrade' }).click();
    await page.getByRole('link', { name: 'kept-across-upgrades' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: /kept-across-upgrades/ }),
    ).toBeVisible();
    await expect(page.getByText('Baseline before the upgrade.')).toBeVisible();

    const stored = await page.evaluate(async (runId) => {
      const { client, datasets, registry } = window.tracklab!;
      const run = await client.getRun(runId);
      const history = await client.getMetricHistory(runId, 'accuracy');
      const notes = new TextDecoder().decode(await client.downloadArtifact(runId, 'notes.txt'));
      const dataset = new TextDecoder().decode(await datasets.bytes('ab'.repeat(32)));
      const models = await registry.searchRegisteredModels({});
      // The upgraded store takes new writes too.
      await client.logMetric(runId, 'accuracy', 0.95, { step: 3 });
      const after = await client.getMetricHistory(runId, 'accuracy');
      return {
        params: run.data.params,
        history: history.map((m) => [m.step, m.value]),
        notes,
        dataset,
        models: models.items.map((m) => [m.name, m.aliases.map((a) => `${a.alias}=${a.version}`)]),
        after: after.length,
      };
    }, RUN_ID);
    expect(stored.params).toEqual([{ key: 'learning_rate', value: '0.01' }]);
    expect(stored.history).toEqual([
      [0, 0.5],
      [1, 0.7],
      [2, 0.9],
    ]);
    expect(stored.notes).toBe('written by v1.0.0');
    expect(stored.dataset).toContain('5.1,setosa');
    expect(stored.after).toBe(4);
    expect(stored.models).toEqual(version >= 3 ? [['iris-classifier', ['champion=1']]] : []);

    await page.goto('/#/data');
    await expect(page.getByText('old-iris')).toBeVisible();
    if (version >= 3) {
      await page.goto('/#/models');
      await expect(page.getByRole('link', { name: 'iris-classifier' })).toBeVisible();
    }
  });
