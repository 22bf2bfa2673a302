/**
 * Whether a run's Tracklab model is complete: every file that predicting, evaluating and
 * registering read. New runs write the folder in one transaction (model-logging.ts), but runs of
 * older builds, or models logged file by file from the console, can be partial; each place that
 * offers the model checks here first and says what is missing instead of failing on it later.
 */
import type { MlflowClient } from '$lib/tracking';

/** The files every Tracklab model folder holds; the weights shards are named by model.json. */
const FIXED_FILES = ['MLmodel', 'model.json', 'preprocessor.json'];

export interface ModelCheck {
  /** Some Tracklab model file is there (model.json or preprocessor.json). */
  logged: boolean;
  /** Run-relative paths of the files that are missing; empty when the model is complete. */
  missing: string[];
}

/** The weights shards a tfjs model.json names (weightsManifest[].paths), relative to its folder. */
function weightPaths(modelJson: string): string[] {
  try {
    const manifest = (JSON.parse(modelJson) as { weightsManifest?: { paths?: unknown }[] })
      .weightsManifest;
    if (!Array.isArray(manifest)) return [];
    return manifest.flatMap((m) =>
      Array.isArray(m?.paths) ? m.paths.filter((p) => typeof p === 'string') : [],
    );
  } catch {
    return [];
  }
}

export async function checkModel(
  client: MlflowClient,
  runId: string,
  path = 'model',
): Promise<ModelCheck> {
  const present = new Set((await client.listArtifacts(runId, path)).map((f) => f.path));
  const at = (file: string) => `${path}/${file}`;
  const logged = present.has(at('model.json')) || present.has(at('preprocessor.json'));
  if (!logged) return { logged, missing: [] };
  const wanted = [...FIXED_FILES];
  if (present.has(at('model.json'))) {
    const text = new TextDecoder().decode(await client.downloadArtifact(runId, at('model.json')));
    wanted.push(...weightPaths(text));
  }
  const missing = wanted.map(at).filter((p) => !present.has(p));
  // config.json (what it was trained on) is written with the folder; evaluating on a split reads it.
  if (
    path === 'model' &&
    !(await client.listArtifacts(runId)).some((f) => f.path === 'config.json')
  )
    missing.push('config.json');
  return { logged, missing };
}

/** What a person reads when a model is partial, and what to do about it. */
export function incompleteModelMessage(missing: string[]): string {
  return `The model of this run is incomplete (missing ${missing.join(', ')}): the tab training it probably closed while saving it. It cannot be evaluated, used to predict or registered; train it again.`;
}

/** Throws the incomplete-model message when a logged model lacks files. */
export async function requireCompleteModel(
  client: MlflowClient,
  runId: string,
  path = 'model',
): Promise<void> {
  const { logged, missing } = await checkModel(client, runId, path);
  if (logged && missing.length) throw new Error(incompleteModelMessage(missing));
}
