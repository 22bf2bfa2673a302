// MLflow UI benchmark (npm run bench:mlflow-ui): MLflow's own web UI, the pinned `mlflow server`
// (scripts/mlflow-server.js, `node scripts/ensure-mlflow.js` first), in headless Chromium, as an
// anchor for bench/runs-table.js and bench/compare.js on the same kind of data. The data is
// written straight into the server's SQLite store with MlflowClient.log_batch (a Python script
// run with the venv's python: 1,000 metrics and at most 100 params a batch), not through the REST
// API. Each measure is a fresh load of an MLflow page (about:blank, then its URL, as a person
// opening a link), timed in the page from navigation start to the first animation frame after
// what it asks for is in the page, with a fixed timeout (MLFLOW_UI_TIMEOUT_S, 60 s) on every wait:
//   - runs table: MLFLOW_UI_RUNS (10,000) runs × 50 params × 50 metrics (latest values), until
//     the first run row is in the grid; and how many rows MLflow loads of them;
//   - compare: MLFLOW_UI_COMPARE_RUNS (500) runs × 1 metric × MLFLOW_UI_STEPS (10,000) steps, the
//     compare-runs page (#/compare-runs?runs=[…]&experiments=[…]) until its plot is drawn, and the
//     metric page its metric name links to (#/metric/m0?runs=[…]…), until every run's line is;
//   - one run of MLFLOW_UI_POINTS (100,000) points: its run page's Model metrics chart, until its
//     line is drawn; how many points MLflow draws and whether a one-step spike is among them.
// Writes the MLflow UI section of docs/benchmarks.md.
import { chromium } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';
import { markers, writeDocSection } from './harness.js';
import { runPython, startMlflowServer } from './mlflow.js';
import { f as fmt, median } from './tune-stats.js';

const env = (name, d) => Number(process.env[name] ?? d);
const SIZES = {
  runs: env('MLFLOW_UI_RUNS', 10_000),
  keys: 50,
  compareRuns: env('MLFLOW_UI_COMPARE_RUNS', 500),
  steps: env('MLFLOW_UI_STEPS', 10_000),
  points: env('MLFLOW_UI_POINTS', 100_000),
};
const TIMEOUT = env('MLFLOW_UI_TIMEOUT_S', 60) * 1000;
const REPEAT = 3;
// What the page under measure fetched (responses seen by Playwright), reset at each load.
const net = { api: 0, history: 0, search: [], errors: [] };

// Whole numbers unless asked (tune-stats' f defaults to 3 decimals).
const f = (x, d = 0) => fmt(x, d);

// The seeding script, written into the server's temp folder. The same data as the Tracklab
// benches: runs-table.js's params (one in five categorical) and metrics from the same number
// stream, and compare.js's curve (a decay, noise, and once per run a spike of +3 at one step).
const SEED_PY = String.raw`
import json, math, sys, time
from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient
from sqlalchemy import event
db, spec = sys.argv[1], json.loads(sys.argv[2])
c = MlflowClient(tracking_uri=f"sqlite:///{db}")
# No fsync per commit while seeding: the store is a throwaway, and the server idle meanwhile.
engine = c._tracking_client.store.engine
event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA synchronous=OFF"))
engine.dispose()
T0 = 1767225600000  # 2026-01-01 UTC
log = lambda m: print(m, file=sys.stderr, flush=True)
x = 12345
def rand():
    global x
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
OPT = ["adam", "sgd", "rmsprop", "adagrad"]
def table(runs, keys):
    t = time.time()
    exp = c.create_experiment("ten thousand", artifact_location="mlflow-artifacts:/table")
    for i in range(runs):
        st = T0 + i * 60000
        r = c.create_run(exp, start_time=st, run_name=f"run-{i}").info.run_id
        params = [Param(f"p{k}", OPT[int(rand() * 4)] if k % 5 == 0 else str(round(rand() * 1000) / 1000)) for k in range(keys)]
        c.log_batch(r, metrics=[Metric(f"m{k}", rand(), st, 0) for k in range(keys)], params=params, synchronous=True)
        c.set_terminated(r, "FINISHED", st + 30000)
        if i % 1000 == 999: log(f"runs table: {i + 1} runs in {time.time() - t:.0f} s")
    return {"experiment": exp, "s": time.time() - t}
def histories(name, runs, steps, offset):
    t = time.time()
    exp = c.create_experiment(name, artifact_location=f"mlflow-artifacts:/{name}")
    ids = []
    for r in range(runs):
        st = T0 + r * 60000
        ids.append(c.create_run(exp, start_time=st, run_name=f"{name}-{r}").info.run_id)
        spike = steps // 2 + r + offset
        for s0 in range(0, steps, 1000):
            c.log_batch(ids[-1], metrics=[Metric("m0", math.exp(-s / (steps / 4)) + 0.05 * math.sin(s * 0.7 + r * 0.37) + (3 if s == spike else 0), st + s * 100, s) for s in range(s0, min(steps, s0 + 1000))], synchronous=True)
        c.set_terminated(ids[-1], "FINISHED", st + steps * 100)
        if r % 50 == 49: log(f"{name}: {r + 1} runs in {time.time() - t:.0f} s")
    return {"experiment": exp, "runs": ids, "s": time.time() - t}
print(json.dumps({"table": table(spec["runs"], spec["keys"]),
                  "compare": histories("compare", spec["compareRuns"], spec["steps"], 0),
                  # The long run's spike off MLflow's even sampling grid, as a spike usually is.
                  "long": histories("long", 1, spec["points"], 7)}))
`;

/**
 * Loads `url` fresh and waits (polling every frame, at most TIMEOUT) for `ready` in the page; ms
 * from navigation start to the frame after, or null on a timeout. `state` (in the page) says what
 * was drawn, read after the wait either way.
 */
async function timeLoad(page, url, ready, state, describe) {
  await page.goto('about:blank');
  Object.assign(net, { api: 0, history: 0, search: [], errors: [] });
  await page.goto(url, { waitUntil: 'commit' });
  let ms = null;
  try {
    await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: TIMEOUT });
    ms = await page.evaluate(
      () =>
        new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))),
    );
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
  }
  // A page still busy drawing may not answer at all: that is a state too.
  const shown = await Promise.race([
    page.evaluate(state),
    new Promise((r) => setTimeout(() => r('(the page did not answer within 10 s)'), 10_000)),
  ]);
  const said = typeof shown === 'string' ? shown : describe(shown);
  const errors = net.errors.length ? `; failed: ${[...new Set(net.errors)].join('; ')}` : '';
  return { ms, shown: `${said}; ${net.api} API requests${errors}` };
}

/** REPEAT loads (one once a load times out); a row of the results table. */
async function measure(results, page, name, url, ready, state, describe = (x) => x) {
  const xs = [];
  let shown = '';
  for (let i = 0; i < REPEAT; i++) {
    const r = await timeLoad(page, url, ready, state, describe);
    shown = r.shown;
    if (r.ms === null) {
      console.log(`${name}: not drawn within ${TIMEOUT / 1000} s; shown: ${shown}`);
      results.push({ name, xs, timedOut: true, shown });
      return;
    }
    xs.push(r.ms);
  }
  console.log(`${name}: median ${f(median(xs))} ms (${xs.map((x) => f(x)).join(', ')}); ${shown}`);
  results.push({ name, xs, shown });
}

/**
 * In the page: the first Plotly chart's runs (its traces by name; MLflow draws each run twice, a
 * line and a hover copy), whether all its traces are drawn (SVG paths with points), the most
 * points a trace has, and in how many runs a point is above 2 (the spike, drawn).
 */
const plotted = () => {
  const plot = document.querySelector('.js-plotly-plot');
  const data = plot?.data ?? [];
  const paths = plot?.querySelectorAll('.scatterlayer path.js-line') ?? [];
  const drawn = [...paths].filter((p) => (p.getAttribute('d') ?? '').length > 1).length;
  return {
    runs: new Set(data.map((t) => t.name)).size,
    drawn: data.length > 0 && drawn >= data.length,
    points: Math.max(0, ...data.map((t) => t.x?.length ?? 0)),
    spikes: new Set(data.filter((t) => t.y?.some((y) => y > 2)).map((t) => t.name)).size,
  };
};
/** `plotted` as a function the page can run, on its own or with `body` after it. */
const inPage = (body) => new Function(`const plotted = ${plotted}; return ${body};`);
/** What a chart showed (plotted() read from the page), for the table. */
const plotShown = (n, steps) => (p) =>
  `${p.runs} of ${n} runs plotted${p.drawn ? '' : ' (not all drawn)'}, at most ${f(p.points)} of ${f(steps)} points a line; the spike drawn in ${p.spikes} of ${n}`;

async function main() {
  const server = await startMlflowServer();
  const onSignal = () => server.stop().then(() => process.exit(130));
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, onSignal);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const results = [];
  const { runs, keys } = SIZES;
  let seed;
  try {
    const script = join(server.dir, 'seed.py');
    await writeFile(script, SEED_PY);
    const started = Date.now();
    seed = await runPython([join(server.dir, 'mlflow.db'), JSON.stringify(SIZES)], { script });
    seed.totalS = (Date.now() - started) / 1000;
    console.log(
      `seeded in ${f(seed.totalS)} s (runs table ${f(seed.table.s)} s, compare ${f(seed.compare.s)} s, long ${f(seed.long.s)} s)`,
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (e) => console.error(`    [page error] ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
        console.error(`    [page console] ${m.text().slice(0, 300)}`);
    });
    // What MLflow fetched: API calls, full histories (get-history), the runs search's pages.
    page.on('response', async (res) => {
      const u = res.url();
      if (u.includes('/ajax-api/')) net.api++;
      // Failed API calls, with MLflow's message (users/current: no auth here, a 404 by design).
      if (u.includes('/ajax-api/') && res.status() >= 400 && !u.includes('/users/current'))
        net.errors.push(
          `${res.status()} ${new URL(u).pathname}: ${(await res.text().catch(() => '')).slice(0, 200)}`,
        );
      if (u.includes('/metrics/get-history?')) net.history++;
      if (!u.includes('/runs/search') || res.request().method() !== 'POST') return;
      const body = await res.json().catch(() => ({})); // the page may have gone
      const asked = JSON.parse(res.request().postData() ?? '{}').max_results;
      net.search.push(`${body.runs?.length ?? 0} (of max_results ${asked})`);
    });

    // 1. Runs table: the experiment's runs page until the first run row is in its grid.
    await measure(
      results,
      page,
      `runs table, ${f(runs)} runs × ${keys} params × ${keys} metrics: runs page loaded to first row drawn`,
      `${server.url}/#/experiments/${seed.table.experiment}/runs`,
      () => [...document.querySelectorAll('.ag-row')].some((r) => /run-\d/.test(r.textContent)),
      () => ({
        count: document.body.innerText.match(/([\d,]+) matching runs?/)?.[1] ?? '?',
        more: [...document.querySelectorAll('button')].some((b) =>
          /load more/i.test(b.textContent),
        ),
      }),
      ({ count, more }) =>
        `"${count} matching runs"${more ? ' and a "Load more" button' : ''}; runs/search calls returned ${net.search.join(', ')} runs`,
    );

    // 2. One long history on its run page's Model metrics tab (before the metric page, whose
    // hundreds of history requests may outlast its timeout on the server).
    await measure(
      results,
      page,
      `run page, Model metrics chart, 1 run × ${f(SIZES.points)} points: loaded to line drawn`,
      `${server.url}/#/experiments/${seed.long.experiment}/runs/${seed.long.runs[0]}/model-metrics`,
      inPage('plotted().runs >= 1 && plotted().drawn'),
      inPage('plotted()'),
      plotShown(1, SIZES.points),
    );

    // 3. Compare: the compare-runs page, then the metric page of the same runs.
    const ids = seed.compare.runs;
    const exps = JSON.stringify([seed.compare.experiment]);
    const n = ids.length;
    const spec = `${f(n)} runs × 1 metric × ${f(SIZES.steps)} steps`;
    await measure(
      results,
      page,
      `compare-runs page, ${spec}: loaded to plot drawn`,
      `${server.url}/#/compare-runs?runs=${JSON.stringify(ids)}&experiments=${exps}`,
      () => !!document.querySelector('.js-plotly-plot .parcoords .y-axis'),
      () =>
        `${document.querySelector('h1,h2')?.textContent}: a ${document.querySelector('[role=tab][aria-selected=true]')?.textContent ?? '(no tab)'} of latest values, no history chart`,
    );
    const metricUrl =
      `${server.url}/#/metric/m0?runs=${JSON.stringify(ids)}` +
      `&metric=${encodeURIComponent('"m0"')}&experiments=${exps}` +
      `&plot_metric_keys=${encodeURIComponent('["m0"]')}&plot_layout={}&x_axis=step` +
      '&y_axis_scale=linear&line_smoothness=1&show_point=false&deselected_curves=[]' +
      '&last_linear_y_axis_range=[]';
    await measure(
      results,
      page,
      `metric page (m0), ${spec}: loaded to every run's line drawn`,
      metricUrl,
      inPage(`plotted().runs >= ${n} && plotted().drawn`),
      inPage('plotted()'),
      (p) => `${plotShown(n, SIZES.steps)(p)}; ${net.history} get-history calls (full histories)`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }

  const [start, end] = markers('mlflow-ui');
  const cell = (r, x) => (r.timedOut ? `> ${f(TIMEOUT / 1000)} s (gave up)` : `${f(x)} ms`);
  await writeDocSection(
    'mlflow-ui',
    [
      start,
      '',
      '## MLflow UI (anchor)',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), MLflow ${server.version} (\`mlflow server\`, one worker, SQLite store), headless Chromium ${browser.version()}, window 1440 × 900.`,
      '',
      `MLflow's own web UI on the kind of data the Runs table and Compare view sections use: ${f(runs)} runs × ${keys} params × ${keys} metrics (latest values only); ${f(SIZES.compareRuns)} runs × 1 metric × ${f(SIZES.steps)} steps (a spike of +3 at one step per run); one run of ${f(SIZES.points)} points. Logged in ${f(seed.totalS)} s with \`MlflowClient.log_batch\` straight into the server's SQLite store. Each time is a fresh load of the page (its URL opened, the app loading included), from navigation start to the first animation frame after what it asks for is in the page, measured in the page, ${REPEAT} times each (once when a load gives up: every wait stops after ${f(TIMEOUT / 1000)} s).`,
      '',
      '| Measure | Median | Max | What MLflow shows |',
      '| --- | --- | --- | --- |',
      ...results.map(
        (r) =>
          `| ${r.name} | ${cell(r, median(r.xs))} | ${r.xs.length > 1 ? cell(r, Math.max(...r.xs)) : '—'} | ${r.shown} |`,
      ),
      '',
      "What MLflow shows or drops: its runs table loads one page of runs (runs/search) and offers a Load more button for the next, and by default shows no param or metric columns (run name, created, dataset, duration, source, models); the compare-runs page plots each run's latest value (parallel coordinates), not histories; the metric page it links to fetches each run's full history (get-history) for its table of latest, min and max, but its chart and the run page's charts draw an even sample of at most 320 points a history (get-history-bulk-interval, first and last point kept), so a one-step spike is drawn only when its step falls on the sample.",
      '',
      '```sh',
      'npm run bench:mlflow-ui',
      '```',
      '',
      end,
    ].join('\n'),
  );
}

await main();
