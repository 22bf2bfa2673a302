// The tuning bench's checks on the real objective (bench/tune.js): TPE against random search,
// pruning at half the epochs, 2 workers against 1, and the page's frame gaps while studies ran.
// Pure over the results, so they can be computed again from bench/results/tune-latest.json.
import { cpus } from 'node:os';
import { bootstrapMedianCI, f, mannWhitney, median } from './tune-stats.js';

/** `ours`: the bench's results by key; `app`: its APP settings. */
export function appChecks(ours, APP) {
  const checks = [];
  // The samplers are compared on the seeds they all ran (TPE runs the pruning check's too).
  const random = ours['app/RandomSampler'].map((x) => x.best);
  const tpe = ours['app/TPESampler'].slice(0, random.length).map((x) => x.best);
  for (const [sampler, label] of [
    ['AutoSampler', 'the default sampler'],
    ['TPESampler', 'TPE'],
  ]) {
    const best = (ours[`app/${sampler}`] ?? []).slice(0, random.length).map((x) => x.best);
    if (!best.length) continue;
    checks.push({
      name: `MLP on ${APP.csv}, ${APP.trials} trials × ${APP.seeds.length} seeds: median best ${APP.metric}, ${label} vs random`,
      measured: `${f(median(best), 4)} vs ${f(median(random), 4)} (Mann–Whitney p = ${f(mannWhitney(best, random), 2)})${sampler === 'TPESampler' ? '' : `; TPE ${f(median(tpe), 4)} (p = ${f(mannWhitney(best, tpe), 2)} against the default)`}`,
      target: `${label === 'TPE' ? 'TPE' : 'The default'} better (reported)`,
      pass: median(best) <= median(random),
    });
  }
  for (const pruner of ['MedianPruner', 'HyperbandPruner']) {
    const runs = ours[`app/pruning/${pruner}`];
    // Each pruned study's unpruned twin: TPE with its seed (the seeds run from 0 on both sides).
    const nop = ours['app/TPESampler'].slice(0, runs.length);
    const epochs =
      runs.reduce((s2, x) => s2 + x.epochs, 0) / nop.reduce((s2, x) => s2 + x.epochs, 0);
    const bestRatio = median(runs.map((x) => x.best)) / median(nop.map((x) => x.best));
    const trials = (xs) => median(xs.map((x) => x.complete + x.pruned + x.failed));
    // The unpruned study stopped at the same budget: its best over the trials that fit in it.
    const bestWithin = (run) => {
      const budget = Math.floor(APP.pruningBudget * run.epochs);
      let spent = 0;
      let best = Infinity;
      for (const t of run.trials) {
        spent += t.epochs;
        if (spent > budget) break;
        if (t.value !== null) best = Math.min(best, t.value);
      }
      return best;
    };
    // Paired by seed (the same seed starts both studies with the same trials): how much worse
    // or better each pruned study's best is than its unpruned twin's, with how sure that is.
    const paired = runs.map((x, i) => x.best / nop[i].best);
    const [lo, hi] = bootstrapMedianCI(paired);
    // Many seeds find their best among the first (random, shared) trials: equal on both sides.
    const tally = (test) => paired.filter(test).length;
    const ties = `${tally((r) => r < 1 - 1e-9)} better, ${tally((r) => Math.abs(r - 1) <= 1e-9)} equal, ${tally((r) => r > 1 + 1e-9)} worse`;
    const geomean = Math.exp(paired.reduce((a, r) => a + Math.log(r), 0) / paired.length);
    checks.push({
      name: `${pruner} on the MLP objective (TPE, ${runs.length} seeds), given ${f(APP.pruningBudget * 100, 0)}% of the unpruned study's epochs: epochs trained and median best vs no pruning`,
      measured: `${f(epochs * 100, 0)}% of the epochs (median ${f(trials(runs), 0)} trials, ${f(median(runs.map((x) => x.pruned)), 0)} pruned, vs ${f(trials(nop), 0)}); best ${f(median(runs.map((x) => x.best)), 4)} vs ${f(median(nop.map((x) => x.best)), 4)} (no pruning stopped at the same epochs: ${f(median(nop.map(bestWithin)), 4)}); paired by seed, pruned best / unpruned best: median ${f(median(paired), 3)} (95% bootstrap interval ${f(lo, 3)}–${f(hi, 3)}; ${ties}; geometric mean ${f(geomean, 3)})`,
      target: '≤ 50% of the epochs, best within 1%',
      pass: epochs <= 0.5 && bestRatio <= 1.01,
    });
  }
  /** How many cores the browser kept busy during a study, and on what (Linux only). */
  const busy = (run, label) => {
    if (!run.cpu) return '';
    const { workers, v8Background, page: main, other } = run.cpu;
    const cores = (workers + v8Background + main + other) / (run.ms / 1000);
    return `; ${label}, ${f(cores, 2)} cores busy (training ${f(workers, 1)} s, V8 background threads ${f(v8Background, 1)} s, page ${f(main, 1)} s, other ${f(other, 1)} s in ${f(run.ms / 1000, 1)} s)`;
  };
  const one = ours['app/parallel/1'];
  const two = ours['app/parallel/2'];
  const speedup = one.ms / two.ms;
  // Two workers cannot finish trials faster than the cores allow: at most cores / (cores one
  // worker's study keeps busy), when that is below 2.
  const cores = cpus().length;
  const oneBusy = one.cpu
    ? (one.cpu.workers + one.cpu.v8Background + one.cpu.page + one.cpu.other) / (one.ms / 1000)
    : null;
  const bound =
    oneBusy && cores / oneBusy < 2
      ? `; at most ${f(cores / oneBusy, 2)}× on ${cores} cores (${cores} / ${f(oneBusy, 2)})`
      : '';
  checks.push({
    name: `${APP.parallelTrials} training trials (CPU-bound, WASM) with 2 workers vs 1: finished trials per minute`,
    measured: `${f((APP.parallelTrials / two.ms) * 60000, 1)} vs ${f((APP.parallelTrials / one.ms) * 60000, 1)} (${f(speedup, 2)}×) on ${cores} cores${busy(one, 'with 1 worker')}${busy(two, 'with 2')}${bound}`,
    target: '≥ 1.8×',
    pass: speedup >= 1.8,
  });
  const appRuns = Object.entries(ours)
    .filter(([k]) => k.startsWith('app/'))
    .flatMap(([, v]) => (Array.isArray(v) ? v : [v]));
  const frame = Math.max(...appRuns.map((x) => x.gaps.frameMaxMs ?? 0));
  const timer = Math.max(...appRuns.map((x) => x.gaps.timerMaxMs));
  // What ran in the long animation frames (Chromium's LoAF): the page's own scripts, or none.
  const long = appRuns.flatMap((x) => x.gaps.longFrames ?? []);
  const withScripts = long.filter((x) => x.scripts.length).length;
  const loaf = long.length
    ? `; of the ${long.length} animation frames over 50 ms, ${withScripts} ran a script of 5 ms or more${withScripts ? '' : ' (the delay was rendering, garbage collection or a core busy training)'}`
    : '';
  checks.push({
    name: "The page's longest frame gap while studies run (every study above)",
    measured: `${f(frame, 0)} ms (longest timer gap ${f(timer, 0)} ms); ${appRuns.reduce((n, x) => n + (x.gaps.framesOver50 ?? 0), 0)} frame gaps over 50 ms in ${appRuns.reduce((n, x) => n + x.gaps.frames, 0).toLocaleString('en')} frames${loaf}`,
    target: '≤ 50 ms',
    pass: frame <= 50,
  });
  return checks;
}
