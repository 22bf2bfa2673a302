/**
 * The TrackingStore contract in a real Chromium, over real IndexedDB (the same cases run against
 * fake-indexeddb in Vitest and against a real mlflow server in tests/interop).
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { contractCases } from '../../src/lib/tracking/contract/cases';

const BUNDLE = 'test-results/browser-bundle/contract.js';

// The bundle goes in as an inline script, which the app's CSP rightly refuses; this spec is about
// the store, not the policy (tests/e2e/csp.spec.ts is), so the policy is bypassed here alone.
test.use({ bypassCSP: true });

test.beforeAll(() => {
  execFileSync('npx', ['vite', 'build', '--config', 'tests/browser/vite.config.ts'], {
    stdio: 'inherit',
  });
});

test('DexieStore passes the TrackingStore contract in Chromium', async ({ page }) => {
  // Any page of the app's origin will do; the bundle brings its own store.
  await page.goto('/');
  await page.addScriptTag({ path: BUNDLE });
  const results = await page.evaluate(() =>
    (
      globalThis as unknown as {
        TracklabContract: { runContract(): Promise<{ name: string; error?: string }[]> };
      }
    ).TracklabContract.runContract(),
  );
  expect(results.map((r) => r.name)).toEqual(contractCases.map((c) => c.name));
  expect(results.filter((r) => r.error)).toEqual([]);
});
