// Watches a page for Content-Security-Policy violations: the document's securitypolicyviolation
// events (hooked before any app script runs) and Chromium's "Refused to …" console errors, which
// also come from frames. A spec asserts the list is empty after driving the app.
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      seen.push(`console: ${m.text()}`);
    }
  });
  page.on('worker', (w) => {
    // A worker's own violations (e.g. WASM compiled without 'wasm-unsafe-eval') log here.
    w.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(`worker: ${m.text()}`);
    });
  });
  // Runs through DevTools before the page's scripts, so the policy does not apply to it.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations!.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    );
  });
  return async () => [
    ...seen,
    ...((await page.evaluate(() => window.__cspViolations).catch(() => [])) ?? []),
  ];
}
