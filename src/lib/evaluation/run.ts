/**
 * evaluate.py in the browser: read a run's saved predictions (or a predictions file), compute
 * every metric, and log them as a new run with plots, metrics.json and an HTML report — the shape
 * of `mlflow.evaluate`'s result. The new run is tagged `tracklab.evaluated_run_id` and takes the
 * evaluated split's dataset with the context "evaluation". A failure after the run exists ends it
 * FAILED with the reason, keeping what was logged.
 */
import { datasetDigest } from '../data/library';
import {
  type ActiveRun,
  type Dataset,
  type DatasetInput,
  type MlflowClient,
  type Run,
  type Tags,
  tagValue,
  TAGS,
} from '../tracking';
import { toPlotlyJson, type Figure } from '../charts/figure';
import { compute } from './compute';
import { checkThreshold, describeColumns, taskOf, usesThreshold } from './compute-metrics';
import {
  parsePredictions,
  readPredictions,
  type ColumnsUsed,
  type ModelType,
  type PredictionSet,
} from './predictions';
import { renderReport } from './report';

export const EVALUATE_SOURCE = 'Tracklab Evaluate';

export interface EvaluateRequest {
  /** The run whose saved predictions are evaluated. */
  runId?: string;
  /** An artifact of that run (default predictions/test.csv), or a predictions file's text. */
  predictions?: string | { name: string; text: string };
  /** Where the evaluation run goes; default the evaluated run's experiment (else '0'). */
  experimentId?: string;
  /** The column of the predictions file that holds the true values (needed when it has several). */
  target?: string;
  /** Binary only: predict the positive class when P(positive) >= threshold. Default 0.5. */
  threshold?: number;
  /** Binary only: the positive class (default: the greater label in scikit-learn's order). */
  posLabel?: string | number;
  /**
   * mlflow.evaluate's model_type: "classifier" reads true and predicted numbers as class labels,
   * "regressor" as values. Default: from the file (numbers in both are a regression).
   */
  modelType?: ModelType;
  runName?: string;
  /** The data evaluated, logged as the run's "evaluation" dataset input (default: see below). */
  dataset?: Dataset;
  /** When the predictions come from running a model: its URI (runs:/… or models:/<name>/<version>). */
  evaluatedModel?: string;
  /** The URI the model was asked for by, when it resolved to `evaluatedModel` (an alias, a stage). */
  requestedModel?: string;
  /** A name for the data in the report and params, when `predictions` is generated. */
  dataName?: string;
}

export interface EvaluateDeps {
  client: MlflowClient;
  /** Draws a figure as PNG; absent where there is no canvas (Node): only Plotly JSON is logged. */
  renderPng?: (figure: Figure) => Promise<Uint8Array>;
  now?: () => number;
  /** The tab's session id (tracklab.session), so a run its closed tab leaves RUNNING is closed. */
  session?: string;
  /** Told the evaluation run's id once it exists. */
  onStart?(runId: string): void;
}

/** `mlflow.evaluate`'s EvaluationResult: metrics, and artifact name → URI. */
export interface EvaluationResult {
  runId: string;
  /** Every defined metric; undefined ones are left out and explained in `warnings`. */
  metrics: Record<string, number>;
  artifacts: Record<string, string>;
  warnings: string[];
  /** The predictions file's columns that were read, by part, and as a sentence to show. */
  columns: ColumnsUsed;
  columnsUsed: string;
  /** Two classes: the positive one, and whether `posLabel` named it. */
  positive?: { label: string; given: boolean };
}

const DEFAULT_PREDICTIONS = 'predictions/test.csv';
const CONTEXT_OF: Record<string, string> = {
  'predictions/test.csv': 'test',
  'predictions/val.csv': 'validation',
};

/** Evaluates saved predictions and logs the result as a new run; see the module comment. */
export async function evaluate(
  deps: EvaluateDeps,
  request: EvaluateRequest,
): Promise<EvaluationResult> {
  const { client } = deps;
  const now = deps.now ?? Date.now;
  const threshold = request.threshold ?? 0.5;
  checkThreshold(threshold);
  const source = request.runId ? await client.getRun(request.runId) : undefined;
  let text: string;
  let predictionsName: string;
  if (typeof request.predictions === 'object') {
    ({ text, name: predictionsName } = request.predictions);
  } else {
    if (!source)
      throw new Error('Give a runId to evaluate its predictions, or a predictions file.');
    predictionsName = request.predictions ?? DEFAULT_PREDICTIONS;
    const files = await client.listArtifacts(source.info.run_id, 'predictions');
    if (!files.some((f) => f.path === predictionsName))
      throw new Error(
        `Run ${source.info.run_id} has no ${predictionsName} artifact${files.length ? ` (it has ${files.map((f) => f.path).join(', ')})` : ''}. Evaluate a finished training run, or drop a predictions file.`,
      );
    text = new TextDecoder().decode(
      await client.downloadArtifact(source.info.run_id, predictionsName),
    );
  }
  // Reading and computing come before the run, so bad input leaves nothing behind.
  const set = readPredictions(parsePredictions(text), {
    target: request.target,
    posLabel: request.posLabel,
    modelType: request.modelType,
  });
  const computed = compute(set, threshold);

  const sourceName = source ? tagValue(source.data.tags, TAGS.runName) : undefined;
  const what: Evaluated = { request, source, sourceName, predictionsName, set, threshold };
  return client.startRun(
    {
      experimentId: request.experimentId ?? source?.info.experiment_id ?? '0',
      runName:
        request.runName || `evaluate-${sourceName ?? predictionsName.replace(/\.[^.]*$/, '')}`,
      // The tab's session: if the tab closes mid-write, the next one to open closes the run.
      tags: { ...evaluationTags(what), ...(deps.session && { [TAGS.session]: deps.session }) },
      onStart: (run) => deps.onStart?.(run.runId),
    },
    async (run) => {
      await run.logParams(evaluationParams(what));
      await client.logInputs(run.runId, [
        request.dataset
          ? { tags: [{ key: TAGS.datasetContext, value: 'evaluation' }], dataset: request.dataset }
          : await evaluationInput(source, predictionsName, text, set),
      ]);
      const timestamp = now();
      const defined = Object.entries(computed.metrics).filter(
        (e): e is [string, number] => e[1] !== null,
      );
      run.logMetrics(Object.fromEntries(defined), 0, timestamp);
      await run.flush();
      const uri = (path: string) => `${run.info.artifact_uri}/${path}`;
      const { artifacts, images } = await logFigures(run, computed.figures, deps.renderPng, uri);
      await run.logDict(
        {
          metrics: computed.metrics,
          warnings: computed.warnings,
          columns: set.columns,
          ...positiveOf(set),
          ...computed.extra,
        },
        'metrics.json',
      );
      artifacts.metrics = uri('metrics.json');
      const html = renderReport({
        title: `Evaluation of ${sourceName ?? predictionsName}`,
        facts: reportFacts(what, timestamp),
        metrics: Object.entries(computed.metrics),
        warnings: computed.warnings,
        tables: computed.tables,
        images,
      });
      await run.logText(html, 'report.html');
      artifacts.report = uri('report.html');
      return {
        runId: run.runId,
        metrics: Object.fromEntries(defined),
        artifacts,
        warnings: computed.warnings,
        columns: set.columns,
        columnsUsed: describeColumns(set),
        ...positiveOf(set),
      };
    },
  );
}

/** What one evaluation is about: the request, the run evaluated and the predictions read. */
interface Evaluated {
  request: EvaluateRequest;
  source: Run | undefined;
  sourceName: string | undefined;
  predictionsName: string;
  set: PredictionSet;
  threshold: number;
}

const positiveOf = (set: PredictionSet) =>
  set.task === 'classification' && set.positive ? { positive: set.positive } : {};

/** MLflow's longest param value; a list of many probability columns is cut to fit. */
const PARAM_VALUE_LIMIT = 6000;

/** The columns read, as params: the true-value column is `target`. */
function columnParams({ columns }: PredictionSet): Record<string, string> {
  let probabilities = columns.probabilities.map((p) => p.column).join(',');
  if (probabilities.length > PARAM_VALUE_LIMIT) {
    const more = ` (${columns.probabilities.length} columns)`;
    probabilities = `${probabilities.slice(0, PARAM_VALUE_LIMIT - more.length - 1)}…${more}`;
  }
  return {
    ...(columns.prediction !== undefined && { prediction_column: columns.prediction }),
    ...(probabilities && { probability_columns: probabilities }),
  };
}

function evaluationTags({ request, source, predictionsName }: Evaluated): Tags {
  return {
    [TAGS.sourceName]: EVALUATE_SOURCE,
    [TAGS.sourceType]: 'LOCAL',
    ...(request.evaluatedModel
      ? { [TAGS.evaluatedModel]: request.evaluatedModel }
      : { [TAGS.evaluatedPredictions]: predictionsName }),
    ...(request.requestedModel &&
      request.requestedModel !== request.evaluatedModel && {
        [TAGS.evaluatedModelRequested]: request.requestedModel,
      }),
    ...(source && { [TAGS.evaluatedRun]: source.info.run_id }),
  };
}

function evaluationParams({ request, source, predictionsName, set, threshold }: Evaluated) {
  return {
    ...(source && { evaluated_run_id: source.info.run_id }),
    ...(request.evaluatedModel
      ? { model: request.evaluatedModel, data: request.dataName ?? predictionsName }
      : { predictions: predictionsName }),
    task: taskOf(set),
    ...(request.modelType && { model_type: request.modelType }),
    target: set.target,
    ...columnParams(set),
    ...(set.task === 'classification' && set.positive && { pos_label: set.positive.label }),
    ...(usesThreshold(set) && { threshold }),
  };
}

/** The report's header facts: what was evaluated, on what, and when. */
function reportFacts(what: Evaluated, timestamp: number): [string, string][] {
  const { request, source, sourceName, predictionsName, set, threshold } = what;
  const facts: [string, string][] = request.evaluatedModel
    ? [
        ['Model', request.evaluatedModel],
        ['Data', request.dataName ?? predictionsName],
      ]
    : [['Predictions', predictionsName]];
  if (source) facts.push(['Evaluated run', `${sourceName ?? ''} (${source.info.run_id})`]);
  facts.push(
    ['Columns', describeColumns(set)],
    ['Rows', String(set.task === 'regression' ? set.actual.length : set.labels.length)],
  );
  if (usesThreshold(set)) facts.push(['Threshold', String(threshold)]);
  facts.push(['Evaluated', new Date(timestamp).toISOString()]);
  return facts;
}

/** Logs each figure as Plotly JSON, and as PNG where there is a canvas to draw on. */
async function logFigures(
  run: ActiveRun,
  figures: Record<string, Figure>,
  renderPng: EvaluateDeps['renderPng'],
  uri: (path: string) => string,
) {
  const artifacts: Record<string, string> = {};
  const images: { title: string; png: Uint8Array }[] = [];
  for (const [name, figure] of Object.entries(figures)) {
    await run.logDict(toPlotlyJson(figure), `plots/${name}.json`);
    artifacts[`${name}_plotly`] = uri(`plots/${name}.json`);
    if (!renderPng) continue;
    const png = await renderPng(figure);
    await run.logArtifact(`plots/${name}.png`, png);
    artifacts[name] = uri(`plots/${name}.png`);
    images.push({ title: figure.title, png });
  }
  return { artifacts, images };
}

/** The evaluated split's dataset with the context "evaluation", or the dropped file as one. */
async function evaluationInput(
  source: Run | undefined,
  predictionsName: string,
  text: string,
  set: PredictionSet,
): Promise<DatasetInput> {
  const context = { key: TAGS.datasetContext, value: 'evaluation' };
  const split = CONTEXT_OF[predictionsName];
  const logged = source?.inputs.dataset_inputs.find(
    (i) => tagValue(i.tags, TAGS.datasetContext) === split,
  );
  if (logged) return { tags: [context], dataset: logged.dataset };
  const rows = set.task === 'regression' ? set.actual.length : set.labels.length;
  return {
    tags: [context],
    dataset: {
      name: predictionsName,
      digest: await datasetDigest(text),
      source_type: 'local',
      source: JSON.stringify({ uri: predictionsName }),
      profile: JSON.stringify({ num_rows: rows }),
    },
  };
}
