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

export async function loadStudySnapshot(
  app: App,
  experimentId: string,
  studyName: string | undefined,
  previous?: StudySnapshot,
): Promise<StudySnapshot | undefined> {
  if (!studyName) return undefined;
  // The trials read last time that had finished are not read again (a live study page reads
  // the study every second; past a few hundred trials, reading all of them held the page up).
  const known = new Map<string, FrozenTrial>();
  if (previous?.spec.studyName === studyName) {
    previous.trials.forEach((t, n) => {
      const runId = previous.runIds[n];
      if (runId) known.set(runId, t);
    });
  }
  const stored = await new TrackingStudyStorage(app.client, experimentId).load(studyName, known);
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
  };
}
