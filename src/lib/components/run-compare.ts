/**
 * The compare view's diff table: for chosen runs, one row per param, metric and tag key with each
 * run's value; "only differences" keeps the rows whose values are not all equal; a pinned
 * baseline run gives every other run's metric a delta, marked better or worse by the metric's
 * direction (lower is better for losses, errors and times; higher otherwise).
 */
import type { Run } from '$lib/tracking';

export type Section = 'params' | 'metrics' | 'tags';
export type Verdict = 'better' | 'worse' | 'same';

export interface DiffRow {
  section: Section;
  key: string;
  /** One per run, in the runs' order; undefined where a run lacks the key. */
  values: (string | number | undefined)[];
  /** Not every run has the same value (a missing value counts as different). */
  differs: boolean;
  /** Metrics only, against the baseline run: value − baseline's, and whether that is better. */
  deltas?: (number | undefined)[];
  verdicts?: (Verdict | undefined)[];
}

const LOWER_IS_BETTER =
  /(loss|error|err$|rmse|mse|mae|mape|brier|perplexity|_ms$|_seconds?$|time)/i;

/** Whether a smaller value of this metric is the better one. */
export function lowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.test(key);
}

/** Tags a person set (the mlflow.* and tracklab.* system tags left out). */
const userTag = (key: string) => !key.startsWith('mlflow.') && !key.startsWith('tracklab.');

const same = (a: string | number | undefined, b: string | number | undefined) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

export function diffRows(
  runs: readonly Run[],
  options: { onlyDifferences?: boolean; baseline?: string } = {},
): DiffRow[] {
  const base = runs.findIndex((r) => r.info.run_id === options.baseline);
  const rows: DiffRow[] = [];
  const parts: [Section, (r: Run) => { key: string; value: string | number }[]][] = [
    ['params', (r) => r.data.params],
    ['metrics', (r) => r.data.metrics],
    ['tags', (r) => r.data.tags.filter((t) => userTag(t.key))],
  ];
  for (const [section, part] of parts) {
    const maps = runs.map((r) => new Map(part(r).map((x) => [x.key, x.value])));
    const keys = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) =>
      a.localeCompare(b),
    );
    for (const key of keys) {
      const values = maps.map((m) => m.get(key));
      const differs = values.some((v) => !same(v, values[0]));
      if (options.onlyDifferences && !differs) continue;
      const row: DiffRow = { section, key, values, differs };
      if (section === 'metrics' && base >= 0) {
        const b = values[base] as number | undefined;
        row.deltas = values.map((v, i) =>
          i === base || typeof v !== 'number' || typeof b !== 'number' ? undefined : v - b,
        );
        row.verdicts = row.deltas.map((d) =>
          d === undefined || Number.isNaN(d)
            ? undefined
            : d === 0
              ? 'same'
              : d < 0 === lowerIsBetter(key)
                ? 'better'
                : 'worse',
        );
      }
      rows.push(row);
    }
  }
  return rows;
}
