// Aids of the two-tab specs: two pages of one context (one origin, one IndexedDB) on the same
// screen, and the screenshots each new screen state gets.
import type { Page } from '@playwright/test';
import { openApp } from './app';

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

/** The page given and a second tab beside it, both on `path` with the app started. */
export async function twoTabs(page: Page, path: string): Promise<[Page, Page]> {
  await openApp(page, path);
  const other = await page.context().newPage();
  await openApp(other, path);
  return [page, other];
}
