// Compare as a person does it: tick runs in two experiments, compare them, read only the
// differences, pin a baseline and read the deltas (better or worse by the metric's direction),
// and see a one-point spike in a 100,000-point history drawn.
import { expect, test } from '@playwright/test';
import { openApp, seedExperiment } from './seed';

test('select runs across two experiments, diff them against a baseline, see a spike', async ({
  page,
}) => {
  await openApp(page, '/#/');
  const a = await seedExperiment(page, 'first', [
    { name: 'adam', params: { lr: '0.01', opt: 'adam' }, metrics: { val_loss: 0.5, val_auc: 0.8 } },
    { name: 'sgd', params: { lr: '0.01', opt: 'sgd' }, metrics: { val_loss: 0.4, val_auc: 0.7 } },
  ]);
  const b = await seedExperiment(page, 'second', [
    { name: 'long', params: { lr: '0.01', opt: 'adam' }, metrics: { val_loss: 0.6, val_auc: 0.9 } },
  ]);
  // A 100,000-step history with one spike (100 at step 50,000) in the second experiment's run.
  await page.evaluate(async (exp) => {
    const { client } = window.tracklab!;
    const run = (await client.searchRuns({ experimentIds: [exp] })).items[0];
    const values = Array.from({ length: 100_000 }, (_, i) =>
      i === 50_000 ? 100 : 1 + (i % 7) / 100,
    );
    await client.logBatch(run.info.run_id, {
      metrics: values.map((value, step) => ({ key: 'loss', value, step, timestamp: 1 })),
    });
  }, b);

  await page.goto(`/#/experiments/${a}`);
  await page.getByRole('checkbox', { name: 'Select adam to compare' }).check();
  await expect(page.getByText('Select another to compare.')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select sgd to compare' }).check();
  // The choice stays while moving to another experiment.
  await page.goto(`/#/experiments/${b}`);
  await page.getByRole('checkbox', { name: 'Select long to compare' }).check();
  await page.getByRole('link', { name: 'Compare 3 runs' }).click();

  const diff = page.getByRole('table', { name: 'Differences' });
  const keys = () => diff.locator('tbody th').allTextContents();
  // Only differences by default: lr is the same everywhere.
  await expect
    .poll(keys)
    .toEqual(['params.opt', 'metrics.loss', 'metrics.val_auc', 'metrics.val_loss']);
  await page.getByRole('checkbox', { name: 'Only differences' }).uncheck();
  await expect.poll(keys).toContain('params.lr');

  await page.getByRole('button', { name: 'Pin adam as the baseline' }).click();
  const loss = diff.getByRole('row', { name: /metrics\.val_loss/ });
  await expect(loss.getByRole('cell').nth(1)).toHaveText(/0\.4\s*\(−0\.1, better\)/);
  await expect(loss.getByRole('cell').nth(1)).toHaveClass(/better/);
  const auc = diff.getByRole('row', { name: /metrics\.val_auc/ });
  await expect(auc.getByRole('cell').nth(1)).toHaveText(/0\.7\s*\(−0\.1, worse\)/);
  await expect(auc.getByRole('cell').nth(2)).toHaveText(/0\.9\s*\(\+0\.1, better\)/);

  // The spike: the loss history's line reaches from its floor near 1 up to 100.
  await page.getByRole('combobox', { name: 'Metric' }).selectOption('loss');
  const chart = page.getByRole('img', { name: /^loss \(lower is better\), line chart by step/ });
  await expect(chart).toHaveAttribute('aria-label', /long: 100000 points.*max 100/);
  // The tallest line spans most of the plot's height: the spike is drawn, not sampled away.
  const reach = () =>
    chart.evaluate((svg) => {
      const plot = svg.querySelector('rect.drag')!.getBoundingClientRect();
      const lines = [...svg.querySelectorAll('path[stroke]')].map((p) => p.getBoundingClientRect());
      return Math.max(...lines.map((r) => r.height)) / plot.height;
    });
  expect(await reach()).toBeGreaterThan(0.8);
  await expect(
    page.getByText(/100,000 points; up to 100,000 in one line, drawn as [\d,]+ pixel columns/),
  ).toBeVisible();
  // Drawn first from the extremes stored with the history (a quarter of the bytes to read).
  await expect(
    page.getByText(
      /stored lowest and highest of every 8 points, which keep every spike at this width/,
    ),
  ).toBeVisible();

  // Zoom to twenty steps around the spike with the form: every point there is drawn, y refits.
  const zoom = page.getByRole('form', { name: 'Zoom' });
  await zoom.getByLabel('From').fill('49990');
  await zoom.getByLabel('To').fill('50010');
  await zoom.getByRole('button', { name: 'Zoom', exact: true }).click();
  await expect(chart).toHaveAttribute('aria-label', /long: 23 points.*max 100/);
  await expect(page.getByText('All 23 points in this range drawn.')).toBeVisible();
  expect(await reach()).toBeGreaterThan(0.8);
  await zoom.getByLabel('From').fill('50');
  await zoom.getByLabel('To').fill('5');
  await zoom.getByRole('button', { name: 'Zoom', exact: true }).click();
  await expect(
    page.getByText('Give two numbers, the first smaller than the second.'),
  ).toBeVisible();

  // Dragging across the left half of the plot zooms to that part of the range.
  await zoom.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(chart).toHaveAttribute('aria-label', /long: 100000 points/);
  const box = (await chart.locator('rect.drag').boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(zoom.getByLabel('From')).not.toHaveValue('');
  const to = Number(await zoom.getByLabel('To').inputValue());
  expect(to).toBeGreaterThan(30_000);
  expect(to).toBeLessThan(50_000);
  // The spike is outside that range, so the lines stay near their floor.
  await expect(chart).toHaveAttribute('aria-label', /max 1\.06/);
  await zoom.getByRole('button', { name: 'Reset zoom' }).click();

  // Other x units, smoothing, a log axis and groups.
  await page.getByRole('radiogroup', { name: 'X axis' }).getByText('Relative time').click();
  await expect(
    page.getByRole('img', { name: /line chart by seconds since the run’s first point/ }),
  ).toBeVisible();
  await page.getByRole('radiogroup', { name: 'X axis' }).getByText('Step').click();
  await page.getByLabel('Smoothing').fill('0.9');
  await expect(page.getByRole('img', { name: /smoothed \(EMA 0\.90\)/ })).toBeVisible();
  await page.getByLabel('Log scale').check();
  await expect(page.getByRole('img', { name: /smoothed/ })).toBeVisible();
  await page.getByLabel('Smoothing').fill('0');
  await page.getByLabel('Group by').selectOption('params.opt');
  await expect(page.getByRole('img', { name: /opt=adam \(1 run\)/ })).toBeVisible();
  await expect(page.getByText(/^1 group of 1 run: each line is the group's mean/)).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/compare.png', fullPage: true });
});

test('thirty runs: the lines go on a canvas, the legend into a list, and a spike is still drawn', async ({
  page,
}) => {
  await openApp(page, '/#/');
  const runs = Array.from({ length: 30 }, (_, i) => ({
    name: `run-${String(i).padStart(2, '0')}`,
    params: { lr: String(i) },
    metrics: { loss: 1 },
  }));
  const id = await seedExperiment(page, 'thirty', runs);
  // 2,000 steps each, one run with a spike to 50 at step 1,000.
  const ids = await page.evaluate(async (exp) => {
    const { client } = window.tracklab!;
    const found = (
      await client.searchRuns({ experimentIds: [exp], orderBy: ['attributes.run_name'] })
    ).items;
    for (const [r, run] of found.entries()) {
      const metrics = Array.from({ length: 2000 }, (_, step) => ({
        key: 'loss',
        value: r === 7 && step === 1000 ? 50 : 1 + r / 100 + Math.sin(step / 50) / 10,
        step,
        timestamp: 1 + step,
      }));
      await client.logBatch(run.info.run_id, { metrics });
    }
    return found.map((r) => r.info.run_id);
  }, id);

  await page.goto(`/#/compare/${ids.join(',')}`);
  const figure = page.locator('[data-lines]');
  await expect(figure).toHaveAttribute('data-lines', '30');
  const chart = page.getByRole('img', { name: /^loss \(lower is better\), line chart by step/ });
  // The label lists the first 24 lines and sums up the rest (2,000 steps and the seeded point).
  await expect(chart).toHaveAttribute(
    'aria-label',
    /run-23: 2001 points.*and 6 more lines: 12006 points/,
  );
  await expect(chart.locator('path[stroke]')).toHaveCount(0);

  // Painted: coloured pixels in most columns, and the spike (50, against a floor near 1) reaches
  // near the top of the plot (the axis rounds up past 50).
  const painted = await figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    let columns = 0;
    let top = height;
    for (let x = 0; x < width; x++) {
      let any = false;
      for (let y = 0; y < height; y++) {
        if (data[(y * width + x) * 4 + 3] === 0) continue;
        any = true;
        top = Math.min(top, y);
      }
      if (any) columns++;
    }
    return { columns: columns / width, top: top / height };
  });
  expect(painted.columns).toBeGreaterThan(0.95);
  expect(painted.top).toBeLessThan(0.3);

  // The legend: a list under the chart, opened on demand.
  const legend = page.getByRole('group').filter({ hasText: 'Which line is which (30 lines' });
  await legend.getByText(/Which line is which/).click();
  await expect(legend.getByRole('listitem')).toHaveCount(30);
  await expect(legend.getByRole('listitem').first()).toHaveText('run-00');
  await page.screenshot({ path: 'test-results/e2e/compare-canvas.png', fullPage: true });

  // The diff table draws the run columns in view: thirty runs do not fit, so the last is not in
  // the page until the table is scrolled sideways; then it is, with its value and its index.
  const diff = page.getByRole('table', { name: 'Differences' });
  await expect(diff).toHaveAttribute('aria-colcount', '31');
  const last = diff.getByRole('columnheader', { name: /run-29/ });
  await expect(last).toHaveCount(0);
  const headers = await diff.getByRole('columnheader').count();
  expect(headers).toBeLessThan(20);
  await diff.evaluate((table) => table.parentElement!.scrollTo({ left: 100_000 }));
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-colindex', '31');
  await expect(diff.getByRole('columnheader', { name: /run-00/ })).toHaveCount(0);
  // The key column stays in view, and the row still reads as key then value: lr of run-29 is 29.
  await expect(diff.getByRole('rowheader', { name: 'params.lr' })).toBeVisible();
  const lr = diff.getByRole('row', { name: /params\.lr/ });
  await expect(lr.getByRole('cell').last()).toHaveText('29');
  await diff
    .locator('xpath=../..')
    .screenshot({ path: 'test-results/e2e/compare-diff-scrolled.png' });
});
