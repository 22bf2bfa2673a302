// What both browser suites (tests/e2e, tests/faults) share: the built app served from build/ by
// scripts/serve.js on its own port, and driven in Chromium with the flags that let every tfjs
// backend run headless (scripts/env.js).
import type { PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';

export function appConfig(options: {
  port: number;
  outputDir: string;
  timeout: number;
}): PlaywrightTestConfig {
  const url = `http://127.0.0.1:${options.port}`;
  return {
    testDir: '.',
    outputDir: options.outputDir,
    workers: 2,
    retries: 0,
    timeout: options.timeout,
    expect: { timeout: 10_000 },
    reporter: [['list']],
    use: {
      baseURL: url,
      browserName: 'chromium',
      screenshot: 'only-on-failure',
      launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    },
    webServer: {
      command: 'node scripts/serve.js',
      cwd: '../..',
      env: { PORT: String(options.port) },
      url,
      reuseExistingServer: !process.env.CI,
    },
  };
}
