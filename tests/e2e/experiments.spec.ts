// The Experiments screen, used as a person would: type a name, click, read the table.
import { expect, test, type Page } from '@playwright/test';
import { openApp, seedExperiment, TWELVE_RUNS } from './seed';

const experimentRow = (page: Page, name: string) =>
  page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });

async function createExperiment(page: Page, name: string) {
  await page.getByLabel('Experiment name').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
}

test('shows the header and the Default experiment on a fresh profile', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('link', { name: 'Tracklab' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText([
    'Experiments',
    'Data',
    'Train',
    'Tune',
    'Models',
    'Scripts',
    'Sync',
    'Settings',
  ]);
  await expect(page.getByRole('heading', { level: 1, name: 'Experiments' })).toBeVisible();
  await expect(experimentRow(page, 'Default')).toBeVisible();
});

test('creates an experiment and shows the store error for a duplicate name', async ({ page }) => {
  await openApp(page);
  await createExperiment(page, 'iris-mlp');
  const row = experimentRow(page, 'iris-mlp');
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(1)).toHaveText('0');
  await expect(page.getByLabel('Experiment name')).toHaveValue('');

  await createExperiment(page, 'iris-mlp');
  await expect(page.getByRole('alert')).toContainText('iris-mlp');
  await expect(page.getByRole('alert')).toContainText(/already exists/i);
  await expect(experimentRow(page, 'iris-mlp')).toHaveCount(1);
});

test('renames an experiment inline', async ({ page }) => {
  await openApp(page);
  await createExperiment(page, 'draft name');
  await page.getByRole('button', { name: 'Rename draft name' }).click();
  const input = page.getByLabel('New name for draft name');
  await input.fill('final name');
  await input.press('Enter');
  await expect(experimentRow(page, 'final name')).toBeVisible();
  await expect(experimentRow(page, 'draft name')).toHaveCount(0);
});

test('deletes an experiment and restores it from the Deleted list', async ({ page }) => {
  await openApp(page);
  await createExperiment(page, 'to delete');
  await page.getByRole('button', { name: 'Delete to delete' }).click();
  await expect(experimentRow(page, 'to delete')).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('Deleted “to delete”');

  await page.getByRole('radio', { name: 'Deleted' }).check();
  await expect(experimentRow(page, 'to delete')).toBeVisible();
  await expect(experimentRow(page, 'Default')).toHaveCount(0);
  await page.getByRole('button', { name: 'Restore to delete' }).click();
  await expect(page.getByText('No deleted experiments')).toBeVisible();

  await page.getByRole('radio', { name: 'Active' }).check();
  await expect(experimentRow(page, 'to delete')).toBeVisible();
});

test('undo brings a deleted experiment back', async ({ page }) => {
  await openApp(page);
  await createExperiment(page, 'oops');
  await page.getByRole('button', { name: 'Delete oops' }).click();
  await expect(experimentRow(page, 'oops')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(experimentRow(page, 'oops')).toBeVisible();
});

test('shows the run count and follows the name to the runs page', async ({ page }) => {
  await openApp(page);
  await seedExperiment(page, 'counted', TWELVE_RUNS);
  const row = experimentRow(page, 'counted');
  await expect(row.getByRole('cell').nth(1)).toHaveText('12');
  await row.getByRole('link', { name: 'counted' }).click();
  await expect(page).toHaveURL(/#\/experiments\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'counted' })).toBeVisible();
  await expect(page.getByText('12 runs', { exact: true })).toBeVisible();
});
