// Study page benchmark (npm run bench:study-page; also part of npm run bench): how the live Study
// page holds up while a study runs. The built app (build/, `vite build` first) in headless
// Chromium: a study of N finished trials is made through tracklab.tuning on the console, the
// study's run page is opened, and 30 more trials run on the same page (each reports 30 epochs,
// ~0.35 s a trial — a fast study, so the page refreshes all the time) while the page's animation
// frames are timed: once with the relationship plots in view, once scrolled to the trials table. Writes the Study page section of docs/benchmarks.md.
import { chromium } from '@playwright/test';
import { cpus } from 'node:os';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';
import { serveStatic } from '../scripts/serve.js';
import { markers, writeDocSection } from './harness.js';

const SIZES = [200, 1000];
const LIVE = { trials: 30, epochs: 30, epochMs: 10 };
const VIEWS = [
  { name: 'plots in view', region: /^How the parameters relate/ },
  { name: 'trials table in view, plots out of view', table: 'Trials' },
];

const f = (x, d = 0) =>
  Number(x).toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });

/** In the page: a study of `n` finished trials (three parameters, 30 reports each). */
async function makeStudy(page, n) {
  return page.evaluate(async (n) => {
    const { tuning } = window.tracklab;
    const study = await tuning.createStudy({
      studyName: `bench ${n}`,
      direction: 'minimize',
      sampler: new tuning.samplers.TPESampler({ seed: 1 }),
    });
    await study.optimize(
      (t) => {
        const lr = t.suggestFloat('lr', 1e-5, 1e-1, { log: true });
        const layers = t.suggestInt('layers', 1, 3);
        const act = t.suggestCategorical('act', ['relu', 'tanh']);
        const v = (Math.log10(lr) + 3) ** 2 + layers * 0.1 + (act === 'relu' ? 0 : 0.3);
        for (let s = 0; s < 30; s++) t.report(v + 1 / (s + 1), s);
        return v;
      },
      { nTrials: n },
    );
    return study.studyRunId;
  }, n);
}

/** In the page: LIVE trials more, while every animation frame is timed. */
async function watchLive(page, studyName) {
  return page.evaluate(
    async ({ studyName, live }) => {
      const { tuning } = window.tracklab;
      const study = await tuning.loadStudy({
        studyName,
        sampler: new tuning.samplers.RandomSampler({ seed: 2 }),
      });
      let last = performance.now();
      let max = 0;
      let frames = 0;
      let over = 0;
      let watching = true;
      const onFrame = () => {
        const t = performance.now();
        max = Math.max(max, t - last);
        if (t - last > 50) over++;
        last = t;
        frames++;
        if (watching) requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
      const started = performance.now();
      for (let i = 0; i < live.trials; i++) {
        const trial = study.ask();
        const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
        trial.suggestInt('layers', 1, 3);
        trial.suggestCategorical('act', ['relu', 'tanh']);
        for (let s = 0; s < live.epochs; s++) {
          trial.report((Math.log10(lr) + 3) ** 2 + 1 / (s + 1), s);
          await new Promise((r) => setTimeout(r, live.epochMs));
        }
        study.tell(trial, (Math.log10(lr) + 3) ** 2);
      }
      await study.flush();
      // The page's last refreshes, and a plot redraw, after the last trial.
      await new Promise((r) => setTimeout(r, 2000));
      watching = false;
      return { maxMs: max, frames, over50: over, ms: performance.now() - started };
    },
    { studyName, live: LIVE },
  );
}

async function main() {
  const server = await serveStatic({ root: 'build', port: 0 });
  const { url } = server;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const rows = [];
  try {
    for (const n of SIZES) {
      for (const view of VIEWS) {
        // A fresh context each time: an empty store, so each study starts from the same size.
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        page.setDefaultTimeout(0);
        await page.goto(`${url}/`);
        await page.waitForFunction(() => !!window.tracklab);
        const runId = await makeStudy(page, n);
        await page.goto(`${url}/#/experiments/0/runs/${runId}`);
        await page
          .getByRole('img', { name: /^Parallel coordinates/ })
          .locator('.axis-title')
          .first()
          .waitFor();
        await (
          view.region
            ? page.getByRole('region', { name: view.region })
            : page.getByRole('table', { name: view.table })
        ).scrollIntoViewIfNeeded();
        const r = await watchLive(page, `bench ${n}`);
        rows.push({ n, view: view.name, ...r });
        console.log(
          `${n} trials, ${view.name}: longest frame gap ${f(r.maxMs)} ms, ${r.over50} over 50 ms in ${r.frames} frames`,
        );
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const [start, end] = markers('study-page');
  const table = [
    '| Trials before | View | Longest frame gap | Frame gaps over 50 ms | Frames | Wall time |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${f(r.n)} | ${r.view} | ${f(r.maxMs)} ms | ${r.over50} | ${f(r.frames)} | ${f(r.ms / 1000, 1)} s |`,
    ),
  ];
  await writeDocSection(
    'study-page',
    [
      start,
      '',
      '## Study page',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), headless Chromium ${browser.version()}.`,
      '',
      `The live Study page (the study's run page) while ${LIVE.trials} trials run on the same page through tracklab.tuning, each reporting ${LIVE.epochs} epochs ${LIVE.epochMs} ms apart (~0.35 s a trial: a fast study, so trials complete every refresh), after a study of 200 or 1,000 finished trials. The page reads the study again at most once a second; while in view, the parallel coordinates (SVG axes over a 2-D canvas, one path per shade) are redrawn at each completed trial, and the Plotly plots (slice, contour) at most every 10 s, or, once a Plotly redraw has held the page over 50 ms (about 150–250 ms at 1,000 trials here), on request or 30 s after the last completed trial. Frame gaps are the times between requestAnimationFrame callbacks on the page. Before 2026-12-06 the parallel coordinates were Plotly's parcoords (WebGL, on SwiftShader here: a software GPU) and every plot was redrawn every 10 s; the longest gaps with the plots in view were 296 ms at 200 trials and 556 ms at 1,000. Later on 2026-12-06 a trace of the 1,000-trial run found four causes of the frames over 50 ms, each fixed: the page's refresh started itself again as soon as it answered (it read its own last answer inside its reactive query), so it read the study without pause (about 400 store searches a second) rather than once a second; each read turned all 1,000 child runs into Run objects (it now reads only the runs running, waiting or ended since the last read, and all of them every 30 s); Svelte recomputed every row and chart from scratch (rows are now kept per trial, and what only finished trials make is recomputed only when one finishes); and the parallel coordinates' canvas took ~46 ms to stroke 1.5-px lines (hairlines past 300 trials: ~12 ms). The run page's other reads (evaluations, registered versions, experiments) now follow writes at most once a second too. What remains over 50 ms is garbage collection: Blink's pre-finalizers of the IndexedDB transactions the running study makes (~4.5 µs each here).`,
      '',
      ...table,
      '',
      '```sh',
      'npm run bench:study-page',
      '```',
      '',
      end,
    ].join('\n'),
  );
}

await main();
