// Shared aids of the fault suite: open the app, and reach Chromium's DevTools protocol for the
// faults only it can cause (a storage quota, a renderer crash).
import type { Page } from '@playwright/test';

export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => !!window.tracklab);
}

/**
 * Caps this origin's storage quota at `bytes` (Chromium's Storage.overrideQuotaForOrigin; absent,
 * the cap is lifted). Set before the origin's storage first opens in this browser session, the
 * cap holds from the first write; set later, Chromium enforces it only once its cached figure of
 * the room left runs out (writes kept passing for 16-84 s here, over 150 s on a busy machine:
 * quota.spec.ts). The CDP session stays open: closing it would withdraw the override. navigator.storage.estimate() keeps reporting the old quota;
 * writes past the cap fail with QuotaExceededError all the same.
 */
export async function overrideQuota(page: Page, bytes: number | undefined): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin,
    ...(bytes === undefined ? {} : { quotaSize: bytes }),
  });
}

/** Bytes this origin uses now, as the browser counts them for the quota. */
export async function usage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

/** Crashes the page's renderer (CDP Page.crash); the page object is unusable afterwards. */
export async function crashRenderer(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = new Promise((resolve) => page.once('crash', resolve));
  // The reply never comes: the session dies with the renderer.
  void cdp.send('Page.crash').catch(() => undefined);
  await Promise.race([crashed, new Promise((resolve) => setTimeout(resolve, 5000))]);
}
