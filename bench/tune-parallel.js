// The tuning bench's parallel check (bench/tune.js): one fixed training configuration trained
// APP.parallelTrials times with 1 worker, then with 2, with the renderer's CPU per thread and the
// page's frame gaps. Run alone (`node bench/tune-parallel.js`) it prints the two runs — the
// longest animation frames with the scripts in them included — and writes nothing: a quick look
// at the parallel speed-up and the frame gaps without the whole tuning bench (about an hour).
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveStatic } from '../scripts/serve.js';
import { cpuBetween, rendererCpu } from './cpu-threads.js';
import { buildViteHarness, openHarnessPage } from './harness.js';

/** Adds `app/parallel/1` and `app/parallel/2` to `ours`, on the harness page. */
export async function parallelRuns(page, base, trials, ours, log = console.log) {
  const fixed = {
    learning_rate: { fixed: 0.01 },
    hidden_layers: { fixed: [64, 64] },
    batch_size: { fixed: 16 },
  };
  for (const nJobs of [1, 2]) {
    log(`Tracklab ${trials} trials with ${nJobs} worker(s)…`);
    const cpuBefore = rendererCpu();
    ours[`app/parallel/${nJobs}`] = await page.call('appStudy', {
      ...base,
      epochs: 40,
      earlyStopping: false,
      space: fixed,
      sampler: 'RandomSampler',
      pruner: 'NopPruner',
      seed: 0,
      nTrials: trials,
      nJobs,
    });
    ours[`app/parallel/${nJobs}`].cpu = cpuBetween(cpuBefore, rendererCpu());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const csv = 'breast-cancer.csv';
  const out = await buildViteHarness('harness-tune');
  await copyFile(new URL(`../static/datasets/${csv}`, import.meta.url), join(out, csv));
  const server = await serveStatic({ root: out, port: 0 });
  const page = await openHarnessPage(server.url, 'benchTune');
  const ours = {};
  try {
    const base = { csvUrl: `${server.url}/${csv}`, target: 'diagnosis', metric: 'val_loss' };
    await parallelRuns(page, { ...base, direction: 'minimize' }, 12, ours);
  } finally {
    await page.close();
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
  for (const n of [1, 2]) {
    const r = ours[`app/parallel/${n}`];
    const { longFrames, ...gaps } = r.gaps;
    console.log(`\n${n} worker(s): ${(r.ms / 1000).toFixed(1)} s`, gaps, r.cpu);
    for (const lf of longFrames) console.log(`  ${lf.ms} ms at ${lf.atMs} ms:`, lf.scripts);
  }
  console.log(`\nspeed-up ${(ours['app/parallel/1'].ms / ours['app/parallel/2'].ms).toFixed(2)}×`);
}
