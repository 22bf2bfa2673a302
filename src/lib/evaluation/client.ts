/**
 * The page's handle on the evaluation worker: `evaluate(request)` runs evaluate() there and
 * resolves to its result. A worker that dies rejects what was in flight with a message, and the
 * next call starts a fresh one.
 */
import type { EvaluationCall, EvaluationReply } from './protocol';
import type { EvaluateRequest, EvaluationResult } from './run';

type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<EvaluationReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

export class EvaluationClient {
  private worker: WorkerLike | null = null;
  private next = 0;
  private readonly pending = new Map<
    string,
    { resolve(r: EvaluationResult): void; reject(e: Error): void }
  >();

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly database: string,
    private readonly user: () => string | undefined = () => undefined,
  ) {}

  private get live(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = ({ data }) => {
      const p = this.pending.get(data.id);
      if (!p) return;
      this.pending.delete(data.id);
      if (data.ok) p.resolve(data.result);
      else p.reject(new Error(data.message));
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.worker?.terminate();
      this.worker = null;
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending)
        p.reject(
          new Error(
            `The evaluation worker stopped (${event.message || 'it stopped unexpectedly'}). For very large predictions, try a smaller file. Runs logged before are kept.`,
          ),
        );
    };
    return (this.worker = worker);
  }

  evaluate(request: EvaluateRequest): Promise<EvaluationResult> {
    const id = `e${++this.next}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const call: EvaluationCall = { id, database: this.database, user: this.user(), request };
      this.live.postMessage(call);
    });
  }
}
