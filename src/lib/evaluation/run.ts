/**
 * evaluate.py in the browser: read a run's saved predictions (or a predictions file), compute
 * every metric, and log them as a new run with plots, metrics.json and an HTML report — the shape
 * of `mlflow.evaluate`'s result. The new run is tagged `tracklab.evaluated_run_id` and takes the
 * evaluated split's dataset with the context "evaluation". A failure after the run exists ends it
 * FAILED with the reason, keeping what was logged.
 */
import { parseTable } from '../data/csv';
import { datasetDigest } from '../data/library';
import { type Dataset, type DatasetInput, type MlflowClient, tagValue, TAGS } from '../tracking';
import {
  calibrationFigure,
  confusionFigure,
  errorHistogramFigure,
  predictedActualFigure,
  prFigure,
  residualsFigure,
  rocFigure,
} from '../charts/evaluation';
import { toPlotlyJson, type Figure } from '../charts/figure';
import { calibrationCurve, precisionRecallCurve, rocCurve } from './curves';
import { evaluateClassifier, evaluateRegressor } from './evaluate';
import { averagePrecision, rocAuc } from './probabilistic';
import { readPredictions, type PredictionSet } from './predictions';
import { renderReport, type ReportTable } from './report';

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
}

/** `mlflow.evaluate`'s EvaluationResult: metrics, and artifact name → URI. */
export interface EvaluationResult {
  runId: string;
  /** Every defined metric; undefined ones are left out and explained in `warnings`. */
  metrics: Record<string, number>;
  artifacts: Record<string, string>;
  warnings: string[];
}

const DEFAULT_PREDICTIONS = 'predictions/test.csv';
const CONTEXT_OF: Record<string, string> = {
  'predictions/test.csv': 'test',
  'predictions/val.csv': 'validation',
};

interface Computed {
  metrics: Record<string, number | null>;
  warnings: string[];
  figures: Record<string, Figure>;
  tables: ReportTable[];
  extra: Record<string, unknown>;
}

function compute(set: PredictionSet, threshold: number): Computed {
  if (set.task === 'regression') {
    const { metrics, warnings } = evaluateRegressor(set.actual, set.predicted);
    return {
      metrics,
      warnings,
      figures: {
        residuals: residualsFigure(set.predicted, set.actual),
        predicted_vs_actual: predictedActualFigure(set.predicted, set.actual),
        error_histogram: errorHistogramFigure(set.predicted, set.actual),
      },
      tables: [],
      extra: {},
    };
  }
  const { classes, labels, scores } = set;
  const binary = classes.length === 2;
  const result = evaluateClassifier({ classes, labels, scores, threshold });
  const k = classes.length;
  const column = (c: number) =>
    binary ? (c === 1 ? scores : scores.map((p) => 1 - p)) : scores.filter((_, i) => i % k === c);
  // One curve for the positive class of a binary model, else one per class (one vs rest).
  const shown = binary ? [1] : classes.map((_, c) => c);
  const curves = shown.map((c) => {
    const positive = Uint8Array.from(labels, (l) => (l === c ? 1 : 0));
    const p = column(c);
    const roc = rocCurve(positive, p);
    const pr = precisionRecallCurve(positive, p);
    const pair = ['rest', classes[c]];
    const auc = rocAuc(positive, p, pair).value ?? NaN;
    const ap = averagePrecision(positive, p, pair).value ?? NaN;
    const positives = positive.reduce((a, b) => a + b, 0);
    return { c, positive, p, roc, pr, auc, ap, prevalence: positives / labels.length };
  });
  const figures: Record<string, Figure> = {
    roc_curve: rocFigure(
      curves.map((x) => ({
        name: binary ? `positive: ${classes[1]}` : classes[x.c],
        fpr: Array.from(x.roc.fpr),
        tpr: Array.from(x.roc.tpr),
        auc: x.auc,
      })),
    ),
    precision_recall_curve: prFigure(
      curves.map((x) => ({
        name: binary ? `positive: ${classes[1]}` : classes[x.c],
        recall: Array.from(x.pr.recall),
        precision: Array.from(x.pr.precision),
        ap: x.ap,
        prevalence: x.prevalence,
      })),
    ),
    confusion_matrix: confusionFigure(classes, result.confusionMatrix),
  };
  if (binary) {
    const cal = calibrationCurve(curves[0].positive, curves[0].p);
    figures.calibration_curve = calibrationFigure(
      Array.from(cal.probPred),
      Array.from(cal.probTrue),
    );
  }
  const report = result.report;
  const perClass: ReportTable = {
    caption: 'Per class',
    columns: ['Class', 'Precision', 'Recall', 'F1', 'Support'],
    rows: [
      ...report.perClass.map((c) => [c.class, c.precision, c.recall, c.f1, c.support]),
      [
        'macro avg',
        report.macro.precision,
        report.macro.recall,
        report.macro.f1,
        report.macro.support,
      ],
      [
        'weighted avg',
        report.weighted.precision,
        report.weighted.recall,
        report.weighted.f1,
        report.weighted.support,
      ],
    ],
  };
  const confusion: ReportTable = {
    caption: 'Confusion matrix (rows: true class, columns: predicted)',
    columns: ['', ...classes],
    rows: classes.map((c, i) => [c, ...result.confusionMatrix[i]]),
  };
  return {
    metrics: result.metrics,
    warnings: [...result.warnings, ...report.warnings.filter((w) => !result.warnings.includes(w))],
    figures,
    tables: [perClass, confusion],
    extra: {
      classes,
      confusion_matrix: result.confusionMatrix,
      per_class: report.perClass,
      ...(binary && { threshold }),
    },
  };
}

/** Evaluates saved predictions and logs the result as a new run; see the module comment. */
export async function evaluate(
  deps: EvaluateDeps,
  request: EvaluateRequest,
): Promise<EvaluationResult> {
  const { client } = deps;
  const now = deps.now ?? Date.now;
  const threshold = request.threshold ?? 0.5;
  if (!(threshold > 0 && threshold < 1))
    throw new Error(`The threshold must lie between 0 and 1 (exclusive); got ${threshold}.`);
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
  const set = readPredictions(parseTable(text), { target: request.target });
  const computed = compute(set, threshold);

  const sourceName = source ? tagValue(source.data.tags, TAGS.runName) : undefined;
  const run = await client.createRun(request.experimentId ?? source?.info.experiment_id ?? '0', {
    runName: request.runName || `evaluate-${sourceName ?? predictionsName.replace(/\.[^.]*$/, '')}`,
    tags: {
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
    },
  });
  const runId = run.info.run_id;
  try {
    await client.logParams(runId, {
      ...(source && { evaluated_run_id: source.info.run_id }),
      ...(request.evaluatedModel
        ? { model: request.evaluatedModel, data: request.dataName ?? predictionsName }
        : { predictions: predictionsName }),
      task:
        set.task === 'regression'
          ? 'regression'
          : set.classes.length === 2
            ? 'binary'
            : 'multiclass',
      target: set.target,
      ...(set.task === 'classification' && set.classes.length === 2 && { threshold }),
    });
    await client.logInputs(runId, [
      request.dataset
        ? { tags: [{ key: TAGS.datasetContext, value: 'evaluation' }], dataset: request.dataset }
        : await evaluationInput(source, predictionsName, text, set),
    ]);
    const timestamp = now();
    const defined = Object.entries(computed.metrics).filter(
      (e): e is [string, number] => e[1] !== null,
    );
    await client.logBatch(runId, {
      metrics: defined.map(([key, value]) => ({ key, value, timestamp, step: 0 })),
    });
    const artifacts: Record<string, string> = {};
    const uri = (path: string) => `${run.info.artifact_uri}/${path}`;
    const images: { title: string; png: Uint8Array }[] = [];
    for (const [name, figure] of Object.entries(computed.figures)) {
      await client.logDict(runId, toPlotlyJson(figure), `plots/${name}.json`);
      artifacts[`${name}_plotly`] = uri(`plots/${name}.json`);
      if (deps.renderPng) {
        const png = await deps.renderPng(figure);
        await client.logArtifact(runId, `plots/${name}.png`, png);
        artifacts[name] = uri(`plots/${name}.png`);
        images.push({ title: figure.title, png });
      }
    }
    await client.logDict(
      runId,
      { metrics: computed.metrics, warnings: computed.warnings, ...computed.extra },
      'metrics.json',
    );
    artifacts.metrics = uri('metrics.json');
    const html = renderReport({
      title: `Evaluation of ${sourceName ?? predictionsName}`,
      facts: [
        ...(request.evaluatedModel
          ? ([
              ['Model', request.evaluatedModel],
              ['Data', request.dataName ?? predictionsName],
            ] as [string, string][])
          : ([['Predictions', predictionsName]] as [string, string][])),
        ...(source
          ? ([['Evaluated run', `${sourceName ?? ''} (${source.info.run_id})`]] as [
              string,
              string,
            ][])
          : []),
        ['Target', set.target],
        ['Rows', String(set.task === 'regression' ? set.actual.length : set.labels.length)],
        ...(set.task === 'classification' && set.classes.length === 2
          ? ([['Threshold', String(threshold)]] as [string, string][])
          : []),
        ['Evaluated', new Date(timestamp).toISOString()],
      ],
      metrics: Object.entries(computed.metrics),
      warnings: computed.warnings,
      tables: computed.tables,
      images,
    });
    await client.logText(runId, html, 'report.html');
    artifacts.report = uri('report.html');
    await client.setTerminated(runId, 'FINISHED', now());
    return {
      runId,
      metrics: Object.fromEntries(defined),
      artifacts,
      warnings: computed.warnings,
    };
  } catch (e) {
    await client.setTag(runId, TAGS.error, (e as Error).message ?? String(e)).catch(() => {});
    await client.setTerminated(runId, 'FAILED', now()).catch(() => {});
    throw e;
  }
}

/** The evaluated split's dataset with the context "evaluation", or the dropped file as one. */
async function evaluationInput(
  source: Awaited<ReturnType<MlflowClient['getRun']>> | undefined,
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
