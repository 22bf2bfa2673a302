/**
 * A fault-injecting HTTP proxy on 127.0.0.1, between a store and a real MLflow server (issue 14):
 * of the requests it gets, some are refused (the connection is dropped before the server sees
 * them), some fail (503, 502 or 429 from the proxy itself), some are forwarded and their answer
 * is cut mid-body (the server did the work; the caller hears a broken connection), and some are
 * delayed. Seeded, so a failing run can be replayed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Faults {
  seed: number;
  refuse: number;
  fail: number;
  cut: number;
  delay: number;
  /** Upper bound of a delay, ms. */
  maxDelayMs?: number;
}

export interface FaultStats {
  requests: number;
  refused: number;
  failed: number;
  cut: number;
  delayed: number;
}

export interface FaultProxy {
  url: string;
  stats: FaultStats;
  /** Stops injecting faults (requests are forwarded as they are). */
  calm(): void;
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });

export async function startFaultProxy(upstream: string, faults: Faults): Promise<FaultProxy> {
  let state = faults.seed >>> 0 || 1;
  // xorshift32: small, seeded, good enough to spread faults.
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const stats: FaultStats = { requests: 0, refused: 0, failed: 0, cut: 0, delayed: 0 };
  let calm = false;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const payload = await body(req);
    const r = calm ? 1 : random();
    if (r < faults.refuse) {
      stats.refused++;
      req.socket.destroy();
      return;
    }
    if (r < faults.refuse + faults.fail) {
      stats.failed++;
      const status = [503, 502, 429][Math.floor(random() * 3)];
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`fault proxy: ${status}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    delete headers['content-length'];
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers: headers as Record<string, string>,
      body: payload.length ? new Uint8Array(payload) : undefined,
    });
    const bytes = Buffer.from(await answer.arrayBuffer());
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k))
        out[k] = v;
    });
    out['content-length'] = String(bytes.length);
    if (!calm && r < faults.refuse + faults.fail + faults.cut && bytes.length > 1) {
      stats.cut++;
      res.writeHead(answer.status, out);
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    if (!calm && r < faults.refuse + faults.fail + faults.cut + faults.delay) {
      stats.delayed++;
      await new Promise((ok) => setTimeout(ok, random() * (faults.maxDelayMs ?? 400)));
    }
    res.writeHead(answer.status, out).end(bytes);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    calm: () => (calm = true),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
