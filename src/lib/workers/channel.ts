/**
 * Typed request/reply over postMessage, the one way the page talks to a worker. Every request is
 * numbered and every reply names the request it answers; a reply for a request that is no longer
 * pending (answered, cancelled, or sent by a worker since replaced) is dropped. A crash — the
 * worker's `error` event, or a worker that cannot be built — rejects every pending request with
 * the error its feature client chose, and the next request starts a fresh worker. No feature logic
 * lives here: what a reply means is the client's `read`.
 */

/** The part of a Worker a channel uses (a fake one in tests). */
export interface WorkerLike<In, Out> {
  postMessage(message: In, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<Out>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** What one reply means for its request: a progress report, its answer, or its failure. */
export type Reading<P = unknown> = { progress: P } | { value: unknown } | { error: Error };

/** A union member without its request id: what a client hands to `request`. */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface ChannelOptions<In extends { id: string }, Out extends { id: string }> {
  spawn(): WorkerLike<In, Out>;
  read(reply: Out): Reading;
  /** The error every pending request gets when the worker dies, from the browser's message. */
  crashed(message: string): Error;
  /** Told when the worker is gone (crash or terminate), so state tied to it can reset. */
  onExit?(): void;
  /** Prefix of request ids, which shows in the worker's messages while debugging. */
  prefix?: string;
}

export interface RequestOptions<P> {
  transfer?: Transferable[];
  onProgress?(progress: P): void;
  /** This request's own crash error, in place of the channel's. */
  crashed?(message: string): Error;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: unknown): void;
  crashed?(message: string): Error;
}

const UNEXPECTED = 'it stopped unexpectedly';

export class WorkerChannel<In extends { id: string }, Out extends { id: string }> {
  private worker: WorkerLike<In, Out> | null = null;
  private next = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: ChannelOptions<In, Out>) {}

  /** Whether a worker is running now (none before the first request or after a crash). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** How many requests wait for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Sends a request; the promise settles with its answer, its failure, or the crash error. */
  request<T, P = unknown>(
    message: WithoutId<In>,
    options: RequestOptions<P> = {},
  ): { id: string; reply: Promise<T> } {
    const id = `${this.options.prefix ?? 'r'}${++this.next}`;
    const reply = new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: options.onProgress as ((p: unknown) => void) | undefined,
        crashed: options.crashed,
      });
    });
    try {
      this.live().postMessage({ ...message, id } as unknown as In, options.transfer ?? []);
    } catch (e) {
      this.crash((e as Error).message || UNEXPECTED);
    }
    return { id, reply };
  }

  /** A message that expects no reply (a cancel, a test aid); none if no worker runs. */
  notify(message: WithoutId<In>): void {
    this.worker?.postMessage({ ...message, id: '' } as unknown as In);
  }

  /** Stops waiting for one request: it rejects with `error`, and its later replies are dropped. */
  cancel(id: string, error: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(error);
  }

  /** Ends the worker, rejecting everything pending with `error`; the next request starts anew. */
  terminate(error: Error = new Error('The worker was stopped.')): void {
    this.exit(() => error);
  }

  private live(): WorkerLike<In, Out> {
    if (this.worker) return this.worker;
    const worker = this.options.spawn();
    worker.onmessage = (event) => {
      if (this.worker === worker) this.receive(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.worker === worker) this.crash(event.message || UNEXPECTED);
    };
    return (this.worker = worker);
  }

  private receive(reply: Out): void {
    const p = this.pending.get(reply.id);
    if (!p) return; // stale: answered, cancelled, or never ours
    const reading = this.options.read(reply);
    if ('progress' in reading) return p.onProgress?.(reading.progress);
    this.pending.delete(reply.id);
    if ('error' in reading) p.reject(reading.error);
    else p.resolve(reading.value);
  }

  private crash(message: string): void {
    this.exit((p) => (p.crashed ?? this.options.crashed)(message));
  }

  private exit(errorFor: (p: Pending) => Error): void {
    const worker = this.worker;
    this.worker = null;
    worker?.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(errorFor(p));
    this.options.onExit?.();
  }
}
