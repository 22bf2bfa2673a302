// Page side of the evaluation benchmark (bench/evaluate.js): the metrics of a million binary
// predictions in a worker, and the whole Evaluate use case through the app's evaluation worker
// (createApp), with the page's longest timer and frame gaps while each runs.
import { createApp } from '$lib/app/create-app';
import { watchGaps } from '../harness-gaps';

const app = createApp({ databaseName: 'tracklab-bench-eval' });

async function metrics({ url, reps }: { url: string; reps: number }) {
  const buffer = await (await fetch(url)).arrayBuffer();
  const worker = new Worker(new URL('./metrics-worker.ts', import.meta.url), { type: 'module' });
  const stop = watchGaps();
  const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ buffer, reps }, [buffer]);
  });
  worker.terminate();
  return { ...result, gaps: stop() };
}

/** Logs the predictions CSV as a run's predictions/test.csv, then times app.evaluation.evaluate. */
async function useCase({ url }: { url: string }) {
  const text = await (await fetch(url)).text();
  const run = await app.client.createRun('0', { runName: 'bench-predictions' });
  await app.client.logArtifact(run.info.run_id, 'predictions/test.csv', text);
  const stop = watchGaps();
  const t = performance.now();
  const result = await app.evaluation.evaluate({ runId: run.info.run_id });
  const ms = performance.now() - t;
  return { ms, gaps: stop(), bytes: text.length, artifacts: Object.keys(result.artifacts).length };
}

Object.assign(globalThis, { benchEval: { metrics, useCase } });
document.getElementById('status')!.textContent = 'ready';
