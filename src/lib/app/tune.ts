/**
 * Tuning a model on a data set (issue 12): a search space over the hyperparameter table — each
 * hyperparameter fixed, a range (log optional) or a list of choices, hidden layers as a count and
 * units per layer (a conditional space) — and the training objective: each trial trains into its
 * own run (the study's child run), reports the chosen validation metric every epoch to the
 * pruner, and returns it. The study and its samplers are src/lib/tuning's.
 */
import type { Task } from '$lib/data/columns';
import type { DatasetRecord } from '$lib/data/library';
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { DEFAULT_CONFIG, type TrainConfig } from '$lib/training/config';
import { applies, hyperparam, setValueAt, valueProblems } from '$lib/training/hyperparam-values';
import { HYPERPARAMS, type Hyperparam, type HyperparamValue } from '$lib/training/hyperparams';
import type { EpochReport } from '$lib/training/trainer';
import type { ParamValue } from '$lib/tuning/distributions';
import type { Direction } from '$lib/tuning/types';
import type { Objective } from '$lib/tuning/optimize';
import type { Study } from '$lib/tuning/study';
import { TrialPruned, type Trial } from '$lib/tuning/trial';
import { train, type TrainDeps } from './train';

export type SpaceEntry =
  | { fixed: HyperparamValue }
  | { low: number; high: number; log?: boolean; step?: number }
  | { choices: readonly (string | number | boolean)[] }
  /** Hidden layers: how many (a range), and units per layer (a range, log by default). */
  | { layers: { low: number; high: number }; units: { low: number; high: number; log?: boolean } };

/** Hyperparameter name (as logged) → how it is searched; absent ones keep the base config's value. */
export type SearchSpace = Record<string, SpaceEntry>;

/** The hyperparameters a study searches when none are chosen: the ones that matter most. */
export const DEFAULT_SEARCHED = ['learning_rate', 'hidden_layers', 'dropout', 'l2', 'batch_size'];

/** The table's search ranges for these hyperparameters (its `search` and choices). */
export function defaultSearchSpace(names: readonly string[] = DEFAULT_SEARCHED): SearchSpace {
  const space: SearchSpace = {};
  for (const name of names) {
    const p = hyperparam(name);
    if (!p) continue;
    if (p.type === 'float' || p.type === 'int') space[name] = { ...p.search };
    else if (p.type === 'categorical') space[name] = { choices: p.choices.map((c) => c.value) };
    else if (p.type === 'boolean') space[name] = { choices: [true, false] };
    else space[name] = { layers: { low: 1, high: 3 }, units: { ...p.search } };
  }
  return space;
}

/** What is wrong with a search space, one sentence each (empty when it can run). */
export function spaceProblems(space: SearchSpace): string[] {
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(space)) {
    const p = hyperparam(name);
    if (!p || !p.path) {
      problems.push(`"${name}" is not a hyperparameter Tracklab trains with.`);
      continue;
    }
    if ('fixed' in entry) {
      problems.push(...valueProblems(p, entry.fixed).map((m) => `${p.label}: ${m}`));
    } else if ('layers' in entry) {
      if (p.type !== 'int list') problems.push(`${p.label} is not a list of layers.`);
      else {
        const { layers, units } = entry;
        if (!(layers.low >= p.minLength && layers.high <= p.maxLength && layers.low <= layers.high))
          problems.push(
            `${p.label}: the number of layers must be a range within ${p.minLength}–${p.maxLength}.`,
          );
        if (!(units.low >= p.low && units.high <= p.high && units.low <= units.high))
          problems.push(`${p.label}: units per layer must be a range within ${p.low}–${p.high}.`);
      }
    } else if ('choices' in entry) {
      if (!entry.choices.length) problems.push(`${p.label}: give at least one choice.`);
      for (const c of entry.choices) {
        problems.push(...valueProblems(p, c as HyperparamValue).map((m) => `${p.label}: ${m}`));
        if (p.type === 'categorical' && !p.choices.some((x) => x.value === c))
          problems.push(
            `${p.label}: "${String(c)}" is not one of ${p.choices.map((x) => x.value).join(', ')}.`,
          );
      }
    } else {
      if (p.type !== 'float' && p.type !== 'int') {
        problems.push(`${p.label} takes choices, not a range.`);
        continue;
      }
      if (!(entry.low < entry.high))
        problems.push(`${p.label}: the range's low end must be below its high end.`);
      for (const v of [entry.low, entry.high])
        problems.push(...valueProblems(p, v).map((m) => `${p.label}: ${m}`));
      if (entry.log && !(entry.low > 0))
        problems.push(`${p.label}: a log range must start above 0.`);
    }
  }
  return [...new Set(problems)];
}

/** Whether higher is better for a validation metric: losses and errors are minimised. */
export function metricDirection(metric: string): Direction {
  return /loss|mse|rmse|mae|error|brier/.test(metric) ? 'minimize' : 'maximize';
}

/** What suggestConfig asks of a trial: a live one samples, a finished one's params answer. */
export type Suggester = Pick<Trial, 'suggestFloat' | 'suggestInt' | 'suggestCategorical'>;

/** A finished trial's params, answering the same suggestions again (to rebuild its config). */
export function replay(params: Record<string, ParamValue>): Suggester {
  const get = (name: string) => {
    if (!Object.hasOwn(params, name)) throw new Error(`The trial has no value for "${name}".`);
    return params[name];
  };
  return {
    suggestFloat: (name) => get(name) as number,
    suggestInt: (name) => get(name) as number,
    suggestCategorical: ((name: string) => get(name)) as Suggester['suggestCategorical'],
  };
}

function sample(trial: Suggester, p: Hyperparam, entry: SpaceEntry): HyperparamValue {
  if ('fixed' in entry) return structuredClone(entry.fixed);
  if ('choices' in entry) return trial.suggestCategorical(p.name, entry.choices) as HyperparamValue;
  if ('layers' in entry) {
    const count = trial.suggestInt(`${p.name}.count`, entry.layers.low, entry.layers.high);
    // One parameter per layer that exists: a conditional space, as Optuna's define-by-run.
    return Array.from({ length: count }, (_, i) =>
      trial.suggestInt(`${p.name}.units_${i}`, entry.units.low, entry.units.high, {
        log: entry.units.log ?? true,
      }),
    );
  }
  const options = {
    log: entry.log ?? false,
    ...(entry.step !== undefined ? { step: entry.step } : {}),
  };
  return p.type === 'int'
    ? trial.suggestInt(p.name, entry.low, entry.high, options)
    : trial.suggestFloat(p.name, entry.low, entry.high, options);
}

/**
 * The config a trial trains: the base config with each searched hyperparameter sampled, in the
 * table's order so that one applying only under another's value (momentum under SGD) is sampled
 * only when it applies.
 */
export function suggestConfig(
  trial: Suggester,
  space: SearchSpace,
  task: Task,
  base: TrainConfig = DEFAULT_CONFIG,
): TrainConfig {
  const config = structuredClone(base);
  for (const p of HYPERPARAMS) {
    const entry = space[p.name];
    if (!entry || !p.path || !applies(p, config, task)) continue;
    setValueAt(config, p.path, sample(trial, p, entry));
  }
  return config;
}

export interface TrainObjectiveOptions {
  study: Study;
  experimentId: string;
  dataset: DatasetRecord;
  choice: DataChoice;
  data: PreparedData;
  /** The validation metric a trial returns (and reports each epoch): "val_loss", "val_auc"… */
  metric: string;
  space: SearchSpace;
  base?: TrainConfig;
  /** Told of each trial's run and epochs, for a live screen. */
  onEpoch?: (trialNumber: number, report: EpochReport) => void;
  /** Why the study is stopping, when it is: a trial in training ends at its next epoch. */
  stopping?: () => string | undefined;
}

/** Why a trial stopped, in the run's tracklab.error. */
const prunedAt = (epoch: number, pruner: string) =>
  `Pruned after epoch ${epoch + 1} by the study's ${pruner}: its validation metric was behind the other trials' at that epoch.`;

/**
 * The objective of a tuning study: sample a config, train it into the trial's own run, report
 * the metric every epoch (the pruner may stop the fit: TrialPruned), and return the metric of
 * the model kept (the best epoch's when the best weights are restored, else the last epoch's).
 */
export function trainObjective(deps: TrainDeps, options: TrainObjectiveOptions): Objective {
  const { study, metric } = options;
  return async (trial) => {
    const config = suggestConfig(trial, options.space, options.choice.task, options.base);
    const runId = await study.trialRunId(trial.number);
    const reports: EpochReport[] = [];
    let pruned = false;
    const outcome = await train(deps, {
      experimentId: options.experimentId,
      runId,
      parentRunId: runId ? undefined : study.studyRunId,
      dataset: options.dataset,
      choice: options.choice,
      data: options.data,
      config,
      onEpoch: (report) => {
        reports.push(report);
        options.onEpoch?.(trial.number, report);
        const stopping = options.stopping?.();
        if (stopping) return { stop: stopping };
        const value = report.metrics[metric];
        if (value === undefined) return;
        trial.report(value, report.epoch);
        if (trial.shouldPrune()) {
          pruned = true;
          return { stop: prunedAt(report.epoch, study.pruner.name) };
        }
      },
    });
    if (pruned) throw new TrialPruned(outcome.message);
    if (outcome.status !== 'FINISHED')
      throw new Error(outcome.message ?? `The training ended ${outcome.status}.`);
    const values = reports
      .map((r) => r.metrics[metric])
      .filter((v): v is number => v !== undefined);
    if (!values.length) {
      throw new Error(
        `The training logged no "${metric}": choose a validation metric this task logs, with validation rows in the split.`,
      );
    }
    const restores = config.fit.earlyStopping.enabled && config.fit.earlyStopping.restoreBest;
    const best = outcome.result?.bestEpoch;
    const kept =
      restores && best !== undefined
        ? reports.find((r) => r.epoch === best)?.metrics[metric]
        : undefined;
    return kept ?? values.at(-1)!;
  };
}

export interface RetrainRequest {
  experimentId: string;
  studyName: string;
  studyRunId: string;
  trialNumber: number;
  params: Record<string, ParamValue>;
  dataset: DatasetRecord;
  choice: DataChoice;
  space: SearchSpace;
  base: TrainConfig;
  /** Prepares the data for a choice (the data worker). */
  prepare(choice: DataChoice): Promise<PreparedData>;
  onStart?(runId: string): void;
}

/**
 * The best trial's configuration trained again on training + validation rows (the validation
 * share joins the training split; the test split stays out), as a new run nested under the study:
 * the model to keep. Early stopping needs validation rows, so it is off; the trial's epochs stand.
 */
export async function retrainBest(deps: TrainDeps, request: RetrainRequest) {
  const config = suggestConfig(
    replay(request.params),
    request.space,
    request.choice.task,
    request.base,
  );
  config.fit.earlyStopping.enabled = false;
  const choice: DataChoice = {
    ...request.choice,
    split: { ...request.choice.split, validation: 0 },
  };
  const data = await request.prepare(choice);
  return train(deps, {
    experimentId: request.experimentId,
    runName: `${request.studyName} best (trial ${request.trialNumber}, train + validation)`,
    parentRunId: request.studyRunId,
    tags: {
      'tracklab.study_name': request.studyName,
      'tracklab.run_kind': 'retrained_best',
      'tracklab.best_trial': String(request.trialNumber),
    },
    dataset: request.dataset,
    choice,
    data,
    config,
    onStart: request.onStart,
  });
}
