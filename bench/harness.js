// Harness pages for the benchmarks that drive the app's own modules in Chromium with no UI
// (bench/harness-train, bench/harness-eval): build one with Vite, open it in a fresh on-disk
// profile, and call the functions it exposes on a global. Also the docs sections each bench owns.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds bench/<folder> (an index.html importing $lib) into a temp folder; resolves to it. `root`
 * is the checkout to build from: this one, or an earlier commit's tree (bench/baseline.js).
 */
export async function buildViteHarness(folder, root = join(here, '..')) {
  // The root tsconfig.json extends .svelte-kit/tsconfig.json, which `svelte-kit sync` writes.
  if (!existsSync(join(root, '.svelte-kit', 'tsconfig.json')))
    execFileSync('npx', ['svelte-kit', 'sync'], { cwd: root, stdio: 'inherit' });
  const { build } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), `tracklab-${folder}-`));
  await build({
    configFile: false,
    root: join(root, 'bench', folder),
    base: './',
    logLevel: 'warn',
    resolve: { alias: { $lib: join(root, 'src', 'lib') } },
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 10_000,
      // BENCH_MINIFY=0 keeps function names, so a long frame's scripts say who ran.
      minify: process.env.BENCH_MINIFY !== '0',
    },
  });
  return outDir;
}

/** A fresh on-disk profile with the harness open; call(fn, args) runs globalThis[name][fn](args). */
export async function openHarnessPage(url, name) {
  const profile = await mkdtemp(join(tmpdir(), 'tracklab-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(0);
  page.on('pageerror', (e) => console.error(`    [page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`    [page console] ${m.text()}`);
  });
  await page.goto(`${url}/`);
  await page.waitForFunction((n) => !!globalThis[n], name, { timeout: 30_000 });
  const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
  return {
    page,
    version,
    call: (fn, args) => page.evaluate(([n, f, a]) => globalThis[n][f](a), [name, fn, args]),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A console log whose lines start with the seconds since `started`: `[  42 s] msg`. */
export const elapsedLog =
  (started = Date.now()) =>
  (msg) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

const DOC = new URL('../docs/benchmarks.md', import.meta.url);
export const markers = (name) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

/** The section between `<!-- name:start -->` and `<!-- name:end -->`, markers included. */
export function docSection(md, name) {
  const [start, end] = markers(name);
  const i = md.indexOf(start);
  const j = md.indexOf(end, i);
  return i >= 0 && j > i ? md.slice(i, j + end.length) : null;
}

/** Replaces (or appends) a section of docs/benchmarks.md, formatted as the repository is. */
export async function writeDocSection(name, section) {
  const old = await readFile(DOC, 'utf8').catch(() => '# Benchmarks\n');
  const current = docSection(old, name);
  const md = current ? old.replace(current, () => section) : `${old.trimEnd()}\n\n${section}\n`;
  const prettier = await import('prettier');
  await writeFile(DOC, await prettier.format(md, { parser: 'markdown', proseWrap: 'preserve' }));
}
