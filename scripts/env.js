// Where the test tools live. Shared by the ensure-* scripts, the Playwright configs and the bench.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * MLflow pinned for the interop tests and benchmarks. 3.17.2 is the newest release whose
 * dependencies (mlflow-skinny, mlflow-tracing) all install from the package index here:
 * mlflow 3.18.0 is published but mlflow-skinny 3.18.0 is not. Override with TRACKLAB_MLFLOW_VERSION.
 */
export const MLFLOW_VERSION = process.env.TRACKLAB_MLFLOW_VERSION ?? '3.17.2';

/**
 * Optuna for the tuning checks and the tuning benchmark. 4.9 is the anchor the tune issue names
 * (5.0 changed TPE's defaults). Override with TRACKLAB_OPTUNA_VERSION.
 */
export const OPTUNA_VERSION = process.env.TRACKLAB_OPTUNA_VERSION ?? '4.9.0';

export const CACHE_DIR = process.env.TRACKLAB_CACHE_DIR ?? join(homedir(), '.cache', 'tracklab');
export const VENV_DIR = join(CACHE_DIR, `mlflow-${MLFLOW_VERSION}`);
export const VENV_BIN = join(VENV_DIR, process.platform === 'win32' ? 'Scripts' : 'bin');

/** The system Chromium when there is one, else undefined (Playwright then uses its own). */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p));
}

/** Launch flags under which all four tfjs backends work headless (reference/browser.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];
