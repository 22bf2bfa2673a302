// A full disk mid-import (issue 15): a CSV dropped when the origin's quota has no room for it is
// refused with a message that says what to do; the datasets and runs saved before stay readable,
// nothing half-saved is listed, and once space returns the same drop works.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drop } from '../e2e/drop';
import { openApp, overrideQuota } from './app';
import { launchWithProfile, type OwnBrowser } from './kill/browser';
import { binaryCsv } from './kill/workloads';

// A persistent profile, as a person has (and the cap set before storage opens: app.ts).
let own: OwnBrowser;
let profile: string;
test.beforeEach(async () => {
  profile = mkdtempSync(join(tmpdir(), 'tracklab-quota-'));
  own = await launchWithProfile(profile);
});
test.afterEach(async () => {
  await own.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

test('a CSV dropped on a full disk is refused; what was saved before stays', async ({
  baseURL,
}) => {
  const page = await own.context.newPage();
  await page.goto(`${baseURL}/quota-first`); // the cap must come before any storage opens
  await overrideQuota(page, 1024 * 1024);
  await openApp(page, `${baseURL}/#/data`);
  await drop(page, 'before.csv', binaryCsv(200, 1));
  await expect(page.getByRole('heading', { level: 2, name: 'before' })).toBeVisible();
  const runId = await page.evaluate(async () => {
    const { client } = window.tracklab!;
    const run = await client.createRun('0', { runName: 'saved-before' });
    await client.logBatch(run.info.run_id, {
      metrics: [0, 1, 2].map((step) => ({
        key: 'loss',
        value: 1 / (step + 1),
        step,
        timestamp: step,
      })),
    });
    await client.setTerminated(run.info.run_id, 'FINISHED');
    return run.info.run_id;
  });

  const big = binaryCsv(80_000, 2); // about 2.5 MB: more than the 1 MB cap
  await drop(page, 'too-big.csv', big);
  await expect(page.getByRole('alert')).toContainText('no room left to save this dataset');
  await expect(page.getByRole('alert')).toContainText('Nothing was saved');
  await page.screenshot({ path: 'test-results/screenshots/faults-full-disk-import.png' });

  const kept = await page.evaluate(async (runId) => {
    const { client, datasets } = window.tracklab!;
    const sets = await datasets.list();
    const bytes = await Promise.all(sets.map((d) => datasets.bytes(d.sha256)));
    const history = await client.getMetricHistory(runId, 'loss');
    return {
      names: sets.map((d) => d.name),
      sizes: bytes.map((b, i) => b.length === sets[i].size),
      history: history.length,
    };
  }, runId);
  expect(kept).toEqual({ names: ['before'], sizes: [true], history: 3 });

  // Space returns (as after deleting something): the same drop now saves. The new cap, like the
  // first, applies once the origin's storage opens again, so the app is reopened.
  await page.close();
  const again = await own.context.newPage();
  await again.goto(`${baseURL}/quota-lifted`);
  await overrideQuota(again, 100 * 1024 * 1024);
  await openApp(again, `${baseURL}/#/data`);
  await drop(again, 'too-big.csv', big);
  await expect(again.getByRole('heading', { level: 2, name: 'too-big' })).toBeVisible({
    timeout: 30_000,
  });
});
