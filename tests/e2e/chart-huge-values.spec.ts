// Chart axes over very large values (issue 15, defect 5a): tick labels stay compact (1.2T, 1.5e15)
// and the plot's margin grows to the longest one, so no label runs over the metric list beside the
// chart or the legend above it. Boxes are measured as drawn; screenshots are for a person to see.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp } from './seed';

const OUT = 'test-results/screenshots';

/** A run whose metrics are huge: a count near 123456789012 that moves by ones, 3e12 and 4e21. */
async function seedHugeMetrics(page: Page): Promise<{ experimentId: string; runId: string }> {
  return page.evaluate(async () => {
    const client = window.tracklab!.client;
    const experimentId = await client.createExperiment('huge');
    const run = await client.createRun(experimentId, { runName: 'huge-values' });
    const metrics = [];
    for (let i = 0; i < 12; i++) {
      // Steps as large as a millisecond clock, as some loggers write them.
      const step = 1_700_000_000_000 + i * 1000;
      const point = (key: string, value: number) => ({ key, value, timestamp: 1e12 + i, step });
      metrics.push(
        point('rows_seen', 123456789012 + i),
        point('gradient_norm', -3e12 * (1 + i / 7)),
        point('val_loss', 4.2e21 - i * 1.3e19),
      );
    }
    await client.logBatch(run.info.run_id, { metrics });
    return { experimentId, runId: run.info.run_id };
  });
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxes(locator: Locator): Promise<Box[]> {
  const out: Box[] = [];
  for (const item of await locator.all()) out.push((await item.boundingBox())!);
  return out;
}

const KEYS = ['rows_seen', 'gradient_norm', 'val_loss'];

for (const [key, width] of KEYS.flatMap((k) => [1280, 760, 420].map((w) => [k, w] as const))) {
  test(`${key} at ${width}px: labels stay clear of the metric list and the legend`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await openApp(page);
    const { experimentId, runId } = await seedHugeMetrics(page);
    await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
    const charts = page.getByRole('region', { name: 'Charts' });
    const list = charts.getByRole('group', { name: 'Plot' });
    for (const other of KEYS) {
      const box = list.getByRole('checkbox', { name: other });
      if (other === key) await box.check();
      else await box.uncheck();
      await expect(box).toBeChecked({ checked: other === key });
    }
    const chart = charts.getByRole('img', { name: new RegExp(`^${key}`) });
    await expect(chart).toBeVisible();
    const labels = (await chart.locator('text.tick.y').allTextContents()).map((t) => t.trim());
    console.log(key, width, labels);
    await charts.screenshot({ path: `${OUT}/charts-huge-${key}-${width}.png` });
    const frame = (await chart.boundingBox())!;
    const ticks = await boxes(chart.locator('text.tick'));
    const others = [
      ...(await boxes(list)),
      ...(await boxes(chart.locator('text.legend'))),
      ...(await boxes(chart.locator('text.title'))),
    ];
    for (const [i, tick] of ticks.entries()) {
      expect(tick.x, `tick ${i} inside the chart on the left`).toBeGreaterThanOrEqual(
        frame.x - 0.5,
      );
      expect(tick.x + tick.width, `tick ${i} inside on the right`).toBeLessThanOrEqual(
        frame.x + frame.width + 0.5,
      );
      for (const other of others) expect(overlaps(tick, other), `tick ${i}`).toBe(false);
    }
  });
}
