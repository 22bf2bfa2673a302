// The fault suite (issue 15): the built app driven in Chromium with its real IndexedDB while
// workers, tabs, renderers and whole browsers are killed, quotas run out and hostile input arrives.
// Run `npx vite build` first (npm run test:faults does). Specs that restart a browser with a
// persistent profile launch their own (kill/browser.ts); the rest get a fresh context per test.
import { defineConfig } from '@playwright/test';
import { appConfig } from '../playwright-app';

export default defineConfig(
  appConfig({
    port: Number(process.env.FAULTS_PORT ?? 4392),
    outputDir: '../../test-results/faults',
    timeout: 90_000,
  }),
);
