/**
 * A small lab and a faithful dump of a store, for the sync tests (unit, over two Dexie stores,
 * and interop, against a real MLflow server): training runs with histories, NaN and artifacts,
 * a study whose trials nest two levels deep, and an evaluation run pointing at a training run.
 */
import type { Run } from '$lib/tracking/entities';
import { tagValue } from '$lib/tracking/entities';
import type { RegistryStore } from '$lib/registry/store';
import type { TrackingStore } from '$lib/tracking/store';
import { TAGS } from '$lib/tracking/tags';
import { SOURCE_RUN_TAG, SOURCE_TAG } from './ledger';

const T0 = Date.UTC(2026, 11, 1, 9);

export interface LabOptions {
  /** Training runs (each 3 metrics × `steps` points, 3 params, 2 artifacts). */
  runs?: number;
  steps?: number;
  /** Trials of the study, each with 2 sub-runs (a second level of nesting). */
  trials?: number;
  /** Starts the two experiments' names (sync-training, sync-tuning by default). */
  prefix?: string;
}

/** The names of a lab's two experiments. */
export const labExperiments = (prefix = 'sync-') => [`${prefix}training`, `${prefix}tuning`];

/** Writes the lab into `store`; the source ids of its runs by name. */
export async function writeLab(
  store: TrackingStore,
  { runs = 4, steps = 20, trials = 3, prefix = 'sync-' }: LabOptions = {},
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const [trainingName, tuningName] = labExperiments(prefix);
  const training = await store.createExperiment(trainingName, undefined, [
    { key: 'team', value: 'vision' },
  ]);
  for (let r = 0; r < runs; r++) {
    const name = `train-${r}`;
    const run = await store.createRun({
      experimentId: training,
      runName: name,
      userId: 'ada',
      startTime: T0 + r * 60_000,
      tags: [
        { key: TAGS.sourceType, value: 'LOCAL' },
        { key: TAGS.backend, value: 'wasm' },
      ],
    });
    const id = run.info.run_id;
    ids.set(name, id);
    await store.logBatch(id, {
      params: [
        { key: 'lr', value: String(0.001 * (r + 1)) },
        { key: 'optimizer', value: r % 2 ? 'sgd' : 'adam' },
        { key: 'layers', value: '[64, 32]' },
      ],
      metrics: Array.from({ length: steps }, (_, s) => [
        { key: 'loss', value: 1 / (s + 1 + r), timestamp: T0 + r * 60_000 + s * 1000, step: s },
        {
          key: 'val_auc',
          value: 0.5 + (r + s) / (4 * (steps + runs)),
          timestamp: T0 + r * 60_000 + s * 1000,
          step: s,
        },
        // A key that diverges: NaN at its last step.
        {
          key: 'grad_norm',
          value: s === steps - 1 && r === 0 ? NaN : s + r,
          timestamp: T0 + r * 60_000 + s * 1000,
          step: s,
        },
      ]).flat(),
    });
    await store.logInputs(id, [
      {
        tags: [{ key: TAGS.datasetContext, value: 'training' }],
        dataset: {
          name: 'iris',
          digest: 'd41d8cd9',
          source_type: 'local',
          source: '{"file":"iris.csv"}',
        },
      },
    ]);
    await store.logArtifact(id, 'model/model.json', JSON.stringify({ run: r, layers: [64, 32] }));
    await store.logArtifact(
      id,
      'plots/loss.svg',
      `<svg xmlns="http://www.w3.org/2000/svg"><text>${r}</text></svg>`,
    );
    await store.updateRun(id, { status: 'FINISHED', endTime: T0 + r * 60_000 + 30_000 });
  }

  // A study: a parent run, trials under it, and two sub-runs under each trial.
  const tuning = await store.createExperiment(tuningName);
  const study = await store.createRun({
    experimentId: tuning,
    runName: 'study',
    startTime: T0 + 3_600_000,
  });
  ids.set('study', study.info.run_id);
  for (let t = 0; t < trials; t++) {
    const trial = await store.createRun({
      experimentId: tuning,
      runName: `trial-${t}`,
      startTime: T0 + 3_600_000 + (t + 1) * 1000,
      tags: [{ key: TAGS.parentRunId, value: study.info.run_id }],
    });
    ids.set(`trial-${t}`, trial.info.run_id);
    await store.logBatch(trial.info.run_id, {
      params: [{ key: 'units', value: String(16 << t) }],
      metrics: [{ key: 'score', value: t / 10, timestamp: T0 + 3_600_000 + t, step: 0 }],
    });
    for (const fold of [0, 1]) {
      const sub = await store.createRun({
        experimentId: tuning,
        runName: `trial-${t}-fold-${fold}`,
        startTime: T0 + 3_600_000 + (t + 1) * 1000 + fold + 1,
        tags: [{ key: TAGS.parentRunId, value: trial.info.run_id }],
      });
      ids.set(`trial-${t}-fold-${fold}`, sub.info.run_id);
      await store.logBatch(sub.info.run_id, {
        metrics: [{ key: 'fold_score', value: t + fold / 2, timestamp: T0, step: fold }],
      });
      await store.updateRun(sub.info.run_id, { status: 'FINISHED', endTime: T0 + 3_700_000 });
    }
    await store.updateRun(trial.info.run_id, {
      status: t === trials - 1 ? 'KILLED' : 'FINISHED',
      endTime: T0 + 3_700_000 + t,
    });
  }
  await store.updateRun(study.info.run_id, { status: 'FINISHED', endTime: T0 + 3_800_000 });

  // An evaluation run that names the training run it evaluated, and one still running.
  const evaluation = await store.createRun({
    experimentId: training,
    runName: 'evaluate-train-0',
    startTime: T0 + 7_200_000,
    tags: [{ key: TAGS.evaluatedRun, value: ids.get('train-0')! }],
  });
  ids.set('evaluate-train-0', evaluation.info.run_id);
  await store.logBatch(evaluation.info.run_id, {
    metrics: [{ key: 'test_auc', value: 0.91, timestamp: T0 + 7_200_000, step: 0 }],
  });
  await store.updateRun(evaluation.info.run_id, { status: 'FINISHED', endTime: T0 + 7_260_000 });
  const live = await store.createRun({
    experimentId: training,
    runName: 'still-running',
    startTime: T0 + 9_000_000,
  });
  ids.set('still-running', live.info.run_id);
  await store.logBatch(live.info.run_id, {
    metrics: [{ key: 'loss', value: 0.7, timestamp: T0 + 9_000_000, step: 0 }],
  });
  return ids;
}

export interface DumpedRun {
  experiment: string;
  status: string;
  start_time: number;
  end_time: number | null;
  user_id: string;
  /** The parent's and the evaluated run's names, not ids (ids differ between stores). */
  parent: string | null;
  evaluated: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  history: Record<string, [number, number, string][]>;
  inputs: string[];
  artifacts: Record<string, string>;
}

/**
 * Every active run of the named experiments, by run name: what a copy must carry over, ids
 * replaced by names. Tags a copy adds (its source) are left out.
 */
export async function dumpStore(
  store: TrackingStore,
  experimentNames: readonly string[],
): Promise<Record<string, DumpedRun>> {
  const out: Record<string, DumpedRun> = {};
  const runs: { run: Run; experiment: string }[] = [];
  for (const name of experimentNames) {
    const experiment = await store.getExperimentByName(name);
    if (!experiment) continue;
    const page = await store.searchRuns({
      experimentIds: [experiment.experiment_id],
      maxResults: 1000,
    });
    runs.push(...page.items.map((run) => ({ run, experiment: name })));
  }
  const names = new Map(runs.map(({ run }) => [run.info.run_id, run.info.run_name]));
  for (const { run, experiment } of runs) {
    const tags: Record<string, string> = {};
    for (const t of run.data.tags)
      if (
        t.key !== SOURCE_RUN_TAG &&
        t.key !== SOURCE_TAG &&
        t.key !== TAGS.parentRunId &&
        t.key !== TAGS.evaluatedRun
      )
        tags[t.key] = t.value;
    const history: DumpedRun['history'] = {};
    for (const { key } of run.data.metrics) {
      const page = await store.getMetricHistory(run.info.run_id, key, { maxResults: 25_000 });
      history[key] = page.items
        .map((m): [number, number, string] => [m.timestamp, m.step, String(m.value)])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
    }
    const artifacts: Record<string, string> = {};
    const dirs: (string | undefined)[] = [undefined];
    while (dirs.length) {
      for (const f of await store.listArtifacts(run.info.run_id, dirs.pop())) {
        if (f.is_dir) dirs.push(f.path);
        else
          artifacts[f.path] = new TextDecoder().decode(
            await store.downloadArtifact(run.info.run_id, f.path),
          );
      }
    }
    const parent = tagValue(run.data.tags, TAGS.parentRunId);
    const evaluated = tagValue(run.data.tags, TAGS.evaluatedRun);
    out[run.info.run_name] = {
      experiment,
      status: run.info.status,
      start_time: run.info.start_time,
      end_time: run.info.end_time ?? null,
      user_id: run.info.user_id,
      parent: parent ? (names.get(parent) ?? `missing ${parent}`) : null,
      evaluated: evaluated ? (names.get(evaluated) ?? `missing ${evaluated}`) : null,
      params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
      tags,
      history,
      inputs: run.inputs.dataset_inputs
        .map(
          (d) =>
            `${d.dataset.name}/${d.dataset.digest}/${tagValue(d.tags ?? [], TAGS.datasetContext) ?? ''}`,
        )
        .sort(),
      artifacts,
    };
  }
  return out;
}

/** A registered model over the lab's first three training runs: stages, aliases, tags, notes. */
export async function writeLabRegistry(
  store: TrackingStore,
  registry: RegistryStore,
  ids: ReadonlyMap<string, string>,
  name = 'iris-classifier',
): Promise<void> {
  await registry.createRegisteredModel(
    name,
    [{ key: 'task', value: 'classification' }],
    'Iris species from four measurements.',
  );
  const stages = ['Archived', 'Production', 'Staging'] as const;
  for (const [i, stage] of stages.entries()) {
    const runId = ids.get(`train-${i}`)!;
    const run = await store.getRun(runId);
    const version = await registry.createModelVersion({
      name,
      source: `${run.info.artifact_uri}/model`,
      runId,
      tags: [{ key: 'validated', value: String(i > 0) }],
      description: `trained with lr ${0.001 * (i + 1)}`,
    });
    await registry.transitionModelVersionStage(name, version.version, stage, false);
  }
  await registry.setRegisteredModelAlias(name, 'champion', 2);
  await registry.setRegisteredModelAlias(name, 'candidate', 3);
}

/** A registered model as a copy must carry it over (run ids as run names; the copy's tag left out). */
export async function dumpRegistry(store: TrackingStore, registry: RegistryStore, name: string) {
  const model = await registry.getRegisteredModel(name);
  const versions = await registry.searchModelVersions({
    filterString: `name = '${name}'`,
    orderBy: ['version_number ASC'],
  });
  const out: {
    run: string | null;
    source: string;
    stage: string;
    description: string;
    tags: Record<string, string>;
    aliases: string[];
  }[] = [];
  for (const v of versions.items) {
    const run = v.run_id ? await store.getRun(v.run_id) : undefined;
    const full = await registry.getModelVersion(name, v.version);
    out.push({
      run: run?.info.run_name ?? null,
      source: run ? v.source.replace(run.info.artifact_uri, '<run artifacts>') : v.source,
      stage: v.current_stage,
      description: v.description,
      tags: Object.fromEntries(
        v.tags.filter((t) => t.key !== 'tracklab.source_version').map((t) => [t.key, t.value]),
      ),
      aliases: [...full.aliases].sort(),
    });
  }
  return {
    description: model.description,
    tags: Object.fromEntries(model.tags.map((t) => [t.key, t.value])),
    aliases: Object.fromEntries(
      model.aliases.map((a) => [
        a.alias,
        out[versions.items.findIndex((v) => v.version === a.version)]?.run ?? null,
      ]),
    ),
    versions: out,
  };
}
