/**
 * A tuning study read back from the store for the Study view: its spec, attributes and trials,
 * and each trial's run. The run page reads it (throttled, as trials write often) when the run is
 * a study's parent run.
 */
import type { App } from '$lib/app/create-app';
import { bestTrialOf } from '$lib/tuning/best';
import { pedAnovaImportances } from '$lib/tuning/importance/ped-anova';
import { TrackingStudyStorage, type StudySnapshot } from '$lib/tuning/tracking-storage';
import type { FrozenTrial } from '$lib/tuning/types';

/**
 * A live page reads only what changed since its last read (runs running, waiting or ended since),
 * and everything again this often, which also catches trial runs deleted or edited by hand.
 */
export const FULL_READ_MS = 30_000;
/**
 * How far before the last read began a run's end time may fall and still be read again: a run's
 * end time is taken (by whichever tab ends it) a moment before its write lands.
 */
export const END_TIME_SLACK_MS = 5_000;

export async function loadStudySnapshot(
  app: App,
  experimentId: string,
  studyName: string | undefined,
  previous?: StudySnapshot,
  now: () => number = Date.now,
): Promise<StudySnapshot | undefined> {
  if (!studyName) return undefined;
  const readAt = now();
  // The trials read last time that had finished are not read again (a live study page reads
  // the study every second; past a few hundred trials, reading all of them held the page up).
  const known = new Map<string, FrozenTrial>();
  if (previous?.spec.studyName === studyName) {
    previous.trials.forEach((t, n) => {
      const runId = previous.runIds[n];
      if (runId) known.set(runId, t);
    });
  }
  const storage = new TrackingStudyStorage(app.client, experimentId);
  // Only the runs that changed, when the last read was of this very study (its name may be
  // another experiment's study's too) and a full read is not due.
  const since =
    previous?.spec.studyName === studyName &&
    previous.studyRunId !== undefined &&
    previous.readAt !== undefined &&
    previous.fullReadAt !== undefined &&
    readAt - previous.fullReadAt < FULL_READ_MS
      ? previous.readAt - END_TIME_SLACK_MS
      : undefined;
  let stored = await storage.load(studyName, known, since);
  if (!stored) return undefined;
  const incremental = since !== undefined && stored.studyRunId === previous?.studyRunId;
  if (since !== undefined && !incremental) stored = (await storage.load(studyName, known))!;
  if (!stored) return undefined;
  const complete = (trials: readonly FrozenTrial[]) =>
    trials.filter((t) => t.state === 'COMPLETE').length;
  // Importance changes only when a trial completes (the same study: the same name, as another
  // experiment may have one of that name, and the same run for its first trial).
  const same =
    previous?.spec.studyName === studyName && previous.runIds[0] === stored.trialRunId?.(0);
  const importance =
    same && previous.importance && complete(previous.trials) === complete(stored.trials)
      ? previous.importance
      : {
          method: 'PED-ANOVA',
          values: pedAnovaImportances(stored.trials, stored.spec.direction),
        };
  return {
    spec: stored.spec,
    userAttrs: stored.userAttrs,
    trials: stored.trials,
    runIds: stored.trials.map((t) => stored.trialRunId?.(t.number)),
    importance,
    best: bestTrialOf(stored.trials, stored.spec.direction),
    studyRunId: stored.studyRunId,
    readAt,
    fullReadAt: incremental ? previous!.fullReadAt : readAt,
  };
}
