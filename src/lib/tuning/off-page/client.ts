/**
 * The page's handle on the sampling worker: `offPage(sampler)` moves a costly sampler's relative
 * sampling there (off-page.ts). The worker starts at the first such sample; one that dies fails
 * what was in flight, and the study's sampler then samples on the page.
 */
import { WorkerChannel, type WorkerLike } from '$lib/workers/channel';
import type { RelativeSample, Sampler } from '../types';
import { offPage, type SampleRemote } from './off-page';
import type { SampleReply, SampleRequest } from './protocol';

export class SamplingClient implements SampleRemote {
  private readonly channel: WorkerChannel<SampleRequest, SampleReply>;

  constructor(spawn: () => WorkerLike<SampleRequest, SampleReply>) {
    this.channel = new WorkerChannel({
      spawn,
      prefix: 's',
      read: (m) =>
        m.ok
          ? { value: { params: m.params, systemAttrs: m.systemAttrs } }
          : { error: new Error(m.message) },
      crashed: (message, { silent }) =>
        new Error(`the sampling worker ${silent ? 'stopped' : 'crashed'} (${message})`),
    });
  }

  sample(request: Omit<SampleRequest, 'id'>): Promise<RelativeSample> {
    return this.channel.request<RelativeSample>(request).reply;
  }

  /** The sampler, sampling in the worker where that pays (off-page.ts), else itself. */
  offPage(sampler: Sampler): Sampler {
    return offPage(sampler, this);
  }
}
