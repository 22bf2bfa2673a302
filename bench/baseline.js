// The same bench harness built from an earlier commit, so a change can be measured against the
// code before it side by side in one run (ratios, not absolute times, are what a shared 2-core
// machine can compare). The earlier tree is `git archive`d into a temp folder that borrows this
// checkout's node_modules: a commit whose dependencies differ would need its own `npm ci`.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildViteHarness } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds bench/<folder> as it was at `ref`; resolves to its output folder and a cleanup. */
export async function buildBaselineHarness(ref, folder) {
  const tree = await mkdtemp(join(tmpdir(), 'tracklab-baseline-'));
  try {
    execFileSync('bash', ['-c', `git archive --format=tar "${ref}" | tar -x -C "${tree}"`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await symlink(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
    execFileSync('npx', ['svelte-kit', 'sync'], { cwd: tree, stdio: 'ignore' });
    const out = await buildViteHarness(folder, tree);
    return { out, cleanup: () => rm(tree, { recursive: true, force: true }) };
  } catch (e) {
    await rm(tree, { recursive: true, force: true });
    throw e;
  }
}

const n = (x) => Math.round(Number(x)).toLocaleString('en');

/**
 * The rows for this build against the baseline commit (versusBaseline in train.js), added to the
 * Training section's targets with its `add`; `d` is that section's derived figures (load average).
 */
export function baselineTargets(r, d, add) {
  const vb = r.versusBaseline;
  if (!vb) return;
  const range = (xs) => `${n(Math.min(...xs))}–${n(Math.max(...xs))}`;
  add(
    `This build ÷ ${vb.baseline} (before the house issue), side by side: bare wasm training in the worker, steady samples/s (median of ${vb.now.length} alternating pairs)`,
    vb.rateRatio.toFixed(3),
    '≥ 0.97',
    vb.rateRatio >= 0.97,
    `Now ${range(vb.now.map((x) => x.rate))}, before ${range(vb.before.map((x) => x.rate))} samples/s (load average ${d.load}).`,
  );
  add(
    `… the whole Train use case, ${r.config.logEpochs} epochs (before ms ÷ now ms, median of ${vb.now.length} pairs)`,
    vb.useCaseRatio.toFixed(3),
    '≥ 0.97',
    vb.useCaseRatio >= 0.97,
    `Now ${range(vb.now.map((x) => x.useCaseMs))} ms, before ${range(vb.before.map((x) => x.useCaseMs))} ms.`,
  );
}
