// A run that learned nothing (issue 15, defect 5b): a learning rate of 10 on breast cancer ends
// FINISHED with a model no better than always predicting the majority class. The Train outcome,
// the run page's header and the runs table each say so, with what to try.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';

const OUT = 'test-results/screenshots';

async function train(page: Page, learningRate: number) {
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: /^breast-cancer/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'breast-cancer' })).toBeVisible();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Learning rate', { exact: true }).fill(String(learningRate));
  await page.getByLabel('Epochs', { exact: true }).fill('15');
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /^\s*Finished after/ })).toBeVisible({
    timeout: 60_000,
  });
}

test('a learning rate of 10 finishes with a warning on the Train screen, run page and runs table', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await train(page, 10);
  const warning = page.getByRole('note', { name: 'This model is no better than its baseline' });
  await expect(warning).toContainText(
    /no better than always predicting the majority class \(\w+\): its validation accuracy never rose above the baseline's [\d.]+ in \d+ epochs/,
  );
  await expect(warning).toContainText('Try a lower learning rate (now 10');
  await warning.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/baseline-warning-train.png`, fullPage: true });
  const tag = await page.evaluate(async () => {
    const [run] = (await window.tracklab!.client.searchRuns({ experimentIds: ['0'] })).items;
    return {
      status: run.info.status,
      warning: run.data.tags?.find((t) => t.key === 'tracklab.warning')?.value,
    };
  });
  expect(tag.status).toBe('FINISHED');
  expect(tag.warning).toBe((await warning.locator('p').textContent())?.trim());

  await page.getByRole('link', { name: 'Open the run' }).click();
  const header = page.getByRole('note', { name: 'This model is no better than its baseline' });
  await expect(header).toContainText('Try a lower learning rate (now 10');
  await page.screenshot({ path: `${OUT}/baseline-warning-run-page.png` });

  await page.getByRole('link', { name: 'Default' }).first().click();
  const row = page.getByRole('row').filter({ hasText: 'FINISHED' });
  await expect(row.getByText('no better than baseline')).toBeVisible();
  await expect(row.getByTitle(/^The model is no better than/)).toBeVisible();
  await page.screenshot({ path: `${OUT}/baseline-warning-runs-table.png` });
});

test('a model that beats the baseline gets no warning', async ({ page }) => {
  await train(page, 0.01);
  await expect(page.getByText(/the model beats the baseline/)).toBeVisible();
  await expect(page.getByRole('note', { name: /no better than its baseline/ })).toHaveCount(0);
});
