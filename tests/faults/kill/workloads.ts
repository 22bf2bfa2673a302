// The work a fault interrupts: training from the Train page, an evaluation, a CSV import on the
// Data page, a run of registry writes, and a tuning study (two trials at a time in the training
// workers, from the console). Each starts the work in `page` and returns once it is
// under way; `committed` then reads, from another page, what has been written for good so far.
import { expect, type Page } from '@playwright/test';
import { drop } from '../../e2e/drop';

export type Phase = 'training' | 'evaluation' | 'import' | 'registry' | 'tuning';

/** The study the tuning phase runs, and the space it searches (small models, a few epochs). */
export const FAULT_STUDY = {
  studyName: 'faulty study',
  /** The saved dataset's name: the dropped file's, without .csv. */
  dataset: 'faults',
  target: 'label',
  metric: 'val_loss',
  space: {
    learning_rate: { low: 0.001, high: 0.1, log: true },
    hidden_layers: { fixed: [8] },
    epochs: { fixed: 15 },
  },
};

/** A fixed pseudo-random binary CSV (an LCG, so the file is the same every time). */
export function binaryCsv(rows: number, seed = 7): string {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = ['x1,x2,x3,label'];
  for (let i = 0; i < rows; i++) {
    const x = [next(), next(), next()];
    const label = x[0] + x[1] > 1 !== next() < 0.1 ? 'yes' : 'no';
    lines.push(`${x.map((v) => v.toFixed(5)).join(',')},${label}`);
  }
  return lines.join('\n') + '\n';
}

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => !!window.tracklab);
}

/** Drops a CSV, trains on WASM for many epochs, returns when the first epoch is on screen. */
async function startTraining(page: Page, base: string) {
  await openApp(page, `${base}/#/data`);
  await drop(page, 'faults.csv', binaryCsv(600));
  await page.getByRole('radio', { name: 'Use label as the target' }).check();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('400');
  const early = page.getByRole('checkbox', { name: /Early stopping/ });
  if (await early.isChecked()) await early.uncheck();
  await page.getByRole('button', { name: /^Start training/ }).click();
  await expect(page.locator('label[for="epoch-progress"]')).toHaveText(/epoch [1-9]/i, {
    timeout: 30_000,
  });
}

/** A finished run with saved test predictions of `rows` rows, as a trained run has. */
async function seedPredictionsRun(page: Page, rows: number): Promise<string> {
  return page.evaluate(async (rows) => {
    const { client } = window.tracklab!;
    const experimentId = await client.createExperiment(`faults-${crypto.randomUUID()}`);
    const run = await client.createRun(experimentId, { runName: 'source' });
    const lines = ['row,label,prediction,proba_no,proba_yes'];
    let s = 11;
    for (let i = 0; i < rows; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const p = s / 2 ** 31;
      const truth = p + ((i * 7919) % 100) / 250 > 0.7 ? 'yes' : 'no';
      lines.push(`${i},${truth},${p > 0.5 ? 'yes' : 'no'},${(1 - p).toFixed(4)},${p.toFixed(4)}`);
    }
    await client.logText(run.info.run_id, lines.join('\n') + '\n', 'predictions/test.csv');
    await client.setTerminated(run.info.run_id, 'FINISHED');
    return run.info.run_id;
  }, rows);
}

async function startEvaluation(page: Page, base: string) {
  await openApp(page, `${base}/#/experiments`);
  const runId = await seedPredictionsRun(page, 200_000);
  await page.evaluate((runId) => {
    const w = window as unknown as { __evaluation: Promise<unknown> };
    w.__evaluation = window.tracklab!.evaluate({ runId }).catch((e: Error) => e.message);
  }, runId);
  // The metrics take most of the time and are computed before the run opens: the writes, the
  // part a fault can damage, start when the evaluation run appears.
  await page.evaluate(async () => {
    const { client } = window.tracklab!;
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      const ids = (await client.searchExperiments({})).items.map((e) => e.experiment_id);
      const filterString = "status = 'RUNNING'";
      if ((await client.searchRuns({ experimentIds: ids, filterString })).items.length) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('The evaluation run did not open within a minute.');
  });
}

async function startImport(page: Page, base: string) {
  await openApp(page, `${base}/#/data`);
  await drop(page, 'import.csv', binaryCsv(60_000, 3));
}

/** Registers versions of one run's model in a loop, moving an alias and the stage each time. */
async function startRegistry(page: Page, base: string, acks: number[]) {
  await openApp(page, `${base}/#/models`);
  await page.exposeFunction('__ack', (version: number) => void acks.push(version));
  await page.evaluate(async () => {
    const { client, registry } = window.tracklab!;
    const experimentId = await client.createExperiment(`registry-${crypto.randomUUID()}`);
    const run = await client.createRun(experimentId, { runName: 'model' });
    await client.logText(run.info.run_id, '{}', 'model/model.json');
    await client.setTerminated(run.info.run_id, 'FINISHED');
    await registry.createRegisteredModel('faulty');
    const ack = (window as unknown as { __ack(v: number): Promise<void> }).__ack;
    void (async () => {
      for (let i = 0; i < 200; i++) {
        const v = await registry.createModelVersion({
          name: 'faulty',
          source: `runs:/${run.info.run_id}/model`,
          runId: run.info.run_id,
        });
        await registry.transitionModelVersionStage('faulty', v.version, 'Staging', true);
        await registry.setRegisteredModelAlias('faulty', 'champion', v.version);
        await ack(Number(v.version));
      }
    })();
  });
  await expect.poll(() => acks.length, { timeout: 15_000 }).toBeGreaterThan(0);
}

/** Drops a CSV and runs a study of 40 trials, 2 at a time; returns once the first completes. */
async function startTuning(page: Page, base: string) {
  await openApp(page, `${base}/#/data`);
  await drop(page, `${FAULT_STUDY.dataset}.csv`, binaryCsv(600));
  await page.evaluate(async (spec) => {
    const { tuning, datasets } = window.tracklab!;
    for (const until = Date.now() + 30_000; !(await datasets.list()).length;) {
      if (Date.now() > until) throw new Error('The dropped CSV was not saved within 30 s.');
      await new Promise((r) => setTimeout(r, 50));
    }
    const study = await tuning.createStudy({
      studyName: spec.studyName,
      direction: 'minimize',
      sampler: new tuning.samplers.RandomSampler({ seed: 1 }),
    });
    const objective = await tuning.trainObjective({ study, ...spec });
    const w = window as unknown as { __study: Promise<unknown> };
    w.__study = study.optimize(objective, { nTrials: 40, nJobs: 2 }).catch((e: Error) => e);
  }, FAULT_STUDY);
  await expect
    .poll(() => finishedTrials(page), { timeout: 60_000, message: 'a trial completes' })
    .toBeGreaterThan(0);
}

/** How many of the study's trial runs have finished. */
export function finishedTrials(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const { client } = window.tracklab!;
    const ids = (await client.searchExperiments({})).items.map((e) => e.experiment_id);
    const filterString = "tags.tracklab.trial_state = 'COMPLETE' and status = 'FINISHED'";
    return (await client.searchRuns({ experimentIds: ids, filterString })).items.length;
  });
}

export async function start(phase: Phase, page: Page, base: string, acks: number[]) {
  if (phase === 'training') return startTraining(page, base);
  if (phase === 'tuning') return startTuning(page, base);
  if (phase === 'evaluation') return startEvaluation(page, base);
  if (phase === 'import') return startImport(page, base);
  return startRegistry(page, base, acks);
}

/** Metric points per key of every run, and saved datasets: what another tab sees committed. */
export function committed(page: Page) {
  return page.evaluate(async () => {
    const { client, datasets } = window.tracklab!;
    const exps = await client.searchExperiments({ viewType: 'ALL' });
    const ids = exps.items.map((e) => e.experiment_id);
    const points: Record<string, number> = {};
    const running: string[] = [];
    const finished: string[] = [];
    if (ids.length) {
      const runs = await client.searchRuns({ experimentIds: ids, runViewType: 'ALL' });
      for (const run of runs.items) {
        if (run.info.status === 'RUNNING') running.push(run.info.run_name);
        if (run.info.status === 'FINISHED') finished.push(run.info.run_id);
      }
      for (const run of runs.items)
        for (const m of run.data.metrics)
          points[`${run.info.run_id} ${m.key}`] = (
            await client.getMetricHistory(run.info.run_id, m.key)
          ).length;
    }
    return {
      points,
      running,
      finished,
      datasets: (await datasets.list()).map((d) => d.sha256),
    };
  });
}
