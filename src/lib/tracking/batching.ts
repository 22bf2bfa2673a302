/** Splits a large log-batch into requests within MLflow's limits (as Python's client does). */
import type { KeyValue, Metric } from './entities';
import { LIMITS } from './validation';

export interface Batch {
  metrics: Metric[];
  params: KeyValue[];
  tags: KeyValue[];
}

export function splitBatch(batch: Partial<Batch>): Batch[] {
  const metrics = batch.metrics ?? [];
  const params = batch.params ?? [];
  const tags = batch.tags ?? [];
  const out: Batch[] = [];
  let p = 0;
  let t = 0;
  let m = 0;
  while (p < params.length || t < tags.length || m < metrics.length || out.length === 0) {
    const ps = params.slice(p, p + LIMITS.paramsTagsPerBatch);
    const ts = tags.slice(t, t + LIMITS.paramsTagsPerBatch);
    const room = LIMITS.entitiesPerBatch - ps.length - ts.length;
    const ms = metrics.slice(m, m + Math.min(room, LIMITS.metricsPerBatch));
    out.push({ metrics: ms, params: ps, tags: ts });
    p += ps.length;
    t += ts.length;
    m += ms.length;
    if (!ps.length && !ts.length && !ms.length) break;
  }
  return out;
}
