/**
 * A study: Optuna's Study in camelCase. It keeps its trials in memory, samples from them (a costly
 * relative sample may be made off the page: `prepare`), and writes every change to its storage as
 * an ordered event (write-behind, study-events.ts: `flush()` waits for the writes, and optimize
 * waits before it returns). Objectives may be async — a training run is — and `nJobs` runs that
 * many at once. createStudy and loadStudy (create-study.ts) make one.
 */
import {
  checkCompatible,
  fits,
  toExternal,
  toInternal,
  type Distribution,
  type ParamValue,
} from './distributions';
import { addedTrial, checkAddable, repeats } from './add-trial';
import { bestTrialOf } from './best';
import { trialsDataframe, type DataframeAttr } from './dataframe';
import {
  cloneTrial,
  publicCopy,
  type StoredStudy,
  type StudyEvent,
  type StudySpec,
} from './storage';
import { runTrials, type Objective, type OptimizeOptions } from './optimize';
import { StudyEvents } from './study-events';
import { toldResult, type TellResult } from './tell';
import { presetValue, Trial, type TrialHost } from './trial';
import { FINISHED_STATES } from './types';
import type { Direction, FrozenTrial, Pruner, Sampler, StudyView, TrialState } from './types';

export class Study implements StudyView, TrialHost {
  readonly studyName: string;
  readonly direction: Direction;
  private readonly list: FrozenTrial[];
  /** Per running trial, its relative search space and sample, made at its first sampled parameter. */
  private readonly relative = new Map<
    number,
    { space: Record<string, Distribution>; params: Record<string, ParamValue> }
  >();
  /** The first distribution each parameter was suggested with: kinds and choices must match it. */
  private readonly paramKinds = new Map<string, Distribution>();
  private readonly userAttrsStore: Record<string, unknown>;
  private readonly events: StudyEvents;
  private stopRequested = false;

  constructor(
    private readonly stored: StoredStudy,
    readonly sampler: Sampler,
    readonly pruner: Pruner,
  ) {
    this.studyName = stored.spec.studyName;
    this.direction = stored.spec.direction;
    this.list = stored.trials.map(cloneTrial);
    this.userAttrsStore = { ...stored.userAttrs };
    this.events = new StudyEvents(stored);
    for (const t of this.list) {
      for (const [name, d] of Object.entries(t.distributions)) {
        if (!this.paramKinds.has(name)) this.paramKinds.set(name, d);
      }
    }
  }

  get spec(): StudySpec {
    return this.stored.spec;
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────

  /**
   * Trials in creation order, optionally in some states only. With options, as Optuna's, copies
   * unless `deepcopy` is false; given states alone (as samplers ask), the study's own, unchanged.
   */
  getTrials(
    filter?: readonly TrialState[] | { states?: readonly TrialState[]; deepcopy?: boolean },
  ): readonly FrozenTrial[] {
    type Options = { states?: readonly TrialState[]; deepcopy?: boolean };
    const options = filter && !Array.isArray(filter) ? (filter as Options) : undefined;
    const states = options ? options.states : (filter as readonly TrialState[] | undefined);
    const list = states ? this.list.filter((t) => states.includes(t.state)) : this.list;
    return options && options.deepcopy !== false ? list.map(publicCopy) : list;
  }

  /** Optuna's trials_dataframe(): one flat row per trial (dataframe.ts), for console.table. */
  trialsDataframe(attrs?: readonly DataframeAttr[]): Record<string, unknown>[] {
    return trialsDataframe(this.list, attrs);
  }

  /** Copies of every trial, in creation order. */
  get trials(): FrozenTrial[] {
    return this.list.map(publicCopy);
  }

  get bestTrial(): FrozenTrial {
    const best = bestTrialOf(this.list, this.direction);
    if (!best) throw new Error('No trial has completed yet, so there is no best trial.');
    return publicCopy(best);
  }

  get bestValue(): number {
    return this.bestTrial.value!;
  }

  get bestParams(): Record<string, ParamValue> {
    return this.bestTrial.params;
  }

  get userAttrs(): Record<string, unknown> {
    return { ...this.userAttrsStore };
  }

  setUserAttr(key: string, value: unknown): void;
  setUserAttr(number: number, key: string, value: unknown): void;
  setUserAttr(a: string | number, b: unknown, c?: unknown): void {
    if (typeof a === 'string') {
      this.userAttrsStore[a] = b;
      this.emit({ kind: 'study-user-attr', key: a, value: b });
      return;
    }
    const t = this.running(a);
    t.userAttrs[b as string] = c;
    this.emit({ kind: 'user-attr', number: a, key: b as string, value: c });
  }

  // ── trials ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Queues a trial with these parameters: the next `ask` takes it, and each named parameter
   * takes its value when suggested (others are sampled). With `skipIfExists`, parameters already
   * tried or queued are not queued again.
   */
  enqueueTrial(
    params: Record<string, ParamValue>,
    options: { userAttrs?: Record<string, unknown>; skipIfExists?: boolean } = {},
  ): void {
    if (options.skipIfExists && this.list.some((t) => repeats(params, t))) return;
    const trial = this.newTrial('WAITING');
    trial.systemAttrs.fixed_params = { ...params };
    Object.assign(trial.userAttrs, options.userAttrs);
    this.emit({ kind: 'trial-created', trial: cloneTrial(trial) });
  }

  /**
   * Adds a trial made outside the study (createTrial, add-trial.ts), as Optuna's add_trial: a
   * known result for the sampler to learn from. It takes the next number; a WAITING one is queued.
   */
  addTrial(trial: FrozenTrial): void {
    checkAddable(trial);
    for (const [name, d] of Object.entries(trial.distributions)) {
      const first = this.paramKinds.get(name);
      if (first) checkCompatible(name, first, d);
      else this.paramKinds.set(name, d);
    }
    if (trial.state === 'WAITING') {
      this.enqueueTrial(trial.params, { userAttrs: trial.userAttrs });
      return;
    }
    const { held, events } = addedTrial(trial, this.list.length);
    this.list.push(held);
    for (const e of events) this.emit(e);
  }

  addTrials(trials: readonly FrozenTrial[]): void {
    for (const t of trials) this.addTrial(t);
  }

  /**
   * Starts a trial: the oldest queued one, else a new one. Parameters in `fixedDistributions`
   * are sampled at once, as Optuna's ask samples them.
   */
  ask(fixedDistributions: Record<string, Distribution> = {}): Trial {
    this.events.throwIfFailed();
    let trial = this.list.find((t) => t.state === 'WAITING');
    const now = Date.now();
    if (trial) {
      trial.state = 'RUNNING';
      trial.datetimeStart = now;
      this.emit({ kind: 'trial-started', number: trial.number, datetimeStart: now });
    } else {
      trial = this.newTrial('RUNNING');
      trial.datetimeStart = now;
      this.emit({ kind: 'trial-created', trial: cloneTrial(trial) });
    }
    const t = trial;
    this.events.watching(t, () => this.sampler.beforeTrial?.(this.viewFor(t), t));
    for (const [name, d] of Object.entries(fixedDistributions)) this.suggest(t.number, name, d);
    return new Trial(this, trial.number);
  }

  /**
   * Makes a trial's relative sample now, where the sampler can make it off the page
   * (sampleRelativeAsync); optimize calls it after each ask, as Optuna samples relative
   * parameters when a trial is created. Without it, they are sampled at the first suggestion.
   */
  async prepare(trialOrNumber: Trial | number): Promise<void> {
    const number = typeof trialOrNumber === 'number' ? trialOrNumber : trialOrNumber.number;
    const t = this.running(number);
    if (!this.sampler.sampleRelativeAsync || this.relative.has(number)) return;
    const view = this.viewFor(t);
    const space = this.sampler.inferRelativeSearchSpace(view, t);
    const sample = await this.sampler.sampleRelativeAsync(view, t, space);
    // Told meanwhile, or sampled on the page by a suggestion made without waiting: keep that.
    if (t.state !== 'RUNNING' || this.relative.has(number)) return;
    this.relative.set(number, { space, params: sample.params });
    this.events.watching(t, () => Object.assign(t.systemAttrs, sample.systemAttrs));
  }

  /**
   * Ends a trial, by Optuna's rules (tell.ts): a number completes it (NaN, or a value that is
   * not a number, fails it with the reason); a state ends it so ('PRUNED' keeps the last
   * reported value). With `skipIfFinished`, a trial already finished is returned as it is.
   */
  tell(
    trialOrNumber: Trial | number,
    result?: TellResult,
    options: { skipIfFinished?: boolean } = {},
  ): FrozenTrial {
    const number = typeof trialOrNumber === 'number' ? trialOrNumber : trialOrNumber.number;
    const t = this.list[number];
    if (!t) throw new RangeError(`There is no trial ${number} in study "${this.studyName}".`);
    if (options.skipIfFinished && FINISHED_STATES.includes(t.state)) return publicCopy(t);
    if (t.state !== 'RUNNING') {
      throw new Error(`Trial ${number} is already ${t.state}; a trial is told its result once.`);
    }
    const told = toldResult(result);
    const { state } = told;
    let { reason } = told;
    let finalValue = told.value ?? null;
    if (state === 'PRUNED') {
      const steps = [...t.intermediateValues.keys()];
      if (steps.length) {
        const last = Math.max(...steps);
        const v = t.intermediateValues.get(last)!;
        if (!Number.isNaN(v)) finalValue = v;
        reason ??= `Pruned at step ${last}.`;
      }
    }
    t.state = state;
    t.value = finalValue;
    t.datetimeComplete = Date.now();
    if (reason !== undefined) t.systemAttrs.fail_reason = reason;
    this.relative.delete(number);
    this.events.watching(t, () => this.sampler.afterTrial?.(this.viewFor(t), t, state, finalValue));
    this.emit({
      kind: 'trial-finished',
      number,
      state,
      value: finalValue,
      datetimeComplete: t.datetimeComplete,
      reason,
    });
    return publicCopy(t);
  }

  /** Stops `optimize` from starting trials; running ones finish. */
  stop(): void {
    this.stopRequested = true;
  }

  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    this.stopRequested = false;
    await runTrials(this, objective, options, () => this.stopRequested || this.events.failed);
  }

  /**
   * The run that holds a trial in the tracking store (TrackingStudyStorage), once its creation
   * is saved: an objective logs its training there. Undefined for storages without runs.
   */
  async trialRunId(number: number): Promise<string | undefined> {
    await this.flush();
    return this.stored.trialRunId?.(number);
  }

  /** The run that holds the study in the tracking store, where it is kept there. */
  get studyRunId(): string | undefined {
    return this.stored.studyRunId;
  }

  /** Waits until every change so far is saved; throws the first write that failed. */
  flush(): Promise<void> {
    return this.events.flush();
  }

  // ── TrialHost ──────────────────────────────────────────────────────────────────────────────

  frozen(number: number): FrozenTrial {
    const t = this.list[number];
    if (!t) throw new RangeError(`There is no trial ${number} in study "${this.studyName}".`);
    return t;
  }

  suggest(number: number, name: string, distribution: Distribution): ParamValue {
    const t = this.running(number);
    if (Object.hasOwn(t.distributions, name)) {
      checkCompatible(name, t.distributions[name], distribution);
      return t.params[name];
    }
    const first = this.paramKinds.get(name);
    if (first) checkCompatible(name, first, distribution);
    else this.paramKinds.set(name, distribution);
    let value: ParamValue;
    const preset = presetValue(t, name, distribution);
    if (preset) {
      value = preset.value;
    } else {
      // As Optuna: the relative space is inferred and sampled at the first parameter that is
      // sampled at all, and a relative value is used when it fits the distribution asked for.
      let rel = this.relative.get(number);
      if (!rel) {
        const view = this.viewFor(t);
        const space = this.sampler.inferRelativeSearchSpace(view, t);
        const params = this.events.watching(t, () => this.sampler.sampleRelative(view, t, space));
        this.relative.set(number, (rel = { space, params }));
      }
      const relValue = Object.hasOwn(rel.params, name) ? rel.params[name] : undefined;
      const relDist = rel.space[name];
      if (relValue !== undefined && relDist && fits(distribution, relValue)) {
        checkCompatible(name, relDist, distribution);
        value = relValue;
      } else {
        value = this.events.watching(t, () =>
          this.sampler.sampleIndependent(this.viewFor(t), t, name, distribution),
        );
      }
    }
    value = toExternal(distribution, toInternal(distribution, value));
    t.params[name] = value;
    t.distributions[name] = distribution;
    this.emit({ kind: 'param', number, name, value, distribution });
    return value;
  }

  report(number: number, value: number, step: number): void {
    const t = this.running(number);
    if (typeof value !== 'number') {
      throw new TypeError(`trial.report takes a number (got ${JSON.stringify(value)}).`);
    }
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      throw new TypeError(`A report's step is a whole number ≥ 0 (got ${JSON.stringify(step)}).`);
    }
    const at = Math.trunc(step) || 0; // Optuna's int(step): 2.5 is step 2
    if (at < 0) throw new RangeError(`A report's step cannot be negative (got ${step}).`);
    if (t.intermediateValues.has(at)) return; // Optuna ignores a repeated step (it warns)
    t.intermediateValues.set(at, value);
    this.emit({ kind: 'intermediate', number, step: at, value });
  }

  shouldPrune(number: number): boolean {
    const t = this.running(number);
    // The pruner sees the whole study (Hyperband picks the bracket itself), as in Optuna.
    return this.events.watching(t, () => this.pruner.prune(this, t));
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private running(number: number): FrozenTrial {
    const t = this.frozen(number);
    if (t.state !== 'RUNNING') {
      throw new Error(`Trial ${number} is ${t.state}: only a running trial can change.`);
    }
    return t;
  }

  private newTrial(state: TrialState): FrozenTrial {
    const trial: FrozenTrial = {
      number: this.list.length,
      state,
      value: null,
      params: {},
      distributions: {},
      intermediateValues: new Map(),
      userAttrs: {},
      systemAttrs: {},
      datetimeStart: null,
      datetimeComplete: null,
    };
    this.list.push(trial);
    return trial;
  }

  private viewFor(trial: FrozenTrial): StudyView {
    return this.pruner.filterStudy?.(this, trial) ?? this;
  }

  private emit(event: StudyEvent): void {
    this.events.emit(event);
  }
}
