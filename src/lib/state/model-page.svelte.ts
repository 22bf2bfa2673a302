/**
 * The model page's state: the registered model shown (a live query, so a registration in another
 * tab shows), and every change a person makes there as a named method: promote a version,
 * point or remove an alias, set or remove a tag, edit the description, evaluate a version, delete
 * a version or the model. Each change leaves one notice saying how it went.
 */
import type { App } from '$lib/app/create-app';
import { evaluationData } from '$lib/app/evaluate-model';
import { loadModel, type ModelView, type VersionView } from '$lib/app/register';
import type { ModelVersionStage } from '$lib/registry';
import { isMlflowError } from '$lib/tracking';
import type { RegistryEvent } from '$lib/registry';
import { LiveQuery } from './live-query.svelte';

export interface ModelNotice {
  ok: boolean;
  text: string;
  /** An evaluation's metrics, for the page to show the headline ones after the text. */
  metrics?: Record<string, number>;
  /** The run an evaluation made, to link to it. */
  run?: { id: string; runId: string };
}

/** What the Evaluate form asks for: a version, on a split of its data or a CSV file. */
export interface VersionEvaluationRequest {
  version: { version: string };
  data: 'test' | 'validation' | 'file';
  file: File | undefined;
  threshold: number | undefined;
  /** The positive class of a binary model; undefined for the default (the greater label). */
  posLabel?: string;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ModelPage {
  readonly #app: App;
  readonly #name: () => string;
  readonly #loaded: LiveQuery<ModelView, string>;
  #notice = $state<ModelNotice | null>(null);
  #evaluating = $state(false);

  constructor(app: App, name: () => string) {
    this.#app = app;
    this.#name = name;
    this.#loaded = new LiveQuery(name, (n) => loadModel(app, n));
    this.#history = new LiveQuery(name, (n) => app.registry.history(n));
  }

  readonly #history: LiveQuery<RegistryEvent[], string>;

  /** Every stage, alias and version change of the model, oldest first (Tracklab keeps it). */
  get history(): RegistryEvent[] {
    return this.#history.current ?? [];
  }

  /** Takes back one history entry's changes (a promotion's all together), as one change. */
  undo(seqs: number[], what: string) {
    return this.#act(`Undone: ${what}.`, () =>
      this.#app.registry.withFlow(`undo-${crypto.randomUUID()}`).undo(seqs),
    );
  }

  get name(): string {
    return this.#name();
  }
  /** The model and its versions (newest first), once loaded for the name shown. */
  get view(): ModelView | undefined {
    const current = this.#loaded.current;
    return current?.model.name === this.name ? current : undefined;
  }
  get missing(): boolean {
    return isMlflowError(this.#loaded.error, 'RESOURCE_DOES_NOT_EXIST');
  }
  get error(): unknown {
    return this.#loaded.error;
  }
  get notice(): ModelNotice | null {
    return this.#notice;
  }
  get evaluating(): boolean {
    return this.#evaluating;
  }
  /** Versions whose run (and so model) is in this browser. */
  get evaluable(): VersionView[] {
    return this.view?.versions.filter((v) => v.experiment_id) ?? [];
  }

  /** Runs one registry change and says how it went; true when it went through. */
  async #act(done: string, change: () => Promise<unknown>): Promise<boolean> {
    try {
      await change();
      this.#notice = { ok: true, text: done };
      return true;
    } catch (e) {
      this.#notice = { ok: false, text: errorText(e) };
      return false;
    }
  }

  /** Moves a version to a stage; archiving the others there applies to Staging and Production. */
  transition(version: string, stage: ModelVersionStage, archiveExisting: boolean) {
    const archiving = archiveExisting && (stage === 'Staging' || stage === 'Production');
    return this.#act(
      `Version ${version} moved to ${stage}${archiving ? '; the others there are archived' : ''}.`,
      () => this.#app.registry.transitionModelVersionStage(this.name, version, stage, archiving),
    );
  }

  setAlias(alias: string, version: string) {
    return this.#act(`@${alias} now points at version ${version}.`, () =>
      this.#app.registry.setRegisteredModelAlias(this.name, alias, version),
    );
  }

  removeAlias(alias: string) {
    return this.#act(`@${alias} removed.`, () =>
      this.#app.registry.deleteRegisteredModelAlias(this.name, alias),
    );
  }

  setTag(key: string, value: string) {
    return this.#act(`Tag ${key} set.`, () =>
      this.#app.registry.setRegisteredModelTag(this.name, { key, value }),
    );
  }

  removeTag(key: string) {
    return this.#act(`Tag ${key} removed.`, () =>
      this.#app.registry.deleteRegisteredModelTag(this.name, key),
    );
  }

  saveDescription(text: string) {
    return this.#act('Description saved.', () =>
      this.#app.registry.updateRegisteredModel(this.name, text),
    );
  }

  deleteVersion(version: string) {
    return this.#act(`Version ${version} deleted.`, () =>
      this.#app.registry.deleteModelVersion(this.name, version),
    );
  }

  deleteModel() {
    return this.#act('Model deleted.', () => this.#app.registry.deleteRegisteredModel(this.name));
  }

  /** Evaluates a version's model on a split of its training data or a CSV, as a new run. */
  async evaluate(request: VersionEvaluationRequest): Promise<void> {
    const { version, data, file, threshold, posLabel } = request;
    const name = this.name;
    this.#evaluating = true;
    this.#notice = null;
    try {
      const result = await this.#app.evaluate({
        model: `models:/${name}/${version.version}`,
        data: await evaluationData(data, file),
        threshold,
        posLabel,
      });
      const run = await this.#app.client.getRun(result.runId);
      const on = data === 'file' && file ? file.name : `its ${data} split`;
      this.#notice = {
        ok: true,
        text: `Version ${version.version} evaluated on ${on}`,
        metrics: result.metrics,
        run: { id: run.info.experiment_id, runId: result.runId },
      };
    } catch (err) {
      this.#notice = { ok: false, text: errorText(err) };
    } finally {
      this.#evaluating = false;
    }
  }
}
