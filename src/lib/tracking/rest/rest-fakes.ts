// Test fakes for RestStore: a fetch that records requests and answers from a queue, plus a wire run.
import { RestStore } from './rest-store';

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  credentials: RequestCredentials | undefined;
}

export type Reply = Response | (() => Response) | Error;

export const BASE = 'http://mlflow.test:5000';
export const API = `${BASE}/api/2.0/mlflow`;
export const RUN_ID = '0123456789abcdef0123456789abcdef';
export const ARTIFACT_URI = `mlflow-artifacts:/7/${RUN_ID}/artifacts`;

export const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
export const text = (body: string, status: number, type = 'text/plain') =>
  new Response(body, { status, headers: { 'Content-Type': type } });

/** A fetch that records each request and answers from a queue. */
export function fakeFetch(...replies: Reply[]) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    sent.push({
      method: init.method ?? 'GET',
      url: String(input),
      headers: { ...(init.headers as Record<string, string>) },
      body:
        body === undefined || body === null
          ? undefined
          : typeof body === 'string'
            ? body
            : body instanceof Uint8Array
              ? body
              : new Uint8Array(await new Response(body).arrayBuffer()),
      credentials: init.credentials,
    });
    const reply = replies.shift();
    if (reply === undefined) throw new Error(`unexpected request ${init.method} ${String(input)}`);
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? reply() : reply;
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

export function store(...replies: Reply[]) {
  const f = fakeFetch(...replies);
  return { store: new RestStore({ baseUrl: `${BASE}/`, fetch: f.fetch }), sent: f.sent };
}

export const wireRun = {
  info: {
    run_uuid: RUN_ID,
    run_id: RUN_ID,
    experiment_id: '7',
    run_name: 'r1',
    user_id: '',
    status: 'RUNNING',
    start_time: 1000,
    artifact_uri: ARTIFACT_URI,
    lifecycle_stage: 'active',
  },
  data: { tags: [{ key: 'mlflow.runName', value: 'r1' }] },
  inputs: {},
};
