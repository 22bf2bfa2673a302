// Sync as a person does it (issue 14): set the MLflow server in Settings and test the connection,
// push every experiment from the Sync page with a progress bar, read the report with links to the
// runs on the server, and push again to send nothing. The server is a real `mlflow server`; what
// it holds afterwards is read through its REST API.
import { expect, test, type Page } from '@playwright/test';
import { startMlflowServer, type MlflowServer } from '../interop/mlflow-server';
import { openApp, seedExperiment } from './seed';

let server: MlflowServer;
test.beforeAll(async () => {
  server = await startMlflowServer();
});
test.afterAll(async () => {
  await server?.stop();
});

async function serverRuns(url: string, experimentName: string) {
  const got = await fetch(
    `${url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(experimentName)}`,
  );
  if (!got.ok) return [];
  const { experiment } = (await got.json()) as { experiment: { experiment_id: string } };
  const res = await fetch(`${url}/api/2.0/mlflow/runs/search`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ experiment_ids: [experiment.experiment_id], max_results: 100 }),
  });
  const { runs = [] } = (await res.json()) as {
    runs?: {
      info: { run_id: string; run_name: string; status: string };
      data: { params?: { key: string; value: string }[] };
    }[];
  };
  return runs;
}

/** Sets the test's server in Settings and waits for the connection check to pass. */
async function setServer(page: Page) {
  await openApp(page, '/#/settings');
  await page.getByLabel('Server URL').fill(server.url);
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Connected to MLflow 3.' }),
  ).toBeVisible();
}

test('set the server, test it, push everything, see the runs there, push again', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, '/#/');
  const name = `e2e-sync-${Date.now()}`;
  await seedExperiment(page, name, [
    { name: 'adam', params: { lr: '0.01', opt: 'adam' }, metrics: { val_loss: 0.5 } },
    { name: 'sgd', params: { lr: '0.1', opt: 'sgd' }, metrics: { val_loss: 0.4 } },
  ]);

  // Before a server is set, the Sync page says where to set one.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByText('No MLflow server is set.')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).first().click();

  // A wrong address first: the test says it cannot reach it and how to start a server.
  await page.getByLabel('Server URL').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not reach http://127.0.0.1:9');
  await expect(page.getByRole('alert').locator('code')).toContainText(
    'mlflow server --host 127.0.0.1 --port 9 --cors-allowed-origins http://127.0.0.1:',
  );

  await page.getByLabel('Server URL').fill(server.url);
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Connected to MLflow 3.' }),
  ).toContainText(`at ${server.url}; this page may write to it.`);
  await page.screenshot({ path: 'test-results/e2e/sync-settings.png', fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByRole('heading', { name: `Push to ${server.url}` })).toBeVisible();
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  const report = page.getByRole('region', { name: 'Pushed' });
  await expect(report).toContainText('2 runs created', { timeout: 60_000 });
  await expect(page.getByRole('progressbar', { name: 'Push progress' })).toHaveAttribute(
    'value',
    '1',
  );
  const link = report.getByRole('link', { name: 'adam' });
  await expect(link).toHaveAttribute(
    'href',
    new RegExp(`^${server.url}/#/experiments/\\d+/runs/\\w+$`),
  );
  await page.screenshot({ path: 'test-results/e2e/sync-pushed.png', fullPage: true });

  const runs = await serverRuns(server.url, name);
  expect(runs.map((r) => r.info.run_name).sort()).toEqual(['adam', 'sgd']);
  expect(runs.find((r) => r.info.run_name === 'sgd')?.data.params).toContainEqual({
    key: 'opt',
    value: 'sgd',
  });

  // Pushing again sends nothing new.
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Pushed' })).toContainText(
    /0 runs created, 0 updated,\s+2 left as they were; 0 points/,
  );
  expect(await serverRuns(server.url, name)).toHaveLength(2);

  // Pull: a teacher's baseline logged on the server comes in; the pushed runs are recognised as
  // this browser's own and not copied back.
  const teacher = `e2e-baselines-${Date.now()}`;
  const post = (path: string, body: object) =>
    fetch(`${server.url}/api/2.0/mlflow/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(
      (r) =>
        r.json() as Promise<Record<string, { experiment_id?: string; info?: { run_id: string } }>>,
    );
  const { experiment_id: teacherId } = (await post('experiments/create', {
    name: teacher,
  })) as unknown as {
    experiment_id: string;
  };
  const made = await post('runs/create', {
    experiment_id: teacherId,
    run_name: 'baseline-logreg',
    start_time: 1,
  });
  await post('runs/log-batch', {
    run_id: made.run.info!.run_id,
    metrics: [0, 1, 2].map((step) => ({
      key: 'val_auc',
      value: 0.7 + step / 100,
      timestamp: 2 + step,
      step,
    })),
    params: [{ key: 'model', value: 'logreg' }],
  });
  await page.getByRole('button', { name: "List the server's experiments" }).click();
  await page.getByRole('checkbox', { name: teacher }).check();
  await page.getByRole('checkbox', { name, exact: true }).check();
  await page.getByRole('button', { name: 'Pull', exact: true }).click();
  const pulled = page.getByRole('region', { name: 'Pulled' });
  await expect(pulled).toContainText(/1 run created, 0 updated,\s+2 left as they were; 3 points/);
  await expect(pulled).toContainText('2 runs were copies of runs');
  await page.screenshot({ path: 'test-results/e2e/sync-pulled.png', fullPage: true });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('link', { name: teacher }).click();
  await expect(page.getByRole('link', { name: 'baseline-logreg' })).toBeVisible();
  // Two local runs of the first experiment still, not four.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('treegrid', { name: 'Runs' })).toHaveAttribute('aria-rowcount', '3');
});

test('a push interrupted by a reload is offered again, and resumed ends with each run once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page, '/#/');
  const name = `e2e-resume-${Date.now()}`;
  // 30 runs with 3,000 points each: long enough to reload in the middle.
  await page.evaluate(async (name) => {
    const { client } = window.tracklab!;
    const experimentId = await client.createExperiment(name);
    for (let r = 0; r < 30; r++) {
      const run = await client.createRun(experimentId, { runName: `run-${r}` });
      const metrics = Array.from({ length: 3000 }, (_, step) => ({
        key: 'loss',
        value: 1 / (step + 1 + r),
        timestamp: 1_700_000_000_000 + step,
        step,
      }));
      await client.logBatch(run.info.run_id, { metrics, params: [{ key: 'r', value: String(r) }] });
      await client.setTerminated(run.info.run_id, 'FINISHED');
    }
  }, name);
  await page.evaluate(
    (url) =>
      localStorage.setItem(
        'tracklab.mlflowServer',
        JSON.stringify({ url, auth: 'none', username: '', remember: false }),
      ),
    server.url,
  );
  await page.goto('/#/sync');
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  // Reload once a few runs are on the server.
  await expect(
    page.getByRole('status').filter({ hasText: /^\s*([3-9]|1\d) of 30 runs/ }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await page.reload();
  await expect(page.getByRole('alert')).toContainText(`A push to ${server.url} was interrupted.`);
  const before = (await serverRuns(server.url, name)).length;
  expect(before).toBeGreaterThan(0);
  expect(before).toBeLessThan(30);
  await page.getByRole('button', { name: 'Resume the push' }).click();
  const report = page.getByRole('region', { name: 'Pushed' });
  await expect(report).toContainText(/\d+ runs? created, \d+ updated,\s+\d+ left as they were/, {
    timeout: 120_000,
  });
  const text = (await report.getByRole('status').textContent()) ?? '';
  const [created, updated, skipped] = text
    .match(/(\d+) runs? created, (\d+) updated,\s+(\d+) left as/)!
    .slice(1)
    .map(Number);
  // Every run is accounted for once; the ones not on the server at the reload are made now.
  expect(created + updated + skipped).toBe(30);
  expect(created).toBeGreaterThanOrEqual(30 - before);
  const runs = await serverRuns(server.url, name);
  expect(runs).toHaveLength(30);
  expect(runs.every((r) => r.info.status === 'FINISHED')).toBe(true);
  // The last run's whole history is there, once.
  const last = runs.find((r) => r.info.run_name === 'run-29')!;
  const history = await fetch(
    `${server.url}/api/2.0/mlflow/metrics/get-history?run_id=${last.info.run_id}&metric_key=loss&max_results=25000`,
  ).then((r) => r.json() as Promise<{ metrics: unknown[] }>);
  expect(history.metrics).toHaveLength(3000);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('auto-sync: a run that finishes is pushed by itself; offline it waits, then goes', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await setServer(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  const auto = page.getByRole('checkbox', { name: 'Push runs automatically as they finish' });
  await expect(auto).not.toBeChecked();
  await auto.check();
  const status = page.getByRole('status', { name: 'Auto-sync' });
  await expect(status).toContainText('Runs that finish from now on are pushed');

  // Offline: the finished run waits, and the page says so.
  await context.setOffline(true);
  const name = `e2e-auto-${Date.now()}`;
  // A run that finishes now (the seeds end in 2025, before auto-sync was turned on).
  await page.evaluate(async (experimentName) => {
    const client = window.tracklab!.client;
    const experimentId = await client.createExperiment(experimentName);
    const run = await client.createRun(experimentId, { runName: 'finished-offline' });
    await client.logBatch(run.info.run_id, {
      params: [{ key: 'lr', value: '0.01' }],
      metrics: [{ key: 'val_loss', value: 0.3, timestamp: Date.now(), step: 0 }],
    });
    await client.setTerminated(run.info.run_id, 'FINISHED');
  }, name);
  await expect(status).toContainText('1 finished run waiting: this browser is offline', {
    timeout: 30_000,
  });
  await page.screenshot({ path: 'test-results/e2e/sync-auto-offline.png', fullPage: true });
  expect(await serverRuns(server.url, name)).toEqual([]);

  // Back online: it goes by itself, with no click.
  await context.setOffline(false);
  await expect(status).toContainText('Every finished run is on the server', { timeout: 30_000 });
  const runs = await serverRuns(server.url, name);
  expect(runs.map((r) => [r.info.run_name, r.info.status])).toEqual([
    ['finished-offline', 'FINISHED'],
  ]);

  // Still on after a reload; a run finishing later is pushed too.
  await page.reload();
  await page.waitForFunction(() => !!window.tracklab);
  await expect(auto).toBeChecked();
  await page.evaluate(async (experimentName) => {
    const client = window.tracklab!.client;
    const experiment = await client.getExperimentByName(experimentName);
    const run = await client.createRun(experiment!.experiment_id, { runName: 'finished-later' });
    await client.setTerminated(run.info.run_id, 'FINISHED');
  }, name);
  await expect
    .poll(async () => (await serverRuns(server.url, name)).map((r) => r.info.run_name).sort(), {
      timeout: 40_000,
    })
    .toEqual(['finished-later', 'finished-offline']);
});

test('push only the runs selected in the runs table', async ({ page }) => {
  test.setTimeout(90_000);
  await setServer(page);
  const name = `e2e-pick-${Date.now()}`;
  const id = await seedExperiment(page, name, [
    { name: 'keep-a', params: { lr: '0.1' }, metrics: { val_loss: 0.5 } },
    { name: 'keep-b', params: { lr: '0.01' }, metrics: { val_loss: 0.4 } },
    { name: 'not-this', params: { lr: '1' }, metrics: { val_loss: 0.9 } },
  ]);
  await page.goto(`/#/experiments/${id}`);
  await page.getByRole('checkbox', { name: 'Select keep-a to compare' }).check();
  await page.getByRole('checkbox', { name: 'Select keep-b to compare' }).check();
  await page.getByRole('button', { name: 'Push 2 runs to MLflow' }).click();
  await expect(page.getByRole('status', { name: 'Push' })).toContainText(
    '2 runs created, 0 updated, 0 left as they were.',
    { timeout: 30_000 },
  );
  const runs = await serverRuns(server.url, name);
  expect(runs.map((r) => r.info.run_name).sort()).toEqual(['keep-a', 'keep-b']);
});
