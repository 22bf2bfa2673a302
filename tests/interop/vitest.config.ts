// Node-side interop tests against a real MLflow server. No sveltekit plugin: these tests import
// plain TypeScript from src/lib and must not need a SvelteKit build or sync.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { $lib: fileURLToPath(new URL('../../src/lib', import.meta.url)) },
  },
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/interop/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/interop/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
