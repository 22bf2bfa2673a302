/**
 * Orders search results for display: a child run (tag mlflow.parentRunId) sits indented right
 * after its parent when both are in the results; a child whose parent was filtered out stays in
 * place, marked as nested. Sibling order is the search order. Each row keeps its run's metrics,
 * params and tags by key, built once, so a cell is one lookup rather than a scan of the run.
 */
import { TAGS, tagValue, type Run } from '$lib/tracking';

export interface RunRow {
  run: Run;
  /** Latest value per metric key. */
  metrics: Map<string, number>;
  params: Map<string, string>;
  tags: Map<string, string>;
  depth: number;
  /** The parent's id when the run is nested, whether or not the parent is shown. */
  parentId: string | undefined;
  /** True when the parent is in these results and the row sits indented under it. */
  parentShown: boolean;
}

const byKey = <V>(entries: readonly { key: string; value: V }[]) =>
  new Map(entries.map((e) => [e.key, e.value]));

export function nestRuns(runs: readonly Run[]): RunRow[] {
  const ids = new Set(runs.map((r) => r.info.run_id));
  const children = new Map<string, Run[]>();
  const roots: Run[] = [];
  for (const run of runs) {
    const parent = tagValue(run.data.tags, TAGS.parentRunId);
    if (parent && ids.has(parent) && parent !== run.info.run_id) {
      const siblings = children.get(parent);
      if (siblings) siblings.push(run);
      else children.set(parent, [run]);
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
    const tags = byKey(run.data.tags);
    rows.push({
      run,
      metrics: byKey(run.data.metrics),
      params: byKey(run.data.params),
      tags,
      depth,
      parentId: tags.get(TAGS.parentRunId),
      parentShown: depth > 0,
    });
    for (const child of children.get(run.info.run_id) ?? []) visit(child, depth + 1);
  };
  for (const run of roots) visit(run, 0);
  // Runs caught only in a cycle have no root; show them flat rather than lose them.
  for (const run of runs) visit(run, 0);
  return rows;
}

export function runName(run: Run): string {
  return run.info.run_name || tagValue(run.data.tags, TAGS.runName) || run.info.run_id.slice(0, 8);
}
