// Worker side of the tuning bench: whole studies per sampler, function and seed, and the cost
// of a suggestion in a study that already has 1,000 finished trials of 10 parameters.
import { createSampler } from '$lib/tuning/samplers/registry';
import { RandomState } from '$lib/tuning/rng';
import { createStudy } from '$lib/tuning/create-study';
import { OBJECTIVES } from './functions';

export type TuneRequest =
  | { kind: 'studies'; sampler: string; fn: string; seeds: number[]; nTrials: number }
  | { kind: 'cost'; sampler: string; finished: number; params: number; suggestions: number };

async function studies(r: Extract<TuneRequest, { kind: 'studies' }>) {
  const { objective } = OBJECTIVES[r.fn];
  const best: number[] = [];
  const ms: number[] = [];
  for (const seed of r.seeds) {
    const started = performance.now();
    const study = await createStudy({ sampler: createSampler(r.sampler, { seed }) });
    await study.optimize(objective, { nTrials: r.nTrials });
    ms.push(performance.now() - started);
    best.push(study.bestValue);
  }
  return { best, ms };
}

/** Times every suggestion of `suggestions` trials after `finished` random ones (enqueued, so not sampled). */
async function cost(r: Extract<TuneRequest, { kind: 'cost' }>) {
  const rng = new RandomState(1);
  const names = Array.from({ length: r.params }, (_, i) => `p${i}`);
  const study = await createStudy({ sampler: createSampler(r.sampler, { seed: 7 }) });
  const value = (p: Record<string, number>) =>
    names.reduce((s, n, i) => s + (p[n] - i / r.params) ** 2, 0);
  for (let k = 0; k < r.finished; k++) {
    const params = Object.fromEntries(names.map((n) => [n, rng.random()]));
    study.enqueueTrial(params);
    const t = study.ask();
    for (const n of names) t.suggestFloat(n, 0, 1);
    study.tell(t, value(params));
  }
  const perSuggestion: number[] = [];
  const perTrial: number[] = [];
  for (let k = 0; k < r.suggestions; k++) {
    const t = study.ask();
    const p: Record<string, number> = {};
    const trialStart = performance.now();
    for (const n of names) {
      const s = performance.now();
      p[n] = t.suggestFloat(n, 0, 1);
      perSuggestion.push(performance.now() - s);
    }
    perTrial.push(performance.now() - trialStart);
    study.tell(t, value(p));
  }
  return { perSuggestion, perTrial };
}

self.onmessage = async (e: MessageEvent<TuneRequest>) => {
  try {
    const r = e.data;
    const result = r.kind === 'studies' ? await studies(r) : await cost(r);
    self.postMessage({ ok: true, result });
  } catch (err) {
    self.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
  }
};
