// A full disk (issue 15, defect 1): the origin's quota is capped just above its usage, then a
// training runs (Chromium's Storage.overrideQuotaForOrigin). Training must stop at the first
// write that fails, the run end FAILED saying so and how many epochs are kept (exactly the stored
// history), the screen say it, Settings free space on the still-full disk with a permanent
// delete, and a reload while full still close a run a closed tab left RUNNING.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drop } from '../e2e/drop';
import { openApp, overrideQuota } from './app';
import { launchWithProfile, type OwnBrowser } from './kill/browser';

/**
 * Chromium's IndexedDB checks a write against a cached figure of the room left, which it trusts
 * for up to 30 s (decaying): a cap set while the origin's storage is open is enforced only once
 * that figure runs out — 16–84 s after it was set here, over 150 s on a busy CI machine. A cap set
 * before the origin's storage first opens in a browser session holds from the first write, so the
 * training test starts the browser again on its profile and caps the quota before the app opens.
 * A reload does not reset the figure (the browser keeps the storage open across it), so the tests
 * that cap an open origin write until Chromium refuses, for up to this long.
 */
const QUOTA_NOTICED_MS = 150_000;

/** Room left under the cap when training starts: a few hundred epochs' metrics. */
const ROOM_BYTES = 150_000;

// The training test's browser: a persistent profile, as a person has, started twice.
let own: OwnBrowser | undefined;
let profile: string | undefined;
test.afterEach(async () => {
  await own?.close();
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  own = profile = undefined;
});

async function relaunch(browser: OwnBrowser): Promise<OwnBrowser> {
  await browser.close();
  return launchWithProfile(profile!);
}

/** Two features and a label a model learns; a fixed LCG, so the file is the same every time. */
function csv(rows: number, seed = 7): string {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = ['x1,x2,label'];
  for (let i = 0; i < rows; i++) {
    const [x1, x2] = [next(), next()];
    lines.push(`${x1.toFixed(5)},${x2.toFixed(5)},${x1 + x2 > 1 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

/** Bytes the browser counts for this origin now (CDP: the figure the quota is checked against). */
async function originUsage(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const { usage } = await cdp.send('Storage.getUsageAndQuota', {
    origin: new URL(page.url()).origin,
  });
  await cdp.detach();
  return usage;
}

/** An experiment holding `bytes` of random artifact data: old work a person could delete. */
async function seedOldWork(page: Page, bytes: number): Promise<string> {
  return page.evaluate(async (bytes) => {
    const client = window.tracklab!.client;
    const id = await client.createExperiment('Old work');
    const run = await client.createRun(id, { runName: 'big-model' });
    const data = new Uint8Array(bytes);
    for (let at = 0; at < bytes; at += 65536) crypto.getRandomValues(data.subarray(at, at + 65536));
    await client.logArtifact(run.info.run_id, 'model/weights.bin', data);
    return id;
  }, bytes);
}

/** Waits until the app has set its storage reserve aside (start-up does it in the background). */
async function reserveHeld(page: Page) {
  await expect.poll(() => page.evaluate(() => window.tracklab!.reserve.held())).toBe(true);
}

async function openTrain(page: Page) {
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();
}

test('a full disk mid-training stops at once, ends FAILED with the kept epochs; Settings deletes for good while full', async ({
  baseURL,
}) => {
  test.setTimeout(300_000);
  profile = mkdtempSync(join(tmpdir(), 'tracklab-quota-'));
  own = await launchWithProfile(profile);
  // The person's lab: a dataset to train on, a spare one and an old experiment to delete.
  let page: Page = await own.context.newPage();
  await openApp(page, `${baseURL}/#/data`);
  await drop(page, 'spare.csv', csv(30_000, 99));
  await expect(page.getByRole('heading', { level: 2, name: 'spare' })).toBeVisible();
  await drop(page, 'sums.csv', csv(200));
  await expect(page.getByRole('heading', { level: 2, name: 'sums' })).toBeVisible();
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await seedOldWork(page, 2_000_000);
  await reserveHeld(page);
  // Chromium reports no usage for an origin before its storage opens: measure it now.
  const usedAtCap = await originUsage(page);

  // The browser starts again with the disk nearly full: room for a few hundred epochs' metrics.
  own = await relaunch(own);
  page = await own.context.newPage();
  await page.goto(`${baseURL}/quota-first`);
  await overrideQuota(page, usedAtCap + ROOM_BYTES);
  await openApp(page, `${baseURL}/#/data`);
  await page.getByRole('button', { name: 'Open sums' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'sums' })).toBeVisible();
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await openTrain(page);
  await page.getByLabel('Epochs', { exact: true }).fill('10000');
  await page.getByLabel('Batch size', { exact: true }).fill('32');
  // The largest epoch the screen ever shows, to compare with the epochs kept.
  await page.evaluate(() => {
    const w = window as unknown as { maxShown: number };
    w.maxShown = 0;
    new MutationObserver(() => {
      const label = document.querySelector('label[for="epoch-progress"]');
      const m = /^Epoch (\d+) of/.exec(label?.textContent ?? '');
      if (m) w.maxShown = Math.max(w.maxShown, Number(m[1]));
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole('button', { name: /^Start training/ }).click();
  const line = page.locator('label[for="epoch-progress"]');
  const started = Date.now();

  const alert = page.getByRole('alert').filter({ hasText: 'storage for Tracklab is full' });
  await expect(alert).toBeVisible({ timeout: 120_000 });
  const failedAfterMs = Date.now() - started;
  const [, kept] = (await alert.textContent())!.match(/(\d+) of 10000 epochs are kept/)!;
  expect(Number(kept)).toBeGreaterThan(10); // stopped mid-training, not at the start
  await expect(line).toHaveText(`Failed after ${kept} of 10000 epochs`);
  await expect(alert.getByRole('link', { name: 'Free space in Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Start training/ })).toBeEnabled();
  await page
    .locator('section[aria-labelledby="progress-heading"]')
    .screenshot({ path: 'test-results/screenshots/train-storage-full.png' });

  // The run says the same, and its stored history is exactly the kept epochs, readable.
  const run = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const [r] = (await c.searchRuns({ experimentIds: ['0'] })).items;
    const loss = await c.getMetricHistory(r.info.run_id, 'loss');
    return {
      status: r.info.status,
      error: r.data.tags.find((t) => t.key === 'tracklab.error')?.value ?? '',
      steps: loss.map((m) => m.step),
    };
  });
  expect(run.status).toBe('FAILED');
  expect(run.error).toContain(`storage for Tracklab is full`);
  expect(run.error).toContain(`${kept} of 10000 epochs are kept`);
  expect(run.steps).toEqual([...Array(Number(kept)).keys()]);
  const maxShown = await page.evaluate(() => (window as unknown as { maxShown: number }).maxShown);
  // The line counted stored epochs only, never one that was lost.
  expect(maxShown).toBeGreaterThan(0);
  expect(maxShown).toBeLessThanOrEqual(Number(kept));
  console.log(
    `largest epoch shown while running: ${maxShown}; kept: ${kept}; quota capped at ${usedAtCap + ROOM_BYTES} B (usage ${usedAtCap} B); failure shown ${failedAfterMs} ms after Start`,
  );

  // Ending the run spent the reserve, which freed a little room: fill the disk again, writing
  // until Chromium refuses (it enforces the new cap only once its cached figure expires). Then an
  // ordinary write — MLflow's soft delete is one — is refused.
  await overrideQuota(page, (await originUsage(page)) + 1_000);
  const refused = await page.evaluate(async (wait) => {
    const c = window.tracklab!.client;
    const old = await c.getExperimentByName('Old work');
    const [run] = (await c.searchRuns({ experimentIds: [old!.experiment_id] })).items;
    for (let i = 0, end = Date.now() + wait; Date.now() < end; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(10_000));
      const error = await c.logArtifact(run.info.run_id, `filler/${i}.bin`, bytes).then(
        () => null,
        (e: Error) => e.message,
      );
      if (error) return error;
      await new Promise((r) => setTimeout(r, 50));
    }
    return 'never refused';
  }, QUOTA_NOTICED_MS);
  expect(refused).toContain('storage for Tracklab is full');
  const softDelete = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const old = await c.getExperimentByName('Old work');
    return c.deleteExperiment(old!.experiment_id).then(
      () => 'saved',
      (e: Error) => e.message,
    );
  });
  expect(softDelete).toContain('storage for Tracklab is full');

  // Settings: usage per experiment, dataset and artifact; permanent deletes work on the full disk.
  await page.getByRole('link', { name: 'Free space in Settings' }).click();
  const storage = page.getByRole('region', { name: 'Storage' });
  const oldRow = storage
    .getByRole('table', { name: 'Experiments' })
    .getByRole('row')
    .filter({ hasText: 'Old work' });
  await expect(oldRow.getByRole('cell').nth(4)).toHaveText(/^[1-9]\.\d MB$/);
  await expect(storage.getByRole('row').filter({ hasText: 'spare' })).toBeVisible();
  const before = await originUsage(page);
  await storage.screenshot({ path: 'test-results/screenshots/settings-storage.png' });
  // The largest artifact first: one file of a run, deleted for good on the full disk.
  const weights = storage
    .getByRole('table', { name: 'Largest artifacts' })
    .getByRole('row')
    .filter({ hasText: 'model/weights.bin' });
  await expect(weights).toContainText('big-model');
  await storage
    .getByRole('button', { name: 'Delete artifact model/weights.bin of run big-model for good' })
    .click();
  await expect(storage.getByRole('alertdialog')).toContainText('model will be incomplete');
  await storage.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
  await expect(storage.getByRole('status')).toContainText(
    /Artifact “model\/weights\.bin” of run “big-model” deleted for good\. Freed [\d.]+ MB\./,
  );
  await expect(weights).toHaveCount(0);
  await storage.getByRole('button', { name: 'Delete experiment Old work for good' }).click();
  const confirm = storage.getByRole('alertdialog');
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByRole('button', { name: 'Delete for good' }).click();
  await expect(storage.getByRole('status')).toContainText(
    /Experiment “Old work” deleted for good\./,
  );
  await expect(oldRow).toHaveCount(0);
  await storage.getByRole('button', { name: 'Delete dataset spare for good' }).click();
  await storage.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
  await expect(storage.getByRole('status')).toContainText(/Dataset “spare” deleted for good/);
  // Chromium gives the room of deleted rows back when its database files are next tidied
  // (compacted): within seconds in some tries here, not within a minute in others, so the
  // browser's figure is read, not asserted.
  await page.waitForTimeout(5000);
  console.log(
    `Settings deletes on the full disk: usage ${before} B → ${await originUsage(page)} B 5 s later`,
  );
  await storage.screenshot({ path: 'test-results/screenshots/settings-storage-after-delete.png' });

  // Once the disk has room again, training works again, with the reserve set aside anew.
  await overrideQuota(page, undefined);
  await page.getByRole('link', { name: 'Train', exact: true }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(line).toHaveText(/^Trained all 5 epochs/, { timeout: 60_000 });
  await reserveHeld(page);
});

test('a reload while the disk is full closes a run a closed tab left RUNNING, with the reason', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openApp(page, '/#/experiments');
  const runId = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const run = await c.createRun('0', {
      runName: 'left-running',
      tags: { 'tracklab.session': 'a-closed-tab' },
    });
    await c.logMetrics(run.info.run_id, { loss: 0.5 }, { step: 0 });
    return run.info.run_id;
  });
  await reserveHeld(page);
  await overrideQuota(page, (await originUsage(page)) + 10_000);
  // Write until Chromium enforces the cap (see QUOTA_NOTICED_MS).
  const refused = await page.evaluate(
    async ({ runId, wait }) => {
      const c = window.tracklab!.client;
      for (let step = 1, end = Date.now() + wait; Date.now() < end; step++) {
        const error = await c.logMetrics(runId, { loss: 1 / step }, { step }).then(
          () => null,
          (e: Error) => e.message,
        );
        if (error) return error;
        await new Promise((r) => setTimeout(r, 50));
      }
      return 'never refused';
    },
    { runId, wait: QUOTA_NOTICED_MS },
  );
  expect(refused).toContain('storage for Tracklab is full');

  await page.reload();
  await page.waitForFunction(() => !!window.tracklab);
  await expect
    .poll(() =>
      page.evaluate((id) => window.tracklab!.client.getRun(id), runId).then((r) => r.info.status),
    )
    .toBe('KILLED');
  const run = await page.evaluate((id) => window.tracklab!.client.getRun(id), runId);
  expect(run.data.tags.find((t) => t.key === 'tracklab.error')?.value).toContain(
    'closed or crashed before it finished',
  );
  expect(run.info.end_time).toBeGreaterThan(0);
  // Every point logged before stays readable.
  const points = await page.evaluate(
    (id) => window.tracklab!.client.getMetricHistory(id, 'loss'),
    runId,
  );
  expect(points.length).toBeGreaterThan(1);
});
