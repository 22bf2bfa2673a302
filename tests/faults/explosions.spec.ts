// NaN and explosions (issue 15): inputs so large (unstandardised, ~1e30) that the first loss
// overflows float32 (an infinite gradient) end the run FAILED with what to try, the app stays
// usable, and the next training on sane data finishes. (A NaN from a learning rate of 10 is in tests/e2e/train.spec.ts.)
import { expect, test } from '@playwright/test';
import { drop } from '../e2e/drop';
import { openApp } from './app';

function hugeInputsCsv(rows: number, scale: number): string {
  const lines = ['x1,x2,y'];
  for (let i = 0; i < rows; i++) {
    const [x1, x2] = [((i * 37) % 101) / 101, ((i * 53) % 97) / 97];
    const y = (3 * x1 - 2 * x2).toFixed(4);
    lines.push(`${(x1 * scale).toExponential(6)},${(x2 * scale).toExponential(6)},${y}`);
  }
  return lines.join('\n') + '\n';
}

async function trainRegression(page: import('@playwright/test').Page, name: string, scale: number) {
  await openApp(page, '/#/data');
  await drop(page, `${name}.csv`, hugeInputsCsv(300, scale));
  await page.getByRole('radio', { name: 'Use y as the target' }).check();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
  await page.getByRole('combobox', { name: /^Type/ }).selectOption('linear');
  await page.getByRole('checkbox', { name: /Standardise/ }).uncheck();
  await page.getByLabel('Optimizer').selectOption('sgd');
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('20');
  await page.getByRole('button', { name: /^Start training/ }).click();
}

test('an overflowing loss fails the run with advice; the next training works', async ({ page }) => {
  await trainRegression(page, 'overflow', 1e30);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/became NaN or infinite at epoch 1/, { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screenshots/faults-overflow.png', fullPage: true });
  const runs = await page.evaluate(async () => {
    const { client } = window.tracklab!;
    const found = await client.searchRuns({ experimentIds: ['0'] });
    return found.items.map((r) => ({
      status: r.info.status,
      error: r.data.tags.find((t) => t.key === 'tracklab.error')?.value ?? '',
    }));
  });
  expect(runs).toHaveLength(1);
  expect(runs[0].status).toBe('FAILED');
  expect(runs[0].error).toMatch(/became NaN or infinite/);

  await trainRegression(page, 'sane', 1);
  await expect(page.getByRole('status').filter({ hasText: /^Finished/ })).toBeVisible({
    timeout: 60_000,
  });
});
