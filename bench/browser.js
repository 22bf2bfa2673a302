// Chromium side of the benchmarks: serve the app build, open it in a fresh on-disk profile and
// reach `window.tracklab`. When the app build does not expose it, a small harness page that builds
// the same DexieStore from src/lib/tracking is built with Vite and served instead.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';
import { serveStatic } from '../scripts/serve.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Builds bench/harness into a temp folder; resolves to that folder. */
async function buildHarness() {
  const { build } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'tracklab-harness-'));
  await build({
    configFile: false,
    root: join(here, 'harness'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return outDir;
}

/**
 * Opens a page with `window.tracklab`. Returns { source, url, version, open(), close() } where
 * open() launches a fresh persistent profile and resolves to { page, close }.
 */
export async function startBrowserSide({ buildDir = 'build', waitMs = 8000 } = {}) {
  const executablePath = chromiumPath();
  let server = await serveStatic({ root: buildDir, port: 0 });
  let source = 'app build (build/, window.tracklab from the layout)';
  let harnessDir;

  const openAt = async (url) => {
    const profile = await mkdtemp(join(tmpdir(), 'tracklab-bench-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(0);
    await page.goto(`${url}/`);
    const close = async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    };
    return { page, context, close };
  };
  const ready = async (page, ms) => {
    try {
      await page.waitForFunction(() => !!globalThis.tracklab?.store, null, { timeout: ms });
      return true;
    } catch {
      return false;
    }
  };

  // Probe the app build once. BENCH_PAGE=harness measures the store on the bare harness page
  // instead (no UI, so no liveQuery re-reading after each write).
  const probe = await openAt(server.url);
  const version = probe.context.browser()?.version() ?? 'unknown';
  const appHasApi = process.env.BENCH_PAGE !== 'harness' && (await ready(probe.page, waitMs));
  await probe.close();
  if (!appHasApi) {
    await server.close();
    harnessDir = await buildHarness();
    server = await serveStatic({ root: harnessDir, port: 0 });
    source = 'bench harness (bench/harness: the same DexieStore + MlflowClient; no app UI)';
  }

  return {
    source,
    version,
    url: server.url,
    async open() {
      const session = await openAt(server.url);
      if (!(await ready(session.page, 30_000))) throw new Error('window.tracklab never appeared');
      return session;
    },
    async close() {
      await server.close();
      if (harnessDir) await rm(resolve(harnessDir), { recursive: true, force: true });
    },
  };
}
