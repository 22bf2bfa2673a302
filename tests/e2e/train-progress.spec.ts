// The Train page's progress line tells how a training ended: early stopping on a data set whose
// validation loss plateaus reads "Stopped early at epoch N of M (best: epoch B)" with a full bar,
// and N and B agree with what the run logged (epochs_trained, best_epoch).
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';
import { drop } from './drop';

/**
 * A CSV a model learns a little and then no more: the label is x1 > 0.5 with a fifth of the labels
 * flipped, so the validation loss falls for a few epochs and then plateaus (a fixed LCG, so the
 * file is the same every time).
 */
function plateauCsv(rows: number): string {
  let s = 12345;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = ['x1,x2,label'];
  for (let i = 0; i < rows; i++) {
    const [x1, x2] = [next(), next()];
    const heads = x1 > 0.5 !== next() < 0.2;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${heads ? 'heads' : 'tails'}`);
  }
  return lines.join('\n') + '\n';
}

async function openPlateau(page: Page) {
  await openApp(page, '/#/data');
  await drop(page, 'plateau.csv', plateauCsv(400));
  await expect(page.getByRole('heading', { level: 2, name: 'plateau' })).toBeVisible();
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
}

test('early stopping on a plateau: "Stopped early at epoch N of M (best: epoch B)", bar full', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openPlateau(page);
  await page.getByLabel('Epochs', { exact: true }).fill('200');
  await expect(page.getByRole('checkbox', { name: /Early stopping/ })).toBeChecked();
  await page.getByLabel('Patience (epochs)', { exact: true }).fill('3');
  await page.getByRole('button', { name: /^Start training/ }).click();

  const line = page.locator('label[for="epoch-progress"]');
  await expect(line).toHaveText(/^Stopped early at epoch \d+ of 200 \(best: epoch \d+\)$/, {
    timeout: 60_000,
  });
  const [, stopped, best] = (await line.textContent())!.match(/epoch (\d+) of 200.*epoch (\d+)/)!;
  const bar = page.locator('progress#epoch-progress');
  const { value, max } = await bar.evaluate((p: HTMLProgressElement) => ({
    value: p.value,
    max: p.max,
  }));
  expect(value).toBe(max);
  expect(value).toBe(Number(stopped));
  await page
    .locator('section[aria-labelledby="progress-heading"]')
    .screenshot({ path: 'test-results/screenshots/train-stopped-early.png' });

  // The numbers are the run's own: epochs_trained, and best_epoch counted from 0.
  const done = page.getByRole('status').filter({ hasText: 'Finished after' });
  await expect(done).toContainText(`Finished after ${stopped} epochs (stopped early)`);
  const logged = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const [run] = (await c.searchRuns({ experimentIds: ['0'] })).items;
    const metric = (k: string) => run.data.metrics.find((m) => m.key === k)?.value;
    return { trained: metric('epochs_trained'), best: metric('best_epoch') };
  });
  expect(logged.trained).toBe(Number(stopped));
  expect(logged.best! + 1).toBe(Number(best));
  expect(Number(stopped)).toBeLessThan(200);
});

test('a cancelled training says how far it got, not "Epoch N of M"', async ({ page }) => {
  await openPlateau(page);
  await page.getByLabel('Epochs', { exact: true }).fill('5000');
  await page.getByLabel('Batch size', { exact: true }).fill('4');
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();
  await page.getByRole('button', { name: /^Start training/ }).click();
  const line = page.locator('label[for="epoch-progress"]');
  await expect(line).toHaveText(/^Epoch [1-9]\d* of 5000$/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(line).toHaveText(/^Cancelled after \d+ of 5000 epochs$/);
  const [, done] = (await line.textContent())!.match(/after (\d+) of/)!;
  const value = await page
    .locator('progress#epoch-progress')
    .evaluate((p: HTMLProgressElement) => p.value);
  expect(value).toBe(Number(done));
});
