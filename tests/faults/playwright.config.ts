// The fault suite (issue 15): the built app driven in Chromium with its real IndexedDB while
// workers, tabs, renderers and whole browsers are killed, quotas run out and hostile input arrives.
// Run `npx vite build` first (npm run test:faults does). Specs that restart a browser with a
// persistent profile launch their own; the rest get a fresh context per test.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/env.js';

const PORT = Number(process.env.FAULTS_PORT ?? 4392);
const URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/faults',
  workers: 2,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: URL,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  webServer: {
    command: 'node scripts/serve.js',
    cwd: '../..',
    env: { PORT: String(PORT) },
    url: URL,
    reuseExistingServer: !process.env.CI,
  },
});
