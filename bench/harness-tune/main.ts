// Page side of the tuning bench (bench/tune.js): each request runs in a fresh Web Worker, as the
// app's tuning will, so the timings are a worker's.
import { appStudy } from './app-study';
import type { TuneRequest } from './tune-worker';

function inWorker(request: TuneRequest): Promise<unknown> {
  const worker = new Worker(new URL('./tune-worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.result);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(request);
  });
}

(globalThis as unknown as { benchTune: unknown }).benchTune = {
  run: (request: TuneRequest) => inWorker(request),
  appStudy,
};
document.getElementById('status')!.textContent = 'ready';
