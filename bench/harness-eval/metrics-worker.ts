// The evaluation metrics in a worker, as the app's evaluation worker runs them: every metric of a
// binary model (evaluateClassifier, AUC included) and ROC AUC alone, timed over a few repetitions.
import { evaluateClassifier, rocAuc } from '$lib/evaluation';

self.onmessage = (event: MessageEvent<{ buffer: ArrayBuffer; reps: number }>) => {
  const { buffer, reps } = event.data;
  const n = buffer.byteLength / 16;
  const raw = new Float64Array(buffer);
  const labels = Int32Array.from(raw.subarray(0, n));
  const scores = raw.slice(n);
  const classes = ['0', '1'];
  const all: number[] = [];
  const auc: number[] = [];
  let metrics: Record<string, number | null> = {};
  for (let r = 0; r < reps; r++) {
    let t = performance.now();
    metrics = evaluateClassifier({ classes, labels, scores }).metrics;
    all.push(performance.now() - t);
    t = performance.now();
    rocAuc(labels, scores, classes);
    auc.push(performance.now() - t);
  }
  self.postMessage({ rows: n, allMs: all, aucMs: auc, metrics });
};
