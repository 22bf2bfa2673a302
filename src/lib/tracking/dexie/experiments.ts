/** Experiments in IndexedDB: create, read, search, rename, delete and restore, tags. */
import type { Experiment, ExperimentTag, PagedList, ViewType } from '../entities';
import { MlflowError, alreadyExists, notFound } from '../errors';
import { filterExperiments, paginate, sortExperiments } from '../search';
import type { SearchExperimentsRequest } from '../store';
import { LIMITS, validateExperimentName, validateExperimentTag } from '../validation';
import { DexieStoreBase, checkMaxResults, stagesFor } from './base';
import { stampRuns } from './run-cache';
import { toExperiment } from './rows';
import { LOCAL_ARTIFACT_SCHEME } from './schema';

export class DexieExperimentStore extends DexieStoreBase {
  // ---- experiments -------------------------------------------------------------------------

  async createExperiment(
    name: string,
    artifactLocation?: string,
    tags: ExperimentTag[] = [],
  ): Promise<string> {
    validateExperimentName(name);
    tags.forEach(validateExperimentTag);
    const { experiments, meta } = this.db;
    return this.rw([experiments, meta], async () => {
      if (await experiments.where('name').equals(name).first()) {
        throw alreadyExists(`Experiment(name=${name}) already exists.`);
      }
      const counter = (await meta.get('nextExperimentId'))?.value ?? 1;
      const id = String(counter);
      await meta.put({ key: 'nextExperimentId', value: counter + 1 });
      const now = this.now();
      await experiments.add({
        experiment_id: id,
        name,
        artifact_location: artifactLocation || `${LOCAL_ARTIFACT_SCHEME}${id}`,
        lifecycle_stage: 'active',
        creation_time: now,
        last_update_time: now,
        tags: tags.map((t) => ({ key: t.key, value: t.value })),
      });
      return id;
    });
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return toExperiment(await this.experimentRow(experimentId));
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const row = await this.db.experiments.where('name').equals(name).first();
    return row ? toExperiment(row) : null;
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    const maxResults = request.maxResults ?? 1000;
    checkMaxResults(maxResults, LIMITS.experimentsPerPage);
    const rows = await this.db.experiments
      .where('lifecycle_stage')
      .anyOf(stagesFor(request.viewType))
      .toArray();
    const found = sortExperiments(
      filterExperiments(rows.map(toExperiment), request.filterString),
      request.orderBy,
    );
    return paginate(found, request.pageToken, maxResults);
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    validateExperimentName(newName);
    await this.rw([this.db.experiments], async () => {
      const row = await this.experimentRow(experimentId);
      if (row.lifecycle_stage !== 'active')
        throw new MlflowError('INVALID_STATE', 'Cannot rename a non-active experiment.');
      const clash = await this.db.experiments.where('name').equals(newName).first();
      if (clash && clash.experiment_id !== row.experiment_id)
        // The SQL store answers a rename onto a taken name with BAD_REQUEST (a unique-index error).
        throw new MlflowError(
          'BAD_REQUEST',
          `Cannot rename: an experiment named '${newName}' already exists (deleted ones count too).`,
        );
      await this.db.experiments.update(row.experiment_id, {
        name: newName,
        last_update_time: this.now(),
      });
    });
  }

  /** Deleting an experiment marks its runs deleted, and restoring it restores them (as MLflow). */
  protected async setExperimentStage(
    experimentId: string,
    from: ViewType,
    to: 'active' | 'deleted',
  ): Promise<void> {
    const { experiments, runs, meta } = this.db;
    await this.rw([experiments, runs, meta], async () => {
      const row = await this.experimentRow(experimentId, from);
      const now = this.now();
      const version = await stampRuns(this.db);
      await experiments.update(row.experiment_id, { lifecycle_stage: to, last_update_time: now });
      await runs
        .where('experiment_id')
        .equals(row.experiment_id)
        .modify((r) => {
          r.lifecycle_stage = to;
          r.version = version;
          r.deleted_time = to === 'deleted' ? now : null;
        });
    });
  }

  deleteExperiment(experimentId: string): Promise<void> {
    return this.setExperimentStage(experimentId, 'ACTIVE_ONLY', 'deleted');
  }

  restoreExperiment(experimentId: string): Promise<void> {
    return this.setExperimentStage(experimentId, 'DELETED_ONLY', 'active');
  }

  async setExperimentTag(experimentId: string, tag: ExperimentTag): Promise<void> {
    validateExperimentTag(tag);
    await this.rw([this.db.experiments], async () => {
      const row = await this.experimentRow(experimentId);
      DexieStoreBase.checkActiveExperiment(row);
      const tags = row.tags
        .filter((t) => t.key !== tag.key)
        .concat({ key: tag.key, value: tag.value });
      await this.db.experiments.update(row.experiment_id, { tags });
    });
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.rw([this.db.experiments], async () => {
      const row = await this.experimentRow(experimentId);
      DexieStoreBase.checkActiveExperiment(row);
      if (!row.tags.some((t) => t.key === key)) {
        throw notFound(`No tag with name: ${key} in experiment with id ${experimentId}`);
      }
      await this.db.experiments.update(row.experiment_id, {
        tags: row.tags.filter((t) => t.key !== key),
      });
    });
  }
}
