/**
 * The reads behind the Run page, written once against the client so each LiveQuery stays one
 * line: the run and its experiment, every metric's whole history, and the artifact tree.
 */
import type { App } from '$lib/app/create-app';
import type { Experiment, FileInfo, Run } from '$lib/tracking';
import { summarizeHistory, type MetricHistory } from './run-data';

export interface RunWithExperiment {
  run: Run;
  /** Undefined when the run's experiment cannot be read (purged, or another store's id). */
  experiment: Experiment | undefined;
}

export async function loadRun(app: App, runId: string): Promise<RunWithExperiment> {
  const run = await app.client.getRun(runId);
  const experiment = await app.client.getExperiment(run.info.experiment_id).catch(() => undefined);
  return { run, experiment };
}

export interface RunHistories {
  runId: string;
  histories: MetricHistory[];
}

/**
 * The whole history of each key, as typed arrays (no per-point objects). Reads only the metric
 * rows, so editing the run's note or tags does not read the histories again.
 */
export async function loadMetricHistories(
  app: App,
  runId: string,
  keys: readonly string[],
): Promise<RunHistories> {
  const histories = await Promise.all(
    keys.map(async (key) =>
      summarizeHistory(key, await app.reads.getMetricHistoryArrays(runId, key)),
    ),
  );
  return { runId, histories };
}

/** Where MLflow puts a logged model; its MLmodel file is what a person opens first. */
export const MODEL_FILE = 'model/MLmodel';

export interface ArtifactListing {
  runId: string;
  /** Children of each listed folder; '' is the root. */
  folders: Map<string, FileInfo[]>;
  /** The file selected before the person picks one: the model's MLmodel when there is one. */
  defaultFile: string | undefined;
}

export async function listArtifactTree(
  app: App,
  runId: string,
  open: readonly string[],
): Promise<ArtifactListing> {
  const folders = new Map<string, FileInfo[]>();
  folders.set('', await app.client.listArtifacts(runId));
  const modelDir = MODEL_FILE.slice(0, MODEL_FILE.lastIndexOf('/'));
  const hasModelDir = folders.get('')!.some((f) => f.is_dir && f.path === modelDir);
  const wanted = new Set(open);
  if (hasModelDir) wanted.add(modelDir);
  for (const path of [...wanted].sort()) {
    folders.set(path, await app.client.listArtifacts(runId, path));
  }
  const hasModel = folders.get(modelDir)?.some((f) => !f.is_dir && f.path === MODEL_FILE);
  return { runId, folders, defaultFile: hasModel ? MODEL_FILE : undefined };
}

/** The run's predictions/*.csv artifacts, which Evaluate reads. */
export async function listPredictions(app: App, runId: string): Promise<string[]> {
  return (await app.client.listArtifacts(runId, 'predictions'))
    .filter((f) => !f.is_dir && f.path.endsWith('.csv'))
    .map((f) => f.path);
}

const HEADLINE = ['accuracy_score', 'roc_auc', 'f1_score', 'root_mean_squared_error', 'r2_score'];

/** The evaluation runs of a run (tagged tracklab.evaluated_run_id), in any active experiment. */
export async function loadEvaluations(app: App, runId: string) {
  const experiments = await app.client.searchExperiments({
    viewType: 'ACTIVE_ONLY',
    maxResults: 50_000,
  });
  const { items } = await app.client.searchRuns({
    experimentIds: experiments.items.map((e) => e.experiment_id),
    filterString: `tags.tracklab.evaluated_run_id = '${runId.replace(/'/g, '')}'`,
    orderBy: ['attributes.start_time DESC'],
    maxResults: 100,
  });
  return items.map((r) => ({
    runId: r.info.run_id,
    experimentId: r.info.experiment_id,
    name: r.info.run_name,
    /** What was evaluated: the predictions file, or the data the model predicted. */
    data: r.data.params.find((p) => p.key === 'data' || p.key === 'predictions')?.value ?? '',
    metrics: HEADLINE.flatMap((k) => {
      const m = r.data.metrics.find((x) => x.key === k);
      return m ? [[k, m.value] as [string, number]] : [];
    }),
  }));
}
