/**
 * MLflow's Python client reading a server back (sync_dump.py), for the sync interop tests.
 * Asynchronous on purpose: a server started in the test's own process logs into a pipe that only
 * an event loop left free drains (a synchronous child would deadlock the server and the client).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { VENV_BIN } from '../../scripts/env.js';

export const python = join(VENV_BIN, 'python');

/**
 * Runs a command; its standard output. MLflow 3.13+ opens a file store (a `file:` URI, an
 * exported mlruns folder) only with MLFLOW_ALLOW_FILE_STORE set, as the README tells people.
 */
export async function run(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await promisify(execFile)(args[0], args.slice(1), {
    cwd,
    env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: 'true' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export interface ReadBack {
  runs: Record<string, Record<string, unknown>>;
  best: string;
  count: number;
  model: {
    champion: [string, string];
    stages: [string, string][];
    aliases: Record<string, string>;
  };
}

/** The named experiments' runs (as lab.ts dumpStore shapes them), the best by `metric`, the model. */
export async function readBack(
  url: string,
  metric: string,
  model: string,
  names: string[],
): Promise<ReadBack> {
  const out = await run([
    python,
    join(import.meta.dirname, 'sync_dump.py'),
    url,
    metric,
    model,
    ...names,
  ]);
  return JSON.parse(out) as ReadBack;
}

/** The lab's model (lab.ts writeLabRegistry) as MLflow's client must see it after a copy. */
export function expectLabModel(model: ReadBack['model']): void {
  // get_model_version_by_alias gives the version of the right run; stages as set locally.
  expect(model.champion).toEqual(['2', 'train-1']);
  expect(model.stages).toEqual([
    ['1', 'Archived'],
    ['2', 'Production'],
    ['3', 'Staging'],
  ]);
  expect(model.aliases).toEqual({ champion: '2', candidate: '3' });
}
