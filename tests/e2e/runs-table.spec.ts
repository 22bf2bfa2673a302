// The runs table as a person works it: by keyboard alone, shift-clicking a range, typing a filter
// with suggestions, clicking a value to filter by it, a tree three levels deep, runs of two
// experiments in one table, min and max cells, and a view saved by name.
import { expect, test, type Page } from '@playwright/test';
import { openApp, seedExperiment, TWELVE_RUNS } from './seed';

const grid = (page: Page) => page.getByRole('treegrid');
/** The run names in the table, top to bottom. */
const runNames = (page: Page) => grid(page).locator('tbody th[scope=row] a').allTextContents();
const selectedNames = (page: Page) =>
  grid(page).locator('tbody tr[aria-selected=true] th[scope=row] a').allTextContents();

async function pickColumn(page: Page, group: 'Metrics' | 'Params' | 'Tags', key: string) {
  await page.getByText(/^Columns/).click();
  await page.getByRole('group', { name: group }).getByRole('checkbox', { name: key }).check();
  await page.getByText(/^Columns/).click();
}

async function openRuns(page: Page) {
  await openApp(page);
  const id = await seedExperiment(page, 'twelve', TWELVE_RUNS);
  await page.goto(`/#/experiments/${id}`);
  await expect(page.getByText('12 runs', { exact: true })).toBeVisible();
  return id;
}

test('keyboard only: move, tick, extend, tick all, open a run', async ({ page }) => {
  await openRuns(page);
  // Tab from the filter's buttons reaches the grid as one stop.
  await page.getByLabel('Filter runs').focus();
  for (let i = 0; i < 8 && !(await grid(page).evaluate((g) => g === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(grid(page)).toBeFocused();

  // Newest first: lima, kilo, juliet…; the active row is announced through aria-activedescendant.
  const active = async () => {
    const id = await grid(page).getAttribute('aria-activedescendant');
    return page.locator(`[id="${id}"] th a`).textContent();
  };
  expect(await active()).toBe('lima');
  await page.keyboard.press('ArrowDown');
  expect(await active()).toBe('kilo');
  await page.keyboard.press('Space');
  await expect.poll(() => selectedNames(page)).toEqual(['kilo']);
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(() => selectedNames(page)).toEqual(['kilo', 'juliet', 'india']);
  await expect(page.getByText('3 runs selected')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Compare 3 runs' })).toBeVisible();
  // The selection is in the URL (all three, so the URL has settled), and a reload keeps it.
  await expect(page).toHaveURL(/selected=[^&]*(,|%2C)[^&]*(,|%2C)[^&]*/);
  await page.reload();
  await expect.poll(() => selectedNames(page)).toEqual(['kilo', 'juliet', 'india']);

  await grid(page).focus();
  await page.keyboard.press('Control+a');
  await expect.poll(async () => (await selectedNames(page)).length).toBe(12);
  await page.keyboard.press('Control+a');
  await expect.poll(() => selectedNames(page)).toEqual([]);

  await page.keyboard.press('End');
  expect(await active()).toBe('alpha');
  await page.keyboard.press('Home');
  await page.keyboard.press('PageDown');
  expect(await active()).not.toBe('lima');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/runs\/[0-9a-f]+/);
});

test('shift-click ticks a range; ctrl-click a row toggles it', async ({ page }) => {
  await openRuns(page);
  await page.getByRole('checkbox', { name: 'Select juliet to compare' }).click();
  await page
    .getByRole('checkbox', { name: 'Select golf to compare' })
    .click({ modifiers: ['Shift'] });
  await expect.poll(() => selectedNames(page)).toEqual(['juliet', 'india', 'hotel', 'golf']);
  await expect(page.getByRole('checkbox', { name: 'Select hotel to compare' })).toBeChecked();

  // Ctrl-click on the row (not its link) toggles one run.
  const hotel = grid(page).getByRole('row', { name: /hotel/ });
  await hotel
    .locator('td')
    .last()
    .click({ modifiers: ['Control'] });
  await expect.poll(() => selectedNames(page)).toEqual(['juliet', 'india', 'golf']);
  await page.getByRole('checkbox', { name: 'Select golf to compare' }).click();
  await expect.poll(() => selectedNames(page)).toEqual(['juliet', 'india']);
});

test('the filter box suggests keys and logged values, and a clicked value becomes a clause', async ({
  page,
}) => {
  await openRuns(page);
  const box = page.getByRole('combobox', { name: 'Filter runs' });
  await box.fill('');
  await box.pressSequentially('opti');
  const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
  await expect(options.first()).toContainText('params.optimizer');
  await page.keyboard.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', /suggestions-0/);
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue(/^params\.optimizer/);
  await box.pressSequentially('= ');
  // Values are the ones the runs logged, most common first.
  await expect(options).toHaveText([/adam/, /sgd/, /rmsprop/]);
  await options.filter({ hasText: 'rmsprop' }).click();
  await expect(box).toHaveValue("params.optimizer = 'rmsprop'");
  await box.press('Enter');
  await expect(page.getByText('2 of 12 runs match')).toBeVisible();
  await expect.poll(async () => (await runNames(page)).sort()).toEqual(['foxtrot', 'golf']);

  // A mistyped key is named, with the part that is wrong.
  await box.fill('metrics.accuracy >> 1');
  await box.press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();

  // Clicking a value adds it to the filter as an AND clause.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByText('12 runs', { exact: true })).toBeVisible();
  await pickColumn(page, 'Params', 'optimizer');
  await grid(page).getByRole('row', { name: /echo/ }).getByRole('button', { name: 'adam' }).click();
  await expect(box).toHaveValue("params.optimizer = 'adam'");
  await expect(page.getByText('5 of 12 runs match')).toBeVisible();
  await pickColumn(page, 'Metrics', 'accuracy');
  await grid(page).getByRole('row', { name: /echo/ }).getByRole('button', { name: '0.95' }).click();
  await expect(box).toHaveValue("params.optimizer = 'adam' and metrics.accuracy = 0.95");
  await expect.poll(() => runNames(page)).toEqual(['echo']);
});

test('a tree three levels deep collapses, and a filter keeps the ancestors of a match', async ({
  page,
}) => {
  await openApp(page);
  const id = await seedExperiment(page, 'deep', [
    { name: 'sweep', params: { kind: 'parent' } },
    { name: 'study-a', parent: 0 },
    { name: 'trial-a1', parent: 1, metrics: { loss: 0.3 } },
    { name: 'trial-a2', parent: 1, metrics: { loss: 0.9 } },
    { name: 'study-b', parent: 0 },
    { name: 'trial-b1', parent: 4, metrics: { loss: 0.8 } },
    { name: 'lone', metrics: { loss: 0.5 } },
  ]);
  await page.goto(`/#/experiments/${id}`);
  await expect(page.getByText('7 runs', { exact: true })).toBeVisible();
  await expect
    .poll(() => runNames(page))
    .toEqual(['lone', 'sweep', 'study-b', 'trial-b1', 'study-a', 'trial-a2', 'trial-a1']);
  await expect(grid(page).getByRole('row', { name: /trial-a1/ })).toHaveAttribute(
    'aria-level',
    '3',
  );

  // ← on a child goes to its parent; ← on an open parent closes it; → opens it again.
  await grid(page).focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowLeft');
  const active = async () => {
    const rowId = await grid(page).getAttribute('aria-activedescendant');
    return page.locator(`[id="${rowId}"] th a`).textContent();
  };
  expect(await active()).toBe('study-a');
  await page.keyboard.press('ArrowLeft');
  await expect
    .poll(() => runNames(page))
    .toEqual(['lone', 'sweep', 'study-b', 'trial-b1', 'study-a']);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => runNames(page)).toHaveLength(7);

  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect.poll(() => runNames(page)).toEqual(['lone', 'sweep']);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect.poll(() => runNames(page)).toHaveLength(7);

  await page.getByLabel('Filter runs').fill('metrics.loss < 0.4');
  await page.getByLabel('Filter runs').press('Enter');
  await expect(page.getByText('1 of 7 runs match')).toBeVisible();
  await expect.poll(() => runNames(page)).toEqual(['sweep', 'study-a', 'trial-a1']);
  await expect(grid(page).getByRole('row', { name: /sweep/ })).toContainText('not matching');
  await expect(grid(page).getByRole('row', { name: /study-a/ })).toContainText('not matching');
  await expect(grid(page).getByRole('row', { name: /trial-a1/ })).not.toContainText('not matching');
});

test('runs of two experiments in one table, chosen on the Experiments page', async ({ page }) => {
  await openApp(page);
  await seedExperiment(page, 'first', TWELVE_RUNS.slice(0, 3));
  await seedExperiment(page, 'second', TWELVE_RUNS.slice(3, 5));
  await page.goto('/#/');
  await page.getByRole('checkbox', { name: 'Show runs of first together' }).check();
  await expect(page.getByText('Tick two or more experiments')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Show runs of second together' }).check();
  await page.getByRole('link', { name: 'Show runs of 2 experiments' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '2 experiments' })).toBeVisible();
  await expect(page.getByText('5 runs', { exact: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Experiment' })).toBeVisible();
  await expect(grid(page).getByRole('row', { name: /echo/ })).toContainText('second');
  await expect(grid(page).getByRole('row', { name: /alpha/ })).toContainText('first');

  // Sorting and filtering span both experiments.
  await page.getByLabel('Filter runs').fill("params.optimizer = 'adam'");
  await page.getByLabel('Filter runs').press('Enter');
  await expect(page.getByText('3 of 5 runs match')).toBeVisible();
  await expect
    .poll(async () => (await runNames(page)).sort())
    .toEqual(['bravo', 'charlie', 'echo']);
});

test('metric cells show the latest, the minimum or the maximum of each history', async ({
  page,
}) => {
  await openApp(page);
  const id = await seedExperiment(page, 'histories', [{ name: 'curve' }, { name: 'flat' }]);
  await page.evaluate(async (exp) => {
    const { client } = window.tracklab!;
    const runs = (await client.searchRuns({ experimentIds: [exp] })).items;
    for (const run of runs) {
      const curve = run.info.run_name === 'curve';
      const values = curve ? [0.9, 0.2, 0.5] : [0.4, 0.4, 0.4];
      await client.logBatch(run.info.run_id, {
        metrics: values.map((value, step) => ({ key: 'loss', value, step, timestamp: 1 + step })),
      });
    }
  }, id);
  await page.goto(`/#/experiments/${id}`);
  await pickColumn(page, 'Metrics', 'loss');
  const curve = grid(page).getByRole('row', { name: /curve/ });
  await expect(curve.locator('td.num').last()).toHaveText('0.5');
  const cells = page.getByRole('radiogroup', { name: 'Metric cells show' });
  await cells.getByText('Min').click();
  await expect(curve.locator('td.num').last()).toHaveText('0.2');
  await expect(page).toHaveURL(/cells=min/);
  await cells.getByText('Max').click();
  await expect(curve.locator('td.num').last()).toHaveText('0.9');
  await expect(grid(page).getByRole('row', { name: /flat/ }).locator('td.num').last()).toHaveText(
    '0.4',
  );
  // Sorting by the column still follows order_by (the latest value), as MLflow's does.
  await page.getByRole('columnheader', { name: 'loss' }).getByRole('button').click();
  await expect.poll(() => runNames(page)).toEqual(['flat', 'curve']);
});

test('a view is saved by name and opens again with its filter, order, columns and ticks', async ({
  page,
}) => {
  const id = await openRuns(page);
  await page.getByLabel('Filter runs').fill("params.optimizer = 'adam'");
  await page.getByLabel('Filter runs').press('Enter');
  await pickColumn(page, 'Metrics', 'accuracy');
  await page.getByRole('columnheader', { name: 'accuracy' }).getByRole('button').click();
  // A person ticks a run in the table they see sorted: rows are drawn in place as the order
  // changes, so a tick aimed at a row before it settles lands on the run moved into its place.
  await expect.poll(() => runNames(page)).toEqual(['juliet', 'charlie', 'bravo', 'echo', 'kilo']);
  await page.getByRole('checkbox', { name: 'Select echo to compare' }).check();
  await expect.poll(() => selectedNames(page)).toEqual(['echo']);
  await page.getByText(/^Views/).click();
  await page.getByLabel('Save this view as').fill('best adam');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Views (1)')).toBeVisible();

  // Away and back through the saved link: a new document (the app loads again), then the
  // experiment with no view in its URL.
  await openApp(page, '/');
  await page.goto(`/#/experiments/${id}`);
  await expect(page.getByText('12 runs', { exact: true })).toBeVisible();
  await page.getByText(/^Views/).click();
  await page
    .getByRole('list', { name: 'Saved views' })
    .getByRole('link', { name: 'best adam' })
    .click();
  await expect(page.getByLabel('Filter runs')).toHaveValue("params.optimizer = 'adam'");
  await expect(page.getByRole('columnheader', { name: 'accuracy' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect.poll(() => runNames(page)).toEqual(['juliet', 'charlie', 'bravo', 'echo', 'kilo']);
  await expect.poll(() => selectedNames(page)).toEqual(['echo']);

  await page.getByText(/^Views/).click();
  await page.getByRole('button', { name: 'Delete view best adam' }).click();
  await expect(page.getByText('No saved views yet.')).toBeVisible();
});

test('sixty columns: only those in view are drawn, and scrolling right brings the rest', async ({
  page,
}) => {
  await openApp(page);
  const params = Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`p${k}`, k]));
  const id = await seedExperiment(page, 'wide', [
    { name: 'one', params },
    { name: 'two', params },
  ]);
  // The remembered column choice (what ticking all sixty in Columns leaves behind).
  await page.evaluate(
    (id) =>
      localStorage.setItem(
        `tracklab.columns.${id}`,
        JSON.stringify({ metrics: [], params: Array.from({ length: 60 }, (_, k) => `p${k}`) }),
      ),
    id,
  );
  await page.goto(`/#/experiments/${id}`);
  const table = grid(page);
  await expect(table).toHaveAttribute('aria-colcount', '65');
  await expect(page.getByRole('columnheader', { name: 'param p0', exact: true })).toBeVisible();
  const drawn = await page.getByRole('columnheader', { name: /^param p\d+$/ }).count();
  expect(drawn).toBeLessThan(20);
  await expect(page.getByRole('columnheader', { name: 'param p59', exact: true })).toHaveCount(0);

  await table.locator('xpath=..').evaluate((viewport) => (viewport.scrollLeft = 1e6));
  const last = page.getByRole('columnheader', { name: 'param p59', exact: true });
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-colindex', '65');
  const cell = table.getByRole('row', { name: /two/ }).locator('td[aria-colindex="65"]');
  await expect(cell).toHaveText('59');
  // The columns left out either side are one empty cell each, in the header as in the rows: the
  // last header still sits over its cells.
  const [h, c] = [await last.boundingBox(), await cell.boundingBox()];
  expect(Math.abs(h!.x - c!.x)).toBeLessThan(1);
  expect(Math.abs(h!.width - c!.width)).toBeLessThan(1);
  await page.screenshot({ path: 'test-results/screenshots/runs-sixty-columns-right.png' });
  await expect(page.getByRole('columnheader', { name: 'param p0', exact: true })).toHaveCount(0);
  // The run's name stays in its row whatever is scrolled.
  await expect(table.getByRole('row', { name: /two/ })).toHaveCount(1);
});
