// Sync benchmark (npm run bench:sync; issue 14, MLflow interop): a lab pushed to a real MLflow
// server with the app's own copyExperiments, side by side with MLflow's Python client logging
// the same data (bench/sync_bench.py) to the same server in the same run, and a re-push of the
// unchanged lab. One `mlflow server` (scripts/mlflow-server.js: one worker, SQLite, artifacts
// proxied; `node scripts/ensure-mlflow.js` first) is started for the bench.
//
// Tracklab's side runs in Node, as the interop tests do: the lab lives in the app's DexieStore
// over fake-indexeddb, and the TypeScript modules (DexieStore, DexieLedger, RestStore,
// copyExperiments) are loaded from src/lib through Vite's module runner, with $lib aliased as in
// tests/interop/vitest.config.ts. BENCH_SCALE=0.1 pushes 10 runs (a quick check).
// Writes the sync section of docs/benchmarks.md.
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverSettled } from './cpu-threads.js';
import { elapsedLog, markers, writeDocSection } from './harness.js';
import { runPython, startMlflowServer } from './mlflow.js';
import { f as fmt, median } from './tune-stats.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SHAPE = { runs: Math.max(2, Math.round(100 * SCALE)), keys: 20, steps: 100 };
const REPEAT = 3;
const WARMUP_RUNS = 2;
const TARGET_REPUSH_MS = 1000;
const T0 = Date.UTC(2026, 0, 1);
const KEYS = Array.from({ length: SHAPE.keys }, (_, k) => `m${String(k).padStart(2, '0')}`);

const root = fileURLToPath(new URL('..', import.meta.url));
const log = elapsedLog();
// Whole numbers unless asked (tune-stats' f defaults to 3 decimals).
const f = (x, d = 0) => fmt(x, d);
const ok = (pass) => (pass ? '✓' : '✗');

// ---- the lab -----------------------------------------------------------------------------

/** A JSON file of about 1 KB: the run's model config with a few weights. */
function configJson(r) {
  const config = { run: r, model: 'mlp', layers: [64, 32], activation: 'relu', weights: [] };
  for (let i = 0; JSON.stringify(config, null, 1).length < 1000; i++)
    config.weights.push(Number(Math.sin(i * 0.7 + r).toFixed(4)));
  return JSON.stringify(config, null, 1);
}

/** A text log of exactly 2,048 bytes (ASCII). */
function trainLog(r) {
  let text = '';
  for (let s = 0; text.length < 2048; s++)
    text += `epoch ${s} loss ${(1 / (s + 1 + r)).toFixed(6)} val_auc ${(0.5 + s / (400 + r)).toFixed(6)}\n`;
  return text.slice(0, 2048);
}

/** Run r of the lab: the same numbers and bytes go to both sides (bench/sync_bench.py). */
function runSpec(r) {
  const startTime = T0 + r * 60_000;
  return {
    name: `run-${r}`,
    startTime,
    endTime: startTime + SHAPE.steps * 1000,
    params: {
      lr: String(0.001 * (r + 1)),
      optimizer: r % 2 ? 'sgd' : 'adam',
      batch_size: String(32 << (r % 3)),
      layers: '[64, 32]',
      seed: String(r),
    },
    tags: { team: 'vision', purpose: 'bench-sync' },
    // values[k][s]: key k at step s (timestamp startTime + s * 1000).
    values: KEYS.map((_, k) =>
      Array.from({ length: SHAPE.steps }, (_, s) =>
        Number((Math.exp(-s / 25) * (1 + k / 10) + 0.01 * Math.sin(s + r + k)).toFixed(6)),
      ),
    ),
    artifacts: [
      { path: 'model/config.json', text: configJson(r) },
      { path: 'logs/train.txt', text: trainLog(r) },
    ],
  };
}

/** Writes the lab into a local store (untimed): step-major points, params in the first batch. */
async function writeLab(store, name, runs) {
  const experimentId = await store.createExperiment(name);
  for (const spec of runs) {
    const run = await store.createRun({
      experimentId,
      runName: spec.name,
      startTime: spec.startTime,
      tags: Object.entries(spec.tags).map(([key, value]) => ({ key, value })),
    });
    const id = run.info.run_id;
    const points = [];
    for (let s = 0; s < SHAPE.steps; s++)
      KEYS.forEach((key, k) =>
        points.push({
          key,
          value: spec.values[k][s],
          timestamp: spec.startTime + s * 1000,
          step: s,
        }),
      );
    const params = Object.entries(spec.params).map(([key, value]) => ({ key, value }));
    // At most 1,000 entities (metrics, params and tags together) a batch, as MLflow allows.
    await store.logBatch(id, { params, metrics: points.slice(0, 1000 - params.length) });
    for (let i = 1000 - params.length; i < points.length; i += 1000)
      await store.logBatch(id, { metrics: points.slice(i, i + 1000) });
    for (const a of spec.artifacts) await store.logArtifact(id, a.path, a.text);
    await store.updateRun(id, { status: 'FINISHED', endTime: spec.endTime });
  }
  await store.whenIdle();
  return experimentId;
}

// ---- Tracklab's side ---------------------------------------------------------------------

/** The app's modules, loaded from src/lib by Vite's module runner (TypeScript, $lib). */
async function loadApp() {
  // The root tsconfig.json extends .svelte-kit/tsconfig.json, which `svelte-kit sync` writes.
  if (!existsSync(join(root, '.svelte-kit', 'tsconfig.json')))
    execFileSync('npx', ['svelte-kit', 'sync'], { cwd: root, stdio: 'inherit' });
  const { createServer, createServerModuleRunner } = await import('vite');
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    appType: 'custom',
    resolve: { alias: { $lib: join(root, 'src', 'lib') } },
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
  const load = (path) => runner.import(join(root, 'src', 'lib', path));
  const [{ DexieStore }, { DexieLedger }, { RestStore }, { copyExperiments }] = await Promise.all([
    load('tracking/dexie/dexie-store.ts'),
    load('sync/dexie-ledger.ts'),
    load('tracking/rest/rest-store.ts'),
    load('sync/copy.ts'),
  ]);
  return {
    DexieStore,
    DexieLedger,
    RestStore,
    copyExperiments,
    async close() {
      await runner.close();
      await server.close();
    },
  };
}

/** A fetch that counts requests (by endpoint) and the time spent waiting for answers. */
function countingFetch() {
  const c = { requests: 0, waitMs: 0, byEndpoint: {} };
  c.reset = () => Object.assign(c, { requests: 0, waitMs: 0, byEndpoint: {} });
  c.snapshot = () => ({ requests: c.requests, waitMs: c.waitMs, byEndpoint: { ...c.byEndpoint } });
  c.fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    const endpoint =
      path.match(/\/api\/2\.0\/(mlflow-artifacts|mlflow\/[^/]+\/[^/]+)/)?.[1] ?? path;
    const name = `${init?.method ?? 'GET'} ${endpoint}`;
    c.requests++;
    c.byEndpoint[name] = (c.byEndpoint[name] ?? 0) + 1;
    const t = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      c.waitMs += performance.now() - t;
    }
  };
  return c;
}

/** Every file under a run's artifact root on the server. */
async function artifactFiles(store, runId, dir) {
  const out = [];
  for (const f of await store.listArtifacts(runId, dir))
    out.push(...(f.is_dir ? await artifactFiles(store, runId, f.path) : [f.path]));
  return out;
}

/** Reads the pushed experiment back through the REST store; throws unless it is all there. */
async function verifyPush(server, name, runs) {
  const experiment = await server.getExperimentByName(name);
  if (!experiment) throw new Error(`the server has no experiment "${name}" after the push`);
  const found = [];
  let pageToken;
  do {
    const page = await server.searchRuns({
      experimentIds: [experiment.experiment_id],
      maxResults: 1000,
      pageToken,
    });
    found.push(...page.items);
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  if (found.length !== runs.length)
    throw new Error(`the server has ${found.length} runs of ${runs.length} after the push`);
  const one = found.find((r) => r.info.run_name === runs[0].name);
  if (!one) throw new Error(`the server has no run named ${runs[0].name}`);
  let points = 0;
  for (const key of KEYS) {
    const history = await server.getMetricHistory(one.info.run_id, key);
    points += history.items.length;
  }
  const files = await artifactFiles(server, one.info.run_id);
  const want = SHAPE.keys * SHAPE.steps;
  if (points !== want || files.length !== 2 || one.info.status !== 'FINISHED')
    throw new Error(
      `${runs[0].name} on the server: ${points} points (want ${want}), ${files.length} artifacts (want 2), ${one.info.status}`,
    );
  return { runs: found.length, points, artifacts: files.sort() };
}

/** One push of a fresh lab and one re-push of it; throws if either is not what it should be. */
async function tracklabRep(app, url, name, runs) {
  const local = new app.DexieStore({ name: `bench-sync-${name}` });
  try {
    let t = performance.now();
    const experimentId = await writeLab(local, name, runs);
    const writeMs = performance.now() - t;
    const ledger = new app.DexieLedger(local.db);
    const net = countingFetch();
    const server = new app.RestStore({ baseUrl: url, fetch: net.fetch });
    const options = { target: url, ledger, experimentIds: [experimentId] };

    t = performance.now();
    const first = await app.copyExperiments(local, server, options);
    const pushMs = performance.now() - t;
    const pushNet = net.snapshot();
    const wantPoints = runs.length * SHAPE.keys * SHAPE.steps;
    if (first.failed.length || first.created.length !== runs.length || first.points !== wantPoints)
      throw new Error(
        `push: ${first.created.length} runs created of ${runs.length}, ${first.points} points of ${wantPoints}, failed: ${JSON.stringify(first.failed)}`,
      );

    net.reset();
    t = performance.now();
    const again = await app.copyExperiments(local, server, options);
    const repushMs = performance.now() - t;
    const repushNet = net.snapshot();
    if (
      again.failed.length ||
      again.created.length ||
      again.updated.length ||
      again.skipped.length !== runs.length ||
      again.points ||
      again.bytes
    )
      throw new Error(
        `re-push changed something: ${again.created.length} created, ${again.updated.length} updated, ${again.skipped.length} skipped, ${again.points} points, ${again.bytes} bytes, failed: ${JSON.stringify(again.failed)}`,
      );

    const check = await verifyPush(server, name, runs);
    return {
      writeMs,
      pushMs,
      repushMs,
      points: first.points,
      bytes: first.bytes,
      retries: first.retries + again.retries,
      pushNet,
      repushNet,
      check,
    };
  } finally {
    await local.db.delete();
  }
}

// ---- MLflow's side -----------------------------------------------------------------------

async function mlflowRep(url, specPath, name, runs) {
  const r = await runPython([url, specPath, name, `${name}-warmup`], { script: 'sync_bench.py' });
  const want = SHAPE.keys * SHAPE.steps;
  if (
    r.runs !== runs.length ||
    r.first.points !== want ||
    r.first.artifacts.length !== 2 ||
    r.first.status !== 'FINISHED'
  )
    throw new Error(`MLflow's client logged something else: ${JSON.stringify(r)}`);
  return r;
}

// ---- the run -----------------------------------------------------------------------------

async function main() {
  const runs = Array.from({ length: SHAPE.runs }, (_, r) => runSpec(r));
  const load = [loadavg()[0]];
  log(
    `sync: ${SHAPE.runs} runs × ${SHAPE.keys} metrics × ${SHAPE.steps} steps + 2 artifacts each, ${REPEAT} reps a side`,
  );
  const app = await loadApp();
  log('mlflow: starting the server…');
  const server = await startMlflowServer();
  const dir = await mkdtemp(join(tmpdir(), 'tracklab-bench-sync-'));
  const tracklab = [];
  const mlflow = [];
  let settledS = null;
  try {
    const specPath = join(dir, 'spec.json');
    await writeFile(specPath, JSON.stringify({ keys: KEYS, steps: SHAPE.steps, runs }));

    settledS = await serverSettled(server.dir);
    if (settledS !== null) log(`mlflow: the server's job consumers settled after ${f(settledS)} s`);
    log(`tracklab: warm-up push of ${WARMUP_RUNS} runs (untimed)…`);
    await tracklabRep(app, server.url, 'tracklab-warmup', runs.slice(0, WARMUP_RUNS));

    const tracklabOnce = async (i) => {
      const r = await tracklabRep(app, server.url, `tracklab-${i}`, runs);
      log(
        `  tracklab ${i + 1}: push ${f(r.pushMs)} ms (${r.pushNet.requests} requests, ${f(r.pushNet.waitMs)} ms waiting), re-push ${f(r.repushMs)} ms (${r.repushNet.requests} requests); lab written in ${f(r.writeMs)} ms; ${r.retries} retries`,
      );
      tracklab.push(r);
    };
    const mlflowOnce = async (i) => {
      const r = await mlflowRep(server.url, specPath, `mlflow-${i}`, runs);
      log(
        `  mlflow ${i + 1}: ${f(r.ms)} ms (${r.net.requests} requests, ${f(r.net.wait_ms)} ms in them)`,
      );
      mlflow.push(r);
    };
    // Each side logs into a new experiment on the same server; who goes first alternates, so
    // the growing database weighs on both alike.
    for (let i = 0; i < REPEAT; i++) {
      if (i % 2 === 0) {
        await tracklabOnce(i);
        await mlflowOnce(i);
      } else {
        await mlflowOnce(i);
        await tracklabOnce(i);
      }
    }
  } finally {
    await server.stop();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
  load.push(loadavg()[0]);

  const push = tracklab.map((r) => r.pushMs);
  const repush = tracklab.map((r) => r.repushMs);
  const logged = mlflow.map((r) => r.ms);
  const ratios = push.map((x, i) => x / logged[i]);
  const ratio = median(push) / median(logged);
  const mid = tracklab.toSorted((a, b) => a.pushMs - b.pushMs)[tracklab.length >> 1];
  const perRun = (n) => f(n / SHAPE.runs, 1);
  const endpoints = (byEndpoint) =>
    Object.entries(byEndpoint)
      .sort((a, b) => b[1] - a[1])
      // Per run where each run makes it; in all where it is made once (the experiment).
      .map(([k, n]) => `\`${k}\` ${n >= SHAPE.runs ? `${perRun(n)} a run` : `${n} in all`}`)
      .join(', ');
  const midMlflow = mlflow.toSorted((a, b) => a.ms - b.ms)[mlflow.length >> 1];
  const sizes = runs[0].artifacts
    .map((a) => `${f(a.text.length)}-byte \`${a.path}\``)
    .join(' and ');
  const retries = tracklab.reduce((s, r) => s + r.retries, 0);
  const spec = `${f(SHAPE.runs)} runs × ${SHAPE.keys} metrics × ${SHAPE.steps} steps + 2 artifacts each`;
  const ms = (x) => `${f(x)} ms`;
  console.log(
    `push ${push.map(ms).join(', ')}; MLflow ${logged.map(ms).join(', ')}; ratio ${f(ratio, 2)}; re-push ${repush.map(ms).join(', ')}`,
  );

  const [start, end] = markers('sync');
  await writeDocSection(
    'sync',
    [
      start,
      '',
      '## Push to an MLflow server (sync)',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, MLflow ${server.version} (\`mlflow server\`, one worker, SQLite store, artifacts proxied by the server), one server started for the bench${settledS !== null ? ` and left ${f(settledS)} s to settle (its job consumers, started with it, import MLflow for a while after it answers)` : ''}; 1-minute load average ${load.map((x) => f(x, 1)).join(' → ')}.`,
      '',
      `The lab: ${f(SHAPE.runs)} runs in one experiment, each with ${SHAPE.keys} metric keys × ${SHAPE.steps} steps (${f(SHAPE.keys * SHAPE.steps)} points a run, ${f(SHAPE.runs * SHAPE.keys * SHAPE.steps)} in all), ${Object.keys(runs[0].params).length} params, ${Object.keys(runs[0].tags).length} tags, a ${sizes}, status FINISHED; the same values and bytes on both sides. **Tracklab** runs in Node: the lab is written (untimed) into the app's \`DexieStore\` over fake-indexeddb (an in-memory IndexedDB, not Chromium's), and \`copyExperiments(local, new RestStore({ baseUrl }), { target, ledger: new DexieLedger(local.db) })\` — the app's own modules from src/lib, loaded through Vite's module runner — pushes it, timed from the call to its report; then the same call again on the unchanged lab (the re-push: the ledger says what was sent, so it sends nothing, but still reads every local history and artifact to see that nothing changed). **MLflow's Python client** (bench/sync_bench.py) logs the same data: per run \`create_run\` (name, tags, start time), \`log_batch\` of at most 1,000 entities a call (the params with the first metrics), \`log_text\` for each artifact, \`set_terminated\`; timed from the first \`create_run\` to the last \`set_terminated\`, its \`Metric\` objects built before the clock starts. Each side logs into a new experiment on the same server, ${REPEAT} times, alternating which goes first; each side first logs ${WARMUP_RUNS} runs untimed. After each push the bench reads the server back (through the REST store, and through MLflow's client for its side): ${f(SHAPE.runs)} runs, and in the first run ${f(SHAPE.keys * SHAPE.steps)} points, 2 artifacts and status FINISHED; it stops if not.`,
      '',
      '| Measure | Median | Max | Target |',
      '| --- | --- | --- | --- |',
      `| Push ${spec} (Tracklab copyExperiments) | ${ms(median(push))} | ${ms(Math.max(...push))} | — |`,
      `| Same data logged by MLflow's Python client (log_batch) | ${ms(median(logged))} | ${ms(Math.max(...logged))} | — |`,
      `| Ratio Tracklab / MLflow (target ≤ 1) | ${f(ratio, 2)} ${ok(ratio <= 1)} | ${f(Math.max(...ratios), 2)} | ≤ 1 |`,
      `| Re-push of the unchanged lab | ${ms(median(repush))} ${ok(median(repush) <= TARGET_REPUSH_MS)} | ${ms(Math.max(...repush))} | ≤ ${f(TARGET_REPUSH_MS)} ms |`,
      '',
      `Each time, push: Tracklab ${push.map(ms).join(', ')}; MLflow ${logged.map(ms).join(', ')}; re-push ${repush.map(ms).join(', ')}. The ratio's Max is the worst of the ${REPEAT} pairs (each Tracklab push over the MLflow run next to it). Requests in the median push: Tracklab ${f(mid.pushNet.requests)} (${endpoints(mid.pushNet.byEndpoint)}), ${f(mid.pushNet.waitMs)} ms of its ${f(mid.pushMs)} ms waiting for the server's answers (to their headers); MLflow's client ${f(midMlflow.net.requests)} (${endpoints(midMlflow.net.by_endpoint)}; one \`runs/get\` a run is \`set_terminated\` looking up the run to print its link), ${f(midMlflow.net.wait_ms)} ms of its ${f(midMlflow.ms)} ms in requests. The re-push made ${f(Math.max(...tracklab.map((r) => r.repushNet.requests)))} requests. ${retries ? `${retries} requests were retried (refused connections or server errors) in all.` : 'No request was retried.'}`,
      '',
      '```sh',
      'npm run bench:sync',
      '```',
      '',
      end,
    ].join('\n'),
  );
  log('wrote the sync section of docs/benchmarks.md');
}

await main();
