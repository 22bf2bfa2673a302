/**
 * The evaluation worker: reads the predictions, computes metrics and curves, draws the plots on an
 * OffscreenCanvas and logs the evaluation run to IndexedDB, all off the page's thread, so a
 * million rows never freeze it. One store per database, kept for the worker's life.
 */
import { withLifeline } from '$lib/workers/lifeline';
import { renderFigurePng } from '../charts/figure';
import { MlflowClient } from '../tracking';
import { DexieStore } from '../tracking/dexie/dexie-store';
import { StorageReserve } from '../tracking/dexie/reserve';
import type { EvaluationCall, EvaluationReply } from './protocol';
import { evaluate } from './run';

const stores = new Map<string, { store: DexieStore; reserve: StorageReserve }>();
const post = (reply: EvaluationReply) => self.postMessage(reply);

self.onmessage = withLifeline(async (event: MessageEvent<EvaluationCall>) => {
  const { id, database, user, session, request } = event.data;
  try {
    let open = stores.get(database);
    if (!open) {
      // The page's reserve (same name): on a full disk it makes room to close the run FAILED.
      open = {
        store: new DexieStore({ name: database }),
        reserve: new StorageReserve(`${database}-reserve`),
      };
      stores.set(database, open);
    }
    const client = new MlflowClient(open.store, { user: () => user, reserve: open.reserve });
    const renderPng = typeof OffscreenCanvas === 'undefined' ? undefined : renderFigurePng;
    post({
      id,
      ok: true,
      result: await evaluate(
        { client, renderPng, session, onStart: (runId) => post({ id, started: runId }) },
        request,
      ),
    });
  } catch (e) {
    post({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
