// Loads a model that the browser saved into tfjs under Node (the wasm backend, as tfjs-node cannot
// install here) and predicts: the check that a Tracklab model works outside the browser.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<void> | null = null;

function useWasm(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      const require = createRequire(import.meta.url);
      const dist = path.dirname(
        require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
      );
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      setWasmPaths(`${dist}/`);
      if (!(await tf.setBackend('wasm')))
        throw new Error('tfjs wasm backend did not start in Node');
      await tf.ready();
    })();
  }
  return ready;
}

export async function predictInNode(
  modelJson: string,
  weights: number[],
  x: number[],
  width: number,
) {
  await useWasm();
  const json = JSON.parse(modelJson);
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData: new Uint8Array(weights).buffer,
    }),
  );
  const out = model.predict(tf.tensor2d(x, [x.length / width, width])) as tf.Tensor;
  const values = Array.from(await out.data());
  out.dispose();
  model.dispose();
  return { values, backend: tf.getBackend() };
}
