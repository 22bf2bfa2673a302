/**
 * Study.optimize's loop, as Optuna's: `nJobs` trials at once, each asked, handed to the objective
 * and told its result (a TrialPruned error prunes it; another error fails it and, unless caught,
 * stops the study once the running trials end and is thrown), until nTrials, the timeout, a stop
 * or an abort.
 */
import { checkOptions } from './options';
import type { Study } from './study';
import { objectiveResult } from './tell';
import { TrialPruned, type Trial } from './trial';
import type { FrozenTrial } from './types';

/** Returns the trial's value: a number (or a list of one, as Optuna's `values`). */
export type Objective = (
  trial: Trial,
) => number | readonly number[] | Promise<number | readonly number[]>;
type ErrorClass = abstract new (...args: never[]) => Error;

export interface OptimizeOptions {
  /** Trials to run in this call; absent, until `timeout` or `study.stop()`. */
  nTrials?: number;
  /** Seconds after which no new trial starts (running ones finish). */
  timeout?: number;
  /** Trials run at once; -1 for the machine's core count. Default 1. */
  nJobs?: number;
  /**
   * Errors that fail the trial but let the study go on. Any other error fails the trial, lets the
   * running ones finish, and is thrown by optimize. One class or a list; `true` catches every error.
   */
  catch?: ErrorClass | ErrorClass[] | boolean;
  /** Called after each trial ends, in the order they end. */
  callbacks?: ((study: Study, trial: FrozenTrial) => void)[];
  /** Aborting stops starting trials, as `study.stop()`. */
  signal?: AbortSignal;
  /** Optuna's, accepted and without effect here: JavaScript collects garbage itself. */
  gcAfterTrial?: boolean;
  /** Optuna's, accepted and without effect here: the Study page shows the progress. */
  showProgressBar?: boolean;
}

const OPTIONS = [
  'nTrials',
  'timeout',
  'nJobs',
  'catch',
  'callbacks',
  'signal',
  'gcAfterTrial',
  'showProgressBar',
];

export async function runTrials(
  study: Study,
  objective: Objective,
  options: OptimizeOptions,
  stopped: () => boolean,
): Promise<void> {
  // A misspelt option (n_trials) would otherwise leave the study running without end.
  checkOptions('optimize', options, OPTIONS);
  const { nTrials, timeout, signal } = options;
  if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0)) {
    throw new RangeError(`nTrials must be a whole number ≥ 0 (got ${nTrials}).`);
  }
  if (timeout !== undefined && !(timeout >= 0)) {
    throw new RangeError(`timeout must be seconds ≥ 0 (got ${timeout}).`);
  }
  let nJobs = options.nJobs ?? 1;
  if (nJobs === -1) nJobs = globalThis.navigator?.hardwareConcurrency ?? 1;
  if (!(Number.isInteger(nJobs) && nJobs >= 1)) {
    throw new RangeError(`nJobs must be a whole number ≥ 1, or -1 for every core (got ${nJobs}).`);
  }
  const started = Date.now();
  let count = 0;
  let fatal: { error: unknown } | undefined;
  const more = () =>
    !stopped() &&
    !fatal &&
    !signal?.aborted &&
    (nTrials === undefined || count < nTrials) &&
    (timeout === undefined || Date.now() - started < timeout * 1000);
  const job = async () => {
    while (more()) {
      count += 1;
      const trial = study.ask();
      // A sampler that cannot sample off the page now samples at the first suggestion instead,
      // where its error reaches the objective as any other.
      await study.prepare(trial).catch(() => undefined);
      const finished = await runOne(study, objective, trial, options.catch ?? false).catch(
        (error: unknown) => {
          fatal ??= { error };
          return undefined;
        },
      );
      if (finished) for (const cb of options.callbacks ?? []) cb(study, finished);
    }
  };
  await Promise.all(Array.from({ length: nJobs }, job));
  await study.flush();
  if (fatal) throw fatal.error;
}

async function runOne(
  study: Study,
  objective: Objective,
  trial: Trial,
  catching: OptimizeOptions['catch'],
): Promise<FrozenTrial> {
  let value: unknown;
  try {
    value = await objective(trial);
  } catch (e) {
    if (e instanceof TrialPruned) {
      // A message of its own (an objective saying why) is kept as the reason.
      const own = e.message !== new TrialPruned().message;
      return study.tell(trial, { state: 'PRUNED', reason: own ? e.message : undefined });
    }
    const message = e instanceof Error ? e.message : String(e);
    const finished = study.tell(trial, { state: 'FAIL', reason: message });
    const classes = typeof catching === 'function' ? [catching] : catching;
    const caught =
      classes === true || (Array.isArray(classes) && classes.some((c) => e instanceof c));
    if (!caught) throw e;
    return finished;
  }
  // Whatever it returned: a number completes the trial; anything else fails it, with the reason.
  return study.tell(trial, objectiveResult(value));
}
