/**
 * Evaluates parsed filters and order_by lists over runs held in memory, with the semantics of
 * MLflow's SQL store (the reference server): a clause on a key the run lacks is false, even `!=`;
 * a NaN metric satisfies only `!=`; missing and NaN values sort after real ones in both directions.
 */
import type { DatasetInput, RunStatus } from '../entities';
import { TAGS } from '../tags';
import { compareCodePoints, ilike, like } from './like';
import { translateAttribute, type Clause, type FilterExpr } from './parser';
import type { OrderKey } from './order-by';

/** What search needs of a map: a Map, or a lighter read-only view over packed data. */
export interface KeyValues<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  [Symbol.iterator](): Iterator<[string, V]>;
  /** Each entry, as Map's forEach: a walk over every run's keys allocates no entry pairs. */
  forEach(fn: (value: V, key: string) => void): void;
}

/** The slice of a run that search reads. The Dexie store keeps rows in this shape. */
export interface SearchableRun {
  run_id: string;
  run_name: string;
  user_id: string;
  status: RunStatus;
  artifact_uri: string;
  start_time: number;
  end_time?: number | null;
  /** Latest value per metric key. */
  metrics: KeyValues<number>;
  params: KeyValues<string>;
  tags: KeyValues<string>;
  inputs: DatasetInput[];
}

type Predicate = (run: SearchableRun) => boolean;

function compareStrings(comparator: Clause['comparator'], lhs: string, value: string): boolean {
  switch (comparator) {
    case '=':
      return lhs === value;
    case '!=':
      return lhs !== value;
    case 'LIKE':
      return like(lhs, value);
    case 'ILIKE':
      return ilike(lhs, value);
    default:
      return false;
  }
}

function compareNumbers(comparator: Clause['comparator'], lhs: number, value: number): boolean {
  switch (comparator) {
    case '=':
      return lhs === value;
    case '!=':
      return lhs !== value;
    case '<':
      return lhs < value;
    case '<=':
      return lhs <= value;
    case '>':
      return lhs > value;
    case '>=':
      return lhs >= value;
    default:
      return false;
  }
}

/** Extension: a param compared with an unquoted number is read as a number; text never matches. */
function paramAsNumber(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  const n = Number(trimmed);
  return Number.isNaN(n) ? undefined : n;
}

function attributeValue(run: SearchableRun, key: string): string | number | null | undefined {
  switch (key) {
    case 'run_id':
      return run.run_id;
    case 'run_name':
      // MLflow's SQL store filters run_name through the mlflow.runName tag.
      return run.tags.get(TAGS.runName);
    case 'user_id':
      return run.user_id;
    case 'status':
      return run.status;
    case 'artifact_uri':
      return run.artifact_uri;
    case 'start_time':
      return run.start_time;
    case 'end_time':
      return run.end_time;
  }
  return undefined;
}

function datasetValues(run: SearchableRun, key: string): string[] {
  if (key === 'context') {
    return run.inputs.flatMap((i) =>
      i.tags.filter((t) => t.key === TAGS.datasetContext).map((t) => t.value),
    );
  }
  return run.inputs.map((i) => (key === 'name' ? i.dataset.name : i.dataset.digest));
}

function compileClause(c: Clause): Predicate {
  const { comparator, value } = c;
  switch (c.type) {
    case 'metric': {
      const v = value as number;
      return (run) => {
        const lhs = run.metrics.get(c.key);
        if (lhs === undefined) return false;
        if (Number.isNaN(lhs)) return comparator === '!=';
        return compareNumbers(comparator, lhs, v);
      };
    }
    case 'parameter':
    case 'tag': {
      const field = c.type === 'parameter' ? 'params' : 'tags';
      if (comparator === 'IS NULL') return (run) => !run[field].has(c.key);
      if (comparator === 'IS NOT NULL') return (run) => run[field].has(c.key);
      if (typeof value === 'number') {
        return (run) => {
          const raw = run[field].get(c.key);
          const lhs = raw === undefined ? undefined : paramAsNumber(raw);
          return lhs !== undefined && compareNumbers(comparator, lhs, value);
        };
      }
      return (run) => {
        const lhs = run[field].get(c.key);
        return lhs !== undefined && compareStrings(comparator, lhs, value as string);
      };
    }
    case 'attribute': {
      const key = translateAttribute(c.key);
      if (comparator === 'IN' || comparator === 'NOT IN') {
        const set = new Set(value as string[]);
        return (run) => set.has(run.run_id) === (comparator === 'IN');
      }
      return (run) => {
        const lhs = attributeValue(run, key);
        if (lhs === undefined || lhs === null) return false;
        return typeof lhs === 'number'
          ? compareNumbers(comparator, lhs, value as number)
          : compareStrings(comparator, lhs, value as string);
      };
    }
    case 'dataset': {
      const list = Array.isArray(value) ? new Set(value) : null;
      return (run) =>
        datasetValues(run, c.key).some((lhs) =>
          list
            ? list.has(lhs) === (comparator === 'IN')
            : compareStrings(comparator, lhs, value as string),
        );
    }
  }
}

export function compileFilter(expr: FilterExpr | null): Predicate {
  if (!expr) return () => true;
  if (expr.kind === 'clause') return compileClause(expr);
  const parts = expr.items.map(compileFilter);
  return expr.kind === 'and'
    ? (run) => parts.every((p) => p(run))
    : (run) => parts.some((p) => p(run));
}

type Comparable = number | string | null | undefined;

function sortValue(run: SearchableRun, key: OrderKey): Comparable {
  switch (key.type) {
    case 'metric':
      return run.metrics.get(key.key);
    case 'parameter':
      return run.params.get(key.key);
    case 'tag':
      return run.tags.get(key.key);
    case 'attribute':
      // Ordering reads the run's own name column, not the tag.
      return key.key === 'run_name' ? run.run_name : attributeValue(run, key.key);
    default:
      return undefined;
  }
}

/** Bucket 0 holds real values, 1 NaN, 2 missing; buckets always ascend (SQL store's CASE). */
function bucket(v: Comparable): number {
  if (v === undefined || v === null) return 2;
  return typeof v === 'number' && Number.isNaN(v) ? 1 : 0;
}

/** The order keys with MLflow's tie-breaker: newest start first, unless start_time is named. */
function withDefaultOrder(keys: OrderKey[]): OrderKey[] {
  return keys.some((k) => k.type === 'attribute' && k.key === 'start_time')
    ? keys
    : [...keys, { type: 'attribute', key: 'start_time', ascending: false }];
}

/** Compares two runs' values for each key in turn; ties fall to the run id. */
function compareValues(
  keys: readonly OrderKey[],
  xs: readonly Comparable[],
  ys: readonly Comparable[],
  idX: string,
  idY: string,
): number {
  for (let i = 0; i < keys.length; i++) {
    const x = xs[i];
    const y = ys[i];
    const bx = bucket(x);
    const by = bucket(y);
    if (bx !== by) return bx - by;
    if (bx !== 0 || x === y) continue;
    const cmp =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : compareCodePoints(String(x), String(y));
    if (cmp !== 0) return keys[i].ascending ? cmp : -cmp;
  }
  return compareCodePoints(idX, idY);
}

export function compareRuns(keys: OrderKey[]): (a: SearchableRun, b: SearchableRun) => number {
  const all = withDefaultOrder(keys);
  return (a, b) =>
    compareValues(
      all,
      all.map((k) => sortValue(a, k)),
      all.map((k) => sortValue(b, k)),
      a.run_id,
      b.run_id,
    );
}

/**
 * The runs in compareRuns' order, each run's values read once (a key lookup per comparison is
 * most of the cost of sorting 10,000 runs: n log n lookups rather than n).
 */
export function sortRuns<T extends SearchableRun>(runs: readonly T[], keys: OrderKey[]): T[] {
  const all = withDefaultOrder(keys);
  const decorated = runs.map((run) => ({ run, values: all.map((k) => sortValue(run, k)) }));
  decorated.sort((a, b) => compareValues(all, a.values, b.values, a.run.run_id, b.run.run_id));
  return decorated.map((d) => d.run);
}
