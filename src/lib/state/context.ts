/**
 * The app (store + client) travels to routes through Svelte context, so a test or a second app can
 * build its own over another database instead of reaching for a global.
 */
import { getContext, setContext } from 'svelte';
import type { App } from '$lib/app/create-app';
import type { Settings } from './settings.svelte';
import type { Workbench } from './workbench.svelte';

const KEY = Symbol('tracklab.app');

export function setAppContext(app: App): App {
  return setContext(KEY, app);
}

export function getAppContext(): App {
  const app = getContext<App | undefined>(KEY);
  if (!app) throw new Error('getAppContext() called outside the root layout: no app in context');
  return app;
}

const WORKBENCH = Symbol('tracklab.workbench');

export function setWorkbench(workbench: Workbench): Workbench {
  return setContext(WORKBENCH, workbench);
}

export function getWorkbench(): Workbench {
  const workbench = getContext<Workbench | undefined>(WORKBENCH);
  if (!workbench) throw new Error('getWorkbench() called outside the root layout');
  return workbench;
}

const SETTINGS = Symbol('tracklab.settings');

export function setSettings(settings: Settings): Settings {
  return setContext(SETTINGS, settings);
}

export function getSettings(): Settings {
  const settings = getContext<Settings | undefined>(SETTINGS);
  if (!settings) throw new Error('getSettings() called outside the root layout');
  return settings;
}
