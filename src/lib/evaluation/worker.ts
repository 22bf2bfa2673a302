/**
 * The evaluation worker: reads the predictions, computes metrics and curves, draws the plots on an
 * OffscreenCanvas and logs the evaluation run to IndexedDB, all off the page's thread, so a
 * million rows never freeze it. One store per database, kept for the worker's life.
 */
import { withLifeline } from '$lib/workers/lifeline';
import { renderFigurePng } from '../charts/figure';
import { MlflowClient } from '../tracking';
import { DexieStore } from '../tracking/dexie/dexie-store';
import type { EvaluationCall, EvaluationReply } from './protocol';
import { evaluate } from './run';

const stores = new Map<string, DexieStore>();
const post = (reply: EvaluationReply) => self.postMessage(reply);

self.onmessage = withLifeline(async (event: MessageEvent<EvaluationCall>) => {
  const { id, database, user, request } = event.data;
  try {
    let store = stores.get(database);
    if (!store) stores.set(database, (store = new DexieStore({ name: database })));
    const client = new MlflowClient(store, { user: () => user });
    const renderPng = typeof OffscreenCanvas === 'undefined' ? undefined : renderFigurePng;
    post({ id, ok: true, result: await evaluate({ client, renderPng }, request) });
  } catch (e) {
    post({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
