// The MLflow side of the benchmarks: a real `mlflow server` (the pinned version) on a free local
// port with a throwaway SQLite store, and the Python timing script run with the venv's python.
// Mirrors tests/interop/mlflow-server.ts, which a plain .js runner on Node 20 cannot import.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MLFLOW_VERSION, VENV_BIN } from '../scripts/env.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => ok(port));
    });
  });
}

/** Signals the server's whole process group (uvicorn forks workers). */
function killGroup(child, signal) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startMlflowServer({ timeoutMs = 120_000 } = {}) {
  const mlflow = join(VENV_BIN, 'mlflow');
  if (!existsSync(mlflow))
    throw new Error(`no mlflow at ${mlflow}: run node scripts/ensure-mlflow.js`);
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tracklab-bench-mlflow-'));
  const url = `http://127.0.0.1:${port}`;
  const args = ['server', '--host', '127.0.0.1', '--port', String(port), '--workers', '1'];
  args.push('--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`);
  args.push('--artifacts-destination', join(dir, 'mlartifacts'));
  const env = { ...process.env };
  delete env.MLFLOW_TRACKING_URI;
  let tail = '';
  const child = spawn(mlflow, args, {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (b) => (tail = (tail + b.toString()).slice(-4000));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (!exited()) {
      const gone = new Promise((r) => child.once('exit', r));
      killGroup(child, 'SIGTERM');
      await Promise.race([gone, sleep(10_000)]);
    }
    killGroup(child, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) {
      await stop();
      throw new Error(`mlflow server exited early:\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`mlflow server did not answer /health:\n${tail}`);
    }
    await sleep(250);
  }
  return { url, dir, version: MLFLOW_VERSION, stop };
}

/**
 * Runs bench/mlflow_bench.py with the venv's python; its stderr lines are progress (echoed),
 * its stdout is one JSON object.
 */
export function runPython(args, { echo = (line) => console.log(`    [python] ${line}`) } = {}) {
  const script = fileURLToPath(new URL('mlflow_bench.py', import.meta.url));
  return new Promise((ok, fail) => {
    const env = { ...process.env, PYTHONUNBUFFERED: '1' };
    delete env.MLFLOW_TRACKING_URI;
    const child = spawn(join(VENV_BIN, 'python'), [script, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => {
      err += b;
      const lines = err.split('\n');
      err = lines.pop() ?? '';
      lines.filter(Boolean).forEach(echo);
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`python exited ${code}: ${err}`));
      try {
        ok(JSON.parse(out));
      } catch (e) {
        fail(new Error(`python printed no JSON (${e.message}): ${out.slice(0, 500)}`));
      }
    });
  });
}
