/**
 * What the target holds of the runs a copy copies: the runs carrying SOURCE_RUN_TAG, one search
 * per experiment and copy (a lost ledger, a lost answer and a stale ledger are all settled by
 * it), and the original of a run that is itself a copy of one on the target.
 */
import type { Run } from '$lib/tracking/entities';
import { tagValue } from '$lib/tracking/entities';
import { isMlflowError } from '$lib/tracking/errors';
import { SOURCE_RUN_TAG } from './ledger';
import type { CopyContext } from './types';

const PAGE = 1000;

export class TargetRuns {
  /** Copy experiment id → source run id → the copy there. */
  private readonly byExperiment = new Map<string, Map<string, { id: string; deleted: boolean }>>();

  constructor(private readonly c: CopyContext) {}

  /** Runs on the target carrying SOURCE_RUN_TAG in one experiment (one paged search, kept). */
  async tagged(experimentId: string, fresh = false) {
    let map = fresh ? undefined : this.byExperiment.get(experimentId);
    if (map) return map;
    map = new Map();
    let pageToken: string | undefined;
    do {
      const page = await this.c.call(() =>
        this.c.to.searchRuns({
          experimentIds: [experimentId],
          filterString: `tags.\`${SOURCE_RUN_TAG}\` LIKE '%'`,
          runViewType: 'ALL',
          maxResults: PAGE,
          pageToken,
        }),
      );
      for (const r of page.items) {
        const source = tagValue(r.data.tags, SOURCE_RUN_TAG);
        if (source)
          map.set(source, { id: r.info.run_id, deleted: r.info.lifecycle_stage === 'deleted' });
      }
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    this.byExperiment.set(experimentId, map);
    return map;
  }

  /**
   * The run on the target this run was copied from, if it is there: a run pulled from the server
   * it is now pushed to, or pushed from the store it is now pulled into (not one the ledger maps).
   */
  async original(run: Run): Promise<Run | undefined> {
    const id = tagValue(run.data.tags, SOURCE_RUN_TAG);
    if (!id || (await this.c.ledger.get(this.c.target, 'run', run.info.run_id))) return undefined;
    try {
      // Deleted there too: a person's choice on the target is kept (the caller says so).
      return await this.c.call(() => this.c.to.getRun(id));
    } catch (e) {
      if (
        isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST') ||
        isMlflowError(e, 'INVALID_PARAMETER_VALUE')
      )
        return undefined;
      throw e;
    }
  }
}
