/**
 * Starts a real `mlflow server` (the pinned version from scripts/env.js) on a free local port with
 * a throwaway SQLite backend and a proxied artifact store, so interop tests compare Tracklab with
 * MLflow itself rather than with our reading of its docs. Run `node scripts/ensure-mlflow.js` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MLFLOW_VERSION, VENV_BIN } from '../../scripts/env.js';

export interface MlflowServer {
  /** e.g. http://127.0.0.1:53127 (no trailing slash, no /api/2.0). */
  url: string;
  /** The temp dir holding mlflow.db and mlartifacts/. */
  dir: string;
  stop(): Promise<void>;
}

export interface MlflowServerOptions {
  /** For browser tests: the page origins allowed to call the server (--cors-allowed-origins). */
  corsAllowedOrigins?: string[];
  /** Extra CLI arguments, e.g. ['--no-serve-artifacts']. */
  extraArgs?: string[];
  /** How long to wait for /health; the first start after an install compiles bytecode. */
  timeoutMs?: number;
}

const TAIL_BYTES = 4000;

/** Asks the OS for a free port on 127.0.0.1 (tiny race window between close and the server's bind). */
function freePort(): Promise<number> {
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Signals the whole process group: uvicorn/gunicorn fork workers that must go too. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startMlflowServer(options: MlflowServerOptions = {}): Promise<MlflowServer> {
  const mlflow = join(VENV_BIN, 'mlflow');
  if (!existsSync(mlflow)) {
    throw new Error(
      `mlflow ${MLFLOW_VERSION} is not installed at ${mlflow}; run \`node scripts/ensure-mlflow.js\` first`,
    );
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tracklab-mlflow-'));
  const url = `http://127.0.0.1:${port}`;
  const args = [
    'server',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    // One worker: the tests need one consistent process (and SQLite dislikes concurrent writers).
    '--workers',
    '1',
    '--backend-store-uri',
    `sqlite:///${join(dir, 'mlflow.db')}`,
    '--artifacts-destination',
    join(dir, 'mlartifacts'),
    '--serve-artifacts',
    ...(options.corsAllowedOrigins?.length
      ? ['--cors-allowed-origins', options.corsAllowedOrigins.join(',')]
      : []),
    ...(options.extraArgs ?? []),
  ];
  // MLFLOW_TRUNCATE_LONG_VALUES stays at the server's default (truncate), which is what users get.
  const env = { ...process.env };
  delete env.MLFLOW_TRUNCATE_LONG_VALUES;
  delete env.MLFLOW_TRACKING_URI;

  let tail = '';
  const child = spawn(mlflow, args, {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));

  const stop = async (): Promise<void> => {
    if (!exited(child)) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const timedOut = await Promise.race([gone.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut) {
        killGroup(child, 'SIGKILL');
        await Promise.race([gone, sleep(2_000)]);
      }
    }
    // Workers that ignored SIGTERM after the parent died.
    killGroup(child, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
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
        `mlflow server did not answer GET ${url}/health within ${Math.round((options.timeoutMs ?? 90_000) / 1000)} s.\n` +
          `command: ${mlflow} ${args.join(' ')}\n--- output tail ---\n${tail}`,
      );
    }
    await sleep(250);
  }
  return { url, dir, stop };
}
