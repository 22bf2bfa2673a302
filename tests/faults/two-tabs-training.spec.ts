// Two tabs training at once (issue 15): both runs finish with their own complete histories, both
// register under one model name, and the versions are numbered 1 and 2 without a clash.
import { expect, test, type Page } from '@playwright/test';
import { drop } from '../e2e/drop';
import { binaryCsv } from './kill/workloads';
import { twoTabs } from './tabs';

/** On the Data page already: drop the data, fill the form, start. */
async function startTraining(page: Page, runName: string) {
  await drop(page, 'both.csv', binaryCsv(300));
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Run name').fill(runName);
  await page.getByLabel('Register the model as').fill('shared-model');
  await page.getByLabel('Epochs', { exact: true }).fill('15');
  await page.getByRole('button', { name: /^Start training/ }).click();
}

test('two tabs train and register under one name at once', async ({ page }) => {
  test.setTimeout(150_000);
  const [a, b] = await twoTabs(page, '/#/data');
  await Promise.all([startTraining(a, 'from-a'), startTraining(b, 'from-b')]);
  for (const tab of [a, b])
    await expect(tab.getByRole('status').filter({ hasText: /^Finished/ })).toBeVisible({
      timeout: 120_000,
    });

  const stored = await a.evaluate(async () => {
    const { client, registry } = window.tracklab!;
    const runs = await client.searchRuns({
      experimentIds: ['0'],
      orderBy: ['attributes.run_name'],
    });
    const out = [];
    for (const r of runs.items) {
      const history = await client.getMetricHistory(r.info.run_id, 'loss');
      out.push({ name: r.info.run_name, status: r.info.status, epochs: history.length });
    }
    const versions = await registry.searchModelVersions({ filterString: "name = 'shared-model'" });
    const byRun = Object.fromEntries(
      runs.items.map((r) => [r.info.run_id, r.info.run_name] as const),
    );
    return {
      runs: out,
      versions: versions.items.map((v) => `${v.version}:${byRun[v.run_id!]}`).sort(),
    };
  });
  expect(stored.runs).toEqual([
    { name: 'from-a', status: 'FINISHED', epochs: 15 },
    { name: 'from-b', status: 'FINISHED', epochs: 15 },
  ]);
  expect(stored.versions.map((v) => v.split(':')[0])).toEqual(['1', '2']);
  expect(stored.versions.map((v) => v.split(':')[1]).sort()).toEqual(['from-a', 'from-b']);
});
