/**
 * Test fixture (unit tests only): the data worker run in this process behind a real DataClient.
 * Each call imports a fresh worker module, as a reloaded page starts a new worker, so nothing an
 * earlier one cached carries over; the datasets it saved stay in (fake) IndexedDB.
 */
import { vi } from 'vitest';
import type { WorkerLike } from '$lib/workers/channel';
import { DataClient } from './client';
import type { DataReply, DataRequest } from './protocol';

const scope = globalThis as unknown as {
  postMessage?: (m: DataReply) => void;
  onmessage: ((event: { data: DataRequest }) => void) | null;
};

export async function startWorker(library: string): Promise<DataClient> {
  vi.resetModules();
  const worker: WorkerLike<DataRequest, DataReply> = {
    postMessage: (m) => queueMicrotask(() => handler?.({ data: m })),
    terminate() {},
    onmessage: null,
    onerror: null,
  };
  scope.postMessage = (m) => worker.onmessage?.({ data: m } as MessageEvent<DataReply>);
  await import('./worker');
  const handler = scope.onmessage;
  return new DataClient(() => worker, library);
}
