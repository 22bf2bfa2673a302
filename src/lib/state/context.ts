/**
 * The app (store + client) and the session's state classes travel to routes through Svelte
 * context, so a test or a second app can build its own over another database instead of reaching
 * for a global. The root layout sets each once; any page below reads it.
 */
import { getContext, setContext } from 'svelte';
import type { App } from '$lib/app/create-app';
import type { DatasetSession } from './dataset-session.svelte';
import type { Settings } from './settings.svelte';
import type { AutoSync } from './auto-sync.svelte';
import type { SyncSession } from './sync.svelte';
import type { TrainingSession } from './training-session.svelte';
import type { TuneSession } from './tune-session.svelte';

/** A setter and a getter for one thing in context; the getter throws outside the root layout. */
function slot<T>(what: string): [set: (value: T) => T, get: () => T] {
  const key = Symbol(`tracklab.${what}`);
  return [
    (value) => setContext(key, value),
    () => {
      const value = getContext<T | undefined>(key);
      if (!value) throw new Error(`No ${what} in context: read it below the root layout`);
      return value;
    },
  ];
}

export const [setAppContext, getAppContext] = slot<App>('app');
export const [setSettings, getSettings] = slot<Settings>('settings');
export const [setDatasetSession, getDatasetSession] = slot<DatasetSession>('dataset session');
export const [setTrainingSession, getTrainingSession] = slot<TrainingSession>('training session');
export const [setTuneSession, getTuneSession] = slot<TuneSession>('tune session');
export const [setSyncSession, getSyncSession] = slot<SyncSession>('sync session');
export const [setAutoSync, getAutoSync] = slot<AutoSync>('auto-sync');
