/**
 * The reads the screens need beyond TrackingStore: run counts, the keys an experiment's runs use,
 * and a metric's history as typed arrays. DexieStore answers them straight from its rows; any
 * other store (a real MLflow server, a pulled copy) gets StoreSummaryReads, written once here on
 * TrackingStore's own searchRuns and getMetricHistory paging.
 */
import type { Run } from './entities';
import type { TrackingStore } from './store';
import { LIMITS } from './validation';

/** One metric's history, ordered as getMetricHistory orders it (timestamp, step, value). */
export interface MetricArrays {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

/** The active runs of one experiment: how many, and the keys they log, each list sorted. */
export interface RunKeys {
  count: number;
  metrics: string[];
  params: string[];
  tags: string[];
}

export interface RunSummaryReads {
  /** Active runs per experiment, for lists that show a run count. */
  countRuns(experimentIds: string[]): Promise<Map<string, number>>;
  /** Active-run count and the metric, param and tag keys used in one experiment. */
  runKeys(experimentId: string): Promise<RunKeys>;
  /** The whole history of one key (charts read this; no per-point objects kept). */
  getMetricHistoryArrays(runId: string, key: string): Promise<MetricArrays>;
}

// MLflow's get-history pages hold at most 25,000 points; a smaller page is always accepted.
const HISTORY_PAGE = 25_000;

const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));

/** The reads built on any TrackingStore; each walks the store's pages, one request per page. */
export class StoreSummaryReads implements RunSummaryReads {
  constructor(
    private readonly store: TrackingStore,
    private readonly pageSize: number = LIMITS.searchMaxResults,
    private readonly historyPageSize: number = HISTORY_PAGE,
  ) {}

  /** Every active run of one experiment, page by page. */
  private async eachRun(experimentId: string, visit: (run: Run) => void): Promise<void> {
    let pageToken: string | undefined;
    do {
      const page = await this.store.searchRuns({
        experimentIds: [experimentId],
        runViewType: 'ACTIVE_ONLY',
        maxResults: this.pageSize,
        pageToken,
      });
      page.items.forEach(visit);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
  }

  async countRuns(experimentIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const id of experimentIds) {
      let count = 0;
      await this.eachRun(id, () => count++);
      counts.set(id, count);
    }
    return counts;
  }

  async runKeys(experimentId: string): Promise<RunKeys> {
    const metrics = new Set<string>();
    const params = new Set<string>();
    const tags = new Set<string>();
    let count = 0;
    await this.eachRun(experimentId, ({ data }) => {
      count += 1;
      data.metrics.forEach((m) => metrics.add(m.key));
      data.params.forEach((p) => params.add(p.key));
      data.tags.forEach((t) => tags.add(t.key));
    });
    return { count, metrics: sorted(metrics), params: sorted(params), tags: sorted(tags) };
  }

  async getMetricHistoryArrays(runId: string, key: string): Promise<MetricArrays> {
    const steps: number[] = [];
    const timestamps: number[] = [];
    const values: number[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.store.getMetricHistory(runId, key, {
        maxResults: this.historyPageSize,
        pageToken,
      });
      for (const m of page.items) {
        steps.push(m.step);
        timestamps.push(m.timestamp);
        values.push(m.value);
      }
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return {
      steps: Float64Array.from(steps),
      timestamps: Float64Array.from(timestamps),
      values: Float64Array.from(values),
    };
  }
}
