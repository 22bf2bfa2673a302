// Charts read as a person needs them: a flat metric, a tiny range and many metrics. Every axis has
// at least three labelled ticks with distinct labels, and the metric list scrolls inside its box
// without cutting an item. Screenshots land in test-results/screenshots/ for a person to look at.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { toPlotlyJson, type Figure } from '../../src/lib/charts/figure';
import { openApp } from './seed';

const OUT = 'test-results/screenshots';

/** A run with a flat metric, a metric in a tiny range, a negative one and 30 more metric keys. */
async function seedManyMetrics(page: Page): Promise<{ experimentId: string; runId: string }> {
  return page.evaluate(async () => {
    const client = window.tracklab!.client;
    const experimentId = await client.createExperiment('charts');
    const run = await client.createRun(experimentId, { runName: 'flat-and-many' });
    const metrics = [];
    for (let step = 0; step < 12; step++) {
      const point = (key: string, value: number) => ({ key, value, timestamp: 1e12 + step, step });
      metrics.push(
        point('loss', 0.7),
        point('val_loss', 0.7),
        point('val_auc', 0.7001 + (step % 3) * 0.0001),
        point('delta', -1.5 - step * 1e-3),
      );
      for (let k = 0; k < 30; k++) {
        metrics.push(point(`system/gpu_${k}_memory_usage_percentage`, 40 + k + Math.sin(step)));
      }
    }
    await client.logBatch(run.info.run_id, { metrics });
    return { experimentId, runId: run.info.run_id };
  });
}

/** The tick labels of one axis of the chart, as drawn. */
async function tickLabels(chart: Locator, axis: 'x' | 'y'): Promise<string[]> {
  return (await chart.locator(`text.tick.${axis}`).allTextContents()).map((t) => t.trim());
}

async function expectReadableAxes(chart: Locator) {
  for (const axis of ['x', 'y'] as const) {
    const labels = await tickLabels(chart, axis);
    expect(labels.length, `${axis} ticks ${labels}`).toBeGreaterThanOrEqual(3);
    expect(new Set(labels).size, `${axis} ticks ${labels}`).toBe(labels.length);
  }
}

test('a flat metric, a tiny range and many metrics: three ticks or more, a list that scrolls', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page);
  const { experimentId, runId } = await seedManyMetrics(page);
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  const charts = page.getByRole('region', { name: 'Charts' });
  // loss and val_loss are plotted first: both flat at 0.7.
  const chart = charts.getByRole('img', { name: /^loss, val_loss/ });
  await expect(chart).toBeVisible();
  await expectReadableAxes(chart);
  // The flat value sits on a labelled tick between others.
  const flat = await tickLabels(chart, 'y');
  expect(flat.slice(1, -1)).toContainEqual(expect.stringMatching(/^0\.70*$/));

  // Many more ticked: 24 series, the legend takes rows and the plot gets short.
  const list = charts.getByRole('group', { name: 'Plot' });
  const many = [
    'val_auc',
    'delta',
    ...Array.from({ length: 20 }, (_, k) => `system/gpu_${k}_memory_usage_percentage`),
  ];
  for (const key of many) await list.getByLabel(key, { exact: true }).check();
  const crowded = charts.getByRole('img', { name: /^delta, loss, val_auc, val_loss, system/ });
  await expect(crowded).toBeVisible();
  await expectReadableAxes(crowded);
  await charts.screenshot({ path: `${OUT}/run-chart-many.png` });
  for (const key of many.slice(2)) await list.getByLabel(key, { exact: true }).uncheck();
  await expectReadableAxes(charts.getByRole('img', { name: /^delta, loss/ }));
  await charts.screenshot({ path: `${OUT}/run-chart-flat-many.png` });

  // The tiny range alone: labels precise enough to tell its ticks apart.
  for (const key of ['loss', 'val_loss', 'delta'])
    await list.getByLabel(key, { exact: true }).uncheck();
  const tiny = charts.getByRole('img', { name: /^val_auc/ });
  await expectReadableAxes(tiny);
  expect((await tickLabels(tiny, 'y')).every((l) => /^0\.700\d+$/.test(l))).toBe(true);
  await charts.screenshot({ path: `${OUT}/run-chart-tiny-range.png` });

  // The metric list scrolls inside a bounded box that ends on an item boundary, wherever it is
  // scrolled to: rows are one line each and scrolling snaps to them.
  const box = list.locator('.keys');
  const cutItems = () =>
    box.evaluate((el) => {
      const outer = el.getBoundingClientRect();
      const inner = {
        top: outer.top + el.clientTop,
        bottom: outer.top + el.clientTop + el.clientHeight,
      };
      const items = [...el.querySelectorAll('label')].map((l) => l.getBoundingClientRect());
      const cut = (edge: number) => items.filter((r) => r.top < edge - 1 && r.bottom > edge + 1);
      return {
        scrolls: el.scrollHeight > el.clientHeight,
        overflowY: getComputedStyle(el).overflowY,
        height: outer.height,
        cut: cut(inner.top).length + cut(inner.bottom).length,
        items: items.length,
        scrollTop: el.scrollTop,
      };
    });
  const atTop = await cutItems();
  expect(atTop.items).toBe(34);
  expect(atTop.scrolls).toBe(true);
  expect(atTop.overflowY).toBe('auto');
  expect(atTop.height).toBeLessThan(400);
  expect(atTop.cut, 'an item cut by an edge of the list').toBe(0);
  await expect(list.getByText('34 metrics · scroll for more')).toBeVisible();
  for (const by of [37, 61, 500]) {
    await box.hover();
    await page.mouse.wheel(0, by);
    await expect.poll(async () => (await cutItems()).cut, { timeout: 3000 }).toBe(0);
  }
  expect((await cutItems()).scrollTop).toBeGreaterThan(0);
  await charts.screenshot({ path: `${OUT}/run-chart-list-scrolled.png` });
  // On a phone the list wraps keys side by side, in the same whole rows.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(async () => (await cutItems()).cut, { timeout: 3000 }).toBe(0);
  await charts.screenshot({ path: `${OUT}/run-chart-390px.png` });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The last key is reachable by scrolling the list.
  const last = list.getByLabel('system/gpu_9_memory_usage_percentage', { exact: true });
  await last.scrollIntoViewIfNeeded();
  await last.check();
  await expect(last).toBeChecked();
});

test('artifact charts: a flat PNG curve and Plotly figures keep three labelled ticks per axis', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page);
  // A residuals-style figure over a tiny range and a flat one, as evaluation logs them (Plotly JSON).
  const tiny: Figure = {
    title: 'Tiny range',
    xLabel: 'predicted',
    yLabel: 'residual',
    traces: [
      {
        type: 'line',
        name: 'rows',
        x: [0.70011, 0.70012, 0.70013],
        y: [-1.5, -1.5001, -1.5002],
        markers: true,
      },
    ],
  };
  const flat: Figure = {
    title: 'Flat',
    xLabel: 'epoch',
    yLabel: 'loss',
    traces: [{ type: 'line', name: 'loss', x: [0, 1], y: [0.7, 0.7] }],
  };
  const { experimentId, runId } = await page.evaluate(
    async ({ tiny, flat }) => {
      const app = window.tracklab!;
      const experimentId = await app.client.createExperiment('artifact-charts');
      const run = await app.client.createRun(experimentId, { runName: 'plots' });
      const id = run.info.run_id;
      await app.client.logText(id, JSON.stringify(tiny), 'plots/tiny.json');
      await app.client.logText(id, JSON.stringify(flat), 'plots/flat.json');
      // The training worker draws the PNG curves a run logs.
      const png = await app.training.renderPlot({
        title: 'Loss',
        xLabel: 'epoch',
        series: [{ name: 'loss', x: [0, 1], y: [0.7, 0.7] }],
      });
      await app.client.logArtifact(id, 'plots/flat.png', png);
      return { experimentId, runId: id };
    },
    { tiny: toPlotlyJson(tiny), flat: toPlotlyJson(flat) },
  );
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  const files = page.getByRole('navigation', { name: 'Artifact files' });
  await files.getByRole('button', { name: 'plots', exact: true }).click();
  for (const name of ['tiny', 'flat']) {
    await files.getByRole('button', { name: new RegExp(`${name}\\.json`) }).click();
    const chart = page.getByRole('figure', { name: `Chart ${name}.json` });
    await expect(chart.locator('svg.main-svg').first()).toBeVisible({ timeout: 15_000 });
    for (const axis of ['xtick', 'ytick']) {
      const labels = await chart.locator(`g.${axis} text`).allTextContents();
      expect(labels.length, `${name} ${axis}: ${labels}`).toBeGreaterThanOrEqual(3);
      expect(new Set(labels).size).toBe(labels.length);
    }
    await page.getByRole('region', { name: 'Artifacts' }).screenshot({
      path: `${OUT}/artifact-plotly-${name}.png`,
    });
  }
  await files.getByRole('button', { name: /flat\.png/ }).click();
  await expect(page.getByRole('img', { name: 'Artifact plots/flat.png' })).toBeVisible();
  await page.getByRole('region', { name: 'Artifacts' }).screenshot({
    path: `${OUT}/artifact-png-flat.png`,
  });
});
