// Tuning as a person does it (issue 12): open a bundled dataset, set the Train form's epochs and
// backend, then on Tune search the learning rate and hidden layers with 2 parallel workers and
// the median pruner. Trials appear nested under the study while it runs; a reload mid-study
// offers to resume it, and the resumed study finishes its budget; the study page shows the
// trials, pruned ones included, and parameter importance; the best configuration is trained again
// on training + validation rows and registered.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';

async function openBundled(page: Page, name: string) {
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

/** The study's trials as the store holds them, through the console API. */
function trials(page: Page, studyName: string) {
  return page.evaluate(async (name) => {
    const study = await window.tracklab!.tuning.loadStudy({ studyName: name });
    return study.trials.map((t) => ({ number: t.number, state: t.state, value: t.value }));
  }, studyName);
}

test('a study with 2 workers: trials nest under it, a reload resumes it, the pruner stops poor trials, the best is trained again and registered', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openBundled(page, 'breast-cancer');
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('12');
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tune' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tune' })).toBeVisible();
  await page.getByLabel('Study name').fill('bc search');
  await page.getByLabel('Objective').selectOption('val_auc');
  await expect(page.getByLabel('Direction')).toHaveValue('maximize');
  await page.getByLabel('Sampler seed').fill('7');
  await page.getByLabel('Trials', { exact: true }).fill('14');
  await page.getByLabel('Parallel workers').fill('2');
  // Search only the learning rate and the layers: the others stay as on the Train form.
  for (const label of ['Dropout', 'L2 penalty', 'Batch size']) {
    const how = page.getByLabel(`How ${label} is searched`);
    if (await how.count()) await how.selectOption('fixed');
  }
  await page.getByLabel('Learning rate from').fill('0.00001');
  await page.getByLabel('Learning rate to').fill('0.3');
  await page.getByRole('button', { name: 'Start study' }).click();

  // Two trials train at once.
  const running = page.getByRole('list', { name: 'Trials training now' }).getByRole('listitem');
  await expect(running).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByRole('status')).toContainText(/Running: [1-9]\d* trials? finished of 14/, {
    timeout: 120_000,
  });

  await page.screenshot({ path: 'test-results/screenshots/tune-running.png', fullPage: true });
  // Trials are runs nested under the study's run.
  const nested = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const runs = (await c.searchRuns({ experimentIds: ['0'], maxResults: 1000 })).items;
    const parent = runs.find((r) =>
      r.data.tags.some((t) => t.key === 'tracklab.run_kind' && t.value === 'study'),
    )!;
    return runs.filter((r) =>
      r.data.tags.some((t) => t.key === 'mlflow.parentRunId' && t.value === parent.info.run_id),
    ).length;
  });
  expect(nested).toBeGreaterThanOrEqual(2);

  // A reload mid-study: the tab's trials are cut; the Tune page offers to resume.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Tune' })).toBeVisible();
  const before = await trials(page, 'bc search');
  expect(before.length).toBeLessThan(14);
  await page.getByRole('button', { name: 'Resume study bc search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished: 14 trials finished of 14', {
    timeout: 240_000,
  });

  const after = await trials(page, 'bc search');
  // The budget counts every finished trial, the ones the reload cut (failed) included.
  expect(after).toHaveLength(14);
  expect(after.filter((t) => t.state === 'RUNNING')).toEqual([]);
  const pruned = after.filter((t) => t.state === 'PRUNED').length;
  const complete = after.filter((t) => t.state === 'COMPLETE');
  expect(complete.length).toBeGreaterThan(3);
  expect(Math.max(...complete.map((t) => t.value!))).toBeGreaterThan(0.9);

  // The study page: trials table, best trial, charts.
  await page
    .getByRole('heading', { level: 2, name: /^Study/ })
    .getByRole('link')
    .click();
  await expect(page).toHaveURL(/#\/experiments\/0\/runs\//);
  await expect(page.getByRole('heading', { level: 2, name: 'Study' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Trials' });
  await expect(table.getByRole('row')).toHaveCount(15);
  await expect(page.getByLabel('Best trial')).toContainText('val_auc');
  // PED-ANOVA names the parameters that matter; the learning rate is searched over 4 decades.
  const importance = page.getByRole('list', { name: 'Parameter importance' }).getByRole('listitem');
  await expect(importance.first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'PED-ANOVA' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('button', { name: 'fANOVA' }).click();
  await expect(page.getByText(/random forest fitted to the trials/)).toBeVisible();
  await expect(importance.first()).toBeVisible();
  // Parallel coordinates: an axis per shared parameter and the objective; the slice plot follows
  // the chosen parameter; the contour draws the objective over two of them.
  const parcoords = page.getByRole('img', { name: 'Parallel coordinates of val_auc' });
  await expect(parcoords.locator('.axis-title')).toContainText([
    'hidden_layers.count',
    'learning_rate (log)',
    'val_auc',
  ]);
  await page.getByLabel('Slice by').selectOption('learning_rate');
  const slice = page.getByRole('figure', { name: 'Slice plot of val_auc by learning_rate' });
  await expect(slice.locator('.scatterlayer .point')).toHaveCount(complete.length);
  await expect(slice.locator('.xtitle')).toHaveText('learning_rate');
  const contour = page.getByRole('figure', { name: /^Contour of val_auc over / });
  await expect(contour.locator('.contour')).not.toHaveCount(0);
  await expect(contour.locator('.scatterlayer .point')).toHaveCount(complete.length);
  await expect(table.getByText('Pruned', { exact: true })).toHaveCount(pruned);
  await table.getByRole('button', { name: 'val_auc' }).click();
  await expect(table.getByRole('columnheader', { name: 'val_auc' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await page.screenshot({ path: 'test-results/screenshots/study-page.png', fullPage: true });
  // Train the best configuration on training + validation rows, then register that model.
  await page.getByRole('button', { name: 'Train the best on train + validation' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'trained on training + validation rows' }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await page.getByLabel('Register the best model as').fill('bc-best');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Registered as bc-best version 1 (the retrained model)' }),
  ).toBeVisible();
  await page
    .getByRole('region', { name: 'Study' })
    .screenshot({ path: 'test-results/screenshots/study-view.png' });
  const registered = await page.evaluate(async () => {
    const app = window.tracklab!;
    const [version] = await app.registry
      .searchModelVersions({ filterString: "name = 'bc-best'" })
      .then((p) => p.items);
    const run = await app.client.getRun(version.run_id);
    return {
      runName: run.info.run_name,
      kind: run.data.tags.find((t) => t.key === 'tracklab.run_kind')?.value,
    };
  });
  expect(registered).toEqual({
    runName: expect.stringMatching(/^bc search best \(trial \d+, train \+ validation\)$/),
    kind: 'retrained_best',
  });
  console.log(
    `study: ${complete.length} complete, ${pruned} pruned, ${after.filter((t) => t.state === 'FAIL').length} failed by the reload`,
  );
  expect(pruned).toBeGreaterThan(0);
});

test('Stop as a study starts ends it at once as Stopped; it resumes from Unfinished studies, and Pause and Stop hold while no other study can start', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openBundled(page, 'iris');
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('30');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tune' }).click();
  await page.getByLabel('Study name').fill('stopped early');
  await page.getByLabel('Trials', { exact: true }).fill('30');
  await page.getByLabel('Parallel workers').fill('1');
  await page.getByRole('button', { name: 'Start study' }).click();
  // Stop while the data is still being prepared, or as the first trial sets up: nothing trains on.
  await page.getByRole('button', { name: 'Stop' }).click();
  const status = page.getByRole('status');
  await expect(status).toContainText(/^Stopped: [01] trials? finished of 30/, { timeout: 60_000 });
  const studyRun = () =>
    page.evaluate(async () => {
      const c = window.tracklab!.client;
      const run = (await c.searchRuns({ experimentIds: ['0'], maxResults: 100 })).items.find((r) =>
        r.data.tags.some((t) => t.key === 'tracklab.run_kind' && t.value === 'study'),
      )!;
      const tag = run.data.tags.find((t) => t.key === 'tracklab.error')?.value;
      return { status: run.info.status, tag };
    });
  expect(await studyRun()).toEqual({
    status: 'KILLED',
    tag: expect.stringMatching(/^Stopped from the Tune page/),
  });
  await page.waitForTimeout(1500);
  expect((await trials(page, 'stopped early')).length).toBeLessThanOrEqual(1);

  // Stopped, it is offered again, and resumes in this tab.
  const unfinished = page.getByRole('region', { name: 'Unfinished studies' });
  await expect(unfinished).toContainText('stopped early (stopped)');
  await page.screenshot({ path: 'test-results/screenshots/tune-stopped.png', fullPage: true });
  await unfinished.getByRole('button', { name: 'Resume study stopped early' }).click();
  await expect(status).toContainText(/^Running: \d+ trials? finished of 30/);
  await expect(page.getByRole('button', { name: 'Start study' })).toBeDisabled();
  await expect(status).toContainText(/^Running: [1-9]\d* trials? finished/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toContainText(/^Paused/, { timeout: 60_000 });
  // Paused, it is still this tab's study: no second one starts over it.
  await expect(page.getByRole('button', { name: 'Start study' })).toBeDisabled();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toContainText(/^Stopped/);
  await expect
    .poll(studyRun)
    .toEqual({ status: 'KILLED', tag: expect.stringMatching(/^Stopped from the Tune page/) });
  const left = await trials(page, 'stopped early');
  expect(left.filter((t) => t.state === 'RUNNING')).toEqual([]);
  expect(left.length).toBeLessThan(30);
});

test('tracklab.tuning on the console: a study trained with trainObjective appears nested, with its trials', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openBundled(page, 'iris');
  const result = await page.evaluate(async () => {
    const { tuning } = window.tracklab!;
    const study = await tuning.createStudy({
      studyName: 'console iris',
      direction: 'maximize',
      sampler: new tuning.samplers.TPESampler({ seed: 3 }),
    });
    const objective = await tuning.trainObjective({
      study,
      dataset: 'iris',
      target: 'species',
      metric: 'val_accuracy',
      space: {
        learning_rate: { low: 1e-3, high: 0.3, log: true },
        epochs: { fixed: 5 },
        early_stopping: { fixed: false },
      },
    });
    const { client } = window.tracklab!;
    const running = (await client.getRun(study.studyRunId!)).info.status;
    await study.optimize(objective, { nTrials: 3 });
    const children = await window.tracklab!.client.searchRuns({
      experimentIds: ['0'],
      filterString: `tags.\`mlflow.parentRunId\` = '${study.studyRunId}'`,
    });
    return {
      // The study's run follows optimize, as a `with mlflow.start_run():` around it would.
      studyRun: [running, (await client.getRun(study.studyRunId!)).info.status],
      states: study.trials.map((t) => t.state),
      best: study.bestValue,
      children: children.items.length,
      epochs: (
        await window.tracklab!.client.getMetricHistory(
          children.items[0].info.run_id,
          'val_accuracy',
        )
      ).length,
      names: await tuning.studyNames(),
      // Optuna's importance API over the same study: one parameter varies, so it has it all.
      importance: tuning.importance.getParamImportances(study),
      // A known result added by hand (create_trial / add_trial) joins the study as a child run.
      added: await (async () => {
        study.addTrial(
          tuning.createTrial({
            value: 0.99,
            params: { learning_rate: 0.01 },
            distributions: {
              learning_rate: tuning.distributions.FloatDistribution(1e-3, 0.3, { log: true }),
            },
          }),
        );
        await study.flush();
        return (await client.getRun((await study.trialRunId(3))!)).data.params;
      })(),
    };
  });
  expect(result.importance).toEqual({ learning_rate: 1 });
  expect(result.added).toEqual([{ key: 'learning_rate', value: '0.01' }]);
  expect(result.states).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
  expect(result.studyRun).toEqual(['RUNNING', 'FINISHED']);
  expect(result.best).toBeGreaterThan(0.5);
  expect(result.children).toBe(3);
  expect(result.epochs).toBe(5);
  expect(result.names).toContain('console iris');
});

test("the default sampler's GP steps run in the sampling worker, and draw the same trials as on the page", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, '/#/');
  const study = (name: string, onPage: boolean) =>
    page.evaluate(
      async ({ name, onPage }) => {
        const { tuning } = window.tracklab!;
        const study = await tuning.createStudy({ studyName: name, seed: 11, sampleOnPage: onPage });
        await study.optimize(
          (t) => {
            const x = t.suggestFloat('x', -5, 10);
            const y = t.suggestFloat('y', 1e-3, 10, { log: true });
            const k = t.suggestCategorical('k', ['a', 'b', 'c']);
            return (x - 1) ** 2 + Math.log(y) ** 2 + (k === 'b' ? 0 : 0.5);
          },
          { nTrials: 25 },
        );
        return study.trials.map((t) => ({
          params: t.params,
          gp: 'gp:relative_params' in t.systemAttrs,
        }));
      },
      { name, onPage },
    );
  const before = page.workers().length;
  const onPage = await study('on the page', true);
  expect(page.workers()).toHaveLength(before);
  const offPage = await study('in the worker', false);
  // One worker more: the sampling worker, started by the first GP step.
  expect(page.workers()).toHaveLength(before + 1);
  expect(offPage).toEqual(onPage);
  expect(offPage.filter((t) => t.gp).length).toBeGreaterThanOrEqual(15);
});

test('a study of 120 trials: the table draws the best 100 in the chosen order until asked for all', async ({
  page,
}) => {
  // Every IndexedDB transaction the page opens, counted (see the end).
  await page.addInitScript(() => {
    const open = IDBDatabase.prototype.transaction;
    const w = window as unknown as { idbTransactions: number };
    w.idbTransactions = 0;
    IDBDatabase.prototype.transaction = function (...args: Parameters<typeof open>) {
      w.idbTransactions++;
      return open.apply(this, args);
    };
  });
  await openApp(page, '/#/');
  const runId = await page.evaluate(async () => {
    const { tuning } = window.tracklab!;
    const study = await tuning.createStudy({
      studyName: 'many',
      direction: 'minimize',
      sampler: new tuning.samplers.RandomSampler({ seed: 4 }),
    });
    await study.optimize((t) => (t.suggestFloat('x', -3, 3) - 1) ** 2, { nTrials: 120 });
    return study.studyRunId!;
  });
  await page.goto(`/#/experiments/0/runs/${runId}`);
  const table = page.getByRole('table', { name: 'Trials' });
  // A header row and 100 trials, the best first once sorted by the objective.
  await expect(table.getByRole('row')).toHaveCount(101);
  await table.getByRole('button', { name: 'value' }).click();
  const values = await table
    .getByRole('row')
    .evaluateAll((rows) =>
      rows.slice(1).map((r) => Number(r.querySelectorAll('td')[2].textContent)),
    );
  expect(values).toEqual([...values].sort((a, b) => a - b));
  await expect(page.getByText('The first 100 of 120 trials in this order.')).toBeVisible();
  await page.getByRole('button', { name: 'Show all 120 trials' }).click();
  await expect(table.getByRole('row')).toHaveCount(121);
  // The parallel coordinates draw every completed trial; dragging along an axis keeps the
  // trials in that range, and clearing brings them all back.
  const parallel = page.getByRole('img', { name: 'Parallel coordinates of value' });
  await expect(parallel.getByText(/120 completed/)).toBeVisible();
  await parallel.scrollIntoViewIfNeeded();
  const axis = (await parallel.locator('line.axis').first().boundingBox())!;
  await page.mouse.move(axis.x, axis.y + axis.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(axis.x, axis.y + axis.height * 0.5, { steps: 4 });
  await page.mouse.up();
  const kept = page.getByText(/^\d+ of 120 trials in x -?[\d.]+–-?[\d.]+\.$/);
  await expect(kept).toBeVisible();
  const count = Number((await kept.textContent())!.split(' ')[0]);
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(120);
  await page.getByRole('button', { name: 'Clear the ranges' }).click();
  await expect(page.getByText(/^Drag along an axis/)).toBeVisible();

  // Nothing is written now, so the page has nothing to read again. (Its study query once read
  // its own last answer reactively and so read the study without pause: hundreds of
  // transactions a second on a page at rest.)
  const transactions = () =>
    page.evaluate(() => (window as unknown as { idbTransactions: number }).idbTransactions);
  const before = await transactions();
  await page.waitForTimeout(3000);
  expect((await transactions()) - before).toBeLessThan(30);
});
