// Compare view benchmark (npm run bench:compare; also part of npm run bench): the built app
// (build/, `vite build` first) in headless Chromium, timed in the page from the person's action
// to the first animation frame after what it asked for is drawn:
//   - 500 runs × 20 metrics × 10,000 steps: the compare page of all 500 opened (its diff table
//     and the first metric's 500 histories drawn), and a zoom (the From/To form) redrawn;
//   - 10 runs × 100,000 points: the compare page opened with their histories drawn;
//   - 100 runs × 500 params: "Only differences" turned on or off, the diff table redrawn.
// Writes the Compare view section of docs/benchmarks.md.
import { chromium } from '@playwright/test';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';
import { serveStatic } from '../scripts/serve.js';
import { markers, writeDocSection } from './harness.js';
import { f as fmt, median } from './tune-stats.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const BIG = { runs: Math.round(500 * SCALE), metrics: 20, steps: 10_000 };
const LONG = { runs: 10, points: 100_000 };
const WIDE = { runs: 100, params: 500 };
const REPEAT = 5;
const TARGETS = { open: 1500, zoom: 100, long: 500, diff: 300 };
// BENCH_COMPARE_PROFILE=dir keeps the seeded browser profile there (and the seeded ids in
// dir/seeded.json) and reuses it on the next run: seeding takes a quarter of an hour, so this is
// how to measure a change to the compare page. Unset, a fresh profile is made and removed.
const KEEP = process.env.BENCH_COMPARE_PROFILE;
// BENCH_ONLY=open times only the 500-run open (with a CPU profile to BENCH_CPU_PROFILE if set).
const ONLY = process.env.BENCH_ONLY;

// Whole numbers unless asked (tune-stats' f defaults to 3 decimals).
const f = (x, d = 0) => fmt(x, d);

/** In the page: runs with histories (one transaction per run) and params; their ids. */
function seed(page, spec) {
  return page.evaluate(async (spec) => {
    const { client, store } = window.tracklab;
    const experimentId = await client.createExperiment(spec.name);
    const ids = [];
    for (let r = 0; r < spec.runs; r++) {
      const run = await client.createRun(experimentId, {
        runName: `${spec.name}-${r}`,
        startTime: Date.UTC(2026, 0, 1) + r * 60_000,
      });
      ids.push(run.info.run_id);
      await store.db.transaction('rw', store.db.tables, async () => {
        const params = Array.from({ length: spec.params }, (_, k) => ({
          key: `p${k}`,
          // One param in ten differs between runs; the rest are the same everywhere.
          value: k % 10 === 0 ? String((r * 7 + k) % 13) : `same-${k}`,
        }));
        for (let i = 0; i < params.length; i += 100)
          await client.logBatch(run.info.run_id, { params: params.slice(i, i + 100) });
        for (let m = 0; m < spec.metrics; m++) {
          const phase = r * 0.37 + m;
          const metrics = Array.from({ length: spec.steps }, (_, s) => ({
            key: `m${m}`,
            // A decaying curve with noise and, once per run, a spike.
            value:
              Math.exp(-s / (spec.steps / 4)) +
              0.05 * Math.sin(s * 0.7 + phase) +
              (s === Math.floor(spec.steps / 2) + r ? 3 : 0),
            timestamp: Date.UTC(2026, 0, 1) + r * 60_000 + s * 100,
            step: s,
          }));
          await client.logBatch(run.info.run_id, { metrics });
        }
      });
    }
    return ids;
  }, spec);
}

/**
 * Opens the compare page of these runs from the Experiments page; ms until its diff table and
 * at least `paths` history lines are drawn (`open`), and until every point of the histories is
 * read and ready for a zoom (`everyPoint`: long histories are drawn first from their stored
 * extremes, then read whole in the background).
 */
async function timeOpen(page, url, ids, paths, { whole = true } = {}) {
  await page.goto(`${url}/#/`);
  await page.getByRole('heading', { name: 'Experiments' }).waitFor();
  await page.waitForTimeout(300);
  return page.evaluate(
    async ({ ids, paths, wait }) => {
      const ready = () =>
        document.querySelectorAll('table[aria-label="Differences"] tbody tr').length > 0 &&
        // The chart says how many lines it has painted (SVG paths, or a canvas past a few dozen).
        Number(document.querySelector('[data-lines]')?.getAttribute('data-lines') ?? 0) >= paths;
      const whole = () => !!document.querySelector('[data-every-point="read"]');
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const until = (test) =>
        new Promise((resolve) => {
          const check = () => (test() ? resolve() : requestAnimationFrame(check));
          check();
        });
      // A link, as the runs table's Compare link is: the app's router takes the click.
      const link = document.createElement('a');
      link.href = `#/compare/${ids.join(',')}`;
      document.body.append(link);
      const t0 = performance.now();
      link.click();
      await until(ready);
      await frame();
      const open = performance.now() - t0;
      if (!wait) return { open, everyPoint: NaN };
      await until(whole);
      await frame();
      return { open, everyPoint: performance.now() - t0 };
    },
    { ids, paths, wait: whole },
  );
}

/** Applies a zoom with the From/To form; ms until the chart says what it now shows. */
function timeZoom(page, lo, hi) {
  return page.evaluate(
    async ({ lo, hi }) => {
      const form = document.querySelector('form[aria-label="Zoom"]');
      const [from, to] = form.querySelectorAll('input');
      const chart = document.querySelector('svg[role=img]');
      const before = chart.getAttribute('aria-label');
      const set = (input, v) => {
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      };
      set(from, lo);
      set(to, hi);
      const t0 = performance.now();
      form.requestSubmit();
      await new Promise((resolve) => {
        const check = () =>
          chart.getAttribute('aria-label') !== before ? resolve() : requestAnimationFrame(check);
        check();
      });
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    },
    { lo, hi },
  );
}

/** Toggles "Only differences"; ms until the diff table has its other rows drawn. */
function timeDiffToggle(page) {
  return page.evaluate(async () => {
    const box = [...document.querySelectorAll('label.check input')].find((i) =>
      i.parentElement.textContent.includes('Only differences'),
    );
    // The table draws only the rows in view; aria-rowcount says how many it has.
    const rows = () =>
      document.querySelector('table[aria-label="Differences"]').getAttribute('aria-rowcount');
    const before = rows();
    const t0 = performance.now();
    box.click();
    await new Promise((resolve) => {
      const check = () => (rows() !== before ? resolve() : requestAnimationFrame(check));
      check();
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  });
}

/** Seeds the three data sets; their run ids. */
async function seedAll(page) {
  const big = await seed(page, { name: 'big', ...BIG, params: 5 });
  const long = await seed(page, {
    name: 'long',
    runs: LONG.runs,
    metrics: 1,
    steps: LONG.points,
    params: 5,
  });
  const wide = await seed(page, {
    name: 'wide',
    runs: WIDE.runs,
    metrics: 1,
    steps: 1,
    params: WIDE.params,
  });
  return { big, long, wide };
}

async function main() {
  // A kept profile's data belongs to its origin, so it is served on the same port each time.
  const server = await serveStatic({ root: 'build', port: KEEP ? 4455 : 0 });
  const { url } = server;
  // An on-disk profile: 100 million points are about 2.4 GB in IndexedDB, more than a
  // throwaway (in-memory) context may hold.
  const profile = KEEP ?? (await mkdtemp(join(tmpdir(), 'tracklab-bench-compare-')));
  if (KEEP) await mkdir(KEEP, { recursive: true });
  const kept = KEEP
    ? await readFile(join(KEEP, 'seeded.json'), 'utf8').then(JSON.parse, () => null)
    : null;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1440, height: 900 },
  });
  const version = context.browser()?.version() ?? 'unknown';
  const results = [];
  const row = (name, xs, target) => {
    results.push({ name, xs, target });
    console.log(
      `${name}: median ${f(median(xs))} ms, max ${f(Math.max(...xs))} ms (${xs.map((x) => f(x)).join(', ')})`,
    );
  };
  let seededIn = 0;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(0);
    page.on('pageerror', (e) => console.error(`    [page error] ${e.message}`));
    await page.goto(`${url}/`);
    await page.waitForFunction(() => !!window.tracklab);

    const started = Date.now();
    const seeded = kept ?? (await seedAll(page));
    const { big, long, wide } = seeded;
    seededIn = kept ? kept.seededIn : (Date.now() - started) / 1000;
    if (KEEP && !kept)
      await writeFile(join(KEEP, 'seeded.json'), JSON.stringify({ ...seeded, seededIn }));
    console.log(
      kept ? `reusing the profile seeded in ${f(seededIn, 1)} s` : `seeded in ${f(seededIn, 1)} s`,
    );
    // A fresh page, as a person opening the app again.
    await page.reload();
    await page.waitForFunction(() => !!window.tracklab);
    if (ONLY === 'open') {
      const cdp = process.env.BENCH_CPU_PROFILE ? await context.newCDPSession(page) : null;
      for (let i = 0; i < REPEAT; i++) {
        if (cdp && i === REPEAT - 1) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        // The profiled open stops at the first paint (the rest is the background read).
        const o = await timeOpen(page, url, big, BIG.runs, { whole: !cdp || i < REPEAT - 1 });
        console.log(`open ${f(o.open)} ms, every point ${f(o.everyPoint)} ms`);
      }
      if (cdp) {
        const { profile: cpu } = await cdp.send('Profiler.stop');
        await writeFile(process.env.BENCH_CPU_PROFILE, JSON.stringify(cpu));
      }
      return;
    }

    const opened = [];
    for (let i = 0; i < REPEAT; i++) opened.push(await timeOpen(page, url, big, BIG.runs));
    row(
      `${f(BIG.runs)} runs × ${BIG.metrics} metrics × ${f(BIG.steps)} steps: compare page opened, first metric's histories drawn`,
      opened.map((o) => o.open),
      TARGETS.open,
    );
    row(
      `${f(BIG.runs)} runs: every point read for zooms and smoothing (after the click, in the background)`,
      opened.map((o) => o.everyPoint),
    );
    const zoom = [];
    const ranges = [
      [4000, 6000],
      [4990, 5300],
      [0, 2500],
      [100, 9000],
      [5000, 5010],
    ];
    for (const [lo, hi] of ranges) zoom.push(await timeZoom(page, lo, hi));
    row(
      `${f(BIG.runs)} runs: a zoom redrawn (from every point in range, or from the stored extremes where the range holds 4 or more points a column)`,
      zoom,
      TARGETS.zoom,
    );

    const longOpen = [];
    for (let i = 0; i < REPEAT; i++) longOpen.push(await timeOpen(page, url, long, LONG.runs));
    row(
      `${LONG.runs} runs × ${f(LONG.points)} points: compare page opened, histories drawn`,
      longOpen.map((o) => o.open),
      TARGETS.long,
    );
    row(
      `${LONG.runs} runs: every point read (in the background)`,
      longOpen.map((o) => o.everyPoint),
    );

    await timeOpen(page, url, wide, 0);
    const diff = [];
    for (let i = 0; i < 2 * REPEAT; i++) diff.push(await timeDiffToggle(page));
    row(
      `${WIDE.runs} runs × ${WIDE.params} params: "Only differences" turned off or on`,
      diff,
      TARGETS.diff,
    );
  } finally {
    await context.close();
    await server.close();
    if (!KEEP) await rm(profile, { recursive: true, force: true });
  }

  const [start, end] = markers('compare');
  const verdict = (x, target) => (x <= target ? ' ✓' : ' ✗');
  await writeDocSection(
    'compare',
    [
      start,
      '',
      '## Compare view',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), headless Chromium ${version}, window 1440 × 900.`,
      '',
      `Times are measured in the page from the action (a link to the compare page clicked on the Experiments page; the zoom form submitted; the "Only differences" box clicked) to the first animation frame after what it asked for is in the page, ${REPEAT} times each (the toggle ${2 * REPEAT}). The data, seeded through the client in ${f(seededIn)} s: ${f(BIG.runs)} runs × ${BIG.metrics} metrics × ${f(BIG.steps)} steps (${f(BIG.runs * BIG.metrics * BIG.steps)} points; the page reads and draws the first metric's ${f(BIG.runs * BIG.steps)}), ${LONG.runs} runs × ${f(LONG.points)} points, and ${WIDE.runs} runs × ${WIDE.params} params (one in ten differs between runs). Each history is drawn as its lowest and highest value per pixel column (in the order they came), so no spike is lost; past 24 lines on a canvas. A long history (4 points or more a pixel column) is read first as the extremes stored with each chunk (the lowest and highest of every 8 points, with every spike; a quarter of the bytes), then whole in the background; a zoom is timed once every point is read, and is drawn from every point in range, or from the extremes where the range still holds 4 points a column or more.`,
      '',
      '| Measure | Median | Max | Target |',
      '| --- | --- | --- | --- |',
      ...results.map(
        (r) =>
          `| ${r.name} | ${f(median(r.xs))} ms${r.target ? verdict(median(r.xs), r.target) : ''} | ${f(Math.max(...r.xs))} ms | ${r.target ? `≤ ${f(r.target)} ms` : '—'} |`,
      ),
      '',
      '```sh',
      'npm run bench:compare',
      '```',
      '',
      end,
    ].join('\n'),
  );
}

await main();
