// The app's own tuning in the bench page: a bundled dataset saved through the data worker, a
// study over the tracking store, trainObjective training each trial in the training worker pool
// (WASM), exactly as the Tune page runs it — timed, with the epochs trained and the page's
// longest timer and frame gaps while it runs.
import { createApp, type App } from '$lib/app/create-app';
import { defaultSearchSpace, type SearchSpace } from '$lib/app/tune';
import { DEFAULT_CONFIG } from '$lib/training/config';
import { createPruner } from '$lib/tuning/pruners';
import { createSampler } from '$lib/tuning/samplers/registry';
import type { Direction } from '$lib/tuning/types';
import { watchGaps } from '../harness-gaps';

export interface AppStudyRequest {
  csvUrl: string;
  target: string;
  metric: string;
  direction: Direction;
  sampler: string;
  pruner: string;
  /** The pruner's settings, as createPruner takes them (absent: Optuna's defaults). */
  prunerSettings?: Record<string, unknown>;
  seed: number;
  nTrials: number;
  nJobs: number;
  epochs: number;
  /** Absent: the Tune page's default space. */
  space?: SearchSpace;
  /**
   * A budget of epochs: no trial starts once the epochs trained so far and one full trial's
   * would pass it (so a study never trains more than this). Absent: nTrials alone.
   */
  maxEpochs?: number;
  /** Early stopping with the best epoch's weights restored (the Train form's default); off by default. */
  earlyStopping?: boolean;
}

let app: App | undefined;
const saved = new Map<string, string>();
let studies = 0;

export async function appStudy(r: AppStudyRequest) {
  app ??= createApp({ databaseName: 'tracklab-bench-tune', backend: 'wasm' });
  let sha = saved.get(r.csvUrl);
  if (!sha) {
    const bytes = new Uint8Array(await (await fetch(r.csvUrl)).arrayBuffer());
    const { record } = await app.data.load(bytes, {
      name: r.csvUrl.split('/').pop()!,
      source: r.csvUrl,
      sourceType: 'bundled',
    });
    saved.set(r.csvUrl, (sha = record.sha256));
  }
  app.training.ensureWorkers(r.nJobs);
  const study = await app.tuning.createStudy({
    // Unique in the page and the same in every run: Hyperband assigns brackets by a hash of it.
    studyName: `${r.sampler}-${r.pruner}-${r.seed}-${r.nJobs}-${++studies}`,
    direction: r.direction,
    sampler: createSampler(r.sampler, { seed: r.seed }),
    pruner: createPruner(r.pruner, r.prunerSettings),
  });
  const config = structuredClone(DEFAULT_CONFIG);
  config.fit.epochs = r.epochs;
  config.fit.earlyStopping.enabled = r.earlyStopping ?? false;
  const objective = await app.tuning.trainObjective({
    study,
    dataset: sha,
    target: r.target,
    metric: r.metric,
    space: r.space ?? defaultSearchSpace(),
    config,
  });
  const stop = watchGaps();
  const started = performance.now();
  let spent = 0;
  const budget = r.maxEpochs;
  await study.optimize(objective, {
    nTrials: r.nTrials,
    nJobs: r.nJobs,
    callbacks:
      budget === undefined
        ? []
        : [
            (s, t) => {
              spent += t.intermediateValues.size;
              if (spent + r.epochs * r.nJobs > budget) s.stop();
            },
          ],
  });
  const ms = performance.now() - started;
  const gaps = stop();
  const trials = study.trials;
  return {
    ms,
    best: study.bestValue,
    epochs: trials.reduce((s, t) => s + t.intermediateValues.size, 0),
    complete: trials.filter((t) => t.state === 'COMPLETE').length,
    pruned: trials.filter((t) => t.state === 'PRUNED').length,
    failed: trials.filter((t) => t.state === 'FAIL').length,
    /** Each trial in order: its value when complete (else null) and the epochs it trained. */
    trials: trials.map((t) => ({
      value: t.state === 'COMPLETE' ? t.value : null,
      epochs: t.intermediateValues.size,
    })),
    gaps,
  };
}
