/**
 * The reads the screens need beyond TrackingStore: run counts, the keys an experiment's runs use,
 * and a metric's history as typed arrays. DexieStore answers them straight from its rows; any
 * other store (a real MLflow server, a pulled copy) gets StoreSummaryReads, written once here on
 * TrackingStore's own searchRuns and getMetricHistory paging.
 */
import type { Run, RunInfo } from './entities';
import type { KeyValues } from './search/evaluate';
import type { SearchRunsRequest, TrackingStore } from './store';
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
  /** Per param key, its most common values (at most VALUES_PER_KEY), most common first: filter hints. */
  paramValues: Map<string, string[]>;
  /** The same per tag key. */
  tagValues: Map<string, string[]>;
}

/** Values a filter box suggests per key; hints, so the rarest beyond this are left out. */
export const VALUES_PER_KEY = 50;
// Distinct values counted per key before new ones are ignored, so a param unique to every run of
// 100,000 costs bounded memory.
const VALUES_TRACKED = 2000;

/** Key-value entries walked as Map's forEach walks them (Maps and the store's run views are). */
export interface Entries<V> {
  forEach(fn: (value: V, key: string) => void): void;
}

/**
 * Gathers RunKeys from runs' key-value lists, whichever store they come from. It walks them with
 * forEach: over 10k runs × 100 keys, iterating entry pairs made ~57 MB of garbage per count.
 */
export class KeyCollector {
  count = 0;
  readonly #metrics = new Set<string>();
  readonly #params = new Map<string, Map<string, number>>();
  readonly #tags = new Map<string, Map<string, number>>();

  add(metrics: Entries<unknown>, params: Entries<string>, tags: Entries<string>): void {
    this.count += 1;
    metrics.forEach((_, k) => this.#metrics.add(k));
    tally(this.#params, params);
    tally(this.#tags, tags);
  }

  result(): RunKeys {
    return {
      count: this.count,
      metrics: sorted(this.#metrics),
      params: sorted(new Set(this.#params.keys())),
      tags: sorted(new Set(this.#tags.keys())),
      paramValues: common(this.#params),
      tagValues: common(this.#tags),
    };
  }
}

function tally(into: Map<string, Map<string, number>>, pairs: Entries<string>): void {
  pairs.forEach((v, k) => {
    let counts = into.get(k);
    if (!counts) into.set(k, (counts = new Map()));
    const n = counts.get(v);
    if (n !== undefined) counts.set(v, n + 1);
    else if (counts.size < VALUES_TRACKED) counts.set(v, 1);
  });
}

// A Map, not a plain object: keys are the runs' own ("constructor" and "__proto__" included).
function common(from: Map<string, Map<string, number>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, counts] of [...from].sort(([a], [b]) => a.localeCompare(b))) {
    out.set(
      k,
      [...counts]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, VALUES_PER_KEY)
        .map(([v]) => v),
    );
  }
  return out;
}

/** The smallest and largest value of a metric's history, NaN left out (NaN when all are NaN). */
export interface MetricRange {
  min: number;
  max: number;
}

/** A run and its experiment, the address the range read needs. */
export interface RunRef {
  runId: string;
  experimentId: string;
}

/** Per run id, per key: the range of the key's whole history (keys the run never logged are absent). */
export type MetricRanges = Map<string, Map<string, MetricRange>>;

export function rangeOf(values: ArrayLike<number>): MetricRange {
  let min = NaN;
  let max = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (!(v >= min)) min = v;
    if (!(v <= max)) max = v;
  }
  return { min, max };
}

/**
 * A run as a table of runs reads it: its info and its latest metric values, params and tags by key.
 * DexieStore's are views over its cached rows (no object per key; read, never change them), so a
 * search over 10,000 runs of 100 keys each builds 10,000 small objects rather than a million.
 */
export interface RunSummary {
  info: RunInfo;
  metrics: KeyValues<number>;
  params: KeyValues<string>;
  tags: KeyValues<string>;
}

const byKey = <V>(entries: readonly { key: string; value: V }[]) =>
  new Map(entries.map((e) => [e.key, e.value]));

/** A Run as a RunSummary (its lists as maps). */
export function summaryOf(run: Run): RunSummary {
  return {
    info: run.info,
    metrics: byKey(run.data.metrics),
    params: byKey(run.data.params),
    tags: byKey(run.data.tags),
  };
}

/** What searchRunSummaries takes: a search with no paging (every match is returned). */
export type RunSummarySearch = Omit<SearchRunsRequest, 'maxResults' | 'pageToken'>;

/**
 * A history as a chart reads it: every point (stretch 1), or for a long history the lowest and
 * highest value of each stretch of `stretch` points, in order; `total` is how many points it has.
 */
export interface MetricOverview extends MetricArrays {
  total: number;
  stretch: number;
}

export interface RunSummaryReads {
  /** Every run a search matches, in its order, as summaries (the runs table reads this). */
  searchRunSummaries(search: RunSummarySearch): Promise<RunSummary[]>;
  /** Active runs per experiment, for lists that show a run count. */
  countRuns(experimentIds: string[]): Promise<Map<string, number>>;
  /** Active-run count and the metric, param and tag keys used in one experiment. */
  runKeys(experimentId: string): Promise<RunKeys>;
  /** The whole history of one key (charts read this; no per-point objects kept). */
  getMetricHistoryArrays(runId: string, key: string): Promise<MetricArrays>;
  /**
   * One key's whole history for each of these runs, in one read (the compare view overlays
   * hundreds). A run without the key has an empty history; a missing run fails the read.
   */
  metricHistories(runIds: readonly string[], key: string): Promise<Map<string, MetricArrays>>;
  /**
   * The same histories as a chart `columns` pixels wide needs them: a long one may come as the
   * extremes of each stretch of its points (a subsequence that draws the same per-column line),
   * said by `stretch`; the first paint of 500 long histories reads a quarter of the bytes.
   */
  metricOverviews(
    runIds: readonly string[],
    key: string,
    columns: number,
  ): Promise<Map<string, MetricOverview>>;
  /** Min and max of each key's history for these runs (the runs table's min/max cells). */
  metricRanges(runs: readonly RunRef[], keys: readonly string[]): Promise<MetricRanges>;
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

  async searchRunSummaries(search: RunSummarySearch): Promise<RunSummary[]> {
    const out: RunSummary[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.store.searchRuns({
        ...search,
        maxResults: this.pageSize,
        pageToken,
      });
      for (const run of page.items) out.push(summaryOf(run));
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return out;
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
    const keys = new KeyCollector();
    await this.eachRun(experimentId, ({ data }) =>
      keys.add(
        new Map(data.metrics.map((m) => [m.key, m.value])),
        new Map(data.params.map((p) => [p.key, p.value])),
        new Map(data.tags.map((t) => [t.key, t.value])),
      ),
    );
    return keys.result();
  }

  async metricRanges(runs: readonly RunRef[], keys: readonly string[]): Promise<MetricRanges> {
    const out: MetricRanges = new Map();
    for (const { runId } of runs) {
      const ranges = new Map<string, MetricRange>();
      for (const key of keys) {
        const { values } = await this.getMetricHistoryArrays(runId, key);
        if (values.length) ranges.set(key, rangeOf(values));
      }
      out.set(runId, ranges);
    }
    return out;
  }

  async metricHistories(
    runIds: readonly string[],
    key: string,
  ): Promise<Map<string, MetricArrays>> {
    const out = new Map<string, MetricArrays>();
    for (const id of runIds) out.set(id, await this.getMetricHistoryArrays(id, key));
    return out;
  }

  async metricOverviews(
    runIds: readonly string[],
    key: string,
  ): Promise<Map<string, MetricOverview>> {
    const out = new Map<string, MetricOverview>();
    for (const [id, h] of await this.metricHistories(runIds, key))
      out.set(id, { ...h, total: h.values.length, stretch: 1 });
    return out;
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
