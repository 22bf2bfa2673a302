// Reading a trained run's metrics as a person does: each metric says what it is and on which
// scale (a regression's loss is on the standardised target, its RMSE in the target's units), and
// the run says how the model compares with predicting the training mean or the majority class.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';

async function trainAndOpen(page: Page, dataset: string, epochs: number) {
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: new RegExp(`^${dataset}`) }).click();
  await expect(page.getByRole('heading', { level: 2, name: dataset })).toBeVisible();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByRole('button', { name: /^Start training/ }).click();
  const done = page.getByRole('status').filter({ hasText: /^Finished after/ });
  await expect(done).toBeVisible({ timeout: 45_000 });
  await done.getByRole('link', { name: 'Open the run' }).click();
  await page.waitForURL(/\/runs\/[0-9a-f]{32}$/);
  return page.getByRole('table', { name: 'Metrics', exact: true });
}

test('a regression run says which scale each metric is on and how it compares with the mean', async ({
  page,
}) => {
  const metrics = await trainAndOpen(page, 'auto-mpg', 6);
  const header = (key: string) => metrics.getByRole('rowheader', { name: key, exact: true });
  await expect(header('loss')).toHaveAccessibleDescription(
    'Training MSE, on the standardised target (z-scored with the training mean and std)',
  );
  await expect(header('val_loss')).toHaveAccessibleDescription(
    /^Validation MSE, on the standardised/,
  );
  await expect(header('val_rmse')).toHaveAccessibleDescription(
    'Validation RMSE, in the target’s units',
  );
  await expect(header('test_r2')).toHaveAccessibleDescription(/^Test R², no unit/);
  for (const key of ['val_r2', 'test_rmse_baseline', 'val_rmse_baseline', 'test_mae_baseline'])
    await expect(header(key)).toBeVisible();
  const note = page.getByRole('note', { name: 'Against the baseline:' });
  await expect(note).toHaveText(
    /Test RMSE [\d.]+ vs [\d.]+ for predicting the training mean: the model (beats|barely beats|does not beat) the baseline/,
  );
  // The sentence's baseline is the logged test_rmse_baseline.
  const baseline = await metrics
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'test_rmse_baseline', exact: true }) })
    .getByRole('cell')
    .first()
    .textContent();
  await expect(note).toContainText(`vs ${Number(Number(baseline).toPrecision(3))} for`);
  await page
    .getByRole('region', { name: /^Metrics/ })
    .screenshot({ path: test.info().outputPath('regression-metrics.png') });
});

test('a classification run shows the majority-class baseline and names the class', async ({
  page,
}) => {
  const metrics = await trainAndOpen(page, 'breast-cancer', 3);
  const header = (key: string) => metrics.getByRole('rowheader', { name: key, exact: true });
  await expect(header('loss')).toHaveAccessibleDescription(
    /^Training binary cross-entropy, in nats/,
  );
  await expect(header('test_accuracy_baseline')).toHaveAccessibleDescription(
    /^Test accuracy of predicting the most frequent class, share of rows/,
  );
  await expect(header('test_log_loss_baseline')).toBeVisible();
  await expect(page.getByRole('note', { name: 'Against the baseline:' })).toContainText(
    /Test accuracy [\d.]+ vs [\d.]+ for always predicting the most frequent training class \((benign|malignant)\): the model/,
  );
  await page
    .getByRole('region', { name: /^Metrics/ })
    .screenshot({ path: test.info().outputPath('classification-metrics.png') });
});
