// A bare Chrome DevTools Protocol client over --remote-debugging-pipe, for the one benchmark that
// Playwright cannot run: Playwright launches Chromium with background throttling switched off
// and emulates focus, so its pages never become hidden. This launches Chromium as a person's
// browser runs (only the bench's own flags), so a tab behind another is hidden and throttled.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/env.js';

export async function launchPipeBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'tracklab-cdp-profile-'));
  const proc = spawn(
    chromiumPath(),
    [
      ...CHROMIUM_ARGS,
      '--headless=new',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const [toBrowser, fromBrowser] = [proc.stdio[3], proc.stdio[4]];
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let nextId = 0;
  const pending = new Map();
  let buffer = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      const waiter = message.id !== undefined && pending.get(message.id);
      if (waiter) {
        pending.delete(message.id);
        waiter(message);
      }
    }
  });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  void exited.then(() => {
    for (const waiter of pending.values())
      waiter({ error: { message: `Chromium exited. Its last output:\n${stderr}` } });
    pending.clear();
  });

  /** Sends one command (to a page when sessionId is given); rejects with the protocol's error. */
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result),
      );
      toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  /** Opens a tab (in front unless background) and attaches to it. */
  async function openTab(url, { background = false } = {}) {
    const { targetId } = await send('Target.createTarget', { url, background });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    /** Evaluates an expression in the tab, awaiting a promise; rejects with the page's error. */
    const evaluate = async (expression) => {
      const r = await send(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
        sessionId,
      );
      if (r.exceptionDetails)
        throw new Error(
          r.exceptionDetails.exception?.description ?? r.exceptionDetails.text ?? 'page error',
        );
      return r.result.value;
    };
    return { targetId, evaluate, bringToFront: () => send('Target.activateTarget', { targetId }) };
  }

  const { product } = await send('Browser.getVersion');
  return {
    version: product,
    openTab,
    async close() {
      proc.kill();
      await exited;
      await rm(profile, { recursive: true, force: true });
    },
  };
}
