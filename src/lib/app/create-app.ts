/**
 * The composition root: builds the concrete store and client once and hands them to the UI through
 * context. Tests build a fresh app over an empty, uniquely named database.
 */
import { DexieStore, MlflowClient } from '$lib/tracking';

export interface App {
  store: DexieStore;
  client: MlflowClient;
}

export interface AppOptions {
  databaseName?: string;
  user?: () => string | undefined;
}

export function createApp(options: AppOptions = {}): App {
  const store = new DexieStore({ name: options.databaseName ?? 'tracklab' });
  const client = new MlflowClient(store, { user: options.user });
  return { store, client };
}

declare global {
  // The tracking API is reachable from the browser console as `tracklab.client`, so a person can
  // script searchRuns and logging the way they would with Python's MlflowClient.
  var tracklab: App | undefined;
}

export function exposeToConsole(app: App): void {
  globalThis.tracklab = app;
}
