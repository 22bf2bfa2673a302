/**
 * One seeded scenario written identically into any TrackingStore: 240 runs over three experiments
 * with varied metrics (NaN, ±Inf, keys with spaces, dots and dashes), params, tags, missing keys,
 * dataset inputs, nested and deleted runs. Every run carries `scenario.index`, so results from two
 * stores (whose run ids differ) compare as lists of indices.
 */
import { seededRandom } from '$lib/data/split';
import type { DatasetInput, Metric, TrackingStore } from '$lib/tracking';

export const RUNS = 240;
const BASE_TIME = 1_750_000_000_000;

export interface Scenario {
  experimentIds: string[];
  /** run id by scenario index */
  runIds: string[];
}

const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'Adam', 'adamw', 'ad_m'];
const TEAMS = ['a', 'b', 'A', 'vision', 'nlp'];
const NAMES = (i: number) => [`run ${i}`, `run-${i}`, `run.dot.${i}`, `Run_${i}`][i % 4];

function metricsFor(i: number, r: () => number): Metric[] {
  const out: Metric[] = [];
  const add = (key: string, value: number, step = 0, timestamp = BASE_TIME + i) =>
    out.push({ key, value, step, timestamp });
  if (i % 7 !== 3) {
    // Several steps so that "latest" (max step) matters, not the last written.
    add('acc', Math.round(r() * 1000) / 1000, 2);
    add('acc', 0.999, 1);
  }
  if (i % 5 === 0) add('loss', NaN);
  else if (i % 11 === 0) add('loss', Infinity);
  else add('loss', Math.round(r() * 1000) / 1000);
  if (i % 3 !== 0) add('val loss', Math.round(r() * 100) / 100);
  if (i % 4 !== 1) add('f1.score', Math.round(r() * 100) / 100);
  if (i % 6 !== 2) add('val-acc', i % 9 === 0 ? 0.5 : Math.round(r() * 10) / 10);
  add('delta', Math.round((r() * 2 - 1) * 100) / 100);
  if (i % 13 === 0) add('inf_metric', i % 2 ? Infinity : -Infinity);
  return out;
}

function paramsFor(i: number, r: () => number) {
  const params = [
    { key: 'optimizer', value: OPTIMIZERS[i % OPTIMIZERS.length] },
    { key: 'lr', value: ['0.01', '0.001', '0.1', '0.0010', '1e-3'][Math.floor(r() * 5)] },
    { key: 'batch size', value: String([16, 32, 64][i % 3]) },
    { key: 'note', value: ['café', 'CAFÉ', 'plain', 'a.+b', '100%'][i % 5] },
  ];
  if (i % 4 === 0) params.push({ key: 'sometimes', value: i % 8 === 0 ? 'x' : 'y' });
  return params;
}

function tagsFor(i: number) {
  const tags = [{ key: 'scenario.index', value: String(i) }];
  if (i % 6 !== 5) tags.push({ key: 'team', value: TEAMS[i % TEAMS.length] });
  if (i % 10 === 0) tags.push({ key: 'mlflow.note.content', value: `note ${i}` });
  return tags;
}

function inputsFor(i: number): DatasetInput[] {
  if (i % 3 === 1) return [];
  const context = ['training', 'validation', 'test'][i % 3];
  return [
    {
      tags: [{ key: 'mlflow.data.context', value: context }],
      dataset: {
        name: i % 2 ? 'iris' : 'penguins',
        digest: `d${i % 4}`,
        source_type: 'local',
        source: '{}',
      },
    },
  ];
}

export async function writeScenario(store: TrackingStore, prefix: string): Promise<Scenario> {
  const r = seededRandom(42);
  const experimentIds: string[] = [];
  for (const name of ['main', 'second', 'third'])
    experimentIds.push(await store.createExperiment(`${prefix}-${name}`));
  const runIds: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const experimentId = experimentIds[i % 10 === 9 ? 1 : i % 10 === 8 ? 2 : 0];
    const tags = tagsFor(i);
    // Every 12th run is a child of the run before it (nested runs, as in a tuning study).
    if (i % 12 === 11) tags.push({ key: 'mlflow.parentRunId', value: runIds[i - 1] });
    const run = await store.createRun({
      experimentId,
      startTime: BASE_TIME + i * 1000,
      runName: NAMES(i),
      tags,
      userId: i % 2 ? 'alice' : 'bob',
    });
    const runId = run.info.run_id;
    runIds.push(runId);
    await store.logBatch(runId, { metrics: metricsFor(i, r), params: paramsFor(i, r) });
    const inputs = inputsFor(i);
    if (inputs.length) await store.logInputs(runId, inputs);
    if (i % 4 !== 3) {
      await store.updateRun(runId, {
        status: i % 9 === 0 ? 'FAILED' : i % 17 === 0 ? 'KILLED' : 'FINISHED',
        endTime: BASE_TIME + i * 1000 + 500 + (i % 7) * 100,
      });
    }
    if (i % 15 === 7) await store.deleteRun(runId);
  }
  return { experimentIds, runIds };
}

export { BASE_TIME };
