/**
 * A trained model as files in tfjs' own layers-model format (model.json plus one weights shard,
 * what tf.loadLayersModel reads from a URL or disk), so the model loads here and in tfjs under
 * Node; mlmodel.ts writes the MLmodel file beside them.
 */
import * as tf from '@tensorflow/tfjs';
import { WEIGHTS_FILE, type ModelFiles } from './mlmodel';

export type { ModelFiles };

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
