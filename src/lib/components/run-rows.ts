/**
 * Orders search results for display: a child run (tag mlflow.parentRunId) sits indented right
 * after its parent when both are in the results; a child whose parent was filtered out stays in
 * place, marked as nested. Sibling order is the search order.
 */
import { TAGS, tagValue, type Run } from '$lib/tracking';

export interface RunRow {
  run: Run;
  depth: number;
  /** The parent's id when the run is nested, whether or not the parent is shown. */
  parentId: string | undefined;
  /** True when the parent is in these results and the row sits indented under it. */
  parentShown: boolean;
}

export function nestRuns(runs: readonly Run[]): RunRow[] {
  const ids = new Set(runs.map((r) => r.info.run_id));
  const children = new Map<string, Run[]>();
  const roots: Run[] = [];
  for (const run of runs) {
    const parent = tagValue(run.data.tags, TAGS.parentRunId);
    if (parent && ids.has(parent) && parent !== run.info.run_id) {
      children.set(parent, [...(children.get(parent) ?? []), run]);
    } else {
      roots.push(run);
    }
  }
  const rows: RunRow[] = [];
  const seen = new Set<string>();
  const visit = (run: Run, depth: number) => {
    // Guards against a parent cycle in hand-written tags; each run is shown once.
    if (seen.has(run.info.run_id)) return;
    seen.add(run.info.run_id);
    const parentId = tagValue(run.data.tags, TAGS.parentRunId);
    rows.push({ run, depth, parentId, parentShown: depth > 0 });
    for (const child of children.get(run.info.run_id) ?? []) visit(child, depth + 1);
  };
  for (const run of roots) visit(run, 0);
  // Runs caught only in a cycle have no root; show them flat rather than lose them.
  for (const run of runs) visit(run, 0);
  return rows;
}

export function metricValue(run: Run, key: string): number | undefined {
  return run.data.metrics.find((m) => m.key === key)?.value;
}

export function paramValue(run: Run, key: string): string | undefined {
  return run.data.params.find((p) => p.key === key)?.value;
}

export function runName(run: Run): string {
  return run.info.run_name || tagValue(run.data.tags, TAGS.runName) || run.info.run_id.slice(0, 8);
}
