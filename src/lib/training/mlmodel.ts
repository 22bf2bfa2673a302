/**
 * MLflow's MLmodel file for a tfjs model (reference/mlflow.md §9.3): a `tfjs` flavor naming the
 * layers-model files and the preprocessor, and the input signature. Pure (no tfjs import), so the
 * page can write it without loading tfjs.
 */
import type { Preprocessor } from '$lib/data/preprocess';

export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface ModelFiles {
  /** model.json in tfjs' layers-model format. */
  modelJson: string;
  /** The single weights shard model.json names. */
  weights: Uint8Array;
}

/** MLflow's column type for a column kind (the mlflow_colspec / signature `type`). */
export function colspecType(kind: string): string {
  if (kind === 'numeric') return 'double';
  if (kind === 'boolean') return 'boolean';
  return kind === 'date' ? 'datetime' : 'string';
}

/** MLflow's column-based signature: the columns the preprocessor reads, and the model output. */
export function signatureOf(pre: Preprocessor) {
  const inputs = pre.features.map((f) => ({
    type: colspecType(f.kind),
    name: f.name,
    required: true,
  }));
  const outputs =
    pre.target.task === 'regression'
      ? [{ type: 'double', name: pre.target.name, required: true }]
      : (pre.target.classes ?? []).map((c) => ({
          type: 'double',
          name: `proba_${c}`,
          required: true,
        }));
  return { inputs: JSON.stringify(inputs), outputs: JSON.stringify(outputs), params: null };
}

/** A YAML scalar, quoted when it would otherwise be read as something else. */
function scalar(value: string): string {
  return /^[\w./:-]+$/.test(value) && !/^(true|false|null|yes|no|~|[\d.eE+-]+)$/i.test(value)
    ? value
    : `'${value.replace(/'/g, "''")}'`;
}

export interface MlModelInfo {
  runId: string;
  artifactPath: string;
  modelUuid: string;
  created: Date;
  pre: Preprocessor;
  tfjsVersion: string;
}

/** The MLmodel file (YAML), with the keys MLflow writes in the order it writes them. */
export function mlmodelYaml(info: MlModelInfo): string {
  const sig = signatureOf(info.pre);
  const utc = info.created.toISOString().replace('T', ' ').replace('Z', '');
  return [
    `artifact_path: ${scalar(info.artifactPath)}`,
    'flavors:',
    '  tfjs:',
    `    tfjs_version: ${scalar(info.tfjsVersion)}`,
    '    model_format: layers-model',
    '    model_file: model.json',
    '    preprocessor: preprocessor.json',
    `    task: ${info.pre.target.task}`,
    `model_uuid: ${info.modelUuid}`,
    `run_id: ${info.runId}`,
    'signature:',
    `  inputs: ${scalar(sig.inputs)}`,
    `  outputs: ${scalar(sig.outputs)}`,
    '  params: null',
    `utc_time_created: ${scalar(utc)}`,
    '',
  ].join('\n');
}
