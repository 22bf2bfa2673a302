// End-to-end tests: the built app (run `npx vite build` first) served from build/ and driven in
// Chromium as a person would. Each test gets a fresh browser context, so IndexedDB starts empty.
import { defineConfig } from '@playwright/test';
import { appConfig } from '../playwright-app';

export default defineConfig(
  appConfig({
    port: Number(process.env.E2E_PORT ?? 4391),
    outputDir: '../../test-results/e2e',
    timeout: 60_000,
  }),
);
