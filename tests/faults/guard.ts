// Watches a page for hostile input getting through: any dialog (alert/confirm/prompt), any
// uncaught page error, the window.__pwned flag every payload sets when it runs, and prototype
// pollution (Object.prototype gaining keys, ({}).polluted). expectSafe asserts all of it at once.
import { expect, type Page } from '@playwright/test';

declare global {
  interface Window {
    __pwned?: unknown;
    __protoKeys?: string[];
  }
}

export interface Guard {
  dialogs: string[];
  errors: string[];
  /** Main-frame documents loaded, in order: a failure names what navigated the page. */
  loads: string[];
}

export async function guard(page: Page): Promise<Guard> {
  const seen: Guard = { dialogs: [], errors: [], loads: [] };
  page.on('load', () => seen.loads.push(`${new Date().toISOString()} ${page.url()}`));
  page.on('dialog', (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  // Recorded before any app script runs, to compare against after the payloads went through.
  await page.addInitScript(() => {
    window.__protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  });
  return seen;
}

/** Nothing ran, nothing polluted, no dialog or uncaught error, and the page still has its h1. */
export async function expectSafe(page: Page, seen: Guard, where: string): Promise<void> {
  const read = () =>
    page.evaluate(() => ({
      pwned: window.__pwned ?? (window.top as Window | null)?.__pwned,
      polluted: ({} as Record<string, unknown>).polluted,
      protoKeys: Object.getOwnPropertyNames(Object.prototype).sort(),
      before: window.__protoKeys,
      fnPolluted: (Function.prototype as unknown as Record<string, unknown>).polluted,
    }));
  const at = page.url();
  // A context destroyed mid-check means a new document loaded. Seen once in ~6 CI runs right after
  // a page.goto between hash routes (the goto's own document replacing the one it returned on);
  // the page is then read again once it settles — only if it is still at the same address: a
  // payload that navigated elsewhere fails here, naming every document that loaded.
  const state = await read().catch(async (e: Error) => {
    await page.waitForLoadState();
    await page
      .waitForFunction(() => !!window.tracklab, undefined, { timeout: 10_000 })
      .catch(() => {});
    if (page.url() !== at) {
      throw new Error(
        `${where}: ${e.message}; now at ${page.url()}\nDocuments loaded: ${seen.loads.join(' | ')}`,
      );
    }
    console.log(`${where}: the document was replaced mid-check at the same address; read again`);
    return read();
  });
  expect(state.pwned, `${where}: a payload ran`).toBeUndefined();
  expect(state.polluted, `${where}: Object.prototype polluted`).toBeUndefined();
  expect(state.fnPolluted, `${where}: Function.prototype polluted`).toBeUndefined();
  expect(state.protoKeys, `${where}: Object.prototype changed`).toEqual(state.before);
  expect(await injectedMarkup(page), `${where}: markup from data`).toEqual([]);
  expect(seen.dialogs, `${where}: dialogs`).toEqual([]);
  expect(seen.errors, `${where}: uncaught errors`).toEqual([]);
  await expect(page.getByRole('heading', { level: 1 }).first(), `${where}: no h1`).toBeVisible();
}

/**
 * Markup that only a payload could have made: an event-handler attribute on any element, a link
 * or frame to a script URL, a <script> with no src, a <style> or <iframe> outside the app's own.
 */
export function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) {
        if (a.startsWith('on')) found.push(`<${el.localName} ${a}>`);
      }
      for (const a of ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'srcdoc']) {
        const url = el.getAttribute(a);
        if (url && /^\s*(javascript|vbscript|data:text\/html)/i.test(url)) {
          found.push(`<${el.localName} ${a}=${url}>`);
        }
      }
    }
    const inline = document.querySelectorAll('script:not([src])').length;
    if (inline) found.push(`${inline} inline <script>`);
    const frames = document.querySelectorAll('iframe:not([sandbox=""])').length;
    if (frames) found.push(`${frames} iframe(s) not fully sandboxed`);
    return found;
  });
}
