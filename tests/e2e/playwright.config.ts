// End-to-end tests: the built app (run `npx vite build` first) served from build/ and driven in
// Chromium as a person would. Each test gets a fresh browser context, so IndexedDB starts empty.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/env.js';

const PORT = Number(process.env.E2E_PORT ?? 4391);
const URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/e2e',
  workers: 2,
  retries: 0,
  timeout: 60_000,
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
