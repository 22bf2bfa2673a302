/**
 * Optuna's study.trials_dataframe() without pandas: one row per trial, its columns flattened and
 * named as Optuna names them — number, value, datetime_start, datetime_complete, duration,
 * params_<name>, user_attrs_<key>, system_attrs_<key>, state — with the nested ones sorted by
 * name and null where a trial lacks one (pandas' NaN). Dates are Date objects, the duration
 * milliseconds. For console.table, or a CSV.
 */
import { trialDuration } from './storage';
import type { FrozenTrial } from './types';

export const DATAFRAME_ATTRS = [
  'number',
  'value',
  'datetime_start',
  'datetime_complete',
  'duration',
  'params',
  'user_attrs',
  'system_attrs',
  'state',
] as const;
export type DataframeAttr = (typeof DATAFRAME_ATTRS)[number] | 'intermediate_values';

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

function attribute(t: FrozenTrial, attr: DataframeAttr): unknown {
  switch (attr) {
    case 'number':
    case 'value':
    case 'state':
      return t[attr];
    case 'datetime_start':
      return date(t.datetimeStart);
    case 'datetime_complete':
      return date(t.datetimeComplete);
    case 'duration':
      return trialDuration(t);
    case 'params':
      return t.params;
    case 'user_attrs':
      return t.userAttrs;
    case 'system_attrs':
      return t.systemAttrs;
    case 'intermediate_values':
      return Object.fromEntries(t.intermediateValues);
  }
}

export function trialsDataframe(
  trials: readonly FrozenTrial[],
  attrs: readonly DataframeAttr[] = DATAFRAME_ATTRS,
): Record<string, unknown>[] {
  const nested = new Set(['params', 'user_attrs', 'system_attrs', 'intermediate_values']);
  for (const a of attrs) {
    if (!(DATAFRAME_ATTRS as readonly string[]).includes(a) && a !== 'intermediate_values') {
      throw new RangeError(
        `trialsDataframe has no attribute ${JSON.stringify(a)} (attributes: ${[...DATAFRAME_ATTRS, 'intermediate_values'].join(', ')}).`,
      );
    }
  }
  // Every column any trial has, in the attributes' order; nested keys sorted, as Optuna's.
  const columns = attrs.flatMap((a) => {
    if (!nested.has(a)) return [[a, a]];
    const keys = new Set(trials.flatMap((t) => Object.keys(attribute(t, a) as object)));
    const byStep = a === 'intermediate_values';
    const order = (x: string, y: string) =>
      byStep ? Number(x) - Number(y) : x < y ? -1 : +(x > y);
    return [...keys].sort(order).map((k) => [`${a}_${k}`, a, k]);
  });
  return trials.map((t) =>
    Object.fromEntries(
      columns.map(([column, a, key]) => {
        const v = attribute(t, a as DataframeAttr);
        if (key === undefined) return [column, v];
        const inner = v as Record<string, unknown>;
        return [column, Object.hasOwn(inner, key) ? inner[key] : null];
      }),
    ),
  );
}
