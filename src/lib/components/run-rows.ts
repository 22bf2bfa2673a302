/**
 * Orders search results for the runs table as a tree of any depth: a child run (tag
 * mlflow.parentRunId) sits under its parent. A run whose parent is not shown is a root, marked as
 * nested. With a filter, the ancestors of matching runs are passed as `context` runs: they are shown
 * (dimmed, marked "not matching") so a matching trial is seen under its study.
 *
 * Order: a matching run keeps its search order among its siblings; a context run takes the place of
 * its first matching descendant. A collapsed run hides its subtree. Rows read their run's
 * metrics, params and tags by key from the summary itself (no copies), so 10,000 rows cost
 * nothing until they scroll into view.
 */
import { TAGS, tagValue, type Run, type RunSummary } from '$lib/tracking';

/** Values by key, as a run summary holds them (a Map or a view over the store's row). */
export interface ByKey<V> {
  get(key: string): V | undefined;
}

export interface RunRow {
  run: RunSummary;
  id: string;
  /** Latest value per metric key. */
  readonly metrics: ByKey<number>;
  readonly params: ByKey<string>;
  readonly tags: ByKey<string>;
  depth: number;
  /** The parent's id when the run is nested, whether or not the parent is shown. */
  parentId: string | undefined;
  /** True when the parent is shown and the row sits indented under it. */
  parentShown: boolean;
  /** Shown runs directly under this one (whether or not it is collapsed). */
  children: number;
  /** True when the run does not match the filter and is shown only as an ancestor of one that does. */
  context: boolean;
  /** 1-based position among its shown siblings, and how many siblings there are (aria-posinset/setsize). */
  position: number;
  siblings: number;
}

class Row implements RunRow {
  readonly id: string;
  constructor(
    readonly run: RunSummary,
    readonly depth: number,
    readonly parentId: string | undefined,
    readonly children: number,
    readonly context: boolean,
    readonly position: number,
    readonly siblings: number,
  ) {
    this.id = run.info.run_id;
  }
  get parentShown(): boolean {
    return this.depth > 0;
  }
  get metrics(): ByKey<number> {
    return this.run.metrics;
  }
  get params(): ByKey<string> {
    return this.run.params;
  }
  get tags(): ByKey<string> {
    return this.run.tags;
  }
}

interface Node {
  run: RunSummary;
  context: boolean;
  /** Search index of the run, or of its first matching descendant for a context run. */
  order: number;
  children: Node[];
}

/** The shown runs as a forest: matching runs in search order, context ancestors placed by them. */
export class RunForest {
  readonly roots: Node[] = [];
  /** Every shown run's id, for "select all" and range selection. */
  readonly size: number;

  constructor(runs: readonly RunSummary[], context: readonly RunSummary[] = []) {
    const nodes = new Map<string, Node>();
    runs.forEach((run, i) => {
      if (!nodes.has(run.info.run_id))
        nodes.set(run.info.run_id, { run, context: false, order: i, children: [] });
    });
    for (const run of context) {
      if (!nodes.has(run.info.run_id))
        nodes.set(run.info.run_id, { run, context: true, order: Infinity, children: [] });
    }
    const parentOf = (node: Node) => {
      const parent = node.run.tags.get(TAGS.parentRunId);
      return parent && parent !== node.run.info.run_id ? nodes.get(parent) : undefined;
    };
    // A context run's order is its first matching descendant's; walk each match's chain upward.
    for (const node of nodes.values()) {
      if (node.context) continue;
      const seen = new Set<Node>([node]);
      for (let up = parentOf(node); up && !seen.has(up); up = parentOf(up)) {
        seen.add(up);
        if (up.context) up.order = Math.min(up.order, node.order);
      }
    }
    // Link children to parents; the runs of a parent cycle in hand-written tags (each one's walk
    // up comes back to itself) show as roots.
    for (const node of nodes.values()) {
      const parent = parentOf(node);
      if (parent && !reaches(parent, node, parentOf)) parent.children.push(node);
      else this.roots.push(node);
    }
    const byOrder = (a: Node, b: Node) => a.order - b.order;
    const sortAll = (list: Node[]) => {
      list.sort(byOrder);
      for (const n of list) if (n.children.length) sortAll(n.children);
    };
    sortAll(this.roots);
    this.size = nodes.size;
  }

  /** The rows to show, depth first, skipping the subtrees of collapsed runs. */
  rows(collapsed: ReadonlySet<string> = new Set()): RunRow[] {
    const out: RunRow[] = [];
    const visit = (list: Node[], depth: number) => {
      list.forEach((node, i) => {
        const id = node.run.info.run_id;
        out.push(
          new Row(
            node.run,
            depth,
            node.run.tags.get(TAGS.parentRunId),
            node.children.length,
            node.context,
            i + 1,
            list.length,
          ),
        );
        if (node.children.length && !collapsed.has(id)) visit(node.children, depth + 1);
      });
    };
    visit(this.roots, 0);
    return out;
  }

  /** Ids of the runs that have shown children (for "collapse all"). */
  parents(): string[] {
    const out: string[] = [];
    const visit = (list: Node[]) => {
      for (const n of list) {
        if (n.children.length) {
          out.push(n.run.info.run_id);
          visit(n.children);
        }
      }
    };
    visit(this.roots);
    return out;
  }
}

/** True when walking up from `from` meets `target` (linking target under from would loop). */
function reaches(from: Node, target: Node, parentOf: (n: Node) => Node | undefined): boolean {
  const seen = new Set<Node>();
  for (let n: Node | undefined = from; n && !seen.has(n); n = parentOf(n)) {
    if (n === target) return true;
    seen.add(n);
  }
  return false;
}

/** A run's name: its run_name, else its mlflow.runName tag, else the start of its id. */
export function runName(run: Run | RunSummary): string {
  const tag = 'data' in run ? tagValue(run.data.tags, TAGS.runName) : run.tags.get(TAGS.runName);
  return run.info.run_name || tag || run.info.run_id.slice(0, 8);
}
