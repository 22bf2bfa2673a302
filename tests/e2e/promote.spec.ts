// Promote best, as a person does it: rank the runs of two experiments by a metric (the order
// searchRuns gives), the best run with a model chosen, register it in Production as @champion
// (the version there archived), read it on the model page with its history, and undo it there.
import { expect, test } from '@playwright/test';
import { openApp } from './seed';

test('promote the best run across two experiments, see it in the history, undo it', async ({
  page,
}) => {
  await openApp(page, '/#/settings');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.evaluate(async () => {
    const { client, registry } = window.tracklab!;
    const model = new TextEncoder().encode('flavors: {}\n');
    const run = async (exp: string, name: string, auc: number, withModel = true) => {
      const id = (await client.createRun(exp, { runName: name })).info.run_id;
      await client.logMetric(id, 'val_auc', auc);
      if (withModel) await client.logArtifact(id, 'model/MLmodel', model);
      return id;
    };
    const a = await client.createExperiment('baselines');
    const b = await client.createExperiment('tuned');
    const old = await run(a, 'old <b>best</b>', 0.81);
    await run(a, 'plain', 0.78);
    await run(b, 'no model', 0.95, false);
    await run(b, 'tuned best', 0.91);
    // What is in Production now: the old run's model.
    await registry.createRegisteredModel('churn');
    const v = await registry.createModelVersion({
      name: 'churn',
      source: `${(await client.getRun(old)).info.artifact_uri}/model`,
      runId: old,
    });
    await registry.transitionModelVersionStage('churn', v.version, 'Production', false);
  });

  await page.goto('/#/models');
  await page.getByRole('link', { name: 'Promote the best run' }).click();
  await page.getByRole('checkbox', { name: 'baselines' }).check();
  await page.getByRole('checkbox', { name: 'tuned' }).check();
  await page.getByLabel('Metric').selectOption('val_auc');
  await page.getByRole('button', { name: 'Rank runs' }).click();
  const ranking = page.getByRole('table', { name: 'Ranking' });
  const rows = ranking.getByRole('row');
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(1)).toContainText('no model');
  await expect(rows.nth(1)).toContainText('none logged');
  await expect(rows.nth(2)).toContainText('tuned best');
  await expect(rows.nth(3)).toContainText('old <b>best</b>'); // a name is text, never HTML
  // The best run with a model is chosen; the one without cannot be.
  await expect(page.getByRole('radio', { name: 'Choose tuned best' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Choose no model' })).toBeDisabled();

  // A filter narrows it, as searchRuns's filter_string does; a bad one says what is wrong.
  await page.getByLabel('Filter (optional, MLflow search syntax)').fill('metrics.val_auc <');
  await page.getByRole('button', { name: 'Rank runs' }).click();
  await expect(page.getByRole('alert')).toContainText("Expected a value after '<'");
  await page.getByLabel('Filter (optional, MLflow search syntax)').fill('metrics.val_auc < 0.9');
  await page.getByRole('button', { name: 'Rank runs' }).click();
  await expect(rows).toHaveCount(3);
  await page.getByLabel('Filter (optional, MLflow search syntax)').fill('');
  await page.getByRole('button', { name: 'Rank runs' }).click();
  await expect(rows).toHaveCount(5);

  await page.getByLabel('Register as').fill('churn');
  await page.screenshot({ path: 'test-results/e2e/promote.png', fullPage: true });
  await page.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(
    /Version 2 of churn registered, in Production and named @champion\./,
  );

  await page.getByRole('link', { name: 'Open the model' }).click();
  const history = page.getByRole('table', { name: 'History' });
  const entries = history.getByRole('row');
  await expect(entries.nth(1)).toContainText('Promote best:');
  await expect(entries.nth(1)).toContainText('Version 2 registered');
  await expect(entries.nth(1)).toContainText(
    'Version 2: None → Production; version 1 archived (was Production)',
  );
  await expect(entries.nth(1)).toContainText('@champion → version 2');
  await expect(entries.nth(1)).toContainText('Ada Lovelace');
  await expect(page.getByRole('table', { name: /versions/i })).toContainText('Archived');

  await entries.nth(1).getByRole('button', { name: /^Undo/ }).click();
  await expect(page.getByRole('status')).toContainText('Undone:');
  await expect(entries.nth(1)).toContainText('Undo:');
  await expect(entries.nth(2)).toContainText('(undone)');
  await expect(entries.nth(2).getByRole('button', { name: /^Undo/ })).toHaveCount(0);
  // Version 2 is gone and version 1 is back in Production; no alias is left.
  const versions = await page.evaluate(async () =>
    (
      await window.tracklab!.registry.searchModelVersions({ filterString: "name = 'churn'" })
    ).items.map((v) => `${v.version}:${v.current_stage}:${v.aliases.join(',')}`),
  );
  expect(versions).toEqual(['1:Production:']);
  await page.screenshot({ path: 'test-results/e2e/model-history.png', fullPage: true });
});
