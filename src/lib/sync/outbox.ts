/**
 * The auto-sync outbox (issue 14): the runs that finished since auto-sync was turned on and whose
 * finish the target has not received. It is not a queue of its own but a question put to the
 * store and the ledger, so it survives reloads and crashes for free, a run is never queued twice,
 * and a run pushed by hand leaves the outbox as surely as one pushed automatically.
 */
import type { Run } from '$lib/tracking/entities';
import type { TrackingStore } from '$lib/tracking/store';
import type { Ledger } from './ledger';

const FINISHED = new Set(['FINISHED', 'FAILED', 'KILLED']);
const PAGE = 1000;

/** Ids of the active runs that ended at or after `since` and are not on the target as they ended. */
export async function outbox(
  store: TrackingStore,
  ledger: Ledger,
  target: string,
  since: number,
): Promise<string[]> {
  const sent = new Map<string, string>();
  for (const e of await ledger.list(target, 'run'))
    if (e.run?.finished)
      sent.set(e.source_id, `${e.run.finished.status}|${e.run.finished.endTime}`);
  const out: string[] = [];
  for (const run of await activeRuns(store)) {
    const { status, end_time: end, run_id: id } = run.info;
    if (!FINISHED.has(status) || end === undefined || end < since) continue;
    if (sent.get(id) !== `${status}|${end}`) out.push(id);
  }
  return out;
}

async function activeRuns(store: TrackingStore): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  const ids: string[] = [];
  do {
    const page = await store.searchExperiments({
      viewType: 'ACTIVE_ONLY',
      maxResults: PAGE,
      pageToken,
    });
    ids.push(...page.items.map((e) => e.experiment_id));
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  for (const experimentId of ids) {
    do {
      const page = await store.searchRuns({
        experimentIds: [experimentId],
        runViewType: 'ACTIVE_ONLY',
        maxResults: PAGE,
        pageToken,
      });
      runs.push(...page.items);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
  }
  return runs;
}
