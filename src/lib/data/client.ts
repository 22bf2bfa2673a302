/** The page's handle on the data worker (worker.ts), over one request/reply channel. */
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { WorkerChannel, type WithoutId, type WorkerLike } from '$lib/workers/channel';
import { DataError } from './errors';
import type { DatasetRecord } from './library';
import type { DataReply, DataRequest } from './protocol';
import type { ReadOptions } from './read-options';

export interface Loaded {
  record: DatasetRecord;
  preview: string[][];
}

export type OnProgress = (stage: string, fraction: number) => void;

type Request =
  WithoutId<DataRequest> extends infer R ? (R extends unknown ? Omit<R, 'library'> : never) : never;

export class DataClient {
  private readonly channel: WorkerChannel<DataRequest, DataReply>;

  constructor(
    spawn: () => WorkerLike<DataRequest, DataReply>,
    private readonly library: string,
  ) {
    this.channel = new WorkerChannel({
      spawn,
      prefix: 'd',
      read: (m) =>
        m.type === 'progress'
          ? { progress: m }
          : m.type === 'failed'
            ? { error: new DataError(m.message, { row: m.row, column: m.column }, m.fixes) }
            : { value: m },
      // Usually memory: a very large file on a small machine.
      crashed: (message, { silent }) =>
        new DataError(
          `The data worker ${silent ? 'stopped without an error' : 'stopped'} (${message}). If the file is very large, try a smaller sample of it. Nothing was saved.`,
        ),
    });
  }

  private call<T extends DataReply['type']>(
    request: Request,
    progress?: OnProgress,
  ): Promise<Extract<DataReply, { type: T }>> {
    return this.channel.request<
      Extract<DataReply, { type: T }>,
      Extract<DataReply, { type: 'progress' }>
    >({ ...request, library: this.library } as WithoutId<DataRequest>, {
      onProgress: progress && ((m) => progress(m.stage, m.fraction)),
    }).reply;
  }

  /** `meta.read`: how to read the file; absent, as it was saved before (or the defaults). */
  async load(
    file: File | Uint8Array,
    meta: {
      name: string;
      source: string;
      sourceType: DatasetRecord['sourceType'];
      read?: Partial<ReadOptions>;
    },
    progress?: OnProgress,
  ): Promise<Loaded> {
    const m = await this.call<'loaded'>({ type: 'load', file, ...meta }, progress);
    return { record: m.record, preview: m.preview };
  }

  async open(sha256: string, progress?: OnProgress): Promise<Loaded> {
    const m = await this.call<'loaded'>({ type: 'open', sha256 }, progress);
    return { record: m.record, preview: m.preview };
  }

  /** Reads a saved dataset again with other options; the record keeps them. */
  async reread(sha256: string, read: Partial<ReadOptions>, progress?: OnProgress): Promise<Loaded> {
    const m = await this.call<'loaded'>({ type: 'reread', sha256, read }, progress);
    return { record: m.record, preview: m.preview };
  }

  async prepare(sha256: string, choice: DataChoice): Promise<PreparedData> {
    return (await this.call<'prepared'>({ type: 'prepare', sha256, choice })).data;
  }
}
