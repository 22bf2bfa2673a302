/**
 * The app (store + client) travels to routes through Svelte context, so a test or a second app can
 * build its own over another database instead of reaching for a global.
 */
import { getContext, setContext } from 'svelte';
import type { App } from '$lib/app/create-app';

const KEY = Symbol('tracklab.app');

export function setAppContext(app: App): App {
  return setContext(KEY, app);
}

export function getAppContext(): App {
  const app = getContext<App | undefined>(KEY);
  if (!app) throw new Error('getAppContext() called outside the root layout: no app in context');
  return app;
}
