// Issue 15 defect 3: a run whose training tab goes away. Two pages of one context (two tabs of one
// browser): A trains on WASM, B shows the run. A frozen A (lock held, no heartbeat) reads "Not
// responding" in B and stays RUNNING; a closed A is closed by B as KILLED with A's last heartbeat
// as end time. A tab closed after the model was saved with "Register the model as" set gets its
// version registered when the app opens again; a partial model is not offered, and says why.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { drop } from '../e2e/drop';
import { openApp } from './app';

/** The label is x1 > 0.5 with a fifth flipped: the model never stops improving much (fixed LCG). */
function noisyCsv(rows: number): string {
  let s = 12345;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = ['x1,x2,label'];
  for (let i = 0; i < rows; i++) {
    const [x1, x2] = [next(), next()];
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${x1 > 0.5 !== next() < 0.2 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

/** Starts a long WASM training on the Train page (no early stopping); answers its run id. */
async function startLongTraining(
  page: Page,
  epochs: number,
  registerAs = '',
  beforeStart?: () => Promise<unknown>,
): Promise<string> {
  await openApp(page, '/#/data');
  await drop(page, 'noisy.csv', noisyCsv(600));
  await expect(page.getByRole('heading', { level: 2, name: 'noisy' })).toBeVisible();
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();
  if (registerAs) await page.getByLabel('Register the model as').fill(registerAs);
  await beforeStart?.();
  await page.getByRole('button', { name: /^Start training/ }).click();
  let runId = '';
  await expect
    .poll(async () => (runId = (await runningIds(page))[0] ?? ''), { timeout: 30_000 })
    .not.toBe('');
  return runId;
}

/** Ids of the RUNNING runs, as any tab reads them. */
function runningIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const runs = await window.tracklab!.client.searchRuns({
      experimentIds: ['0'],
      filterString: "attributes.status = 'RUNNING'",
    });
    return runs.items.map((r) => r.info.run_id);
  });
}

function runInfo(page: Page, runId: string) {
  return page.evaluate(async (id) => {
    const run = await window.tracklab!.client.getRun(id);
    const error = run.data.tags.find((t) => t.key === 'tracklab.error')?.value;
    return { ...run.info, error };
  }, runId);
}

/** The run's lease heartbeat as stored (what the training tab last wrote). */
function heartbeat(page: Page, runId: string): Promise<number | undefined> {
  return page.evaluate(async (id) => (await window.tracklab!.leases.get(id))?.heartbeat, runId);
}

async function loggedEpochs(page: Page, runId: string, atLeast: number) {
  await expect
    .poll(
      () =>
        page.evaluate(
          async (id) => (await window.tracklab!.client.getMetricHistory(id, 'loss')).length,
          runId,
        ),
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(atLeast);
}

const badge = (page: Page, text: string) => page.locator('.head').getByText(text, { exact: true });

async function twoTabs(context: BrowserContext) {
  const a = await context.newPage();
  const b = await context.newPage();
  return { a, b };
}

test('a frozen training tab reads "Not responding" elsewhere but stays RUNNING, and reads "Running" again when it recovers', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const { a, b } = await twoTabs(context);
  const runId = await startLongTraining(a, 10_000);
  await loggedEpochs(a, runId, 3);
  await openApp(b, `/#/experiments/0/runs/${runId}`);
  await expect(badge(b, 'Running')).toBeVisible();
  // B's watcher reads the leases every 2 s; one read before A hangs, as a tab open for a while has.
  await b.waitForTimeout(3_000);

  // A hangs: its main thread stays busy (a long script), so nothing renews the lease while the
  // tab, and its Web Lock, live on.
  const frozenAt = Date.now();
  const freeze = a.evaluate(() => {
    const end = Date.now() + 16_000;
    while (Date.now() < end);
  });
  await expect(badge(b, 'Not responding')).toBeVisible({ timeout: 15_000 });
  const notRespondingAfter = Date.now() - frozenAt;
  await expect(b.getByRole('status').filter({ hasText: 'stopped responding' })).toBeVisible();
  await b.screenshot({ path: 'test-results/screenshots/abandoned-not-responding.png' });
  expect((await runInfo(b, runId)).status).toBe('RUNNING'); // alive, only stalled: not closed
  await freeze;
  // A first works off the epochs its worker queued meanwhile, so its next renewal can take a while.
  const recoveredAt = Date.now();
  await expect(badge(b, 'Running')).toBeVisible({ timeout: 30_000 });
  const runningAgainAfter = Date.now() - recoveredAt;
  expect((await runInfo(b, runId)).status).toBe('RUNNING');
  await a.close();
  await expect(badge(b, 'Killed')).toBeVisible({ timeout: 15_000 });
  expect(await runningIds(b)).toEqual([]);
  console.log(
    `"Not responding" shown ${notRespondingAfter} ms after the tab hung; "Running" again ${runningAgainAfter} ms after it recovered`,
  );
});

test('a closed training tab: the runs table elsewhere shows it KILLED within seconds, ended at its last heartbeat', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const { a, b } = await twoTabs(context);
  const runId = await startLongTraining(a, 10_000);
  await loggedEpochs(a, runId, 3);
  await openApp(b, '/#/experiments/0');
  const row = b
    .getByRole('row')
    .filter({ has: b.getByRole('link', { name: /./ }) })
    .first();
  await expect(row.getByText('Running', { exact: true })).toBeVisible();
  const lastBefore = (await heartbeat(b, runId))!;
  await a.close();
  const closedAt = Date.now();
  await expect(row.getByText('Killed', { exact: true })).toBeVisible({ timeout: 15_000 });
  const killedAfter = Date.now() - closedAt;
  const info = await runInfo(b, runId);
  // Within a heartbeat period (2 s) of the close, and never B's later "now".
  expect(info.end_time! - lastBefore).toBeGreaterThanOrEqual(0);
  expect(closedAt - info.end_time!).toBeLessThan(2_500);
  expect(info.end_time!).toBeLessThan(closedAt + 500);
  expect(await runningIds(b)).toEqual([]);
  console.log(
    `KILLED shown ${killedAfter} ms after closing; ended ${closedAt - info.end_time!} ms before the close`,
  );
});

test('a tab closed after the model was saved, before registering: the app registers it on reopen', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const a = await context.newPage();
  // Registering never finishes in A, as if the tab closed the moment the model was written.
  const runId = await startLongTraining(a, 5, 'abandoned-model', () =>
    a.evaluate(() => {
      window.tracklab!.registry.createRegisteredModel = () => new Promise(() => {});
    }),
  );
  await expect
    .poll(
      () =>
        a.evaluate(
          async (id) => (await window.tracklab!.client.listArtifacts(id, 'model')).length,
          runId,
        ),
      { timeout: 30_000 },
    )
    .toBe(4);
  expect((await runInfo(a, runId)).status).toBe('RUNNING');
  await a.close();
  const closedAt = Date.now();
  await new Promise((r) => setTimeout(r, 6_000)); // the app opens again a while later

  const c = await context.newPage();
  await openApp(c, `/#/experiments/0/runs/${runId}`);
  await expect(badge(c, 'Killed')).toBeVisible({ timeout: 15_000 });
  await expect(c.getByRole('alert')).toContainText(
    "registered as 'abandoned-model' version 1, as asked",
  );
  // Ended when A went away (its last heartbeat), not when the app opened again.
  const info = await runInfo(c, runId);
  expect(closedAt - info.end_time!).toBeGreaterThanOrEqual(-500);
  expect(closedAt - info.end_time!).toBeLessThan(2_500);
  console.log(
    `reopened 6 s after the close: ended ${closedAt - info.end_time!} ms before the close`,
  );
  const region = c.getByRole('region', { name: 'Model registry' });
  await expect(region.getByRole('link', { name: /abandoned-model/ })).toBeVisible();
  expect(await runningIds(c)).toEqual([]);
});

test('a run with a partial model does not offer Evaluate, Predict or Register, and says the model is incomplete', async ({
  page,
}) => {
  await openApp(page, '/');
  const runId = await page.evaluate(async () => {
    const client = window.tracklab!.client;
    const run = await client.createRun('0', { runName: 'half-saved' });
    await client.logDict(
      run.info.run_id,
      { weightsManifest: [{ paths: ['group1-shard1of1.bin'] }] },
      'model/model.json',
    );
    await client.logText(
      run.info.run_id,
      'row,label,prediction\n0,yes,yes\n',
      'predictions/test.csv',
    );
    await client.setTerminated(run.info.run_id, 'KILLED');
    return run.info.run_id;
  });
  await openApp(page, `/#/experiments/0/runs/${runId}`);
  const note = page.getByRole('region', { name: 'Model' }).getByRole('note');
  await expect(note).toContainText('The model of this run is incomplete');
  await expect(note).toContainText(
    'model/MLmodel, model/preprocessor.json, model/group1-shard1of1.bin',
  );
  // The saved predictions still evaluate; the model is not among the sources.
  const evaluate = page.getByRole('region', { name: 'Evaluate' });
  await expect(evaluate).toBeVisible();
  await expect(evaluate.getByRole('option', { name: /the model, on/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Predict with this model' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Model registry' })).toHaveCount(0);
  await page.screenshot({
    path: 'test-results/screenshots/abandoned-incomplete-model.png',
    fullPage: true,
  });
  // Asked directly, predicting says the same instead of failing on a missing file.
  const error = await page.evaluate(
    (id) =>
      window.tracklab!.evaluate({ runId: id, data: 'test' }).then(
        () => 'evaluated',
        (e: Error) => e.message,
      ),
    runId,
  );
  expect(error).toContain('The model of this run is incomplete');
});

test('two tabs opened together close a run left RUNNING once, and register its model once', async ({
  context,
}) => {
  // A run of a closed tab that never wrote a lease (a build before leases, or closed before its
  // first heartbeat): the start-up scan of each tab that opens is what closes it.
  const seed = await context.newPage();
  await openApp(seed, '/#/experiments');
  const runId = await seed.evaluate(async () => {
    const { client } = window.tracklab!;
    const run = await client.createRun('0', {
      runName: 'left-behind',
      tags: { 'tracklab.session': 'a-closed-tab', 'tracklab.register_as': 'twice-opened' },
    });
    const id = run.info.run_id;
    const manifest = { weightsManifest: [{ paths: ['weights.bin'] }] };
    await client.logArtifacts(id, [
      { path: 'model/model.json', body: JSON.stringify(manifest) },
      { path: 'model/weights.bin', body: new Uint8Array(16) },
      { path: 'model/preprocessor.json', body: '{}' },
      { path: 'model/MLmodel', body: 'flavors: {}' },
      { path: 'config.json', body: '{}' },
    ]);
    return id;
  });
  await seed.close();

  const [b, c] = [await context.newPage(), await context.newPage()];
  await Promise.all([openApp(b, '/#/experiments'), openApp(c, '/#/experiments')]);
  await expect
    .poll(async () => (await runInfo(b, runId)).status, { timeout: 15_000 })
    .toBe('KILLED');
  await b.waitForTimeout(2_000); // a second closer, if there were one, would be done by now
  const versions = await c.evaluate(async () => {
    const { items } = await window.tracklab!.registry.searchModelVersions({
      filterString: "name = 'twice-opened'",
    });
    return items.map((v) => v.version);
  });
  expect(versions).toEqual(['1']);
  const error = await c.evaluate(
    async (id) =>
      (await window.tracklab!.client.getRun(id)).data.tags.find((t) => t.key === 'tracklab.error')
        ?.value,
    runId,
  );
  expect(error).toMatch(/registered as 'twice-opened' version 1, as asked/);
});
