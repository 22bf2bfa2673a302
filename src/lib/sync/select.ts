/**
 * Which runs a copy copies, and in what order: the chosen runs (or every active run of the chosen
 * experiments, or of all of them) with their ancestors, parents before children.
 */
import type { Run } from '$lib/tracking/entities';
import { tagValue } from '$lib/tracking/entities';
import { isMlflowError } from '$lib/tracking/errors';
import type { TrackingStore } from '$lib/tracking/store';
import { TAGS } from '$lib/tracking/tags';
import type { CopyOptions } from './types';

const PAGE = 1000;

export async function selectRuns(
  from: TrackingStore,
  options: Pick<CopyOptions, 'experimentIds' | 'runIds'>,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  notes: string[],
): Promise<Run[]> {
  const byId = new Map<string, Run>();
  if (options.runIds) {
    for (const id of options.runIds) byId.set(id, await call(() => from.getRun(id)));
  } else {
    const ids = options.experimentIds ?? (await activeExperiments(from, call));
    for (const experimentId of ids) {
      let pageToken: string | undefined;
      do {
        const page = await call(() =>
          from.searchRuns({
            experimentIds: [experimentId],
            runViewType: 'ACTIVE_ONLY',
            maxResults: PAGE,
            orderBy: ['attributes.start_time ASC'],
            pageToken,
          }),
        );
        for (const run of page.items) byId.set(run.info.run_id, run);
        pageToken = page.next_page_token || undefined;
      } while (pageToken);
    }
  }
  // Ancestors not chosen come along, so every parent link can be remapped.
  const queue = [...byId.values()];
  while (queue.length) {
    const parent = tagValue(queue.pop()!.data.tags, TAGS.parentRunId);
    if (!parent || byId.has(parent)) continue;
    try {
      const run = await call(() => from.getRun(parent));
      byId.set(parent, run);
      queue.push(run);
    } catch (e) {
      if (!isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw e;
      notes.push(
        `Parent run ${parent} no longer exists in the source; its children are copied without it.`,
      );
    }
  }
  return [...byId.values()];
}

async function activeExperiments(
  from: TrackingStore,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await call(() =>
      from.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: PAGE, pageToken }),
    );
    ids.push(...page.items.map((e) => e.experiment_id));
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  return ids;
}

export /** Parents before children (by depth among the runs copied), then by start time. */
function order(runs: Run[]): Run[] {
  const byId = new Map(runs.map((r) => [r.info.run_id, r]));
  const depth = new Map<string, number>();
  const depthOf = (run: Run, seen = new Set<string>()): number => {
    const id = run.info.run_id;
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = byId.get(tagValue(run.data.tags, TAGS.parentRunId) ?? '');
    // A cycle (a hand-edited tag) is cut where it closes.
    const d = parent && !seen.has(id) ? depthOf(parent, seen.add(id)) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  return [...runs].sort(
    (a, b) =>
      depthOf(a) - depthOf(b) ||
      a.info.start_time - b.info.start_time ||
      a.info.run_id.localeCompare(b.info.run_id),
  );
}
