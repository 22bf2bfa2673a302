// The Run page, as a person who just trained a model uses it: open the run from the runs list,
// read params and metrics, plot curves, write a note, look at the dataset and the artifacts.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';

const XSS = '<img src=x onerror="window.__xss=1">';
/** A real 1×1 PNG. */
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface Seeded {
  experimentId: string;
  runId: string;
}

/** One finished run with everything the page shows, logged through the console API. */
async function seedTrainedRun(page: Page): Promise<Seeded> {
  return page.evaluate(
    async ({ xss, png }) => {
      const client = window.tracklab!.client;
      const experimentId = await client.createExperiment('iris-mlp');
      const start = Date.UTC(2025, 4, 12, 9, 0, 0);
      const run = await client.createRun(experimentId, { runName: 'mlp-adam', startTime: start });
      const runId = run.info.run_id;
      await client.logParams(runId, { lr: 0.01, optimizer: 'adam', hidden_units: 64, note: xss });
      const metrics = [];
      for (let step = 0; step < 10; step++) {
        const timestamp = start + step * 1000;
        metrics.push(
          { key: 'loss', value: 1 / (step + 1), timestamp, step },
          { key: 'val_loss', value: 1.2 / (step + 1) + 0.05, timestamp, step },
          { key: 'system/cpu_utilization_percentage', value: 40 + step, timestamp, step },
        );
      }
      await client.logBatch(runId, { metrics });
      await client.setTags(runId, {
        team: 'vision',
        'mlflow.note.content': 'First try.\nLower the learning rate next.',
        'mlflow.source.type': 'LOCAL',
        'mlflow.log-model.history': '[]',
      });
      await client.logInputs(runId, [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: {
            name: 'iris',
            digest: 'd1g3st42',
            source_type: 'http',
            source: JSON.stringify({ url: 'https://example.org/iris.csv' }),
            schema: JSON.stringify({
              mlflow_colspec: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
                .map((name) => ({ type: 'double', name, required: true }))
                .concat([{ type: 'string', name: 'species', required: true }]),
            }),
            profile: JSON.stringify({ num_rows: 120, num_elements: 600 }),
          },
        },
      ]);
      const pixel = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      await client.logArtifact(runId, 'plots/pixel.png', pixel);
      const quoted = `"${xss.replace(/"/g, '""')}"`;
      const csv = [
        'id,name,score',
        ...Array.from({ length: 60 }, (_, i) => `${i},${i === 0 ? quoted : `row${i}`},${i / 60}`),
      ];
      await client.logText(runId, `${csv.join('\n')}\n`, 'predictions/test.csv');
      await client.logText(
        runId,
        '{"model":{"kind":"mlp","hidden":[64,32]},"epochs":10}',
        'config.json',
      );
      await client.logText(
        runId,
        'artifact_path: model\nflavors:\n  tfjs:\n    format: layers-model\n',
        'model/MLmodel',
      );
      await client.logArtifact(runId, 'model/weights.bin', new Uint8Array(2048));
      await client.setTerminated(runId, 'FINISHED', start + 95_000);
      return { experimentId, runId };
    },
    { xss: XSS, png: PNG_1X1 },
  );
}

const row = (page: Page, table: string, key: string) =>
  page
    .getByRole('table', { name: table, exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });

test('opens a run from the runs list and shows what it logged', async ({ page }) => {
  await openApp(page);
  const { experimentId, runId } = await seedTrainedRun(page);
  await page.goto(`/#/experiments/${experimentId}`);
  await page.getByRole('link', { name: 'mlp-adam' }).click();

  await expect(page).toHaveURL(new RegExp(`#/experiments/${experimentId}/runs/${runId}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'mlp-adam' })).toBeVisible();
  await expect(page.locator('header.head').getByText('Finished')).toBeVisible();
  await expect(page.getByText('1m 35s')).toBeVisible();
  await expect(page.getByText(runId, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy run ID' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Params, sorted by key, values as text (the markup one included).
  const params = page.getByRole('table', { name: 'Parameters' });
  await expect(params.getByRole('rowheader')).toHaveText([
    'hidden_units',
    'lr',
    'note',
    'optimizer',
  ]);
  await expect(row(page, 'Parameters', 'lr').getByRole('cell')).toHaveText('0.01');
  await expect(row(page, 'Parameters', 'note').getByRole('cell')).toHaveText(XSS);

  // Metrics: latest, min, max and steps from the whole history; system metrics last.
  await expect(row(page, 'Metrics', 'loss').getByRole('cell')).toHaveText([
    '0.1',
    '0.1',
    '1',
    '10',
  ]);
  await expect(row(page, 'Metrics', 'val_loss').getByRole('cell')).toHaveText([
    '0.17',
    '0.17',
    '1.25',
    '10',
  ]);
  await expect(page.getByRole('table', { name: 'Metrics' }).getByRole('rowheader')).toHaveText([
    'loss',
    'val_loss',
    'System metrics',
    'system/cpu_utilization_percentage',
  ]);

  // The chart plots loss and val_loss, and whatever else is ticked.
  const chart = page.getByRole('img', { name: /^loss, val_loss, line chart by step/ });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('aria-label', /loss: 10 points, first 1, last 0\.1/);
  await expect(chart.locator('path')).toHaveCount(2);
  const plot = page.getByRole('group', { name: 'Plot' });
  await expect(plot.getByRole('checkbox', { name: 'loss', exact: true })).toBeChecked();
  await plot.getByRole('checkbox', { name: 'system/cpu_utilization_percentage' }).check();
  await plot.getByRole('checkbox', { name: 'val_loss' }).uncheck();
  await expect(
    page.getByRole('img', { name: /^loss, system\/cpu_utilization_percentage, line chart/ }),
  ).toBeVisible();

  // Dataset inputs.
  const dataset = row(page, 'Dataset inputs', 'iris');
  await expect(dataset).toContainText('training');
  await expect(dataset).toContainText('d1g3st42');
  await expect(dataset).toContainText('https://example.org/iris.csv');
  await expect(dataset).toContainText('120');
  await dataset.getByText('5 columns').click();
  await expect(dataset.getByText('petal_width')).toBeVisible();

  // Tags, with MLflow's internal ones folded away.
  await expect(row(page, 'Tags', 'team').getByRole('cell')).toHaveText('vision');
  await expect(row(page, 'Tags', 'mlflow.source.type')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tags' })).not.toContainText('mlflow.note.content');
  const systemTag = row(page, 'System tags', 'mlflow.log-model.history');
  await expect(systemTag).toBeHidden();
  await page.getByText('System tags (1)').click();
  await expect(systemTag).toBeVisible();

  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});

test('edits the note, and the note survives a reload', async ({ page }) => {
  await openApp(page);
  const { experimentId, runId } = await seedTrainedRun(page);
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  const notes = page.getByRole('region', { name: 'Notes' });
  await expect(notes.getByText('Lower the learning rate next.')).toBeVisible();

  await notes.getByRole('button', { name: 'Edit note' }).click();
  await notes.getByRole('textbox', { name: 'Note' }).fill(`Best so far.\n${XSS}`);
  await notes.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(notes.getByRole('textbox')).toHaveCount(0);
  await expect(notes.getByText('Best so far.')).toBeVisible();

  await page.reload();
  await expect(notes.getByText('Best so far.')).toBeVisible();
  await expect(notes.getByText(XSS)).toBeVisible();
  expect(
    await page.evaluate(
      async (id) =>
        (await window.tracklab!.client.getRun(id)).data.tags.find(
          (t) => t.key === 'mlflow.note.content',
        )?.value,
      runId,
    ),
  ).toBe(`Best so far.\n${XSS}`);

  // Markdown, previewed before saving and drawn after: headings, emphasis, tasks, tables, links.
  // A javascript: link stays text and raw HTML shows as written.
  await notes.getByRole('button', { name: 'Edit note' }).click();
  await notes
    .getByRole('textbox', { name: 'Note' })
    .fill(
      [
        '## Findings',
        'Lower **learning rate** helped.',
        '',
        '- [x] try adam',
        '- [ ] try dropout',
        '',
        '| lr | val_loss |',
        '|---|---|',
        '| 0.01 | 0.31 |',
        '',
        '[MLflow docs](https://mlflow.org/docs) · [click me](javascript:window.__xss=1) · ' + XSS,
      ].join('\n'),
    );
  await notes.getByRole('button', { name: 'Preview' }).click();
  const preview = notes.getByRole('region', { name: 'Note preview' });
  await expect(preview.getByRole('heading', { name: 'Findings' })).toBeVisible();
  await notes.screenshot({ path: test.info().outputPath('note-preview.png') });
  await notes.getByRole('button', { name: 'Write' }).click();
  await notes.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(notes.getByRole('heading', { level: 4, name: 'Findings' })).toBeVisible();
  await expect(notes.locator('strong')).toHaveText('learning rate');
  await expect(notes.getByRole('checkbox', { name: 'try adam' })).toBeChecked();
  await expect(notes.getByRole('checkbox', { name: 'try dropout' })).not.toBeChecked();
  await expect(notes.getByRole('table').getByRole('cell')).toHaveText(['0.01', '0.31']);
  const docs = notes.getByRole('link', { name: 'MLflow docs' });
  await expect(docs).toHaveAttribute('href', 'https://mlflow.org/docs');
  await expect(docs).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(notes.getByRole('link')).toHaveCount(1);
  await expect(notes.getByText('click me')).toBeVisible();
  await expect(notes.getByText(XSS)).toBeVisible();
  await notes.screenshot({ path: test.info().outputPath('note-markdown.png') });

  // Cancel keeps the note; saving empty text removes it.
  await notes.getByRole('button', { name: 'Edit note' }).click();
  await notes.getByRole('textbox', { name: 'Note' }).fill('never saved');
  await notes.getByRole('button', { name: 'Cancel' }).click();
  await expect(notes.getByRole('heading', { name: 'Findings' })).toBeVisible();
  await notes.getByRole('button', { name: 'Edit note' }).click();
  await notes.getByRole('textbox', { name: 'Note' }).fill('');
  await notes.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(notes.getByText('No note yet.')).toBeVisible();
  await expect(notes.getByRole('button', { name: 'Add note' })).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});

test('browses artifacts: model selected first, CSV, JSON, image, binary', async ({ page }) => {
  await openApp(page);
  const { experimentId, runId } = await seedTrainedRun(page);
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  const files = page.getByRole('navigation', { name: 'Artifact files' });
  const viewer = page.locator('.preview');

  // The model's MLmodel is open first.
  await expect(files.getByRole('button', { name: 'MLmodel' })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expect(files.getByRole('button', { name: 'model', exact: true })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(viewer.locator('pre')).toContainText('format: layers-model');
  await expect(files.getByRole('button', { name: /weights\.bin/ })).toContainText('2.0 KB');

  // Folders open lazily.
  const predictions = files.getByRole('button', { name: 'predictions', exact: true });
  await expect(predictions).toHaveAttribute('aria-expanded', 'false');
  await expect(files.getByRole('button', { name: /test\.csv/ })).toHaveCount(0);
  await predictions.click();
  await expect(predictions).toHaveAttribute('aria-expanded', 'true');

  // CSV: the first 50 of 60 rows, cells as text.
  await files.getByRole('button', { name: /test\.csv/ }).click();
  await expect(viewer.getByText('Showing 50 of 60 rows')).toBeVisible();
  const table = viewer.getByRole('table', { name: 'Preview of test.csv' });
  await expect(table.getByRole('columnheader')).toHaveText(['id', 'name', 'score']);
  await expect(table.locator('tbody tr')).toHaveCount(50);
  await expect(table.getByRole('cell', { name: XSS, exact: true })).toBeVisible();
  const downloadPromise = page.waitForEvent('download');
  await viewer.getByRole('link', { name: /Download/ }).click();
  expect((await downloadPromise).suggestedFilename()).toBe('test.csv');

  // JSON, pretty-printed.
  await files.getByRole('button', { name: /config\.json/ }).click();
  await expect(viewer.locator('pre')).toContainText('{\n  "model": {\n    "kind": "mlp",');

  // An image through an object URL, and a Download link for it.
  await files.getByRole('button', { name: 'plots', exact: true }).click();
  await files.getByRole('button', { name: /pixel\.png/ }).click();
  const image = viewer.getByRole('img', { name: 'Artifact plots/pixel.png' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  const download = viewer.getByRole('link', { name: /Download/ });
  await expect(download).toHaveAttribute('download', 'pixel.png');
  const imageUrl = await download.getAttribute('href');
  expect(imageUrl).toMatch(/^blob:/);

  // Anything else is binary; the previous object URL is revoked once replaced.
  await files.getByRole('button', { name: /weights\.bin/ }).click();
  await expect(viewer.getByText('Binary file, 2,048 bytes')).toBeVisible();
  await expect(viewer.getByRole('link', { name: /Download/ })).toHaveAttribute(
    'download',
    'weights.bin',
  );
  const revoked = await page.evaluate(
    (url) =>
      fetch(url!).then(
        () => false,
        () => true,
      ),
    imageUrl,
  );
  expect(revoked).toBe(true);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});

test('shows a failed run with its error, filters many params, updates live', async ({ page }) => {
  await openApp(page);
  const { experimentId, runId } = await page.evaluate(async () => {
    const client = window.tracklab!.client;
    const experimentId = await client.createExperiment('failures');
    const run = await client.createRun(experimentId, { runName: 'diverged' });
    const params = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`p${i}`, i]));
    await client.logParams(run.info.run_id, params);
    await client.setTag(run.info.run_id, 'tracklab.error', 'Loss became NaN at epoch 3');
    await client.setTerminated(run.info.run_id, 'FAILED');
    return { experimentId, runId: run.info.run_id };
  });
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  await expect(page.getByRole('alert')).toContainText('Loss became NaN at epoch 3');
  await expect(page.locator('header.head').getByText('Failed')).toBeVisible();
  await expect(page.getByText('No metrics logged.')).toBeVisible();
  await expect(page.getByText('No artifacts logged.')).toBeVisible();

  const params = page.getByRole('table', { name: 'Parameters' });
  await expect(params.locator('tbody tr')).toHaveCount(14);
  await page.getByRole('searchbox', { name: 'Filter parameters' }).fill('p1');
  await expect(params.getByRole('rowheader')).toHaveText(['p1', 'p10', 'p11', 'p12', 'p13']);
  await expect(page.getByText('5 of 14')).toBeVisible();

  // A metric logged while the page is open shows up, with its chart, without a reload.
  await page.evaluate(async (id) => {
    const client = window.tracklab!.client;
    for (let step = 0; step < 3; step++) await client.logMetric(id, 'rmse', 3 - step, { step });
  }, runId);
  await expect(row(page, 'Metrics', 'rmse').getByRole('cell')).toHaveText(['1', '1', '3', '3']);
  await expect(page.getByRole('img', { name: /^rmse, line chart by step/ })).toBeVisible();
});

test('says when a run does not exist, with a way back', async ({ page }) => {
  await openApp(page);
  await page.goto('/#/experiments/0/runs/0123456789abcdef');
  await expect(page.getByRole('heading', { name: 'Run not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the runs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Default' })).toBeVisible();
});
