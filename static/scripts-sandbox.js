// The Scripts panel's sandbox (see sandboxPolicy in scripts/csp.js). This frame has an opaque
// origin and no network; it runs each snippet in a blob: worker and relays the worker's calls of
// the client and registry API to the page that framed it, and the answers back. Plain script, no
// build step: it is served as is from static/.
(function () {
  'use strict';
  /** The worker: `client`, `registry` and `print` for the snippet; every call goes out by message. */
  function workerMain() {
    let next = 0;
    const waiting = new Map();
    const call = (target, method, args) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        postMessage({ type: 'call', id, target, method, args });
      });
    const api = (target) =>
      new Proxy(
        {},
        {
          get: (_, method) =>
            typeof method === 'string' && method !== 'then'
              ? (...args) => call(target, method, args)
              : undefined,
        },
      );
    const show = (x) => {
      if (typeof x === 'string') return x;
      if (typeof x === 'number' || x === undefined) return String(x);
      return JSON.stringify(
        x,
        function (k, v) {
          const raw = this[k];
          if (raw instanceof Date) return raw.toISOString();
          if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
          return v;
        },
        2,
      );
    };
    const print = (...xs) => postMessage({ type: 'print', text: xs.map(show).join(' ') });
    self.console = { ...console, log: print, info: print, warn: print, error: print };
    onmessage = async (e) => {
      const m = e.data;
      if (m.type === 'result') {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (!w) return;
        if (m.ok) w.resolve(m.value);
        else w.reject(Object.assign(new Error(m.error.message), { error_code: m.error.code }));
        return;
      }
      if (m.type !== 'run') return;
      try {
        const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
        const run = new AsyncFunction('client', 'registry', 'print', m.code);
        const value = await run(api('client'), api('registry'), print);
        postMessage({
          type: 'done',
          ok: true,
          value: value === undefined ? undefined : show(value),
        });
      } catch (err) {
        const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        postMessage({ type: 'done', ok: false, error: text });
      }
    };
  }

  let worker = null;
  window.addEventListener('message', (e) => {
    if (e.source !== window.parent) return;
    const m = e.data;
    if (m && m.type === 'run') {
      if (worker) worker.terminate();
      const source = '(' + workerMain.toString() + ')()';
      worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      worker.onmessage = (w) => window.parent.postMessage(w.data, '*');
      worker.onerror = (w) => {
        w.preventDefault();
        window.parent.postMessage(
          { type: 'done', ok: false, error: w.message || 'The script failed.' },
          '*',
        );
      };
      worker.postMessage({ type: 'run', code: m.code });
    } else if (m && m.type === 'result' && worker) {
      worker.postMessage(m);
    }
  });
  window.parent.postMessage({ type: 'ready' }, '*');
})();
