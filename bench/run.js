// Tracklab benchmarks (npm run bench): IndexedDB store in headless Chromium vs MLflow's Python
// client against a local mlflow server, measured side by side in one run. Writes
// docs/benchmarks.md, docs/benchmarks-scaling.svg and bench/results/latest.json.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startBrowserSide } from './browser.js';
import { elapsedLog } from './harness.js';
import { BASE_TS, LOGGING, SEARCH, runSpec } from './data.js';
import { runPython, startMlflowServer } from './mlflow.js';
import * as tasks from './page-tasks.js';
import { writeReport } from './report.js';

const started = Date.now();
const log = elapsedLog(started);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const f = (x, d = 1) => x.toFixed(d);

const SEARCH_SIZES = [1_000, 10_000, 100_000];
const SEARCH_REPS = { 1000: 20, 10000: 10, 100000: 5 };
const HISTORY_SIZES = [10_000, 100_000, 1_000_000];
const HISTORY_REPS = { 10000: 20, 100000: 10, 1000000: 5 };
const API_RUNS = 1000; // runs created through createRun + logBatch before bulk rows take over
const LOG_REPS = 3;
const MLFLOW_SIZES = [1_000, 10_000];
const MLFLOW_LOG_BUDGET_S = 45;

/** Opens a fresh profile, installs the page helpers, runs body(page), closes the profile. */
async function inFreshProfile(side, body) {
  const { page, close } = await side.open();
  try {
    await page.evaluate(tasks.installUtil);
    await page.evaluate(tasks.installRowBuilder);
    await page.evaluate(`globalThis.runSpec = ${runSpec.toString()}`);
    return await body(page);
  } finally {
    await close();
  }
}

const logging = async (side, mode, label) => {
  log(`logging 100k points (10 runs x 10 keys x 1,000 steps), ${label}…`);
  return inFreshProfile(side, async (page) => {
    const seq = [];
    const args = { ...LOGGING, baseTs: BASE_TS, parallel: false, mode };
    // One untimed warm-up: the first writes in a fresh profile also create IndexedDB's files
    // and run before the JIT has compiled the write path.
    await page.evaluate(tasks.logHundredK, args);
    for (let i = 0; i < LOG_REPS; i++) {
      seq.push(await page.evaluate(tasks.logHundredK, args));
      log(`  rep ${i + 1}: ${f(seq[i].ms, 0)} ms (check ${seq[i].check} points)`);
    }
    const par = await page.evaluate(tasks.logHundredK, {
      ...LOGGING,
      baseTs: BASE_TS,
      parallel: true,
      mode,
    });
    log(`  10 runs in parallel: ${f(par.ms, 0)} ms`);
    return { sequential: seq, medianMs: median(seq.map((r) => r.ms)), parallel: par };
  });
};

const fluentLogging = (side) =>
  logging(
    side,
    'fluent',
    `as training logs them (startRun + logMetrics), ${side.source.split(' (')[0]}`,
  );

async function browserBenchmarks(side) {
  const out = {};
  out.logging = await fluentLogging(side);
  out.loggingBatch = await logging(side, 'logBatch', 'as 100 logBatch calls of 1,000 points');

  log('small writes: 1,000 batches of 10 points…');
  out.smallWrites = await inFreshProfile(side, (page) =>
    page.evaluate(tasks.smallWrites, { batches: 1000, keys: 10, baseTs: BASE_TS }),
  );
  log(`  ${f(out.smallWrites.ms, 0)} ms`);

  out.history = [];
  await inFreshProfile(side, async (page) => {
    for (const points of HISTORY_SIZES) {
      log(`history of ${points.toLocaleString('en')} points: logging and reading…`);
      const r = await page.evaluate(tasks.historyReads, {
        points,
        reps: HISTORY_REPS[points],
        baseTs: BASE_TS,
      });
      log(
        `  write ${f(r.writeMs, 0)} ms; arrays ${f(r.arrays.median, 2)} ms, Metric objects ${f(r.objects.median, 2)} ms (median of ${r.arrays.n})`,
      );
      out.history.push(r);
    }
  });

  out.search = [];
  await inFreshProfile(side, async (page) => {
    const experimentId = await page.evaluate(() =>
      globalThis.tracklab.store.createExperiment('bench-search'),
    );
    let have = 0;
    for (const size of SEARCH_SIZES) {
      log(`searchRuns: populating ${size.toLocaleString('en')} runs…`);
      const pop = await page.evaluate(tasks.populateRuns, {
        experimentId,
        from: have,
        to: size,
        apiRuns: API_RUNS,
        chunk: 5000,
      });
      log(
        `  ${pop.apiRuns} runs through the API in ${f(pop.apiMs / 1000)} s, ${pop.bulkRuns} bulk rows in ${f(pop.bulkMs / 1000)} s`,
      );
      have = size;
      const r = await page.evaluate(tasks.timeSearch, {
        experimentId,
        request: SEARCH,
        reps: SEARCH_REPS[size],
      });
      log(
        `  search median ${f(r.search.median)} ms, after reopening ${f(r.cold.median)} ms, first ever ${f(r.firstEver)} ms (bare IndexedDB read ${f(r.rawRead.median)} ms), ${r.returned} returned`,
      );
      out.search.push({ runs: size, populate: pop, ...r });
    }
  });
  return out;
}

async function mlflowBenchmarks() {
  log('mlflow: starting the server…');
  const server = await startMlflowServer();
  const dir = await mkdtemp(join(tmpdir(), 'tracklab-bench-specs-'));
  try {
    const specs = join(dir, 'specs.json');
    const runs = Array.from({ length: Math.max(...MLFLOW_SIZES) }, (_, i) => runSpec(i));
    await writeFile(
      specs,
      JSON.stringify({ runs, search: SEARCH, logging: LOGGING, base_ts: BASE_TS }),
    );
    log(
      `mlflow: log_batch (stops after ${MLFLOW_LOG_BUDGET_S} s) and search_runs at ${MLFLOW_SIZES.join(', ')} runs…`,
    );
    const args = [
      server.url,
      join(server.dir, 'mlflow.db'),
      specs,
      MLFLOW_SIZES.join(','),
      '5',
      String(MLFLOW_LOG_BUDGET_S),
    ];
    return { version: server.version, ...(await runPython(args)) };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  log('building the page and probing window.tracklab…');
  // The store is measured on a bare page (bench/harness: the same DexieStore and client, no UI).
  // BENCH_PAGE=app measures everything on the app page instead.
  process.env.BENCH_PAGE ??= 'harness';
  const side = await startBrowserSide();
  log(`page: ${side.source}; Chromium ${side.version}`);
  let browser;
  try {
    browser = await browserBenchmarks(side);
  } finally {
    await side.close();
  }
  if (process.env.BENCH_PAGE === 'harness') {
    // The same fluent logging with the app open on its Experiments screen, whose live query
    // re-reads experiments and run counts after every write.
    process.env.BENCH_PAGE = 'app';
    const app = await startBrowserSide();
    try {
      if (app.source.startsWith('app')) browser.loggingWithUi = await fluentLogging(app);
    } finally {
      await app.close();
    }
  }
  const mlflow = await mlflowBenchmarks();
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: side.version,
      mlflow: mlflow.version,
      page: side.source,
    },
    config: {
      SEARCH,
      LOGGING,
      SEARCH_SIZES,
      HISTORY_SIZES,
      API_RUNS,
      MLFLOW_SIZES,
      MLFLOW_LOG_BUDGET_S,
    },
    browser,
    mlflow,
    totalSeconds: (Date.now() - started) / 1000,
  };
  await mkdir(new URL('results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('results/latest.json', import.meta.url),
    JSON.stringify(results, null, 2),
  );
  const summary = await writeReport(results);
  log('wrote docs/benchmarks.md, docs/benchmarks-scaling.svg, bench/results/latest.json');
  for (const t of summary)
    console.log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured} (target ${t.target})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
