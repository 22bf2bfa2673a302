/**
 * The Experiments page's state: which experiments are shown (active or deleted, live), and the
 * writes a person makes there — create, rename, delete with an undo, restore — each leaving a
 * notice.
 */
import type { App } from '$lib/app/create-app';
import type { ViewType } from '$lib/tracking';
import { LiveQuery } from './live-query.svelte';
import { listExperiments, type ExperimentListItem } from './queries';

export interface ExperimentNotice {
  text: string;
  /** Present after a delete: puts the experiment back. */
  undo?: () => Promise<void>;
}

export class ExperimentList {
  readonly #app: App;
  #view = $state<ViewType>('ACTIVE_ONLY');
  #notice = $state<ExperimentNotice | undefined>();
  readonly #experiments: LiveQuery<ExperimentListItem[], ViewType>;

  constructor(app: App) {
    this.#app = app;
    this.#experiments = new LiveQuery(
      () => this.#view,
      (viewType) => listExperiments(app, viewType),
    );
  }

  get view(): ViewType {
    return this.#view;
  }
  show(view: ViewType): void {
    this.#view = view;
  }
  /** The experiments in the current view; undefined while they load. */
  get experiments(): ExperimentListItem[] | undefined {
    return this.#experiments.current;
  }
  get error(): unknown {
    return this.#experiments.error;
  }
  get notice(): ExperimentNotice | undefined {
    return this.#notice;
  }

  async create(name: string): Promise<void> {
    await this.#app.client.createExperiment(name);
    this.#notice = { text: `Created “${name}”.` };
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#app.client.renameExperiment(id, name);
  }

  /** Deletes (moves to the trash), with an Undo that restores it. */
  async remove(id: string): Promise<void> {
    const name = this.experiments?.find((e) => e.experiment.experiment_id === id)?.experiment.name;
    await this.#app.client.deleteExperiment(id);
    this.#notice = {
      text: `Deleted “${name}”.`,
      undo: () => this.#app.client.restoreExperiment(id),
    };
  }

  async restore(id: string): Promise<void> {
    await this.#app.client.restoreExperiment(id);
    this.#notice = { text: 'Experiment restored.' };
  }

  async undo(): Promise<void> {
    await this.#notice?.undo?.();
    this.#notice = { text: 'Restored.' };
  }
}
