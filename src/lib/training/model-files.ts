/**
 * A trained model as files: tfjs' own layers-model format (model.json plus one weights shard,
 * what tf.loadLayersModel reads from a URL or disk) and MLflow's MLmodel file with a `tfjs`
 * flavor and the input signature (reference/mlflow.md §9.3), so the model loads here, in tfjs
 * under Node, and registers on an MLflow server.
 */
import * as tf from '@tensorflow/tfjs';
import type { Preprocessor } from '$lib/data/preprocess';

export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface ModelFiles {
  /** model.json in tfjs' layers-model format. */
  modelJson: string;
  /** The single weights shard model.json names. */
  weights: Uint8Array;
}

export async function serializeModel(model: tf.LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const weights = new Uint8Array(
        Array.isArray(data) ? await new Blob(data).arrayBuffer() : (data ?? new ArrayBuffer(0)),
      );
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      files = { modelJson: JSON.stringify(modelJson), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files!;
}

export async function loadModel(files: ModelFiles): Promise<tf.LayersModel> {
  const json = JSON.parse(files.modelJson);
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const buffer = files.weights.buffer.slice(
    files.weights.byteOffset,
    files.weights.byteOffset + files.weights.byteLength,
  ) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData: buffer }),
  );
}

/** MLflow's column-based signature: the columns the preprocessor reads, and the model output. */
export function signatureOf(pre: Preprocessor) {
  const typeOf = (kind: string) =>
    kind === 'numeric'
      ? 'double'
      : kind === 'boolean'
        ? 'boolean'
        : kind === 'date'
          ? 'datetime'
          : 'string';
  const inputs = pre.features.map((f) => ({ type: typeOf(f.kind), name: f.name, required: true }));
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
}

/** The MLmodel file (YAML), with the keys MLflow writes in the order it writes them. */
export function mlmodelYaml(info: MlModelInfo): string {
  const sig = signatureOf(info.pre);
  const utc = info.created.toISOString().replace('T', ' ').replace('Z', '');
  return [
    `artifact_path: ${scalar(info.artifactPath)}`,
    'flavors:',
    '  tfjs:',
    `    tfjs_version: ${scalar(tf.version.tfjs)}`,
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
