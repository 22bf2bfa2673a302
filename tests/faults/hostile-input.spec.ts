// Hostile input on every surface (issue 15): the payload corpus (payloads.ts) seeded through the
// console API and typed where a person types, then every page that shows it visited. Nothing may
// run (no dialog, window.__pwned unset, no event-handler attribute or script URL in the DOM), no
// prototype is polluted, no uncaught error, each page keeps its heading and stays usable.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app';
import { expectSafe, guard } from './guard';
import { EXPERIMENT_NAME, MODEL_NAMES, RUN_NAME, seedHostile } from './hostile-seed';
import { HOSTILE_MARKDOWN, KEY_PAYLOADS, ONE_MB, PAYLOADS, hostileCsv } from './payloads';
import { drop } from '../e2e/drop';

const OUT = 'test-results/screenshots';

/** How far the page is wider than the window: long words must wrap, not widen it. */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The app's own links: http(s), mailto, in-app (#/…), blob: downloads. */
async function expectSafeLinks(page: Page) {
  const hrefs = await page
    .locator('a[href]')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  for (const href of hrefs) expect(href, href).toMatch(/^(https?:|mailto:|blob:)/);
}

test('payloads seeded through the console show as text on every page', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const seen = await guard(page);
  await openApp(page);
  const seeded = await seedHostile(page);
  await expectSafe(page, seen, 'home');

  await page.goto('/#/experiments');
  await expect(page.getByRole('link', { name: EXPERIMENT_NAME })).toBeVisible();
  await expect(page.getByRole('link', { name: `${PAYLOADS[0].value} #0` })).toBeVisible();
  await expectSafe(page, seen, 'experiments');
  await page.screenshot({ path: `${OUT}/hostile-experiments.png`, fullPage: true });

  await page.getByRole('link', { name: EXPERIMENT_NAME }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(EXPERIMENT_NAME);
  await expect(page.getByRole('link', { name: PAYLOADS[1].value, exact: true })).toBeVisible();
  await expectSafe(page, seen, 'experiment');
  await expectSafeLinks(page);
  // A 240-character unbroken run name wraps in its cell: the other columns stay on screen.
  const duration = await page.getByRole('columnheader', { name: 'Duration' }).boundingBox();
  expect(duration!.x + duration!.width).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: `${OUT}/hostile-runs.png`, fullPage: true });

  await page.getByRole('link', { name: RUN_NAME, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(RUN_NAME);
  const params = page.getByRole('table', { name: 'Parameters' });
  for (const key of KEY_PAYLOADS) {
    await expect(params.getByRole('rowheader', { name: key, exact: true })).toBeVisible();
  }
  const notes = page.getByRole('region', { name: 'Notes' });
  await expect(notes.getByText('[vb](vbscript:msgbox(1))', { exact: false })).toHaveCount(0);
  await expect(notes.getByText('click me')).toBeVisible();
  await expect(notes.getByRole('link', { name: 'click me' })).toHaveCount(0);
  await expect(notes.getByText('<script>window.__pwned=1</script>')).toBeVisible();
  await expectSafe(page, seen, 'run');
  await expectSafeLinks(page);
  await page.screenshot({ path: `${OUT}/hostile-run.png`, fullPage: true });

  const files = page.getByRole('navigation', { name: 'Artifact files' });
  for (const folder of ['plots', '__proto__']) {
    await files.getByRole('button', { name: folder, exact: true }).click();
  }
  await expect(files.getByRole('button', { name: 'evil⟨U+202E⟩gnp.txt' })).toBeVisible();
  for (const path of seeded.artifacts) {
    // A right-to-left override in a file name shows as its code point, so no name can pass
    // for another (evil\u202Egnp.txt would otherwise read eviltxt.png).
    const shown = (text: string) => text.replace(/\u202E/g, '⟨U+202E⟩');
    const base = shown(path.slice(path.lastIndexOf('/') + 1));
    await files.getByRole('button', { name: base }).click();
    await expect(page.locator('.viewer h3')).toHaveText(shown(path));
    if (/\.(html|svg)$/.test(path)) {
      await expect(page.locator('.viewer iframe')).toHaveAttribute('sandbox', '');
    }
    if (path.endsWith('chart.json')) {
      const chart = page.getByRole('figure', {
        name: `Chart ${path.slice(path.indexOf('/') + 1)}`,
      });
      await expect(chart.locator('svg.main-svg').first()).toBeVisible({ timeout: 15_000 });
      await chart.hover();
      await page.screenshot({ path: `${OUT}/hostile-plotly.png` });
    }
    await expectSafe(page, seen, `artifact ${path}`);
  }

  await page.goto('/#/models');
  for (const name of MODEL_NAMES) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expectSafe(page, seen, 'models');
  await page.screenshot({ path: `${OUT}/hostile-models.png`, fullPage: true });
  for (const name of MODEL_NAMES) {
    await page.goto('/#/models');
    await page.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    const aliases = page.getByRole('region', { name: 'Aliases' });
    await expect(aliases).toContainText('__proto__');
    await expect(aliases).toContainText('constructor');
    await expectSafe(page, seen, `model ${name}`);
    await expectSafeLinks(page);
    expect(await overflow(page), `model ${name} wider than the window`).toBeLessThanOrEqual(0);
  }
  await page.screenshot({ path: `${OUT}/hostile-model.png`, fullPage: true });

  for (const path of ['/#/data', '/#/train', '/#/settings', '/']) {
    await page.goto(path);
    await page.waitForLoadState();
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expectSafe(page, seen, path);
  }
});

test('a person types payloads: experiment name, note, runs filter, description, tag, alias', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const seen = await guard(page);
  await openApp(page, '/#/experiments');
  const name = `${PAYLOADS[2].value} typed`;
  const form = page.getByRole('form', { name: 'Create experiment' });
  await form.getByLabel('Experiment name').fill(name);
  await form.getByRole('button').click();
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expectSafe(page, seen, 'created experiment');

  const seeded = await seedHostile(page);
  await page.goto(`/#/experiments/${seeded.experimentId}`);
  const filter = page.getByLabel('Filter runs');
  for (const p of [
    ...PAYLOADS,
    { name: 'a quoted payload', value: `tags.payload = '${PAYLOADS[1].value}'` },
  ]) {
    await filter.fill(p.value);
    await filter.press('Enter');
    await expectSafe(page, seen, `runs filter: ${p.name}`);
  }
  // A filter for the payload tag finds exactly the run that carries it.
  await expect(page.getByRole('link', { name: PAYLOADS[1].value, exact: true })).toBeVisible();

  await page.goto(`/#/experiments/${seeded.experimentId}/runs/${seeded.runId}`);
  const notes = page.getByRole('region', { name: 'Notes' });
  await notes.getByRole('button', { name: 'Edit note' }).click();
  await notes.getByRole('textbox', { name: 'Note' }).fill(`${HOSTILE_MARKDOWN}\n\ntyped`);
  await notes.getByRole('button', { name: 'Preview' }).click();
  await expectSafe(page, seen, 'note preview');
  await notes.getByRole('button', { name: 'Write' }).click();
  await notes.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(notes.getByText('typed', { exact: true })).toBeVisible();
  await expectSafe(page, seen, 'note saved');
  await expectSafeLinks(page);

  await page.goto('/#/models');
  await page.getByRole('link', { name: MODEL_NAMES[1], exact: true }).click();
  await page.getByRole('button', { name: 'Edit description' }).click();
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill(PAYLOADS.map((p) => p.value).join('\n'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Description' })).toContainText(PAYLOADS[3].value);
  const tagForm = page.getByRole('form', { name: 'Set a tag' });
  for (const key of KEY_PAYLOADS) {
    await tagForm.getByLabel('Key').fill(key);
    await tagForm.getByLabel('Value').fill(`${PAYLOADS[1].value} typed`);
    await tagForm.getByRole('button', { name: 'Set tag' }).click();
    // The form empties once the tag is saved; the list shows the typed value as text.
    await expect(tagForm.getByLabel('Key')).toHaveValue('');
    await expect(page.getByRole('region', { name: 'Tags' })).toContainText(
      `${key} = ${PAYLOADS[1].value} typed`,
    );
  }
  const aliasForm = page.getByRole('form', { name: 'Set an alias' });
  await aliasForm.getByLabel('Alias').fill('hasOwnProperty');
  await aliasForm.getByRole('button', { name: 'Set alias' }).click();
  await expect(page.getByRole('region', { name: 'Aliases' })).toContainText('hasOwnProperty');
  await expectSafe(page, seen, 'model edited');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(MODEL_NAMES[1]);
  await expectSafe(page, seen, 'model reloaded');
});

test('long strings: a 1 MB tag is cut to 8,000 characters as in MLflow, long words wrap quickly', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const seen = await guard(page);
  await openApp(page);
  const ids = await page.evaluate(async (big) => {
    const { client, registry } = window.tracklab!;
    const experimentId = await client.createExperiment('E'.repeat(500));
    const run = await client.createRun(experimentId, { runName: 'R'.repeat(8000) });
    const id = run.info.run_id;
    await client.setTag(id, 'huge', big);
    const kept = (await client.getRun(id)).data.tags.find((t) => t.key === 'huge')!.value.length;
    await client.setTag(id, 'long', 'T'.repeat(8000));
    await client.logParam(id, 'long', 'P'.repeat(6000));
    await client.setTag(id, 'mlflow.note.content', 'N'.repeat(8000));
    await client.logText(id, big, 'big.txt');
    await registry.createRegisteredModel('M'.repeat(200), [], big);
    return { experimentId, id, kept };
  }, ONE_MB);
  // MLflow truncates tag values to 8,000 characters rather than refusing the write.
  expect(ids.kept).toBe(8000);

  const started = Date.now();
  await page.goto(`/#/experiments/${ids.experimentId}/runs/${ids.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('R'.repeat(8000));
  await page
    .getByRole('navigation', { name: 'Artifact files' })
    .getByRole('button', { name: /big\.txt/ })
    .click();
  await expect(page.getByText('The preview stops here')).toBeVisible();
  const runMs = Date.now() - started;
  console.log(`run page with 8,000-character names and a 1 MB artifact: ${runMs} ms`);
  expect(runMs, 'run page with the longest strings').toBeLessThan(10_000);
  // Long unbroken words wrap: nothing pushes the page wider than the window.
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${OUT}/hostile-long-run.png` });
  await expectSafe(page, seen, 'long run');

  const modelStarted = Date.now();
  await page.goto('/#/models');
  await page.getByRole('link', { name: 'M'.repeat(200) }).click();
  await expect(page.getByRole('region', { name: 'Description' })).toContainText('MMMM');
  const modelMs = Date.now() - modelStarted;
  console.log(`model page with a 1 MB description: ${modelMs} ms`);
  expect(modelMs, 'model page with a 1 MB description').toBeLessThan(10_000);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  // The page answers at once after drawing it.
  const ping = Date.now();
  await page.evaluate(() => 1);
  expect(Date.now() - ping).toBeLessThan(1_000);
  await page.screenshot({ path: `${OUT}/hostile-long-model.png` });
  await expectSafe(page, seen, 'long model');
});

test('a dropped CSV whose names and cells are payloads previews, trains and shows as text', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const seen = await guard(page);
  await openApp(page, '/#/data');
  await drop(page, 'hostile.csv', hostileCsv(60));
  await expect(page.getByRole('heading', { level: 2, name: 'hostile' })).toBeVisible();
  // Prototype keys are ordinary column names and category values here.
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    await expect(page.getByRole('columnheader', { name: key, exact: true }).first()).toBeVisible();
  }
  await expectSafe(page, seen, 'data page');
  // A 240-character column name in the Target choice does not widen the page.
  expect(await overflow(page), 'data page wider than the window').toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${OUT}/hostile-csv.png`, fullPage: true });
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await expectSafe(page, seen, 'train page');
  expect(await overflow(page), 'train page wider than the window').toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: /^Start training/ }).click();
  const done = page.getByRole('status').filter({ hasText: 'Finished after 2 epochs' });
  await expect(done).toBeVisible({ timeout: 60_000 });
  await done.getByRole('link', { name: 'Open the run' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectSafe(page, seen, 'trained run');
});
