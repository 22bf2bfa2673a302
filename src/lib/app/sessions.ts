/**
 * Runs left RUNNING by a tab that closed (or crashed) mid-training. Each tab holds a Web Lock
 * named after its session for as long as it lives; at start, a training run whose session holds
 * no lock can never finish, so it is marked KILLED, keeping every point it logged.
 */
import { TAGS, tagValue, withReserve, type MlflowClient } from '$lib/tracking';

export const LOCK_PREFIX = 'tracklab-session:';

/** Holds this tab's session lock until the tab goes away. */
export function holdSessionLock(session: string): void {
  if (!globalThis.navigator?.locks) return;
  void navigator.locks.request(`${LOCK_PREFIX}${session}`, () => new Promise<void>(() => {}));
}

/** Sessions whose tab is open now (any tab of this origin). */
export async function liveSessions(): Promise<Set<string>> {
  if (!globalThis.navigator?.locks) return new Set();
  const state = await navigator.locks.query();
  const names = [...(state.held ?? []), ...(state.pending ?? [])].map((l) => l.name ?? '');
  return new Set(
    names.filter((n) => n.startsWith(LOCK_PREFIX)).map((n) => n.slice(LOCK_PREFIX.length)),
  );
}

/** Marks abandoned training runs KILLED; returns their ids. */
export async function killAbandonedRuns(
  client: MlflowClient,
  alive: Set<string>,
  now = Date.now,
): Promise<string[]> {
  const experiments = await client.searchExperiments({ viewType: 'ALL', maxResults: 50000 });
  const ids = experiments.items.map((e) => e.experiment_id);
  if (!ids.length) return [];
  const killed: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchRuns({
      experimentIds: ids,
      filterString: `attributes.status = 'RUNNING' and tags.\`${TAGS.session}\` != ''`,
      runViewType: 'ALL',
      maxResults: 1000,
      pageToken,
    });
    for (const run of page.items) {
      const session = tagValue(run.data.tags, TAGS.session);
      if (!session || alive.has(session)) continue;
      // On a full disk these two small writes spend the client's reserve (storage-full.ts).
      await withReserve(client.reserve, async () => {
        await client.setTag(
          run.info.run_id,
          TAGS.error,
          'The tab that was training this run was closed or crashed before it finished. The metrics logged until then are kept.',
        );
        await client.setTerminated(run.info.run_id, 'KILLED', now());
      });
      killed.push(run.info.run_id);
    }
    pageToken = page.next_page_token;
  } while (pageToken);
  return killed;
}
