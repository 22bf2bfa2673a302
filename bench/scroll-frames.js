// The runs table's scroll, measured in the page: every gap between animation frames while the
// wheel and the keys move through the whole table (bench/runs-table.js). Three switches say why a
// frame was long: BENCH_ALLOC=1 samples what the scroll allocates (V8's sampling heap profiler,
// garbage included) and prints the top sites; BENCH_CPU=1 prints the functions with the most self
// time; BENCH_TRACE=1 records Chromium's timeline and prints the main thread's time per kind of
// work and what the longest tasks did (layout, GC phases).
import { f as fmt } from './tune-stats.js';

const f = (x, d = 0) => fmt(x, d);

/** Scrolls by wheel to the end and back, then End and Home by key; every frame gap is kept. */
export async function timeScroll(page) {
  const grid = page.getByRole('treegrid');
  // Over the scrolling box, not the table: with 100 columns the table is far wider than the
  // box, and its middle lies off screen, where the wheel scrolls the page instead.
  const viewport = grid.locator('xpath=..');
  await viewport.evaluate((e) => (e.scrollTop = 0));
  await page.waitForTimeout(300);
  const box = await viewport.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
  await page.evaluate(() => {
    window.__loaf = [];
    // One observer per scroll: a previous scroll's, left connected, would report every frame again.
    window.__loafObserver?.disconnect();
    window.__loafObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const script = e.scripts.reduce((sum, x) => sum + x.duration, 0);
        window.__loaf.push({
          ms: e.duration,
          script,
          render: e.startTime + e.duration - e.renderStart,
        });
      }
    });
    window.__loafObserver.observe({ type: 'long-animation-frame' });
    window.__frames = {
      last: performance.now(),
      gaps: [],
      on: true,
      phase: 'wheel down',
      long: [],
    };
    const tick = () => {
      const t = performance.now();
      if (t - window.__frames.last > 50)
        window.__frames.long.push(
          `${Math.round(t - window.__frames.last)} ms (${window.__frames.phase})`,
        );
      window.__frames.gaps.push(t - window.__frames.last);
      window.__frames.last = t;
      if (window.__frames.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // BENCH_ALLOC=1 samples what the scroll allocates (garbage included) and prints the top sites.
  const cdp = process.env.BENCH_ALLOC ? await page.context().newCDPSession(page) : undefined;
  if (cdp)
    await cdp.send('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  // BENCH_CPU=1 samples where the scroll's script time goes and prints the top functions.
  const cpu = process.env.BENCH_CPU ? await page.context().newCDPSession(page) : undefined;
  if (cpu) {
    await cpu.send('Profiler.enable');
    await cpu.send('Profiler.setSamplingInterval', { interval: 200 });
    await cpu.send('Profiler.start');
  }
  // BENCH_TRACE=1 records Chromium's timeline of the scroll and prints what the long frames did.
  const tracing = process.env.BENCH_TRACE ? page.context().browser() : undefined;
  if (tracing)
    await tracing.startTracing(page, {
      categories: ['devtools.timeline', 'v8.gc', 'blink.gc', 'v8', 'blink', 'cc', 'toplevel'],
    });
  // 300 wheel steps of 1,200 px (33 rows) down: the whole table at a fast flick's pace.
  for (let i = 0; i < 300; i++) await page.mouse.wheel(0, 1200);
  const scrolled = await viewport.evaluate((e) => e.scrollTop);
  if (scrolled < 100_000) throw new Error(`The wheel scrolled the table only to ${scrolled} px.`);
  const phase = (name) => page.evaluate((name) => (window.__frames.phase = name), name);
  await phase('wheel up');
  for (let i = 0; i < 100; i++) await page.mouse.wheel(0, -3600);
  await phase('End');
  await grid.focus();
  await page.keyboard.press('End');
  await page.waitForTimeout(200);
  await phase('Home');
  await page.keyboard.press('Home');
  await page.waitForTimeout(200);
  await phase('PageDown');
  for (let i = 0; i < 30; i++) await page.keyboard.press('PageDown');
  await page.waitForTimeout(300);
  if (cdp) printAllocations((await cdp.send('HeapProfiler.stopSampling')).profile);
  if (cpu) printCpu((await cpu.send('Profiler.stop')).profile);
  if (tracing) printLongTasks(JSON.parse((await tracing.stopTracing()).toString()));
  const gaps = await page.evaluate(() => {
    window.__frames.on = false;
    return window.__frames.gaps.slice(1);
  });
  // Where the gaps over 50 ms fell, and what the long frames spent their time on (Long
  // Animation Frames API), for the console.
  const { long, heap } = await page.evaluate(() => ({
    long: window.__frames.long,
    heap: performance.memory?.usedJSHeapSize,
  }));
  if (long.length) console.log(`    gaps over 50 ms: ${long.join(', ')}`);
  if (heap) console.log(`    JS heap in use after the scroll: ${f(heap / 1e6)} MB`);
  const loaf = await page.evaluate(() => window.__loaf);
  for (const e of loaf.sort((a, b) => b.ms - a.ms).slice(0, 5))
    console.log(
      `    long frame ${f(e.ms)} ms: script ${f(e.script)} ms, style+layout+paint ${f(e.render)} ms`,
    );
  const rows = await page.evaluate(
    () => document.querySelectorAll('[role=treegrid] tbody tr[aria-rowindex]').length,
  );
  return {
    frames: gaps.length,
    maxMs: Math.max(...gaps),
    p99: [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.99)],
    over50: gaps.filter((g) => g > 50).length,
    rowsInPage: rows,
  };
}

/** Renderer main-thread events of 8 ms or more inside the 40 longest top-level tasks. */
function printLongTasks(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.ph === 'M',
  );
  const onMain = events.filter(
    (e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur,
  );
  // Where the main thread's time went over the whole scroll, per kind of work: compares two
  // versions of the table more finely than the longest gap, which noise on 2 cores dominates.
  const kinds = {
    script: ['FunctionCall', 'EvaluateScript', 'TimerFire', 'FireAnimationFrame'],
    style: ['UpdateLayoutTree'],
    layout: ['Layout'],
    'pre-paint': ['PrePaint'],
    paint: ['Paint'],
    layerize: ['Layerize', 'UpdateLayer'],
    gc: ['MinorGC', 'MajorGC', 'V8.GCScavenger', 'V8.GCFinalizeMC'],
  };
  const totals = Object.entries(kinds).map(([kind, names]) => {
    const own = onMain.filter((e) => names.includes(e.name)).sort((a, b) => a.ts - b.ts);
    // Top-level only: a FunctionCall inside a FireAnimationFrame counts once.
    let end = -Infinity;
    const outer = own.filter((e) => {
      if (e.ts + e.dur <= end) return false;
      end = e.ts + e.dur;
      return true;
    });
    return `${kind} ${f(outer.reduce((n, e) => n + e.dur, 0) / 1000)} ms (${outer.length})`;
  });
  console.log(`    main thread over the scroll: ${totals.join(', ')}`);
  const tasks = onMain
    .filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 40);
  for (const t of tasks.slice(0, 8)) {
    const inside = onMain
      .filter(
        (e) =>
          e !== t &&
          e.ts >= t.ts &&
          e.ts + e.dur <= t.ts + t.dur &&
          e.dur >= (e.name.startsWith('V8.GC') ? 1000 : 8000),
      )
      .sort((a, b) => a.ts - b.ts);
    console.log(`    task ${f(t.dur / 1000, 1)} ms:`);
    for (const e of inside)
      console.log(
        `      +${f((e.ts - t.ts) / 1000, 1)} ${e.name} ${f(e.dur / 1000, 1)} ms ${e.name === 'Layout' ? JSON.stringify(e.args?.beginData ?? {}) : ''}`,
      );
  }
}

/** The 15 call sites that allocated most during a sampled stretch, by bytes (self). */
function printAllocations(profile) {
  const bySite = new Map();
  const walk = (node, stack) => {
    const frame = node.callFrame;
    const here = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    const site = `${here} ← ${stack}`;
    if (node.selfSize) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const c of node.children) walk(c, here);
  };
  walk(profile.head, '');
  const total = [...bySite.values()].reduce((a, b) => a + b, 0);
  console.log(`    allocated while scrolling (sampled): ${f(total / 1e6, 1)} MB`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`      ${f(bytes / 1e6, 1)} MB  ${site}`);
}

/** The 20 functions with the most self time in a CPU profile (idle and GC apart). */
function printCpu(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0));
  }
  const busy = [...self].filter(([n]) => !n.startsWith('(idle)') && !n.startsWith('(program)'));
  const total = busy.reduce((n, [, t]) => n + t, 0);
  console.log(`    script and GC over the scroll (sampled): ${f(total / 1000)} ms`);
  for (const [name, t] of busy.sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`      ${f(t / 1000, 1)} ms  ${name}`);
}
