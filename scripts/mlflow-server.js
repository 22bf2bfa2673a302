/**
 * Starts a real `mlflow server` (the pinned version from scripts/env.js) on a free local port with
 * a throwaway SQLite backend and a proxied artifact store, so interop tests and benchmarks compare
 * Tracklab with MLflow itself rather than with our reading of its docs. Plain JS so that the
 * Vitest interop fixture and the Node 20 bench runner share it. Run ensure-mlflow.js first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MLFLOW_VERSION, VENV_BIN } from './env.js';

/**
 * @typedef {object} MlflowServer
 * @property {string} url e.g. http://127.0.0.1:53127 (no trailing slash, no /api/2.0)
 * @property {string} dir the temp dir holding mlflow.db and mlartifacts/
 * @property {string} version the MLflow version running
 * @property {() => Promise<void>} stop
 *
 * @typedef {object} MlflowServerOptions
 * @property {string[]} [corsAllowedOrigins] page origins allowed to write (--cors-allowed-origins)
 * @property {string[]} [extraArgs] e.g. ['--no-serve-artifacts']
 * @property {number} [timeoutMs] how long to wait for /health (the first start compiles bytecode)
 * @property {string} [cwd] run the server in this folder, as a person would from where they
 *   unpacked an export: with `backendStoreUri` as given (e.g. ./mlruns) and the server's default
 *   artifact destination (./mlartifacts); the folder is left in place at stop
 * @property {string} [backendStoreUri] with `cwd`: the store to open (default sqlite:///mlflow.db)
 * @property {Record<string, string>} [env] more environment (e.g. MLFLOW_ALLOW_FILE_STORE=true)
 */

const TAIL_BYTES = 4000;
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Asks the OS for a free port on 127.0.0.1 (tiny race window between close and the bind). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

/** @param {import('node:child_process').ChildProcess} child */
const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/**
 * Signals the whole process group: uvicorn forks workers that must go too.
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function killGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * @param {MlflowServerOptions} [options]
 * @returns {Promise<MlflowServer>}
 */
export async function startMlflowServer(options = {}) {
  const mlflow = join(VENV_BIN, 'mlflow');
  if (!existsSync(mlflow)) {
    throw new Error(
      `mlflow ${MLFLOW_VERSION} is not installed at ${mlflow}; run \`node scripts/ensure-mlflow.js\` first`,
    );
  }
  const port = await freePort();
  const dir = options.cwd ?? (await mkdtemp(join(tmpdir(), 'tracklab-mlflow-')));
  const url = `http://127.0.0.1:${port}`;
  const args = [
    'server',
    ...['--host', '127.0.0.1', '--port', String(port)],
    // One worker: one consistent process (and SQLite dislikes concurrent writers).
    ...['--workers', '1'],
    ...(options.cwd
      ? ['--backend-store-uri', options.backendStoreUri ?? 'sqlite:///mlflow.db']
      : [
          ...['--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`],
          ...['--artifacts-destination', join(dir, 'mlartifacts'), '--serve-artifacts'],
        ]),
    ...(options.corsAllowedOrigins?.length
      ? ['--cors-allowed-origins', options.corsAllowedOrigins.join(',')]
      : []),
    ...(options.extraArgs ?? []),
  ];
  // MLFLOW_TRUNCATE_LONG_VALUES stays at the server's default (truncate), which is what users get.
  const env = { ...process.env, ...options.env };
  delete env.MLFLOW_TRUNCATE_LONG_VALUES;
  delete env.MLFLOW_TRACKING_URI;

  let tail = '';
  const child = spawn(mlflow, args, {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @param {Buffer} chunk */
  const collect = (chunk) => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  /** @type {Error | undefined} */
  let spawnError;
  child.on('error', (e) => (spawnError = e));
  // A runner that exits without calling stop() must not leave the server behind.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    if (!exited(child)) {
      const gone = new Promise((r) => child.once('exit', () => r(undefined)));
      killGroup(child, 'SIGTERM');
      const timedOut = await Promise.race([gone.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut) {
        killGroup(child, 'SIGKILL');
        await Promise.race([gone, sleep(2_000)]);
      }
    }
    // Workers that ignored SIGTERM after the parent died.
    killGroup(child, 'SIGKILL');
    if (!options.cwd) await rm(dir, { recursive: true, force: true });
  };

  const timeoutMs = options.timeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError || exited(child)) {
      await stop();
      throw new Error(
        `mlflow server exited before it answered /health (${spawnError?.message ?? `code ${child.exitCode}, signal ${child.signalCode}`}).\n` +
          `command: ${mlflow} ${args.join(' ')}\n--- output tail ---\n${tail}`,
      );
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && (await res.text()).trim() === 'OK') break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `mlflow server did not answer GET ${url}/health within ${Math.round(timeoutMs / 1000)} s.\n` +
          `command: ${mlflow} ${args.join(' ')}\n--- output tail ---\n${tail}`,
      );
    }
    await sleep(250);
  }
  return { url, dir, version: MLFLOW_VERSION, stop };
}
