/**
 * Every tag key Tracklab reads or writes, in one place: MLflow's own (mlflow/utils/mlflow_tags.py),
 * which its UI and client read, and Tracklab's (`tracklab.*`), which sync keeps as they are. A new
 * tag is one line here, so a search, a sync and a screen can never spell it two ways.
 */
export const TAGS = {
  // MLflow's
  runName: 'mlflow.runName',
  parentRunId: 'mlflow.parentRunId',
  user: 'mlflow.user',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  note: 'mlflow.note.content',
  datasetContext: 'mlflow.data.context',
  /** Registered models: marks a prompt, which model searches leave out. */
  isPrompt: 'mlflow.prompt.is_prompt',

  // Tracklab's, on training runs
  backend: 'tracklab.backend',
  tfjsVersion: 'tracklab.tfjs_version',
  browser: 'tracklab.browser',
  /** The tab that trains the run, so a run a closed tab left RUNNING can be found (sessions.ts). */
  session: 'tracklab.session',
  modelType: 'tracklab.model_type',
  /** The registered model the Train page was asked to register into, so a closed tab's run can. */
  registerAs: 'tracklab.register_as',
  stoppedEarly: 'tracklab.stopped_early',
  /** The model against predicting the training mean / majority class, in one sentence. */
  baseline: 'tracklab.baseline',
  /** Why a run ended FAILED or KILLED, in words a person can act on. */
  error: 'tracklab.error',
  /** A FINISHED run whose model is no better than its baseline: why, and what to try. */
  warning: 'tracklab.warning',

  // Tracklab's, on evaluation runs
  evaluatedRun: 'tracklab.evaluated_run_id',
  evaluatedPredictions: 'tracklab.evaluated_predictions',
  evaluatedModel: 'tracklab.evaluated_model',
  /** The model URI as asked for (an alias, stage or latest), when it differs from the version. */
  evaluatedModelRequested: 'tracklab.evaluated_model_requested',
} as const;

export type TagKey = (typeof TAGS)[keyof typeof TAGS];
