// The Runs screen: filter in MLflow syntax, sort by clicking headers, pick columns, reload.
import { expect, test, type Page } from '@playwright/test';
import type { DexieStore } from '../../src/lib/tracking/dexie/dexie-store';
import { openApp, seedExperiment, TWELVE_RUNS, type SeedRun } from './seed';

async function openRuns(page: Page, name: string, runs: SeedRun[]) {
  await openApp(page);
  const id = await seedExperiment(page, name, runs);
  await page.goto(`/#/experiments/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return id;
}

/** The run names in the table, top to bottom. */
const runNames = (page: Page) =>
  page.getByRole('treegrid').locator('tbody th[scope=row] a').allTextContents();

async function filter(page: Page, text: string) {
  await page.getByLabel('Filter runs').fill(text);
  await page.getByLabel('Filter runs').press('Enter');
}

async function pickColumn(page: Page, group: 'Metrics' | 'Params', key: string) {
  await page.getByText(/^Columns/).click();
  await page.getByRole('group', { name: group }).getByRole('checkbox', { name: key }).check();
  await page.getByText(/^Columns/).click();
}

test('filters with MLflow syntax and counts what matches', async ({ page }) => {
  await openRuns(page, 'filtering', TWELVE_RUNS);
  await expect(page.getByText('12 runs', { exact: true })).toBeVisible();

  await filter(page, 'metrics.accuracy > 0.9');
  await expect(page.getByText('3 of 12 runs match')).toBeVisible();
  await expect.poll(async () => (await runNames(page)).sort()).toEqual(['bravo', 'echo', 'hotel']);

  await filter(page, "metrics.accuracy > 0.9 and params.optimizer = 'adam'");
  await expect(page.getByText('2 of 12 runs match')).toBeVisible();

  await filter(page, "params.optimizer = 'rmsprop' OR attributes.status = 'FAILED'");
  await expect(page.getByText('3 of 12 runs match')).toBeVisible();
  await expect.poll(async () => (await runNames(page)).sort()).toEqual(['foxtrot', 'golf', 'kilo']);

  await page.getByRole('button', { name: 'Search' }).focus();
  await page.getByLabel('Filter runs').fill('params.lr >= 0.5');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('2 of 12 runs match')).toBeVisible();

  await filter(page, 'metrics.accuracy > 2');
  await expect(page.getByText('No runs match this filter')).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByText('12 runs', { exact: true })).toBeVisible();
});

test('shows an invalid filter inline and highlights the bad part', async ({ page }) => {
  await openRuns(page, 'bad filter', TWELVE_RUNS);
  await filter(page, 'metrics.accuracy >> 0.9');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert.locator('p')).not.toBeEmpty();
  await expect(alert.locator('mark')).toBeVisible();
  await expect(page.getByLabel('Filter runs')).toHaveAttribute('aria-invalid', 'true');

  await filter(page, 'metrics.accuracy > 0.9');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('3 of 12 runs match')).toBeVisible();
});

test('highlights an unknown entity at its offsets', async ({ page }) => {
  await openRuns(page, 'bad entity', TWELVE_RUNS);
  await filter(page, "metrics.loss < 1 and foo.bar = 'x'");
  const mark = page.getByRole('alert').locator('mark');
  await expect(mark).toBeVisible();
  expect(await mark.textContent()).toContain('foo');
});

test('sorts by clicking column headers, through order_by', async ({ page }) => {
  await openRuns(page, 'sorting', TWELVE_RUNS);
  const startHeader = page.getByRole('columnheader', { name: 'Start time' });
  await expect(startHeader).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await runNames(page))[0]).toBe('lima');

  await page.getByRole('button', { name: 'Run name' }).click();
  await expect(page.getByRole('columnheader', { name: 'Run name' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect(startHeader).toHaveAttribute('aria-sort', 'none');
  await expect.poll(() => runNames(page)).toEqual(TWELVE_RUNS.map((r) => r.name).sort());

  await pickColumn(page, 'Metrics', 'accuracy');
  const accuracy = page.getByRole('columnheader', { name: 'accuracy' });
  await accuracy.getByRole('button').click();
  await expect(accuracy).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => (await runNames(page))[0]).toBe('foxtrot');
  let names = await runNames(page);
  expect(names.slice(0, 3)).toEqual(['foxtrot', 'lima', 'delta']);
  expect(names.at(-1)).toBe('kilo'); // no accuracy: missing values sort last

  await accuracy.getByRole('button').click();
  await expect(accuracy).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await runNames(page))[0]).toBe('echo');
  names = await runNames(page);
  expect(names.slice(0, 3)).toEqual(['echo', 'bravo', 'hotel']);
  expect(names.at(-1)).toBe('kilo');
});

test('remembers the column choice and keeps runs across a reload', async ({ page }) => {
  await openRuns(page, 'remembered', TWELVE_RUNS);
  await pickColumn(page, 'Metrics', 'loss');
  await pickColumn(page, 'Params', 'optimizer');
  await expect(page.getByRole('columnheader', { name: 'loss' })).toBeVisible();
  const bravo = page.getByRole('row').filter({ hasText: 'bravo' });
  await expect(bravo).toContainText('0.21');
  await expect(bravo).toContainText('adam');

  await page.reload();
  await expect(page.getByText('12 runs', { exact: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'loss' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'optimizer' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'accuracy' })).toHaveCount(0);
});

test('keeps filter, sort and columns in the URL across a reload, and Back restores the filter', async ({
  page,
}) => {
  await openRuns(page, 'in the url', TWELVE_RUNS);
  await filter(page, 'metrics.accuracy > 0.85');
  await expect(page.getByText('4 of 12 runs match')).toBeVisible();
  await filter(page, 'metrics.accuracy > 0.9');
  await expect(page.getByText('3 of 12 runs match')).toBeVisible();
  await pickColumn(page, 'Metrics', 'accuracy');
  const accuracy = page.getByRole('columnheader', { name: 'accuracy' });
  await accuracy.getByRole('button').click();
  await expect(accuracy).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => runNames(page)).toEqual(['hotel', 'bravo', 'echo']);
  expect(new URL(page.url()).hash).toMatch(/\?.*filter=.*order=.*columns=/);

  // The remembered column choice is gone, so only the URL can bring the column back.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByText('3 of 12 runs match')).toBeVisible();
  await expect(page.getByLabel('Filter runs')).toHaveValue('metrics.accuracy > 0.9');
  await expect(accuracy).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => runNames(page)).toEqual(['hotel', 'bravo', 'echo']);

  await page.goBack();
  await expect(page.getByText('4 of 12 runs match')).toBeVisible();
  await expect(page.getByLabel('Filter runs')).toHaveValue('metrics.accuracy > 0.85');
  await expect(page.getByRole('columnheader', { name: 'Start time' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
});

test('shows nested runs under their parent and status badges', async ({ page }) => {
  await openRuns(page, 'nested', [
    { name: 'study', params: { sampler: 'random' } },
    { name: 'trial-1', metrics: { loss: 0.4 }, parent: 0 },
    { name: 'trial-2', metrics: { loss: 0.3 }, parent: 0, status: 'FAILED' },
    { name: 'solo', metrics: { loss: 0.5 }, status: 'RUNNING' },
  ]);
  await expect.poll(() => runNames(page)).toEqual(['solo', 'study', 'trial-2', 'trial-1']);
  const trial = page.getByRole('row').filter({ hasText: 'trial-2' });
  await expect(trial).toContainText('Failed');
  await expect(page.getByRole('row').filter({ hasText: 'solo' })).toContainText('Running');

  // The tree: the study is a parent at level 1 with its trials at level 2, and it collapses.
  const study = page.getByRole('row').filter({ hasText: 'study' });
  await expect(study).toHaveAttribute('aria-level', '1');
  await expect(study).toHaveAttribute('aria-expanded', 'true');
  await expect(trial).toHaveAttribute('aria-level', '2');
  await page.getByRole('button', { name: 'Collapse study (2 nested)' }).click();
  await expect.poll(() => runNames(page)).toEqual(['solo', 'study']);
  await page.getByRole('button', { name: 'Expand study (2 nested)' }).click();
  await expect.poll(() => runNames(page)).toEqual(['solo', 'study', 'trial-2', 'trial-1']);

  // A filter keeps the ancestors of what matches, marked as not matching themselves.
  await filter(page, 'metrics.loss < 0.35');
  await expect(page.getByText('1 of 4 runs match')).toBeVisible();
  await expect.poll(() => runNames(page)).toEqual(['study', 'trial-2']);
  await expect(study).toContainText('not matching');
  await expect(trial).not.toContainText('not matching');
});

test('shows new runs as they are logged, without a reload', async ({ page }) => {
  const id = await openRuns(page, 'live', TWELVE_RUNS.slice(0, 2));
  await expect(page.getByText('2 runs', { exact: true })).toBeVisible();
  await page.evaluate(async (id) => {
    await window.tracklab!.client.createRun(id, { runName: 'late arrival' });
  }, id);
  await expect(page.getByText('3 runs', { exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'late arrival' })).toBeVisible();
});

test('says clearly when the experiment does not exist', async ({ page }) => {
  await openApp(page, '/#/experiments/999');
  await expect(page.getByRole('heading', { name: 'Experiment not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to all experiments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Experiments' })).toBeVisible();
});

test('an empty experiment says how to add runs', async ({ page }) => {
  await openRuns(page, 'empty', []);
  await expect(page.getByRole('heading', { name: 'No runs yet' })).toBeVisible();
});

test('1,000 runs: only the rows in view are drawn, and the keyboard reaches the last', async ({
  page,
}) => {
  await openApp(page);
  const id = await page.evaluate(async () => {
    const { client } = window.tracklab!;
    // The app's store is Dexie here; one transaction makes the 1,000 writes fast.
    const store = window.tracklab!.store as DexieStore;
    const experimentId = await client.createExperiment('thousand');
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    await store.db.transaction('rw', store.db.tables, async () => {
      for (const i of rows) {
        const run = await client.createRun(experimentId, { runName: `run-${i}`, startTime: i });
        await client.logMetrics(run.info.run_id, { accuracy: (i % 97) / 97 });
      }
    });
    return experimentId;
  });
  await page.goto(`/#/experiments/${id}`);
  await expect(page.getByText('1,000 runs', { exact: true })).toBeVisible();
  const grid = page.getByRole('treegrid', { name: 'Runs' });
  // Every run is counted for assistive technology, but only a window is in the page.
  await expect(grid).toHaveAttribute('aria-rowcount', '1001');
  await expect(grid.locator('tbody tr[aria-rowindex]').first()).toContainText('run-999');
  expect(await grid.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(100);

  // End goes to the oldest run, which scrolls into view.
  await grid.focus();
  await page.keyboard.press('End');
  const last = grid.getByRole('row', { name: /run-0\b/ });
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-rowindex', '1001');
  await expect(grid).toHaveAttribute('aria-activedescendant', (await last.getAttribute('id'))!);
  expect(await grid.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(100);
  // Scrolled to the end, the header still sits above the rows and lines up with their cells
  // (the grid is laid out as flex rows, not a table: the columns hold by their widths alone).
  const header = grid.getByRole('columnheader', { name: /Start time/ });
  await expect(header).toBeInViewport();
  const cell = last.getByRole('gridcell').nth(2);
  const [h, c] = [await header.boundingBox(), await cell.boundingBox()];
  expect(Math.abs(h!.x - c!.x)).toBeLessThan(1);
  expect(Math.abs(h!.width - c!.width)).toBeLessThan(1);
  expect(h!.y + h!.height).toBeLessThanOrEqual(c!.y);
  await page.screenshot({ path: 'test-results/screenshots/runs-1000-end.png' });

  await filter(page, 'metrics.accuracy > 0.5');
  await expect(page.getByText(/of 1,000 runs match/)).toBeVisible();
});
