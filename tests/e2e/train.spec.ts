// Training as a person does it: open data, check the schema, train in the worker on each backend,
// open the run, reload, and predict again with the saved model. Bad files, Cancel, a NaN loss, a
// crashed worker, a lost GPU context and a tab closed mid-run each end with a clear message.
import { expect, test, type Page } from '@playwright/test';
import { predictInNode } from './node-model';
import { openApp } from './seed';
import { drop } from './drop';

async function openBundled(page: Page, name: string) {
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

async function setNumber(page: Page, label: string, value: number) {
  await page.getByLabel(label, { exact: true }).fill(String(value));
}

async function startTraining(page: Page, backend: string, epochs: number) {
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
  await page.getByLabel('Backend').selectOption(backend);
  await setNumber(page, 'Epochs', epochs);
  await page.getByRole('button', { name: /^Start training/ }).click();
}

/** Predicts the logged test rows again with the model read back from IndexedDB. */
async function repredict(page: Page, runId: string) {
  return page.evaluate(async (runId) => {
    const app = window.tracklab!;
    const text = (p: string) =>
      app.client.downloadArtifact(runId, p).then((b) => new TextDecoder().decode(b));
    const modelJson = await text('model/model.json');
    const weights = await app.client.downloadArtifact(runId, 'model/group1-shard1of1.bin');
    const pre = JSON.parse(await text('model/preprocessor.json'));
    const logged = (await text('predictions/test.csv'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const config = JSON.parse(await text('config.json'));
    const record = (await app.datasets.list()).find((d) => d.name === config.dataset.name)!;
    const prepared = await app.data.prepare(record.sha256, config.data);
    const outputs = await app.training.predict(
      { modelJson, weights },
      prepared.splits.test.x,
      pre.width,
    );
    const width = outputs.length / prepared.splits.test.rows.length;
    return {
      modelJson,
      weights: Array.from(weights),
      x: Array.from(prepared.splits.test.x),
      width: pre.width as number,
      rows: [...prepared.splits.test.rows].map(String),
      loggedRows: logged.map((l) => l[0]),
      again: Array.from(outputs).slice(0, width * 5),
      logged: logged.slice(0, 5).flatMap((l) =>
        l
          .slice(3)
          .map(Number)
          .slice(width === 1 ? 1 : 0),
      ),
    };
  }, runId);
}

for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
  test(`trains iris on ${backend}, keeps the run across a reload, and the model predicts again`, async ({
    page,
  }) => {
    test.setTimeout(backend === 'webgpu' ? 120_000 : 60_000);
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    await openBundled(page, 'iris');
    await expect(page.getByRole('radio', { name: 'Use species as the target' })).toBeChecked();
    await expect(page.getByLabel('Task')).toHaveValue('multiclass');
    await startTraining(page, backend, 4);

    const done = page.getByRole('status').filter({ hasText: 'Finished after 4 epochs' });
    await expect(done).toBeVisible({ timeout: backend === 'webgpu' ? 100_000 : 45_000 });
    await expect(page.getByText(new RegExp(`Training on ${backend}`))).toBeVisible();
    await expect(page.getByLabel('Latest metrics')).toContainText('val_loss');
    await expect(page.getByRole('img', { name: /Loss/ })).toBeVisible();

    await done.getByRole('link', { name: 'Open the run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f]{32}$/);
    const runId = page.url().split('/').at(-1)!;
    await expect(page.getByText('FINISHED').first()).toBeVisible();
    await page.reload();
    await expect(
      page.getByRole('cell', { name: 'learning_rate' }).or(page.getByText('learning_rate')).first(),
    ).toBeVisible();
    await expect(page.getByText('val_accuracy').first()).toBeVisible();
    await expect(page.getByText('MLmodel').first()).toBeVisible();

    const run = await page.evaluate((id) => window.tracklab!.client.getRun(id), runId);
    expect(run.info.status).toBe('FINISHED');
    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    expect(tags['tracklab.backend']).toBe(backend);
    expect(tags['mlflow.source.type']).toBe('LOCAL');
    expect(run.inputs.dataset_inputs.map((i) => i.tags[0].value)).toEqual([
      'training',
      'validation',
      'test',
    ]);
    const files = await page.evaluate(async (id) => {
      const c = window.tracklab!.client;
      const all: string[] = [];
      for (const dir of ['', 'model', 'plots', 'predictions']) {
        for (const f of await c.listArtifacts(id, dir || undefined))
          if (!f.is_dir) all.push(f.path);
      }
      return all.sort();
    }, runId);
    expect(files).toEqual([
      'config.json',
      'model/MLmodel',
      'model/group1-shard1of1.bin',
      'model/model.json',
      'model/preprocessor.json',
      'plots/accuracy.png',
      'plots/loss.png',
      'predictions/test.csv',
      'predictions/val.csv',
    ]);
    // The curves are PNGs drawn in the training worker (a hidden tab delays the page's canvas).
    const loss = await page.evaluate(
      async (id) =>
        Array.from(await window.tracklab!.client.downloadArtifact(id, 'plots/loss.png')),
      runId,
    );
    expect(loss.slice(0, 8)).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(loss.length).toBeGreaterThan(5_000);
    expect(warnings.filter((w) => w.includes('could not draw'))).toEqual([]);

    const check = await repredict(page, runId);
    expect(check.rows).toEqual(check.loggedRows);
    check.again.forEach((p, i) => expect(p).toBeCloseTo(check.logged[i], 5));
    // The same files load in tfjs under Node and give the same probabilities.
    const node = await predictInNode(check.modelJson, check.weights, check.x, check.width);
    expect(node.backend).toBe('wasm');
    check.again.forEach((p, i) => expect(node.values[i]).toBeCloseTo(p, 5));
  });
}

test('a dropped file is checked: a ragged row is named and nothing is saved', async ({ page }) => {
  await openApp(page, '/#/data');
  await drop(page, 'bad.csv', 'a,b,c\n1,2,3\n4,5\n');
  await expect(page.getByRole('alert')).toContainText('Row 3 has 2 fields but the header has 3');
  expect(await page.evaluate(() => window.tracklab!.datasets.list())).toEqual([]);
  await drop(page, 'empty.csv', '');
  await expect(page.getByRole('alert')).toContainText('The file is empty');
  await drop(page, 'good.csv', 'x,label\n1,a\n2,b\n3,a\n');
  await expect(page.getByRole('heading', { level: 2, name: 'good' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Saved datasets' })).toContainText('good');
});

test('a one-class target is refused before training, with what to do', async ({ page }) => {
  await openApp(page, '/#/data');
  await drop(page, 'one.csv', 'x,label\n1,a\n2,a\n3,a\n');
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await expect(page.getByRole('alert')).toContainText('has only one value ("a")');
});

test('Cancel ends the run KILLED and keeps the epochs logged', async ({ page }) => {
  await openBundled(page, 'breast-cancer');
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('cpu');
  await setNumber(page, 'Epochs', 500);
  await setNumber(page, 'Batch size', 4);
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByText(/Epoch [2-9]\d* of 500/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Cancelled.');
  const status = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const [run] = (await c.searchRuns({ experimentIds: ['0'] })).items;
    return {
      status: run.info.status,
      loss: (await c.getMetricHistory(run.info.run_id, 'loss')).length,
    };
  });
  expect(status.status).toBe('KILLED');
  expect(status.loss).toBeGreaterThanOrEqual(2);
});

test('a diverging loss ends the run FAILED with advice', async ({ page }) => {
  await openBundled(page, 'auto-mpg');
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByRole('checkbox', { name: /Standardise/ }).uncheck();
  await page.getByRole('combobox', { name: /^Type/ }).selectOption('linear');
  await page.getByLabel('Optimizer').selectOption('sgd');
  await setNumber(page, 'Learning rate', 10);
  await setNumber(page, 'Momentum', 0);
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByRole('alert')).toContainText(
    /Failed\. The training loss \(MSE\) became NaN or infinite/,
    {
      timeout: 30_000,
    },
  );
  await expect(page.getByRole('alert')).toContainText('lower the learning rate (now 10)');
});

test('a crashed worker fails the run and the next training works', async ({ page }) => {
  await openBundled(page, 'iris');
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('cpu');
  await setNumber(page, 'Epochs', 2000);
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByText(/Epoch [1-9]\d* of 2000/)).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => window.tracklab!.training.debug('crash'));
  await expect(page.getByRole('alert')).toContainText('The training worker crashed');
  await setNumber(page, 'Epochs', 2);
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Finished after 2 epochs' })).toBeVisible(
    {
      timeout: 30_000,
    },
  );
});

test('a lost WebGL context ends the run with a message instead of training on', async ({
  page,
}) => {
  await openBundled(page, 'iris');
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('webgl');
  await setNumber(page, 'Epochs', 2000);
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByText(/Epoch [1-9]\d* of 2000/)).toBeVisible({ timeout: 45_000 });
  await page.evaluate(() => window.tracklab!.training.debug('lose-context'));
  await expect(page.getByRole('alert')).toContainText('The GPU context was lost', {
    timeout: 30_000,
  });
  const status = await page.evaluate(async () => {
    const [run] = (await window.tracklab!.client.searchRuns({ experimentIds: ['0'] })).items;
    return run.info.status;
  });
  expect(status).toBe('FAILED');
});

test('a run left RUNNING by a closed tab is marked KILLED at the next start', async ({ page }) => {
  await openApp(page);
  const runId = await page.evaluate(async () => {
    const run = await window.tracklab!.client.createRun('0', {
      tags: { 'tracklab.session': 'closed-tab' },
    });
    await window.tracklab!.client.logMetric(run.info.run_id, 'loss', 0.5);
    return run.info.run_id;
  });
  await page.reload();
  await page.waitForFunction(() => !!window.tracklab);
  await expect
    .poll(() =>
      page.evaluate((id) => window.tracklab!.client.getRun(id).then((r) => r.info.status), runId),
    )
    .toBe('KILLED');
});

test('predicts from the Run page: a typed row and a dropped CSV, with missing columns named', async ({
  page,
}) => {
  await openBundled(page, 'iris');
  await startTraining(page, 'wasm', 30);
  const done = page.getByRole('status').filter({ hasText: 'Finished after' });
  await expect(done).toBeVisible({ timeout: 45_000 });
  await done.getByRole('link', { name: 'Open the run' }).click();

  const panel = page.getByRole('region', { name: 'Predict with this model' });
  await panel.getByLabel('sepal_length_cm').fill('5.1');
  await panel.getByLabel('sepal_width_cm').fill('3.5');
  await panel.getByLabel('petal_length_cm').fill('1.4');
  await panel.getByLabel('petal_width_cm').fill('0.2');
  await panel.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('Prediction for species: setosa');
  const probs = await panel
    .getByRole('table', { name: 'Class probabilities' })
    .locator('tbody td')
    .allTextContents();
  expect(probs.map(Number).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);

  const chooser = panel.getByLabel('Choose a CSV file to predict');
  await chooser.setInputFiles({
    name: 'new.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n6.7,3.0,5.2,2.3\n5.0,3.4,1.5,0.2\n',
    ),
  });
  await expect(panel.getByRole('table', { name: 'Predictions' })).toContainText('virginica');
  await expect(panel.getByRole('link', { name: 'Download CSV' })).toBeVisible();
  await chooser.setInputFiles({
    name: 'short.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('sepal_length_cm,petal_length_cm\n6.7,5.2\n'),
  });
  await expect(panel.getByRole('alert')).toContainText(
    'lacks columns "sepal_width_cm", "petal_width_cm" that the model was trained with',
  );
});

test('the open dataset and its target survive a reload', async ({ page }) => {
  await openBundled(page, 'penguins');
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await expect(page.getByText(/Learning species \(multiclass\) from penguins/)).toBeVisible();
  await page.reload();
  await expect(page.getByText(/Learning species \(multiclass\) from penguins/)).toBeVisible();
});

test('the name set in Settings is the user of new runs', async ({ page }) => {
  await openApp(page, '/#/settings');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByLabel('Your name')).toHaveValue('Ada Lovelace');
  const run = await page.evaluate(() => window.tracklab!.client.createRun('0'));
  expect(run.info.user_id).toBe('Ada Lovelace');
  expect(run.data.tags.find((t) => t.key === 'mlflow.user')?.value).toBe('Ada Lovelace');
});
