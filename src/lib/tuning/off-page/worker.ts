/**
 * The sampling worker: a study's costly sampling (a GP step) off the page's thread. One host
 * for the worker's life; each request is answered at once, in order.
 */
import { withLifeline } from '$lib/workers/lifeline';
import { SamplerHost } from './host';
import type { SampleReply, SampleRequest } from './protocol';

const host = new SamplerHost();

self.onmessage = withLifeline((event: MessageEvent<SampleRequest>) => {
  self.postMessage(host.handle(event.data) satisfies SampleReply);
});
