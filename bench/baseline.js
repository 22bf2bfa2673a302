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
