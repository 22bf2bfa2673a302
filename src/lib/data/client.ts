/** The page's handle on the data worker (worker.ts). */
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { DataError } from './errors';
import type { DatasetRecord } from './library';
import type { DataReply, DataRequest } from './protocol';

export interface Loaded {
  record: DatasetRecord;
  preview: string[][];
}

export type OnProgress = (stage: string, fraction: number) => void;

type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<DataReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

type Request = DataRequest extends infer R
  ? R extends { id: string }
    ? Omit<R, 'id' | 'library'>
    : never
  : never;

export class DataClient {
  private worker: WorkerLike | null = null;
  private next = 0;
  private readonly pending = new Map<
    string,
    { resolve(r: DataReply): void; reject(e: Error): void; progress?: OnProgress }
  >();

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly library: string,
  ) {}

  private get live(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = (event) => {
      const m = event.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.progress?.(m.stage, m.fraction);
      this.pending.delete(m.id);
      if (m.type === 'failed') p.reject(new DataError(m.message, { row: m.row, column: m.column }));
      else p.resolve(m);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      const message = event.message || 'it stopped unexpectedly';
      this.worker?.terminate();
      this.worker = null;
      const pending = [...this.pending.values()];
      this.pending.clear();
      // Usually memory: a very large file on a small machine.
      for (const p of pending)
        p.reject(
          new DataError(
            `The data worker stopped (${message}). If the file is very large, try a smaller sample of it. Nothing was saved.`,
          ),
        );
    };
    return (this.worker = worker);
  }

  private call<T extends DataReply['type']>(
    request: Request,
    progress?: OnProgress,
  ): Promise<Extract<DataReply, { type: T }>> {
    const id = `d${++this.next}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: DataReply) => void, reject, progress });
      this.live.postMessage({ ...request, id, library: this.library } as DataRequest);
    });
  }

  async load(
    file: File | Uint8Array,
    meta: { name: string; source: string; sourceType: DatasetRecord['sourceType'] },
    progress?: OnProgress,
  ): Promise<Loaded> {
    const m = await this.call<'loaded'>({ type: 'load', file, ...meta }, progress);
    return { record: m.record, preview: m.preview };
  }

  async open(sha256: string, progress?: OnProgress): Promise<Loaded> {
    const m = await this.call<'loaded'>({ type: 'open', sha256 }, progress);
    return { record: m.record, preview: m.preview };
  }

  async prepare(sha256: string, choice: DataChoice): Promise<PreparedData> {
    return (await this.call<'prepared'>({ type: 'prepare', sha256, choice })).data;
  }
}
