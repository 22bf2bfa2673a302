// Training benchmarks (npm run bench:train; also the last step of npm run bench): tfjs backends,
// worker vs main thread, the Train use case's logging overhead and CSV loading in headless
// Chromium, and scikit-learn's MLPRegressor on the same data, measured side by side in one run.
// Writes bench/results/train-latest.json and the Training section of docs/benchmarks.md.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { VENV_BIN } from '../scripts/env.js';
import { serveStatic } from '../scripts/serve.js';
import { buildBaselineHarness } from './baseline.js';
import { buildViteHarness, elapsedLog, openHarnessPage } from './harness.js';
import { runPython } from './mlflow.js';
import { writeRegressionCsv } from './train-data.js';
import { writeTrainingSection } from './train-report.js';

const started = Date.now();
const log = elapsedLog(started);
/** The 1-minute load average at each step: other jobs on a shared machine skew every number. */
const load = [];
const step = (msg) => {
  load.push(loadavg()[0]);
  log(`${msg} (load average ${loadavg()[0].toFixed(1)})`);
};
const f = (x, d = 0) => Number(x).toFixed(d);
const k = (x) => `${(x / 1000).toFixed(1)}k`;

export const CONFIG = {
  rows: 20_000,
  features: 20,
  seed: 7,
  epochs: 5,
  /** WebGPU on SwiftShader trains ~50× slower than wasm: fewer rows and epochs keep the run short. */
  webgpu: { rows: 2_560, epochs: 3 },
  /** wasm is the reference number (worker/main, sklearn ratio): median of a few runs. */
  wasmReps: 3,
  workerReps: 6,
  logEpochs: 20,
  logReps: 6,
  parseReps: 5,
  bigBytes: 100_000_000,
  sklearnReps: 3,
  /**
   * The code a change is measured against, side by side (BENCH_BASELINE overrides): 2454315 is
   * main before the house issue (issue 10: worker pool, run lifecycle, hyperparameter table).
   */
  baseline: process.env.BENCH_BASELINE ?? '2454315',
  baselineReps: 4,
};

const buildHarness = () => buildViteHarness('harness-train');
const openPage = (url) => openHarnessPage(url, 'benchTrain');

/** Every DataClient.load of the benchmark CSV (each in a fresh profile), and the browser. */
const seen = { loads: [], version: 'unknown' };

/** Opens a page, loads the benchmark CSV through the data worker, runs body, closes. */
async function withDataset(url, body) {
  const p = await openPage(url);
  seen.version = p.version;
  try {
    const load = await p.call('loadDataset', { url: `${url}/data.csv`, name: 'bench-data.csv' });
    seen.loads.push(load);
    return await body(p, load);
  } finally {
    await p.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const medianBy = (xs, key) => {
  const sorted = [...xs].sort((a, b) => key(a) - key(b));
  return sorted[sorted.length >> 1];
};

async function backends(url) {
  const out = [];
  for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
    const { rows, epochs } =
      backend === 'webgpu' ? CONFIG.webgpu : { rows: CONFIG.rows, epochs: CONFIG.epochs };
    const reps = backend === 'wasm' ? CONFIG.wasmReps : 1;
    step(`backend ${backend}: ${rows.toLocaleString('en')} rows × ${epochs} epochs × ${reps}…`);
    // A browser per backend: a GPU backend that fails or crashes takes nothing else with it.
    const runs = await withDataset(url, async (p) => {
      const list = [];
      for (let i = 0; i < reps; i++) list.push(await p.call('backend', { backend, rows, epochs }));
      return list;
    });
    const failed = runs.find((r) => r.error);
    if (failed) {
      log(`  failed: ${failed.error}`);
      out.push(failed);
      continue;
    }
    const r = medianBy(runs, (x) => x.steadySamplesPerSec);
    r.reps = runs.map((x) => x.steadySamplesPerSec);
    log(
      `  ${k(r.steadySamplesPerSec)} samples/s steady, first epoch ${f(r.firstEpochMs)} ms${r.device ? ` (${r.device})` : ''}`,
    );
    out.push(r);
  }
  return out;
}

async function workerVsMain(url) {
  step(`worker vs main thread (wasm), ${CONFIG.workerReps} reps each, alternating…`);
  return withDataset(url, async (p) => {
    const r = await p.call('workerVsMain', { epochs: CONFIG.epochs, reps: CONFIG.workerReps });
    const idle = await p.call('idle', 1000);
    const w = median(r.worker.map((x) => x.steadySamplesPerSec));
    const m = median(r.main.map((x) => x.steadySamplesPerSec));
    log(
      `  worker ${k(w)} vs main ${k(m)} samples/s; longest timer gap ${f(Math.max(...r.worker.map((x) => x.gaps.timerMaxMs)))} ms (worker) vs ${f(Math.max(...r.main.map((x) => x.gaps.timerMaxMs)))} ms (main, yielding), ${f(r.mainNoYield.gaps.timerMaxMs)} ms (main, no yields); idle ${f(idle.timerMaxMs)} ms`,
    );
    return { ...r, idle };
  });
}

async function logging(url) {
  step(
    `logging overhead: Train use case vs bare worker training, ${CONFIG.logEpochs} epochs, ${CONFIG.logReps} reps each…`,
  );
  return withDataset(url, async (p) => {
    const r = await p.call('loggingOverhead', { epochs: CONFIG.logEpochs, reps: CONFIG.logReps });
    const b = median(r.bare.map((x) => x.ms));
    const u = median(r.useCase.map((x) => x.ms));
    log(
      `  bare ${f(b)} ms, use case ${f(u)} ms: ${f((100 * (u - b)) / b, 1)}% (${r.logged.metricPoints} metric points, ${r.logged.artifacts} artifacts)`,
    );
    return r;
  });
}

/**
 * This build against the baseline commit's, in fresh browsers, alternating which goes first:
 * bare wasm training in the worker (steady samples/s) and the whole Train use case (ms).
 */
async function versusBaseline(url, baseUrl) {
  step(`this build vs ${CONFIG.baseline}, ${CONFIG.baselineReps} pairs alternating…`);
  const sides = { now: [], before: [] };
  const measure = (side) =>
    withDataset(side === 'now' ? url : baseUrl, async (p) => {
      const bare = await p.call('backend', {
        backend: 'wasm',
        rows: CONFIG.rows,
        epochs: CONFIG.epochs,
      });
      const use = await p.call('loggingOverhead', { epochs: CONFIG.logEpochs, reps: 1 });
      if (bare.error) throw new Error(`${side}: ${bare.error}`);
      sides[side].push({ rate: bare.steadySamplesPerSec, useCaseMs: use.useCase[0].ms });
    });
  for (let i = 0; i < CONFIG.baselineReps; i++) {
    for (const side of i % 2 ? ['before', 'now'] : ['now', 'before']) await measure(side);
  }
  const pairs = sides.now.map((n, i) => ({
    rate: n.rate / sides.before[i].rate,
    useCase: sides.before[i].useCaseMs / n.useCaseMs,
  }));
  const r = {
    baseline: CONFIG.baseline,
    ...sides,
    rateRatio: median(pairs.map((x) => x.rate)),
    useCaseRatio: median(pairs.map((x) => x.useCase)),
  };
  log(
    `  now ÷ before: training ${f(r.rateRatio, 3)}, Train use case ${f(r.useCaseRatio, 3)} (higher is faster now)`,
  );
  return r;
}

async function csv(url, loads) {
  step(
    `CSV: parseTable on the page ×${CONFIG.parseReps}, then the ~100 MB file through DataClient.load…`,
  );
  const p = await openPage(url);
  try {
    const idle = await p.call('idle', 1000);
    const parse = await p.call('parseCsv', { url: `${url}/data.csv`, reps: CONFIG.parseReps });
    log(`  parseTable ${parse.rows.toLocaleString('en')} rows: median ${f(median(parse.ms))} ms`);
    const big = await p.call('loadBig', { url: `${url}/big.csv`, name: 'big.csv' });
    log(
      `  ${f(big.bytes / 1e6)} MB, ${big.rows.toLocaleString('en')} rows in ${f(big.ms / 1000, 1)} s; longest timer gap ${f(big.gaps.timerMaxMs)} ms`,
    );
    return { idle, parse, loads, big };
  } finally {
    await p.close();
  }
}

async function sklearn(dataPath) {
  const python = join(VENV_BIN, 'python');
  if (!existsSync(python))
    return { error: `no Python venv at ${VENV_BIN} (run npm run bench once)` };
  step(`scikit-learn MLPRegressor on the same CSV (${CONFIG.sklearnReps} reps per variant)…`);
  try {
    return await runPython([dataPath, String(CONFIG.epochs), String(CONFIG.sklearnReps)], {
      script: 'sklearn_bench.py',
    });
  } catch (e) {
    return { error: e.message.split('\n').slice(-3).join(' ') };
  }
}

async function main() {
  log('building bench/harness-train…');
  const dir = await buildHarness();
  log(`building bench/harness-train as it was at ${CONFIG.baseline}…`);
  const baseline = await buildBaselineHarness(CONFIG.baseline, 'harness-train');
  let server;
  let baseServer;
  try {
    log(`writing ${CONFIG.rows.toLocaleString('en')} × ${CONFIG.features} and ~100 MB CSVs…`);
    const data = await writeRegressionCsv(join(dir, 'data.csv'), {
      rows: CONFIG.rows,
      features: CONFIG.features,
      seed: CONFIG.seed,
    });
    const big = await writeRegressionCsv(join(dir, 'big.csv'), {
      bytes: CONFIG.bigBytes,
      features: CONFIG.features,
      seed: CONFIG.seed + 1,
    });
    // scikit-learn first, with the CPU to itself.
    const sk = await sklearn(join(dir, 'data.csv'));
    if (sk.error) log(`  scikit-learn not measured: ${sk.error}`);
    server = await serveStatic({ root: dir, port: 0 });
    const url = server.url;
    await Promise.all(
      ['data.csv', 'big.csv'].map((f) => copyFile(join(dir, f), join(baseline.out, f))),
    );
    baseServer = await serveStatic({ root: baseline.out, port: 0 });
    const vsBaseline = await versusBaseline(url, baseServer.url);
    const backendRuns = await backends(url);
    const wvm = await workerVsMain(url);
    const overhead = await logging(url);
    // The 20k CSV through DataClient.load (decode, parse, profile, save), as each group began.
    const csvRuns = await csv(url, seen.loads);
    load.push(loadavg()[0]);
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        chromium: seen.version,
        tfjs: '4.22.0',
        loadAverages: load,
      },
      config: { ...CONFIG, dataBytes: data.bytes, bigRows: big.rows, bigBytes: big.bytes },
      backends: backendRuns,
      workerVsMain: wvm,
      logging: overhead,
      csv: csvRuns,
      versusBaseline: vsBaseline,
      sklearn: sk,
      totalSeconds: (Date.now() - started) / 1000,
    };
    await mkdir(new URL('results/', import.meta.url), { recursive: true });
    await writeFile(
      new URL('results/train-latest.json', import.meta.url),
      JSON.stringify(results, null, 2),
    );
    const summary = await writeTrainingSection(results);
    log('wrote bench/results/train-latest.json and the Training section of docs/benchmarks.md');
    for (const t of summary)
      console.log(
        `  ${t.result.toUpperCase().padEnd(4)}  ${t.name}: ${t.measured} (target ${t.target})`,
      );
  } finally {
    await server?.close();
    await baseServer?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(baseline.out, { recursive: true, force: true });
    await baseline.cleanup();
  }
}

/** `node bench/train.js --report` rewrites the docs section from the last results, measuring nothing. */
async function reportOnly() {
  const { readFile } = await import('node:fs/promises');
  const results = JSON.parse(
    await readFile(new URL('results/train-latest.json', import.meta.url), 'utf8'),
  );
  for (const t of await writeTrainingSection(results))
    console.log(
      `  ${t.result.toUpperCase().padEnd(4)}  ${t.name}: ${t.measured} (target ${t.target})`,
    );
}

(process.argv.includes('--report') ? reportOnly() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
