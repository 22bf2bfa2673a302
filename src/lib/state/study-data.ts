/**
 * A tuning study read back from the store for the Study view: its spec, attributes and trials,
 * and each trial's run. The run page reads it (throttled, as trials write often) when the run is
 * a study's parent run.
 */
import type { App } from '$lib/app/create-app';
import { pedAnovaImportances } from '$lib/tuning/importance/ped-anova';
import { TrackingStudyStorage, type StudySnapshot } from '$lib/tuning/tracking-storage';

export async function loadStudySnapshot(
  app: App,
  experimentId: string,
  studyName: string | undefined,
): Promise<StudySnapshot | undefined> {
  if (!studyName) return undefined;
  const stored = await new TrackingStudyStorage(app.client, experimentId).load(studyName);
  if (!stored) return undefined;
  return {
    spec: stored.spec,
    userAttrs: stored.userAttrs,
    trials: stored.trials,
    runIds: stored.trials.map((t) => stored.trialRunId?.(t.number)),
    importance: {
      method: 'PED-ANOVA',
      values: pedAnovaImportances(stored.trials, stored.spec.direction),
    },
  };
}

/** The best completed trial of a study as read, for its direction. */
export function bestOfSnapshot(study: StudySnapshot) {
  let best: StudySnapshot['trials'][number] | undefined;
  for (const t of study.trials) {
    if (t.state !== 'COMPLETE' || t.value === null || !Number.isFinite(t.value)) continue;
    if (
      !best ||
      (study.spec.direction === 'minimize' ? t.value < best.value! : t.value > best.value!)
    )
      best = t;
  }
  return best;
}
