/**
 * Choosing the tfjs backend in the worker. "auto" probes the candidates with a short fit and
 * takes the fastest; GPU backends on a software adapter (SwiftShader, llvmpipe) are skipped,
 * because on such a machine WASM trains 5–30× faster (reference/browser.md).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Backend, BackendChoice } from './config';
import type { BackendReport } from './protocol';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<{ info?: GpuAdapterInfo; isFallbackAdapter?: boolean } | null>;
}

/** What GPU WebGPU would use, and whether it is software. */
async function webgpuDevice(): Promise<{ name: string; software: boolean } | null> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  const software =
    Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || SOFTWARE.test(name);
  return { name: name || 'unknown adapter', software };
}

function webglDevice(): { name: string; software: boolean } | null {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { name, software: SOFTWARE.test(name) };
  } catch {
    return null;
  }
}

export function configureWasm(paths: Record<string, string>) {
  // Threads need cross-origin isolation and break under Vite's minifier; SIMD alone is fast.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (Object.keys(paths).length) setWasmPaths(paths);
}

/** Switches backend, failing loudly: a failed setBackend silently stays on the old one. */
export async function useBackend(name: Backend): Promise<void> {
  const ok = await tf.setBackend(name).catch(() => false);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`The ${name} backend is not available in this browser.`);
  }
}

/** Samples per second of a small MLP fit on random data (after one warm-up epoch). */
async function measure(): Promise<number> {
  const rows = 2048;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, activation: 'relu', inputShape: [20] }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  const x = tf.randomNormal([rows, 20]);
  const y = tf.randomNormal([rows, 1]);
  try {
    await model.fit(x, y, { epochs: 1, batchSize: 256, verbose: 0, yieldEvery: 'never' });
    const start = performance.now();
    await model.fit(x, y, { epochs: 2, batchSize: 256, verbose: 0, yieldEvery: 'never' });
    await (model.predict(x.slice(0, 1)) as tf.Tensor).data();
    return (2 * rows) / ((performance.now() - start) / 1000);
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}

export async function chooseBackend(choice: BackendChoice): Promise<BackendReport> {
  const version = tf.version.tfjs;
  if (choice !== 'auto') {
    await useBackend(choice);
    const device =
      choice === 'webgpu'
        ? (await webgpuDevice())?.name
        : choice === 'webgl'
          ? webglDevice()?.name
          : undefined;
    return { backend: choice, tfjsVersion: version, device };
  }
  const probe: Partial<Record<Backend, number | string>> = {};
  const gpu = await webgpuDevice();
  const gl = webglDevice();
  const candidates: Backend[] = ['wasm'];
  if (gpu && !gpu.software) candidates.unshift('webgpu');
  else probe.webgpu = gpu ? `skipped: software adapter (${gpu.name})` : 'not available';
  if (gl && !gl.software) candidates.unshift('webgl');
  else probe.webgl = gl ? `skipped: software renderer (${gl.name})` : 'not available';
  let best: Backend | null = null;
  for (const name of candidates) {
    try {
      await useBackend(name);
      probe[name] = Math.round(await measure());
      if (!best || (probe[name] as number) > (probe[best] as number)) best = name;
    } catch (e) {
      probe[name] = `failed: ${(e as Error).message}`;
    }
  }
  if (!best) best = 'cpu';
  await useBackend(best);
  const device = best === 'webgpu' ? gpu?.name : best === 'webgl' ? gl?.name : undefined;
  return { backend: best, tfjsVersion: version, probe, device };
}

/**
 * Watches the GPU context of the current backend; `onLost` fires if the browser takes it away
 * (WebGL's webglcontextlost event, WebGPU's device.lost). Returns a function that makes the
 * context lose itself, for tests.
 */
export function watchContext(onLost: () => void): () => void {
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl: WebGL2RenderingContext };
    device?: { lost: Promise<unknown>; destroy(): void };
  };
  if (tf.getBackend() === 'webgl' && backend.gpgpu) {
    const gl = backend.gpgpu.gl;
    (gl.canvas as OffscreenCanvas).addEventListener('webglcontextlost', onLost);
    return () => gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
  if (tf.getBackend() === 'webgpu' && backend.device) {
    const device = backend.device;
    void device.lost.then(onLost);
    return () => device.destroy();
  }
  return () => onLost();
}
