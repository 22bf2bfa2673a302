// Every CSV a person downloads is safe to open in a spreadsheet: the Runs page's Download CSV and
// the Predict panel's. Formula-like cells (=, +, -, @, tab, CR first) come back prefixed with ' and
// quoted (OWASP's CSV injection advice); numbers such as -1.5 stay bare numbers.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { DexieStore } from '../../src/lib/tracking/dexie/dexie-store';
import { openApp } from './seed';

const ATTACK = "=cmd|' /C calc'!A0";

/** Clicks `trigger` and reads the file the browser downloads, as text. */
async function download(page: Page, trigger: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('the Runs page downloads every run its filter and order match, neutralised', async ({
  page,
}) => {
  await openApp(page);
  // 600 runs in one transaction, 540 matching the filter: the CSV holds every one, in order.
  const id = await page.evaluate(async (attack) => {
    const { client } = window.tracklab!;
    const store = window.tracklab!.store as DexieStore;
    const experimentId = await client.createExperiment('exports');
    await store.db.transaction('rw', store.db.tables, async () => {
      for (let i = 0; i < 600; i++) {
        const run = await client.createRun(experimentId, {
          runName: i === 7 ? attack : `run-${i}`,
          startTime: Date.UTC(2026, 0, 1) + i * 1000,
        });
        await client.logBatch(run.info.run_id, {
          metrics: [{ key: 'delta', value: i % 10 === 0 ? 2 : -1.5 - i, timestamp: 0, step: 0 }],
          params: [
            { key: 'lr', value: '-0.5' },
            { key: 'note', value: i === 7 ? '@SUM(1)' : 'plain' },
          ],
        });
      }
    });
    return experimentId;
  }, ATTACK);

  await page.goto(`/#/experiments/${id}`);
  await page.getByLabel('Filter runs').fill('metrics.delta < 0');
  await page.getByLabel('Filter runs').press('Enter');
  await expect(page.getByText('540 of 600 runs match')).toBeVisible();
  // Sorted by delta, ascending (a metric header's first click).
  await page.getByText(/^Columns/).click();
  await page
    .getByRole('group', { name: 'Metrics' })
    .getByRole('checkbox', { name: 'delta' })
    .check();
  await page.getByText(/^Columns/).click();
  await page.getByRole('columnheader', { name: 'delta' }).getByRole('button').click();
  await expect(page).toHaveURL(/order=metrics\.delta(\+|%20)ASC/);
  await expect(page.getByRole('columnheader', { name: 'delta' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );

  const { name, text } = await download(page, () =>
    page.getByRole('button', { name: 'Download CSV' }).click(),
  );
  expect(name).toBe('exports-runs.csv');
  await page.screenshot({ path: 'test-results/screenshots/runs-download-csv.png' });
  const lines = text.trimEnd().split('\n');
  const header = lines[0].split(',');
  expect(header.slice(0, 7)).toEqual([
    'run_id',
    'run_name',
    'experiment_id',
    'status',
    'start_time',
    'end_time',
    'user_id',
  ]);
  expect(header).toEqual(expect.arrayContaining(['params.lr', 'params.note', 'metrics.delta']));
  // Every matching run (540 of 600), not the 500 on screen, in the view's order.
  expect(lines).toHaveLength(1 + 540);
  const delta = header.indexOf('metrics.delta');
  const deltas = lines.slice(1).map((l) => Number(l.split(',')[delta]));
  expect(deltas[0]).toBe(-600.5);
  expect(deltas.every((d, i) => i === 0 || d >= deltas[i - 1])).toBe(true);

  // The attack's cells, as a spreadsheet reads them: quoted, with the ' prefix.
  const attack = lines.find((l) => l.includes('calc'))!;
  expect(attack).toContain(`"'${ATTACK}"`);
  expect(attack).toContain(`"'@SUM(1)"`);
  expect(attack).toContain(',-8.5,');
  // Numbers stay bare: -0.5 and -1.5-style values are not prefixed nor quoted.
  expect(lines.slice(1).every((l) => l.includes(',-0.5,'))).toBe(true);
  expect(text).not.toMatch(/(^|,)[=+@]/m);
  expect(text).not.toMatch(/(^|,)-(?!\d)/m);
});

test('the Predict panel downloads predictions with formula-like inputs neutralised', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: /^iris/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'iris' })).toBeVisible();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByRole('button', { name: /^Start training/ }).click();
  const done = page.getByRole('status').filter({ hasText: 'Finished after' });
  await expect(done).toBeVisible({ timeout: 45_000 });
  await done.getByRole('link', { name: 'Open the run' }).click();

  const panel = page.getByRole('region', { name: 'Predict with this model' });
  await panel.getByLabel('Choose a CSV file to predict').setInputFiles({
    name: 'new.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,note\n' +
        '-1.5,3.0,5.2,2.3,=1+1\n' +
        '5.0,3.4,1.5,0.2,@SUM(1)\n' +
        `6.1,2.8,4.7,1.2,"${ATTACK.replace(/"/g, '""')}"\n`,
    ),
  });
  await expect(panel.getByRole('table', { name: 'Predictions' })).toBeVisible();
  const { name, text } = await download(page, () =>
    panel.getByRole('link', { name: 'Download CSV' }).click(),
  );
  expect(name).toBe('predictions-new.csv');
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toMatch(
    /^sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,note,prediction,proba_/,
  );
  expect(lines).toHaveLength(4);
  expect(lines[1]).toMatch(/^-1\.5,3\.0,5\.2,2\.3,"'=1\+1",/);
  expect(lines[2]).toMatch(/^5\.0,3\.4,1\.5,0\.2,"'@SUM\(1\)",/);
  expect(lines[3]).toContain(`"'${ATTACK}"`);
  // Probabilities are numbers, written bare.
  for (const line of lines.slice(1)) {
    const probabilities = line.split(',').slice(-3).map(Number);
    expect(probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
  }
});
