/**
 * The studies the Tune page offers to resume after a reload: ones it started that did not finish
 * and that no open tab is running.
 */
import type { App } from '$lib/app/create-app';
import { tagValue, type Run } from '$lib/tracking';
import { STUDY_TAGS } from '$lib/tuning/study-tags';

/**
 * Studies this page started that did not finish and are not running in an open tab: they can
 * resume.
 */
export async function unfinishedStudies(app: App, exclude?: string): Promise<Run[]> {
  const experiments = (
    await app.client.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 50000 })
  ).items;
  if (!experiments.length) return [];
  const runs = (
    await app.client.searchRuns({
      experimentIds: experiments.map((e) => e.experiment_id),
      filterString: `tags.\`${STUDY_TAGS.kind}\` = 'study' and attributes.status != 'FINISHED'`,
      orderBy: ['attributes.start_time DESC'],
      maxResults: 100,
    })
  ).items;
  const leased = (await app.leases.all()).map((l) => l.run_id);
  return runs.filter(
    (r) =>
      r.info.run_id !== exclude &&
      !(r.info.status === 'RUNNING' && leased.includes(r.info.run_id)) &&
      !!tagValue(r.data.tags, STUDY_TAGS.studyName) &&
      // Made on this page (a console study keeps no data set or space to resume with).
      r.data.tags.some((t) => t.key.startsWith(`${STUDY_TAGS.userAttr}dataset_sha256`)),
  );
}
