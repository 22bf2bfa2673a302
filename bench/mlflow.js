// The MLflow side of the benchmarks: a real `mlflow server` (scripts/mlflow-server.js, shared
// with the interop tests) and the Python timing script run with the venv's python.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENV_BIN } from '../scripts/env.js';

export { startMlflowServer } from '../scripts/mlflow-server.js';

/**
 * Runs a bench/ Python script (mlflow_bench.py unless `script` names another) with the venv's
 * python; its stderr lines are progress (echoed), its stdout is one JSON object.
 */
export function runPython(
  args,
  { echo = (line) => console.log(`    [python] ${line}`), script: name = 'mlflow_bench.py' } = {},
) {
  const script = fileURLToPath(new URL(name, import.meta.url));
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
