// A worker that dies without an error (issue 15, defect 2): terminate() from the page and the
// worker's own close() fire no `error` event. Mid-training, the Train screen must come back (Start
// shown, no Cancel left "cancelling…", the reason on screen), the run must end FAILED with the
// reason and every epoch logged before, and the next training must work. The data and evaluation
// workers share the channel: an evaluation whose worker is killed fails with a message.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app';

/** What the page can reach of the training client's internals (TypeScript private, not #). */
type Internals = { latest: { channel: { worker: Worker | null } } | null };
type EvaluationInternals = {
  channel: { worker: Worker | null; watch: { held: boolean } | null };
};

async function startLongTraining(page: Page) {
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: /^iris/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'iris' })).toBeVisible();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('5000');
  await page.getByRole('checkbox', { name: /Early stopping/ }).uncheck();
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByText(/Epoch (1\d|[2-9]\d|\d{3,}) of 5000/)).toBeVisible({
    timeout: 45_000,
  });
}

/** Ends the worker of the latest training from the page, behind the channel's back. */
const terminateTrainingWorker = (page: Page) =>
  page.evaluate(() => {
    const training = window.tracklab!.training as unknown as Internals;
    training.latest!.channel.worker!.terminate();
  });

/** The run's status, its error tag and how many epochs of loss it kept. */
async function runRecord(page: Page) {
  return page.evaluate(async () => {
    const client = window.tracklab!.client;
    const [run] = (await client.searchRuns({ experimentIds: ['0'] })).items;
    const tag = run.data.tags?.find((t) => t.key === 'tracklab.error')?.value ?? '';
    const history = await client.getMetricHistory(run.info.run_id, 'loss');
    return { status: run.info.status, error: tag, epochs: history.length };
  });
}

/** The screen is back: the reason shown, Start offered, no Cancel left; returns the message. */
async function expectRestored(page: Page, timeout: number) {
  const alert = page.getByRole('alert').filter({ hasText: 'stopped without an error' });
  await expect(alert).toBeVisible({ timeout });
  await expect(page.getByRole('button', { name: /^Start training/ })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await expect(page.getByText('cancelling')).toHaveCount(0);
  return (await alert.textContent()) ?? '';
}

/** The run ended FAILED with the reason, keeping the number of epochs the message names. */
async function expectFailedKeepingEpochs(page: Page, message: string) {
  const kept = Number(/the (\d+) epochs? logged (?:is|are) kept/.exec(message)?.[1]);
  expect(kept).toBeGreaterThanOrEqual(10);
  const run = await runRecord(page);
  expect(run.status).toBe('FAILED');
  expect(run.error).toContain('The training worker stopped without an error');
  expect(run.error).toContain(`the ${kept} epochs logged are kept`);
  expect(run.epochs).toBe(kept);
}

async function trainAgain(page: Page) {
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Finished after 2 epochs' })).toBeVisible(
    { timeout: 45_000 },
  );
}

test('a training worker terminated from the page fails the run and restores the screen', async ({
  page,
}) => {
  await startLongTraining(page);
  await terminateTrainingWorker(page);
  const started = Date.now();
  // Its Web Lock is released with it: found at once, not after a heartbeat timeout.
  const message = await expectRestored(page, 3000);
  console.log(`terminate: screen restored in ${Date.now() - started} ms`);
  await page.screenshot({
    path: 'test-results/screenshots/worker-death-restored.png',
    fullPage: true,
  });
  await expectFailedKeepingEpochs(page, message);
  await trainAgain(page);
});

test('a training worker that closes itself fails the run and restores the screen', async ({
  page,
}) => {
  await startLongTraining(page);
  await page.evaluate(() => window.tracklab!.training.debug('exit'));
  const started = Date.now();
  const message = await expectRestored(page, 3000);
  console.log(`close: screen restored in ${Date.now() - started} ms`);
  await expectFailedKeepingEpochs(page, message);
  await trainAgain(page);
});

test.describe('without Web Locks on the page (heartbeats only)', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }),
    );
  });

  test('silence past the limit ends the run FAILED', async ({ page }) => {
    await startLongTraining(page);
    await terminateTrainingWorker(page);
    const started = Date.now();
    const message = await expectRestored(page, 15_000);
    const waited = Date.now() - started;
    console.log(`heartbeat: screen restored in ${waited} ms`);
    expect(waited).toBeGreaterThan(5_000); // found by silence, so not at once
    await expectFailedKeepingEpochs(page, message);
    await trainAgain(page);
  });

  test('Cancel on a worker that is gone ends after its grace period, before the silence limit', async ({
    page,
  }) => {
    await startLongTraining(page);
    await terminateTrainingWorker(page);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    const cancelled = page.getByRole('alert').filter({ hasText: /Cancelled\. Cancelled after/ });
    await expect(cancelled).toBeVisible({ timeout: 8_000 });
    await expect(page.getByRole('button', { name: /^Start training/ })).toBeEnabled();
    expect((await runRecord(page)).status).toBe('KILLED');
    await trainAgain(page);
  });
});

test('an evaluation whose worker is terminated fails with a message', async ({ page }) => {
  await openApp(page);
  const outcome = await page.evaluate(async () => {
    const app = window.tracklab!;
    // Enough rows that the evaluation is still running when its worker is ended.
    const rows = Array.from(
      { length: 400_000 },
      (_, i) => `${i % 2},${((i * 7919) % 1000) / 1000}`,
    );
    const text = `y_true,y_pred\n${rows.join('\n')}`;
    const started = performance.now();
    const done = app.evaluation.evaluate({ predictions: { name: 'big.csv', text } }).then(
      () => 'finished',
      (e: Error) => e.message,
    );
    // Once the worker has loaded and holds its lock, it is evaluating: end it then.
    const channel = (app.evaluation as unknown as EvaluationInternals).channel;
    while (!channel.watch?.held) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = performance.now();
    const worker = channel.worker;
    worker?.terminate();
    const message = await done;
    return {
      message,
      ms: performance.now() - killedAt,
      killed: !!worker,
      after: killedAt - started,
    };
  });
  expect(outcome.killed).toBe(true);
  expect(outcome.message).toContain('The evaluation worker stopped without an error');
  expect(outcome.message).toContain('evaluate again');
  console.log(
    `evaluation: ended ${Math.round(outcome.after)} ms in, failed ${Math.round(outcome.ms)} ms later`,
  );
  expect(outcome.ms).toBeLessThan(2_000); // told by the lock, at once
});

test('a sampling worker terminated mid-study: the study samples on the page from then on and finishes', async ({
  page,
}) => {
  await openApp(page);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const outcome = await page.evaluate(async () => {
    const { tuning, sampling } = window.tracklab!;
    const channel = (sampling as unknown as EvaluationInternals).channel;
    const study = await tuning.createStudy({ studyName: 'sampler killed', seed: 5 });
    let killed = false;
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', -5, 10);
        const y = t.suggestFloat('y', 1e-3, 10, { log: true });
        // Trial 14: the GP has sampled in the worker since trial 10; end it behind the channel.
        if (t.number === 14 && channel.worker) {
          channel.worker.terminate();
          killed = true;
        }
        return (x - 1) ** 2 + Math.log(y) ** 2;
      },
      { nTrials: 24 },
    );
    return {
      killed,
      states: study.trials.map((t) => t.state),
      gpAfterKill: study.trials.slice(15).every((t) => 'gp:relative_params' in t.systemAttrs),
    };
  });
  expect(outcome.killed).toBe(true);
  expect(outcome.states).toEqual(Array(24).fill('COMPLETE'));
  // The GP went on, on the page, and the page said so once.
  expect(outcome.gpAfterKill).toBe(true);
  expect(warnings.filter((w) => w.includes('Sampling moved back to the page'))).toHaveLength(1);
});
