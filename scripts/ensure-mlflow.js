// Creates (once) a Python virtual environment with the pinned MLflow (which brings scikit-learn)
// and Optuna in a cache folder outside the repository, and reuses it on later runs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, MLFLOW_VERSION, OPTUNA_VERSION, VENV_BIN, VENV_DIR } from './env.js';

const mlflow = join(VENV_BIN, 'mlflow');
/** @param {string} cmd @param {string[]} args */
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

function installed() {
  try {
    const out = execFileSync(
      join(VENV_BIN, 'python'),
      ['-c', 'import mlflow, optuna, sklearn; print(mlflow.__version__, optuna.__version__)'],
      {
        encoding: 'utf8',
      },
    );
    return out.trim() === `${MLFLOW_VERSION} ${OPTUNA_VERSION}` && existsSync(mlflow);
  } catch {
    return false;
  }
}

if (installed()) {
  console.log(`mlflow ${MLFLOW_VERSION}: ${VENV_DIR}`);
} else {
  console.log(
    `mlflow ${MLFLOW_VERSION}, optuna ${OPTUNA_VERSION}: creating ${VENV_DIR} (first run only, a few minutes)…`,
  );
  mkdirSync(CACHE_DIR, { recursive: true });
  rmSync(VENV_DIR, { recursive: true, force: true });
  const python = process.env.PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
  try {
    run(python, ['-m', 'venv', VENV_DIR]);
    run(join(VENV_BIN, 'python'), [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `mlflow==${MLFLOW_VERSION}`,
      `optuna==${OPTUNA_VERSION}`,
      `cmaes==0.12.0`,
    ]);
  } catch (e) {
    rmSync(VENV_DIR, { recursive: true, force: true });
    console.error(
      `Could not install mlflow ${MLFLOW_VERSION} with ${python}. Install Python 3.10+ with venv and pip, or set PYTHON.`,
    );
    throw e;
  }
  if (!installed()) throw new Error(`mlflow ${MLFLOW_VERSION} did not import after installing`);
}
