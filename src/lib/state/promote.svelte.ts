/**
 * The Promote page's state: the experiments to rank (all active ones to choose from), the metric
 * keys their runs log, the ranking as searchRuns gives it, the run chosen (the best one with a
 * model, until the person picks another), and the promotion and its undo.
 */
import type { App } from '$lib/app/create-app';
import {
  promoteRun,
  rankRuns,
  type Promoted,
  type RankedRun,
  type Ranking,
} from '$lib/app/promote';
import { registeredModelNames } from '$lib/app/register';
import type { ModelVersionStage } from '$lib/registry';
import { LiveQuery } from './live-query.svelte';
import { listExperiments } from './queries';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class PromoteState {
  readonly #app: App;
  readonly #experiments: LiveQuery<{ id: string; name: string }[]>;
  readonly #models: LiveQuery<string[]>;
  readonly #keys: LiveQuery<string[], string[]>;

  chosen = $state<string[]>([]);
  metric = $state('');
  direction = $state<Ranking['direction']>('maximize');
  filter = $state('');
  ranked = $state.raw<RankedRun[] | null>(null);
  rankError = $state<string | null>(null);
  runId = $state<string | null>(null);
  modelName = $state('');
  stage = $state<ModelVersionStage>('Production');
  archiveExisting = $state(true);
  alias = $state('champion');
  busy = $state(false);
  done = $state.raw<Promoted | null>(null);
  message = $state<{ ok: boolean; text: string } | null>(null);

  constructor(app: App) {
    this.#app = app;
    this.#experiments = new LiveQuery(
      () => undefined,
      async () =>
        (await listExperiments(app, 'ACTIVE_ONLY')).map((e) => ({
          id: e.experiment.experiment_id,
          name: e.experiment.name,
        })),
    );
    this.#models = new LiveQuery(
      () => undefined,
      () => registeredModelNames(app.registry),
    );
    this.#keys = new LiveQuery(
      () => [...this.chosen],
      async (ids) => {
        const keys = (await Promise.all(ids.map((id) => app.reads.runKeys(id)))).flatMap(
          (k) => k.metrics,
        );
        return keys.filter((k, i) => keys.indexOf(k) === i).sort((a, b) => a.localeCompare(b));
      },
    );
  }

  get experiments() {
    return this.#experiments.current ?? [];
  }
  get modelNames() {
    return this.#models.current ?? [];
  }
  get metricKeys() {
    return this.#keys.current ?? [];
  }
  get choice(): RankedRun | undefined {
    return this.ranked?.find((r) => r.run.info.run_id === this.runId);
  }

  /** Ranks the runs; the best run with a model is chosen. */
  async rank(): Promise<void> {
    this.rankError = null;
    this.done = null;
    this.message = null;
    if (!this.chosen.length || !this.metric) {
      this.rankError = 'Choose at least one experiment and the metric to rank by.';
      return;
    }
    try {
      this.ranked = await rankRuns(this.#app, {
        experimentIds: [...this.chosen],
        metric: this.metric,
        direction: this.direction,
        filter: this.filter,
      });
      this.runId = this.ranked.find((r) => r.hasModel)?.run.info.run_id ?? null;
    } catch (e) {
      this.ranked = null;
      this.rankError = errorText(e);
    }
  }

  async promote(): Promise<void> {
    const choice = this.choice;
    if (!choice) return;
    this.busy = true;
    this.message = null;
    try {
      this.done = await promoteRun(this.#app, {
        runId: choice.run.info.run_id,
        modelName: this.modelName.trim(),
        stage: this.stage,
        archiveExisting: this.archiveExisting,
        alias: this.alias,
      });
      const v = this.done.version;
      const where = [
        v.current_stage !== 'None' ? `in ${v.current_stage}` : '',
        v.aliases.length ? `named @${v.aliases.join(', @')}` : '',
      ].filter(Boolean);
      this.message = {
        ok: true,
        text: `Version ${v.version} of ${v.name} registered${where.length ? `, ${where.join(' and ')}` : ''}.`,
      };
    } catch (e) {
      this.message = { ok: false, text: errorText(e) };
    } finally {
      this.busy = false;
    }
  }

  /** Takes the promotion back: alias, stage (the archived versions restored) and the version. */
  async undo(): Promise<void> {
    const done = this.done;
    if (!done) return;
    try {
      const steps = await this.#app.registry.flowHistory(done.flow);
      await this.#app.registry
        .withFlow(`undo-${crypto.randomUUID()}`)
        .undo(steps.map((e) => e.seq));
      this.message = { ok: true, text: `The promotion of ${done.version.name} is undone.` };
      this.done = null;
    } catch (e) {
      this.message = { ok: false, text: errorText(e) };
    }
  }
}
