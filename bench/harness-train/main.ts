// Page side of the training benchmarks (bench/train.js). It builds the app's own composition root
// (createApp: DexieStore, MlflowClient, the data worker and the training worker) with no UI, and
// exposes measurements as `globalThis.benchTrain` for page.evaluate. tfjs is also loaded on this
// page, only for the main-thread comparison; the app itself keeps it in the worker.
import { createApp, WASM_PATHS } from '$lib/app/create-app';
import { train as trainUseCase, type Trainer, type TrainDeps } from '$lib/app/train';
import type { MlflowClient } from '$lib/tracking';
import { configureWasm, useBackend } from '$lib/training/backends';
import type { Backend, TrainConfig } from '$lib/training/config';
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { trainModel, type EpochReport, type TrainInput } from '$lib/training/trainer';
import { watchGaps, type Gaps } from '../harness-gaps';
import { BenchDataset, parseCsv } from './data';

const app = createApp({ databaseName: 'tracklab-bench', backend: 'wasm' });
let nextRun = 0;
const runId = () => `bench-${++nextRun}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The idle page's gaps over `ms`: the floor the other numbers sit on. */
async function idle(ms: number): Promise<Gaps> {
  const stop = watchGaps();
  await sleep(ms);
  return stop();
}

const csv = new BenchDataset(app);

const ALL_TRAIN = { validation: 0, test: 0, seed: 1 };

/** The MLP the brief fixes: 20→64→64→1, ReLU, Adam 0.001, batch 256; no early stopping. */
function configOf(epochs: number): TrainConfig {
  return {
    model: {
      kind: 'mlp',
      hidden: [64, 64],
      activation: 'relu',
      dropout: 0,
      batchNorm: false,
      l2: 0,
    },
    fit: {
      optimizer: 'adam',
      learningRate: 0.001,
      momentum: 0,
      batchSize: 256,
      epochs,
      earlyStopping: { enabled: false, patience: 10, restoreBest: false },
      classWeight: 'none',
      seed: 42,
    },
  };
}

/** The input exactly as src/lib/app/train.ts builds it, optionally cut to the first `rows`. */
function inputOf(data: PreparedData, config: TrainConfig, rows?: number): TrainInput {
  const { train, validation, test } = data.splits;
  const width = data.pre.width;
  const n = Math.min(rows ?? train.y.length, train.y.length);
  return {
    task: 'regression',
    classes: 0,
    width,
    train:
      n === train.y.length ? train : { x: train.x.slice(0, n * width), y: train.y.slice(0, n) },
    validation,
    test,
    scale: data.pre.target.scale,
    config,
  };
}

// ---------------------------------------------------------------------------------------------
// Training runs and their summaries.

interface Summary {
  rows: number;
  epochs: number;
  /** The trainer's own fit time per epoch (system/epoch_ms), validation excluded. */
  epochMs: number[];
  firstEpochMs: number;
  /** Samples per second over epochs 2…n. */
  steadySamplesPerSec: number;
  /** From the call to the result, as the page sees it. */
  wallMs: number;
  finalLoss: number;
  gaps: Gaps;
}

function summarize(epochs: EpochReport[], rows: number, wallMs: number, gaps: Gaps): Summary {
  const ms = epochs.map((e) => e.metrics['system/epoch_ms']);
  const steadyMs = ms.slice(1).reduce((a, b) => a + b, 0);
  return {
    rows,
    epochs: ms.length,
    epochMs: ms,
    firstEpochMs: ms[0],
    steadySamplesPerSec: ms.length > 1 ? (rows * (ms.length - 1)) / (steadyMs / 1000) : NaN,
    wallMs,
    finalLoss: epochs.at(-1)?.metrics.loss ?? NaN,
    gaps,
  };
}

/** Trains in the app's training worker on `backend` (a fresh worker when the backend changes). */
async function inWorker(backend: Backend, input: TrainInput): Promise<Summary> {
  app.training.setBackend(backend);
  await app.training.ready();
  const epochs: EpochReport[] = [];
  const stop = watchGaps();
  const t0 = performance.now();
  await app.training.train(runId(), input, (r) => epochs.push(r));
  const wallMs = performance.now() - t0;
  return summarize(epochs, input.train.y.length, wallMs, stop());
}

/** The worker's own yield (worker.ts): a macrotask through a MessageChannel. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

let mainReady: Promise<void> | null = null;

/** The same trainer on this page's main thread, wasm backend. */
async function onMain(input: TrainInput, yields: boolean): Promise<Summary> {
  mainReady ??= (async () => {
    configureWasm(WASM_PATHS);
    await useBackend('wasm');
  })();
  await mainReady;
  const epochs: EpochReport[] = [];
  const stop = watchGaps();
  const t0 = performance.now();
  await trainModel(input, {
    onEpoch: (r) => void epochs.push(r),
    yieldToEvents: yields ? yieldToEvents : undefined,
  });
  const wallMs = performance.now() - t0;
  return summarize(epochs, input.train.y.length, wallMs, stop());
}

/** 1. One backend in a fresh worker: `rows` of the training data for `epochs`. */
async function backend(args: { backend: Backend; rows: number; epochs: number }) {
  const data = await csv.prepare(ALL_TRAIN);
  try {
    app.training.setBackend(args.backend);
    const report = await app.training.ready();
    const summary = await inWorker(args.backend, inputOf(data, configOf(args.epochs), args.rows));
    return { backend: args.backend, device: report.device ?? null, ...summary };
  } catch (e) {
    return { backend: args.backend, error: (e as Error).message };
  } finally {
    app.training.terminate();
  }
}

/** 2. Worker vs main thread (wasm both), in pairs that alternate which goes first, after warm-ups. */
async function workerVsMain(args: { epochs: number; reps: number }) {
  const data = await csv.prepare(ALL_TRAIN);
  const input = inputOf(data, configOf(args.epochs));
  const warm = inputOf(data, configOf(1), 2560);
  await inWorker('wasm', warm);
  await onMain(warm, true);
  const worker: Summary[] = [];
  const main: Summary[] = [];
  for (let i = 0; i < args.reps; i++) {
    if (i % 2 === 0) {
      worker.push(await inWorker('wasm', input));
      main.push(await onMain(input, true));
    } else {
      main.push(await onMain(input, true));
      worker.push(await inWorker('wasm', input));
    }
  }
  // With no yield hook at all the trainer never gives the page a turn until it is done.
  const mainNoYield = await onMain(input, false);
  app.training.terminate();
  return { worker, main, mainNoYield };
}

/**
 * The whole Train use case (run, params, per-epoch metrics, dataset inputs, model, config,
 * predictions and plots into the real store) on `data`, as a function of the rep number.
 */
async function useCaseRunner(data: PreparedData, choice: DataChoice, config: TrainConfig) {
  const experimentId = await app.client.createExperiment(`bench-train-${Date.now()}`);

  let trainStart = 0;
  let trainEnd = 0;
  const trainer: Trainer = {
    ready: () => app.training.ready(),
    async train(id, trainInput, onEpoch) {
      trainStart = performance.now();
      try {
        return await app.training.train(id, trainInput, onEpoch);
      } finally {
        trainEnd = performance.now();
      }
    },
  };
  const deps: TrainDeps = {
    client: app.client,
    trainer,
    session: app.session,
    browser: navigator.userAgent,
    renderPlot: (plot) => app.training.renderPlot(plot),
  };
  const useCase = async (rep: number) => {
    const t0 = performance.now();
    const outcome = await trainUseCase(deps, {
      experimentId,
      runName: `bench-${rep}`,
      dataset: csv.record,
      choice,
      data,
      config,
    });
    const ms = performance.now() - t0;
    if (outcome.status !== 'FINISHED')
      throw new Error(`use case ${outcome.status}: ${outcome.message}`);
    return {
      runId: outcome.runId,
      ms,
      beforeMs: trainStart - t0,
      trainMs: trainEnd - trainStart,
      afterMs: t0 + ms - trainEnd,
    };
  };
  return useCase;
}

/** Every artifact file under `path`, recursively. */
async function artifacts(client: MlflowClient, id: string, path?: string) {
  const out: { path: string; size: number }[] = [];
  for (const f of await client.listArtifacts(id, path)) {
    if (f.is_dir) out.push(...(await artifacts(client, id, f.path)));
    else out.push({ path: f.path, size: f.file_size ?? 0 });
  }
  return out;
}

/**
 * 3. The Train use case (src/lib/app/train.ts: run, params, inputs, a logBatch per epoch, model,
 * config, predictions and plots into the real store) against the bare worker training of the
 * same input, alternating which goes first.
 */
async function loggingOverhead(args: { epochs: number; reps: number }) {
  const split = { validation: 0.2, test: 0.1, seed: 1 };
  const data = await csv.prepare(split);
  const config = configOf(args.epochs);
  const choice = csv.choice(split);
  const input = inputOf(data, config);
  app.training.setBackend('wasm');
  await inWorker('wasm', inputOf(data, configOf(1), 2560));
  const useCase = await useCaseRunner(data, choice, config);
  const bare = async () => {
    const t0 = performance.now();
    await app.training.train(runId(), input, () => {});
    return { ms: performance.now() - t0 };
  };
  const bareRuns: { ms: number }[] = [];
  const useRuns: Awaited<ReturnType<typeof useCase>>[] = [];
  for (let i = 0; i < args.reps; i++) {
    if (i % 2 === 0) {
      bareRuns.push(await bare());
      useRuns.push(await useCase(i));
    } else {
      useRuns.push(await useCase(i));
      bareRuns.push(await bare());
    }
  }
  const last = useRuns.at(-1)!.runId;
  const run = await app.client.getRun(last);
  const files = await artifacts(app.client, last);
  let points = 0;
  for (const m of run.data.metrics)
    points += (await app.client.getMetricHistory(last, m.key)).length;
  app.training.terminate();
  return {
    trainRows: data.splits.train.y.length,
    validationRows: data.splits.validation.y.length,
    testRows: data.splits.test.y.length,
    epochs: args.epochs,
    bare: bareRuns,
    useCase: useRuns,
    logged: {
      metricKeys: run.data.metrics.length,
      metricPoints: points,
      params: run.data.params.length,
      artifacts: files.length,
      artifactBytes: files.reduce((a, f) => a + f.size, 0),
    },
  };
}

/**
 * 5. Background tab. bench/background.js switches this tab between foreground and background
 * (another tab in front) between steps; each step trains once and reports what the page saw.
 */
let background: {
  input: TrainInput;
  useCase: Awaited<ReturnType<typeof useCaseRunner>>;
  rows: number;
  epochs: number;
  rep: number;
} | null = null;

async function backgroundSetup(args: { epochs: number }) {
  const split = { validation: 0.2, test: 0.1, seed: 1 };
  const data = await csv.prepare(split);
  const config = configOf(args.epochs);
  const input = inputOf(data, config);
  app.training.setBackend('wasm');
  await inWorker('wasm', inputOf(data, configOf(1), 2560));
  await onMain(inputOf(data, configOf(1), 2560), true);
  const useCase = await useCaseRunner(data, csv.choice(split), config);
  background = { input, useCase, rows: data.splits.train.y.length, epochs: args.epochs, rep: 0 };
  return { rows: background.rows, epochs: args.epochs };
}

/** How late a 10 ms setTimeout fires: about 1,000 ms in a throttled background tab. */
async function timerLateness(): Promise<number> {
  const t0 = performance.now();
  await sleep(10);
  return performance.now() - t0 - 10;
}

async function backgroundStep(args: { what: 'worker' | 'useCase' | 'main' }) {
  const b = background!;
  const visibility = document.visibilityState;
  const timerLateMs = await timerLateness();
  let ms: number;
  let fitSamplesPerSec: number | null = null;
  let parts: { beforeMs: number; trainMs: number; afterMs: number } | null = null;
  if (args.what === 'useCase') {
    const r = await b.useCase(++b.rep);
    ms = r.ms;
    parts = { beforeMs: r.beforeMs, trainMs: r.trainMs, afterMs: r.afterMs };
  } else {
    const summary =
      args.what === 'worker' ? await inWorker('wasm', b.input) : await onMain(b.input, true);
    ms = summary.wallMs;
    fitSamplesPerSec = summary.steadySamplesPerSec;
  }
  return {
    what: args.what,
    visibility,
    visibilityAfter: document.visibilityState,
    timerLateMs,
    ms,
    /** Training samples (rows × epochs) per second of the whole call. */
    samplesPerSec: (b.rows * b.epochs) / (ms / 1000),
    fitSamplesPerSec,
    /** The use case's time before, in and after the worker's training. */
    parts,
  };
}

const api = {
  idle,
  loadDataset: (args: { url: string; name: string }) => csv.loadDataset(args),
  loadBig: (args: { url: string; name: string }) => csv.loadBig(args),
  backend,
  workerVsMain,
  loggingOverhead,
  parseCsv,
  backgroundSetup,
  backgroundStep,
};
(globalThis as unknown as { benchTrain: typeof api }).benchTrain = api;
document.getElementById('status')!.textContent = 'ready';
