// A Chromium of our own with a persistent profile, driven over CDP, so a test can SIGKILL the whole
// browser process (Playwright's own launchers hide the process) and start it again on the same
// profile, as a person's machine does after a crash.
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/env.js';

export interface OwnBrowser {
  browser: Browser;
  context: BrowserContext;
  /** SIGKILLs the browser and every process in its group: no shutdown, no flush. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

function devtoolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${text}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${text}`)));
  });
}

/**
 * Resolves once no process is left in the process group `pgid`, or after `ms` (where nothing
 * reaps orphans, their zombies keep the group alive while holding nothing).
 */
async function groupGone(pgid: number, ms = 10_000): Promise<void> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return; // ESRCH: the group is empty
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function launchWithProfile(profile: string): Promise<OwnBrowser> {
  const executable = chromiumPath() ?? chromium.executablePath();
  const child = spawn(
    executable,
    [
      ...CHROMIUM_ARGS,
      '--headless=new',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const browser = await chromium.connectOverCDP(await devtoolsUrl(child));
  const context = browser.contexts()[0];
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    browser,
    context,
    async kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the whole group: renderers, GPU, utility
      } catch {
        child.kill('SIGKILL');
      }
      await gone;
      // The browser's own exit is not the end of its group: the storage service (a utility
      // process that holds IndexedDB's LevelDB LOCK) may still be exiting. A browser started on
      // the profile before it is gone races it for the database. Wait until the group is empty.
      await groupGone(child.pid!);
    },
    async close() {
      await browser.close().catch(() => undefined);
      // A clean shutdown, as when a person quits: Chromium commits its databases and its
      // helpers (the storage service among them) end their own work before they exit.
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      await groupGone(child.pid!, 5000);
      try {
        process.kill(-child.pid!, 'SIGKILL'); // helpers left behind would hold the profile
      } catch {
        // already gone
      }
      await gone;
      await groupGone(child.pid!);
    },
  };
}
