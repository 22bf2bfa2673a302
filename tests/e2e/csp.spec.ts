// The Content-Security-Policy in force (issue 15's hardening): the built app is served with the
// policy as a header and a meta tag and has no inline script, and a person's whole path — drop a
// CSV, train on each backend, open the run with its charts, a Plotly figure and an HTML report —
// raises no violation. An HTML artifact's script never runs: it shows in a sandboxed frame only.
import { expect, test, type Page } from '@playwright/test';
import { watchCsp } from './csp-guard';
import { drop } from './drop';
import { openApp } from './seed';

const OUT = 'test-results/screenshots';

function twoClassCsv(rows: number): string {
  const lines = ['x1,x2,label'];
  for (let i = 0; i < rows; i++) {
    const [x1, x2] = [((i * 37) % 100) / 100, ((i * 61) % 100) / 100];
    lines.push(`${x1},${x2},${x1 + x2 > 1 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

async function trainDropped(page: Page, backend: string) {
  await openApp(page, '/#/data');
  await drop(page, 'points.csv', twoClassCsv(300));
  await expect(page.getByRole('heading', { level: 2, name: 'points' })).toBeVisible();
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption(backend);
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByRole('button', { name: /^Start training/ }).click();
  const done = page.getByRole('status').filter({ hasText: 'Finished after 3 epochs' });
  await expect(done).toBeVisible({ timeout: backend === 'webgpu' ? 100_000 : 45_000 });
  await expect(page.getByText(new RegExp(`Training on ${backend}`))).toBeVisible();
  return done;
}

test('the build is served with the policy as header and meta tag, and has no inline script', async ({
  page,
  request,
}) => {
  const response = await request.get('/');
  const header = response.headers()['content-security-policy'];
  expect(header).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(header).toContain("frame-ancestors 'none'");
  expect(header).not.toContain("'unsafe-eval'");
  const html = await response.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  await openApp(page);
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toContain("object-src 'none'");
  expect(meta).toContain("base-uri 'none'");
  expect(meta).not.toContain('frame-ancestors');
  // Workers take their policy from their own script's response, so every script carries it.
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.endsWith('.js')),
  );
  expect(scripts.length).toBeGreaterThan(0);
  const script = await request.get(scripts[0]);
  expect(script.headers()['content-security-policy']).toBe(header);
  // An inline script injected now is refused.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
  });
  expect(await page.evaluate(() => (window as { __inline?: number }).__inline)).toBeUndefined();
});

test('drop a CSV, train on wasm, open the run, its charts and artifacts: no violation', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const violations = await watchCsp(page);
  const done = await trainDropped(page, 'wasm');
  await expect(page.getByRole('img', { name: /Loss/ })).toBeVisible();
  await done.getByRole('link', { name: 'Open the run' }).click();
  await page.waitForURL(/\/runs\/[0-9a-f]{32}$/);
  const runId = page.url().split('/').at(-1)!;
  await expect(page.getByRole('img', { name: /line chart by step/ }).first()).toBeVisible();

  // A Plotly figure and an HTML report beside what training logged.
  await page.evaluate(async (id) => {
    const c = window.tracklab!.client;
    const figure = { data: [{ type: 'scatter', x: [1, 2, 3], y: [3, 1, 2] }], layout: {} };
    await c.logText(id, JSON.stringify(figure), 'plots/curve.json');
    await c.logText(id, '<style>h1{color:#b00}</style><h1>Report</h1>', 'report.html');
  }, runId);
  await page.reload();
  const files = page.getByRole('navigation', { name: 'Artifact files' });
  await files.getByRole('button', { name: 'plots', exact: true }).click();
  await files.getByRole('button', { name: /loss\.png/ }).click();
  await expect(page.getByRole('img', { name: 'Artifact plots/loss.png' })).toBeVisible();
  await files.getByRole('button', { name: /curve\.json/ }).click();
  const chart = page.getByRole('figure', { name: 'Chart curve.json' });
  await expect(chart.locator('svg.main-svg').first()).toBeVisible({ timeout: 15_000 });
  await chart.hover(); // Plotly's hover layer writes styles too.
  await files.getByRole('button', { name: 'predictions', exact: true }).click();
  await files.getByRole('button', { name: /test\.csv/ }).click();
  await expect(page.getByRole('table', { name: 'Preview of test.csv' })).toBeVisible();
  await files.getByRole('button', { name: /report\.html/ }).click();
  const frame = page.frameLocator('iframe[title="Preview of report.html"]');
  await expect(frame.getByRole('heading', { name: 'Report' })).toBeVisible();
  await page.screenshot({ path: `${OUT}/csp-run-page.png`, fullPage: true });
  expect(await violations()).toEqual([]);
});

for (const backend of ['cpu', 'webgl', 'webgpu']) {
  test(`trains on ${backend} under the policy with no violation`, async ({ page }) => {
    test.setTimeout(backend === 'webgpu' ? 150_000 : 90_000);
    const violations = await watchCsp(page);
    await trainDropped(page, backend);
    await expect(page.getByRole('img', { name: /Loss/ })).toBeVisible();
    expect(await violations()).toEqual([]);
  });
}

test('an HTML or SVG artifact with scripts shows in a sandboxed frame and runs nothing', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  await openApp(page);
  const where = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const experimentId = await c.createExperiment('sandbox');
    const run = await c.createRun(experimentId, { runName: 'hostile report' });
    const id = run.info.run_id;
    const evil =
      '<h1>Evil report</h1><script>parent.__pwned = 1; window.__pwned = 1; alert(1)</script>' +
      '<img src=x onerror="parent.__pwned = 2"><a href="javascript:parent.__pwned = 3">go</a>';
    await c.logText(id, evil, 'report.html');
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" onload="parent.__pwned = 4"><script>alert(2)' +
      '</script><text x="10" y="20">Evil picture</text></svg>';
    await c.logText(id, svg, 'plots/evil.svg');
    return { experimentId, id };
  });
  await page.goto(`/#/experiments/${where.experimentId}/runs/${where.id}`);
  const files = page.getByRole('navigation', { name: 'Artifact files' });
  await files.getByRole('button', { name: /report\.html/ }).click();
  const iframe = page.locator('iframe[title="Preview of report.html"]');
  await expect(iframe).toHaveAttribute('sandbox', '');
  const report = page.frameLocator('iframe[title="Preview of report.html"]');
  await expect(report.getByRole('heading', { name: 'Evil report' })).toBeVisible();
  await report.getByRole('link', { name: 'go' }).click();
  await files.getByRole('button', { name: 'plots', exact: true }).click();
  await files.getByRole('button', { name: /evil\.svg/ }).click();
  await expect(page.locator('iframe[title="Preview of evil.svg"]')).toHaveAttribute('sandbox', '');
  await expect(
    page.frameLocator('iframe[title="Preview of evil.svg"]').getByText('Evil picture'),
  ).toBeVisible();
  await page.screenshot({ path: `${OUT}/csp-sandboxed-svg.png` });
  // Nothing ran: no flag, no dialog, and the app is still here.
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await expect(page.getByRole('heading', { level: 1, name: 'hostile report' })).toBeVisible();
});
