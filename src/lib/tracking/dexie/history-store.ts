/**
 * The metric-history reads of the Dexie tracking store: one key's whole history as typed arrays
 * or MLflow's paged Metric list, and the bulk reads the compare view makes (every point, or each
 * long history's stored extremes). DexieStore adds runs, metric writes and search on top.
 */
import type { Metric, PagedList } from '../entities';
import { notFound } from '../errors';
import type { MetricArrays, MetricOverview } from '../reads';
import { pageRange } from '../search';
import type { MetricHistoryRequest } from '../store';
import { DexieArtifactStore } from './artifact-store';
import { readHistories, readMetricArrays, readOverviews, toMetrics } from './metrics';

export class DexieHistoryStore extends DexieArtifactStore {
  /** The whole history of one key as typed arrays (charts read this; no per-point objects). */
  async getMetricHistoryArrays(runId: string, key: string): Promise<MetricArrays> {
    const history = await readMetricArrays(this.db, runId, key);
    // Stored points imply the run exists (purging removes both); only an empty history needs the
    // check, done by key count so the run row is not deserialized.
    if (!history.values.length && !(await this.db.runs.where(':id').equals(runId).count())) {
      throw notFound(`Run with id=${runId} not found`);
    }
    return history;
  }

  /** One read transaction for all the runs' chunks, so 500 histories are one round trip. */
  metricHistories(runIds: readonly string[], key: string): Promise<Map<string, MetricArrays>> {
    return readHistories(this.db, [...new Set(runIds)], key);
  }

  metricOverviews(
    runIds: readonly string[],
    key: string,
    columns: number,
  ): Promise<Map<string, MetricOverview>> {
    return readOverviews(this.db, [...new Set(runIds)], key, columns);
  }

  async getMetricHistory(
    runId: string,
    key: string,
    request: MetricHistoryRequest = {},
  ): Promise<PagedList<Metric>> {
    const arrays = await this.getMetricHistoryArrays(runId, key);
    if (request.maxResults === undefined) return { items: toMetrics(key, arrays) };
    // Slice the typed arrays directly: no per-point index list for a million-point history.
    const page = pageRange(arrays.values.length, request.pageToken, request.maxResults);
    return {
      items: toMetrics(key, arrays, page.start, page.end),
      next_page_token: page.next_page_token,
    };
  }
}
