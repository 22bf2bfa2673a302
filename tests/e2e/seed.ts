// Seeds experiments and runs through the console API (window.tracklab), as a person could from
// devtools. Runs are plain data so they cross into the page with page.evaluate.
import type { Page } from '@playwright/test';

export interface SeedRun {
  name: string;
  metrics?: Record<string, number>;
  params?: Record<string, string | number>;
  status?: 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
  /** Index into the same list of the parent run, for nested runs. */
  parent?: number;
  /** Minutes after the first run's start; later runs default to later starts. */
  startOffsetMin?: number;
  durationSec?: number;
}

export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => !!window.tracklab);
}

/** Creates an experiment with the given runs; returns its id. */
export async function seedExperiment(page: Page, name: string, runs: SeedRun[]): Promise<string> {
  return page.evaluate(
    async ({ name, runs }) => {
      const client = window.tracklab!.client;
      const experimentId = await client.createExperiment(name);
      const base = Date.UTC(2025, 4, 12, 9, 0, 0);
      const ids: string[] = [];
      for (const [i, r] of runs.entries()) {
        const startTime = base + (r.startOffsetMin ?? i) * 60_000;
        const tags: Record<string, string> = {};
        if (r.parent !== undefined) tags['mlflow.parentRunId'] = ids[r.parent];
        const run = await client.createRun(experimentId, { runName: r.name, startTime, tags });
        ids.push(run.info.run_id);
        const metrics = Object.entries(r.metrics ?? {}).map(([key, value]) => ({
          key,
          value,
          timestamp: startTime,
          step: 0,
        }));
        const params = Object.entries(r.params ?? {}).map(([key, value]) => ({
          key,
          value: String(value),
        }));
        await client.logBatch(run.info.run_id, { metrics, params });
        const status = r.status ?? 'FINISHED';
        if (status !== 'RUNNING') {
          await client.setTerminated(
            run.info.run_id,
            status,
            startTime + (r.durationSec ?? 42) * 1000,
          );
        }
      }
      return experimentId;
    },
    { name, runs },
  );
}

/** Twelve runs with accuracy, loss, lr and optimizer; three have accuracy above 0.9. */
export const TWELVE_RUNS: SeedRun[] = [
  { name: 'alpha', metrics: { accuracy: 0.81, loss: 0.52 }, params: { lr: 0.1, optimizer: 'sgd' } },
  {
    name: 'bravo',
    metrics: { accuracy: 0.93, loss: 0.21 },
    params: { lr: 0.01, optimizer: 'adam' },
  },
  {
    name: 'charlie',
    metrics: { accuracy: 0.88, loss: 0.33 },
    params: { lr: 0.001, optimizer: 'adam' },
  },
  { name: 'delta', metrics: { accuracy: 0.72, loss: 0.71 }, params: { lr: 0.5, optimizer: 'sgd' } },
  {
    name: 'echo',
    metrics: { accuracy: 0.95, loss: 0.15 },
    params: { lr: 0.005, optimizer: 'adam' },
  },
  {
    name: 'foxtrot',
    metrics: { accuracy: 0.64, loss: 0.9 },
    params: { lr: 1, optimizer: 'rmsprop' },
  },
  {
    name: 'golf',
    metrics: { accuracy: 0.85, loss: 0.4 },
    params: { lr: 0.05, optimizer: 'rmsprop' },
  },
  {
    name: 'hotel',
    metrics: { accuracy: 0.91, loss: 0.25 },
    params: { lr: 0.02, optimizer: 'sgd' },
  },
  { name: 'india', metrics: { accuracy: 0.79, loss: 0.55 }, params: { lr: 0.2, optimizer: 'sgd' } },
  {
    name: 'juliet',
    metrics: { accuracy: 0.83, loss: 0.45 },
    params: { lr: 0.03, optimizer: 'adam' },
  },
  {
    name: 'kilo',
    metrics: { loss: 0.6 },
    params: { lr: 0.07, optimizer: 'adam' },
    status: 'FAILED',
  },
  { name: 'lima', metrics: { accuracy: 0.7, loss: 0.66 }, params: { lr: 0.3, optimizer: 'sgd' } },
];
