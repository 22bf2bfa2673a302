// Full-page screenshots of the screens with realistic data, for a person to look at:
// test-results/screenshots/*.png. Not an assertion of pixels, so it never fails on a style change.
import { expect, test } from '@playwright/test';
import { openApp, seedExperiment, type SeedRun } from './seed';
import { seedRealisticRun } from './seed-run';

const OUT = 'test-results/screenshots';

/** ~25 runs: a grid over lr × optimizer × batch size, a tuning study with trials, one failure. */
function realisticRuns(): SeedRun[] {
  const runs: SeedRun[] = [];
  const optimizers = ['adam', 'sgd', 'rmsprop'];
  const rates = [0.1, 0.03, 0.01, 0.003, 0.001, 0.0003];
  let n = 0;
  for (const lr of rates) {
    for (const optimizer of optimizers) {
      if (runs.length >= 18) break;
      n++;
      const quality =
        0.97 - Math.abs(Math.log10(lr) + 2.5) * 0.06 - (optimizer === 'sgd' ? 0.05 : 0);
      const accuracy = Number((quality - (n % 4) * 0.007).toFixed(4));
      runs.push({
        name: `${optimizer}-lr${lr}`,
        metrics: { accuracy, loss: Number((1.1 - accuracy).toFixed(4)), epochs: 20 + (n % 3) * 10 },
        params: { lr, optimizer, batch_size: [32, 64, 128][n % 3] },
        durationSec: 35 + n * 7,
      });
    }
  }
  runs[4] = { ...runs[4], status: 'FAILED', metrics: { loss: 2.31 }, durationSec: 12 };
  const study = runs.push({ name: 'tpe-study', params: { sampler: 'tpe', trials: '5' } }) - 1;
  for (let t = 1; t <= 5; t++) {
    const accuracy = 0.86 + t * 0.018;
    runs.push({
      name: `trial-${t}`,
      parent: study,
      metrics: { accuracy, loss: Number((1.1 - accuracy).toFixed(4)) },
      params: { lr: (0.02 / t).toFixed(4), optimizer: 'adam', batch_size: 64 },
      durationSec: 50 + t * 9,
    });
  }
  runs.push({
    name: 'adam-lr0.002-long',
    metrics: { accuracy: 0.912, loss: 0.241 },
    params: { lr: 0.002, optimizer: 'adam', batch_size: 256 },
    status: 'RUNNING',
  });
  return runs;
}

test('screenshots of the Experiments and Runs pages', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const id = await seedExperiment(page, 'iris-classifier', realisticRuns());
  await seedExperiment(page, 'mnist-cnn', realisticRuns().slice(0, 7));
  await page.evaluate(() => window.tracklab!.client.createExperiment('housing-regression'));
  await expect(page.getByRole('cell', { name: 'housing-regression', exact: true })).toBeVisible();
  await page.screenshot({ path: `${OUT}/experiments.png`, fullPage: true });

  await page.goto(`/#/experiments/${id}`);
  await expect(page.getByText('25 runs', { exact: true })).toBeVisible();
  await page.getByText(/^Columns/).click();
  for (const key of ['accuracy', 'loss']) {
    await page.getByRole('group', { name: 'Metrics' }).getByRole('checkbox', { name: key }).check();
  }
  for (const key of ['lr', 'optimizer', 'batch_size']) {
    await page.getByRole('group', { name: 'Params' }).getByRole('checkbox', { name: key }).check();
  }
  await page.screenshot({ path: `${OUT}/column-picker.png` });
  await page.getByText(/^Columns/).click();
  await page.getByRole('columnheader', { name: 'accuracy' }).getByRole('button').click();
  await page.getByRole('columnheader', { name: 'accuracy' }).getByRole('button').click();
  await page.screenshot({ path: `${OUT}/runs.png`, fullPage: true });

  await page.getByLabel('Filter runs').fill("metrics.accuracy > 0.9 and params.optimizer = 'adam'");
  await page.getByLabel('Filter runs').press('Enter');
  await expect(page.getByText(/of 25 runs match/)).toBeVisible();
  await page.screenshot({ path: `${OUT}/runs-filtered.png`, fullPage: true });

  await page.getByLabel('Filter runs').fill("metrics.accuracy > 0.9 and prams.lr = '0.01'");
  await page.getByLabel('Filter runs').press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();
  await page.screenshot({ path: `${OUT}/runs-filter-error.png`, fullPage: true });

  await page.getByLabel('Filter runs').fill('');
  await page.getByLabel('Filter runs').pressSequentially('params.optimizer = ');
  await expect(page.getByRole('listbox', { name: 'Suggestions' })).toBeVisible();
  await page.screenshot({ path: `${OUT}/runs-autocomplete.png` });
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 800, height: 900 });
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.screenshot({ path: `${OUT}/runs-800px.png`, fullPage: true });
  await page.goto('/');
  await expect(page.getByRole('cell', { name: 'mnist-cnn', exact: true })).toBeVisible();
  await page.screenshot({ path: `${OUT}/experiments-800px.png`, fullPage: true });

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('checkbox', { name: 'Show runs of iris-classifier together' }).check();
  await page.getByRole('checkbox', { name: 'Show runs of mnist-cnn together' }).check();
  await page.screenshot({ path: `${OUT}/experiments-picked.png`, fullPage: true });
  await page.getByRole('link', { name: 'Show runs of 2 experiments' }).click();
  await expect(page.getByText('32 runs', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page
    .getByRole('checkbox', { name: 'Select trial-1 to compare' })
    .waitFor({ state: 'detached' });
  await page.getByRole('treegrid').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.screenshot({ path: `${OUT}/runs-two-experiments.png`, fullPage: true });
});

test('screenshots of the Run page', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const { experimentId } = await seedRealisticRun(page);
  await page.goto(`/#/experiments/${experimentId}`);
  await page.getByRole('link', { name: 'mlp-adam-lr0.01' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'mlp-adam-lr0.01' })).toBeVisible();
  await expect(page.locator('.preview pre')).toContainText('layers-model');
  await page.screenshot({ path: `${OUT}/run.png`, fullPage: true });

  const files = page.getByRole('navigation', { name: 'Artifact files' });
  await files.getByRole('button', { name: 'predictions', exact: true }).click();
  await files.getByRole('button', { name: /test\.csv/ }).click();
  await expect(page.getByRole('table', { name: 'Preview of test.csv' })).toBeVisible();
  await page.getByRole('region', { name: 'Artifacts' }).screenshot({
    path: `${OUT}/run-artifacts-csv.png`,
  });
  await files.getByRole('button', { name: 'plots', exact: true }).click();
  await files.getByRole('button', { name: /loss\.png/ }).click();
  await expect(page.getByRole('img', { name: 'Artifact plots/loss.png' })).toBeVisible();
  await page.getByRole('region', { name: 'Artifacts' }).screenshot({
    path: `${OUT}/run-artifacts-image.png`,
  });

  await page.setViewportSize({ width: 390, height: 844 });
  await page
    .getByRole('region', { name: 'Notes' })
    .getByRole('button', { name: 'Edit note' })
    .click();
  await page.screenshot({ path: `${OUT}/run-390px.png`, fullPage: true });
});

test('screenshots of the Models pages and the Run page registry panel', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const { experimentId, runId } = await seedRealisticRun(page);
  await page.evaluate(async (runId) => {
    const { client, registry } = window.tracklab!;
    const source = `${(await client.getRun(runId)).info.artifact_uri}/model`;
    await registry.createRegisteredModel('iris-classifier', [], 'MLP on the iris measurements.');
    for (let i = 0; i < 3; i++)
      await registry.createModelVersion({ name: 'iris-classifier', source, runId });
    await registry.transitionModelVersionStage('iris-classifier', 2, 'Production', false);
    await registry.transitionModelVersionStage('iris-classifier', 3, 'Staging', false);
    await registry.setRegisteredModelAlias('iris-classifier', 'champion', 2);
    await registry.setRegisteredModelAlias('iris-classifier', 'challenger', 3);
    await registry.createRegisteredModel('penguins-softmax');
  }, runId);
  await page.goto('/#/models');
  await expect(page.getByRole('link', { name: 'penguins-softmax' })).toBeVisible();
  await page.screenshot({ path: `${OUT}/models.png`, fullPage: true });
  await page.getByRole('link', { name: 'iris-classifier' }).click();
  await expect(page.getByLabel('Stage of version 2')).toHaveValue('Production');
  await page.screenshot({ path: `${OUT}/model.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${OUT}/model-390px.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  const panel = page.getByRole('region', { name: 'Model registry' });
  await expect(panel.getByRole('listitem')).toHaveCount(3);
  await panel.screenshot({ path: `${OUT}/run-registry.png` });
});
