// How params relate to a metric across selected runs: parallel coordinates (the params that
// differ as axes), a scatter, a contour and a box plot per categorical param, on the compare page.
import { expect, test } from '@playwright/test';
import { openApp, seedExperiment, TWELVE_RUNS } from './seed';

test('twelve runs compared: parallel coordinates, scatter, contour and box plot of a metric', async ({
  page,
}) => {
  await openApp(page);
  const id = await seedExperiment(page, 'relations', TWELVE_RUNS);
  await page.goto(`/#/experiments/${id}`);
  await page.getByRole('treegrid').focus();
  await page.keyboard.press('Control+a');
  await page.getByRole('link', { name: 'Compare 12 runs' }).click();

  const section = page.getByRole('region', { name: 'How the params relate to a metric' });
  // The plots are built once the section is scrolled into view, after the histories.
  await expect(page.getByRole('img', { name: /line chart by step/ })).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await section.getByLabel('Relate to').selectOption('accuracy');
  // kilo has no accuracy; lr and optimizer differ in every run.
  await expect(section.getByText(/2 params differ across these runs/)).toBeVisible();
  await expect(section.getByText('1 run without accuracy not shown.')).toBeVisible();

  const parallel = section.getByRole('img', { name: 'Parallel coordinates of accuracy' });
  await expect(parallel).toBeVisible();
  await expect(parallel).toContainText('lr (log)');
  await expect(parallel).toContainText('optimizer');
  await expect(parallel).toContainText('Parallel coordinates (11 runs)');

  const scatter = section.getByRole('figure', { name: 'Scatter of accuracy by lr' });
  await expect(scatter.locator('.main-svg').first()).toBeVisible();
  await expect(scatter.locator('.scatterlayer .point')).toHaveCount(11);

  const box = section.getByRole('figure', { name: 'Box plot of accuracy by optimizer' });
  await expect(box.locator('.boxlayer .trace')).toHaveCount(3);

  await section.getByLabel('Contour x param').selectOption('lr');
  await section.getByLabel('Contour y param').selectOption('optimizer');
  const contour = section.getByRole('figure', {
    name: 'Contour of accuracy over lr and optimizer',
  });
  await expect(contour.locator('.contourlayer')).toHaveCount(1);

  // Another metric re-reads every plot.
  await section.getByLabel('Relate to').selectOption('loss');
  await expect(section.getByRole('img', { name: 'Parallel coordinates of loss' })).toContainText(
    'Parallel coordinates (12 runs)',
  );
  await page.screenshot({ path: 'test-results/e2e/compare-relations.png', fullPage: true });
});
