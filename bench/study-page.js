// Study page benchmark (npm run bench:study-page; also part of npm run bench): how the live Study
// page holds up while a study runs. The built app (build/, `vite build` first) in headless
// Chromium: a study of N finished trials is made through tracklab.tuning on the console, the
// study's run page is opened, and 30 more trials run on the same page (each reports 30 epochs,
// ~0.35 s a trial — a fast study, so the page refreshes all the time) while the page's animation
// frames are timed: once with the relationship plots in view, once scrolled to the trials table;
// and, at 150 trials, with the default sampler's GP step made in the sampling worker and on the
// page, side by side. Writes the Study page section of docs/benchmarks.md.
import { chromium } from '@playwright/test';
import { cpus } from 'node:os';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';
import { serveStatic } from '../scripts/serve.js';
import { markers, writeDocSection } from './harness.js';

const LIVE = { trials: 30, epochs: 30, epochMs: 10 };
const PLOTS = { name: 'plots in view', region: /^How the parameters relate/ };
const TABLE = { name: 'trials table in view, plots out of view', table: 'Trials' };
/**
 * Each row: the trials before, the view, and the live trials' sampler — random (sampling costs
 * nothing, so the page's own work shows), or the default sampler in its Gaussian-process range
 * (under 200 trials), sampling in the sampling worker as the app does, and on the page.
 */
const SCENARIOS = [
  ...[200, 1000].flatMap((n) => [PLOTS, TABLE].map((view) => ({ n, view, sampler: 'random' }))),
  { n: 150, view: PLOTS, sampler: 'default', onPage: false },
  { n: 150, view: PLOTS, sampler: 'default', onPage: true },
];
const samplerLabel = (s) =>
  s.sampler === 'random'
    ? 'random'
    : `default (GP), sampling ${s.onPage ? 'on the page' : 'in the sampling worker'}`;

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
async function watchLive(page, studyName, scenario) {
  return page.evaluate(
    async ({ studyName, live, scenario }) => {
      const { tuning } = window.tracklab;
      const study = await tuning.loadStudy({
        studyName,
        sampler:
          scenario.sampler === 'random'
            ? new tuning.samplers.RandomSampler({ seed: 2 })
            : new tuning.samplers.AutoSampler({ seed: 2 }),
        sampleOnPage: scenario.onPage,
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
        await study.prepare(trial); // as optimize does: a GP step in the worker, not on the page
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
    { studyName, live: LIVE, scenario },
  );
}

async function main() {
  const server = await serveStatic({ root: 'build', port: 0 });
  const { url } = server;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const rows = [];
  try {
    for (const scenario of SCENARIOS) {
      const { n, view } = scenario;
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
      const r = await watchLive(page, `bench ${n}`, scenario);
      rows.push({ n, view: view.name, sampler: samplerLabel(scenario), ...r });
      console.log(
        `${n} trials, ${view.name}, ${samplerLabel(scenario)}: longest frame gap ${f(r.maxMs)} ms, ${r.over50} over 50 ms in ${r.frames} frames`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const [start, end] = markers('study-page');
  const table = [
    '| Trials before | View | Live trials sampled by | Longest frame gap | Frame gaps over 50 ms | Frames | Wall time |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${f(r.n)} | ${r.view} | ${r.sampler} | ${f(r.maxMs)} ms | ${r.over50} | ${f(r.frames)} | ${f(r.ms / 1000, 1)} s |`,
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
      `The live Study page (the study's run page) while ${LIVE.trials} trials run on the same page through tracklab.tuning, each reporting ${LIVE.epochs} epochs ${LIVE.epochMs} ms apart (~0.35 s a trial: a fast study, so trials complete every refresh), after a study of 200 or 1,000 finished trials. The page reads the study again at most once a second; while in view, the parallel coordinates (SVG axes over a 2-D canvas, one path per shade) are redrawn at each completed trial, and the Plotly plots (slice, contour) at most every 10 s, or, once a Plotly redraw has held the page over 50 ms (about 150–250 ms at 1,000 trials here), on request or 30 s after the last completed trial. Frame gaps are the times between requestAnimationFrame callbacks on the page. Before 2026-12-06 the parallel coordinates were Plotly's parcoords (WebGL, on SwiftShader here: a software GPU) and every plot was redrawn every 10 s; the longest gaps with the plots in view were 296 ms at 200 trials and 556 ms at 1,000. Later on 2026-12-06 a trace of the 1,000-trial run found four causes of the frames over 50 ms, each fixed: the page's refresh started itself again as soon as it answered (it read its own last answer inside its reactive query), so it read the study without pause (about 400 store searches a second) rather than once a second; each read turned all 1,000 child runs into Run objects (it now reads only the runs running, waiting or ended since the last read, and all of them every 30 s); Svelte recomputed every row and chart from scratch (rows are now kept per trial, and what only finished trials make is recomputed only when one finishes); and the parallel coordinates' canvas took ~46 ms to stroke 1.5-px lines (hairlines past 300 trials: ~12 ms). The run page's other reads (evaluations, registered versions, experiments) now follow writes at most once a second too. What remained over 50 ms was garbage collection: Blink's pre-finalizers of the IndexedDB transactions the running study makes (~4.5 µs each here); since 2026-12-07 a study writes its reports at most every 250 ms rather than one transaction per epoch. The last two rows sample the live trials with the default sampler, which is a Gaussian process up to 200 trials: one GP step at 150 trials takes ~150 ms (Node, same machine), so on the page every trial froze it that long. Since 2026-12-07 the app makes the GP step in the sampling worker (src/lib/tuning/off-page), by a twin of the sampler with the same seed, when a trial starts (optimize calls study.prepare; here the loop does), and the trials are the same ones (a unit test and an e2e test compare them); the row sampling on the page is the console's sampleOnPage option, kept as the baseline.`,
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
