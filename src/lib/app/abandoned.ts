/**
 * Closing a run whose training tab went away (sessions.ts decides when): KILLED, with the reason
 * in tracklab.error and the end time at its last sign of life, keeping every point it logged; and
 * the registration the person asked for on the Train page (tracklab.register_as) completed when the
 * model was saved whole, or the reason it was not, in the same message.
 */
import type { RegistryStore } from '$lib/registry';
import { TAGS, tagValue, withReserve, type MlflowClient, type Run } from '$lib/tracking';
import { checkModel } from './model-files';
import { registerRunModel, versionsOfRun } from './register';

export interface CloseDeps {
  client: MlflowClient;
  registry?: RegistryStore;
}

const WHY = {
  closed:
    'The tab that was writing this run (training, evaluating or tuning) was closed or crashed before it finished. The metrics logged until then are kept; the end time is its last sign of life.',
  frozen:
    'The tab that was training this run stopped responding for more than 10 minutes, so the run was closed. The metrics logged until then are kept; the end time is its last sign of life.',
};

/** The latest moment the run was known alive: its last heartbeat, or a later metric point. */
function lastSignOfLife(run: Run, heartbeat: number): number {
  return Math.max(heartbeat, run.info.start_time, ...run.data.metrics.map((m) => m.timestamp));
}

/** Completes an asked-for registration if the model is whole; answers a sentence saying what happened. */
async function completeRegistration(deps: CloseDeps, runId: string, name: string) {
  const { client, registry } = deps;
  if (!registry)
    return `Its model was not registered as '${name}': no model registry is open here.`;
  const done = (await versionsOfRun(registry, runId)).find((v) => v.name === name);
  if (done) return `Its model had been registered as '${name}' version ${done.version}.`;
  const { logged, missing } = await checkModel(client, runId);
  if (!logged)
    return `Its model was not registered as '${name}', as asked: the tab closed before the model was saved.`;
  if (missing.length)
    return `Its model was not registered as '${name}', as asked: the model is incomplete (missing ${missing.join(', ')}).`;
  try {
    const version = await registerRunModel({ client, registry }, { runId, name });
    return `The model had been saved whole, so it was registered as '${name}' version ${version.version}, as asked.`;
  } catch (e) {
    return `Registering its model as '${name}', as asked, failed: ${(e as Error).message ?? e}`;
  }
}

/**
 * Ends a RUNNING run as abandoned; answers false when it is not RUNNING (any more) or not there.
 * Safe to repeat: a second call finds the run ended and does nothing.
 */
export async function closeAbandonedRun(
  deps: CloseDeps,
  runId: string,
  heartbeat: number,
  why: keyof typeof WHY,
): Promise<boolean> {
  const { client } = deps;
  const run = await client.getRun(runId).catch(() => undefined);
  // A deleted run takes no writes (MLflow's rule); it is closed if it is restored.
  if (!run || run.info.status !== 'RUNNING' || run.info.lifecycle_stage !== 'active') return false;
  const registerAs = tagValue(run.data.tags, TAGS.registerAs);
  const registration = registerAs ? ` ${await completeRegistration(deps, runId, registerAs)}` : '';
  // On a full disk these two small writes spend the client's reserve (storage-full.ts).
  await withReserve(client.reserve, async () => {
    await client.setTag(runId, TAGS.error, WHY[why] + registration);
    await client.setTerminated(runId, 'KILLED', lastSignOfLife(run, heartbeat));
  });
  return true;
}

/**
 * At start: closes training runs left RUNNING by a tab that is gone and holding no lease (runs of
 * builds before leases, or a tab closed before its first heartbeat); leased runs are the
 * watcher's. Without Web Locks a tab's liveness is unknown here, so nothing is closed.
 */
export async function killAbandonedRuns(
  deps: CloseDeps & { leased: (runId: string) => Promise<boolean> },
  alive: Set<string> | null,
): Promise<string[]> {
  const { client } = deps;
  if (!alive) return [];
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
      const id = run.info.run_id;
      if (!session || alive.has(session) || (await deps.leased(id))) continue;
      if (await closeAbandonedRun(deps, id, run.info.start_time, 'closed')) killed.push(id);
    }
    pageToken = page.next_page_token;
  } while (pageToken);
  return killed;
}
