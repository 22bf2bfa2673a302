// Serves the static build on 127.0.0.1 (a secure context, which WebGPU needs). No dependencies.
// Every response carries the app's Content-Security-Policy (scripts/csp.js): a worker's policy
// comes from the response that delivers its script, so the header goes on scripts too.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { headerPolicy, SANDBOX_PATH, sandboxPolicy } from './csp.js';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response: the policy, no MIME sniffing, no referrer sent anywhere. */
const SECURITY_HEADERS = {
  'content-security-policy': headerPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Starts a server over `root`; resolves to its URL. Port 0 picks a free port. */
export function serveStatic({ root = 'build', host = '127.0.0.1', port = 4173 } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) return void res.writeHead(403, SECURITY_HEADERS).end();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      // The Scripts sandbox has its own, stricter-but-eval policy (csp.js), framed by the app.
      const policy =
        path === SANDBOX_PATH || path === SANDBOX_PATH.replace('.html', '.js')
          ? { 'content-security-policy': sandboxPolicy() }
          : {};
      res.writeHead(200, { ...SECURITY_HEADERS, ...policy, 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
      ok({ url, close: () => new Promise((done) => server.close(() => done(undefined))) });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4173);
  const { url } = await serveStatic({ port });
  console.log(`Tracklab is running at ${url}/  (Ctrl+C to stop)`);
}
