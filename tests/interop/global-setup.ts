/**
 * Vitest global setup for the interop tests: one real MLflow server for the whole run (starting
 * it takes ~10-20 s), its URL handed to the tests through provide/inject.
 */
import type { TestProject } from 'vitest/node';
import { startMlflowServer } from './mlflow-server';

declare module 'vitest' {
  export interface ProvidedContext {
    mlflowUrl: string;
  }
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const server = await startMlflowServer();
  provide('mlflowUrl', server.url);
  return () => server.stop();
}
