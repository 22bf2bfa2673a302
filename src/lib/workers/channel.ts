/**
 * Typed request/reply over postMessage, the one way the page talks to a worker. Every request is
 * numbered and every reply names the request it answers; a reply for a request that is no longer
 * pending (answered, cancelled, or sent by a worker since replaced) is dropped. A crash — the
 * worker's `error` event, or a worker that cannot be built — rejects every pending request with
 * the error its feature client chose, and the next request starts a fresh worker. So does a silent
 * death (terminate, or the worker's own close(), which fire no event): the worker holds a Web Lock
 * for its life that the page queues on, and where Web Locks are missing the page counts the
 * silence between its heartbeats (lifeline.ts). No feature logic lives here: what a reply means
 * is the client's `read`.
 */
import { isLifeline, type LifelineCall, type LifeSign } from './lifeline';

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

/** How a crash came: the worker's `error` event, or a death it did not announce. */
export interface CrashInfo {
  /** Terminated or closed without an error: found by its lock or its silence. */
  silent: boolean;
}

/** The clock the silence watch reads (a fake one in unit tests). */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Liveness {
  /**
   * Silence (no message, no heartbeat) after which a worker with requests in flight counts as
   * dead, where its Web Lock cannot tell. The worker beats every second and between batches, so
   * this only has to cover one batch or one uninterrupted step of work.
   */
  silenceMs?: number;
  /** The page's Web Locks; null turns the lock watch off (heartbeats only). */
  locks?: LockManager | null;
  clock?: Clock;
}

export const SILENCE_MS = 10_000;
/**
 * A worker not heard from yet is still loading its script (the training chunk is 2.3 MB, and its
 * parse took seconds on a loaded machine): it gets this many silence limits before it counts as
 * dead. A script that fails to load fires `error`, so this only covers a kill during the load,
 * which no lock can report (the worker takes its lock once loaded).
 */
const LOADING_LIMITS = 3;
const SILENT = 'closed, or ended by the browser';

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ChannelOptions<In extends { id: string }, Out extends { id: string }> {
  spawn(): WorkerLike<In, Out>;
  read(reply: Out): Reading;
  /** The error every pending request gets when the worker dies, from the browser's message. */
  crashed(message: string, info: CrashInfo): Error;
  /** Told when the worker is gone (crash or terminate), so state tied to it can reset. */
  onExit?(): void;
  /** Prefix of request ids, which shows in the worker's messages while debugging. */
  prefix?: string;
  /** How a silent death is found; defaults suit the browser. */
  liveness?: Liveness;
}

export interface RequestOptions<P> {
  transfer?: Transferable[];
  onProgress?(progress: P): void;
  /** This request's own crash error, in place of the channel's. */
  crashed?(message: string, info: CrashInfo): Error;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: unknown): void;
  crashed?(message: string, info: CrashInfo): Error;
}

/** The death watch on one worker: its lock wait, and when it was last heard. */
interface Watch {
  lock?: string;
  /** Aborts the page's wait on the lock when the channel itself ends the worker. */
  abort: AbortController;
  /** The worker holds its lock: the lock, not silence, tells of its death. */
  held: boolean;
  /** Any message came from it: its script has loaded. */
  spoke: boolean;
  heard: number;
  timer?: unknown;
}

const UNEXPECTED = 'it stopped unexpectedly';

export class WorkerChannel<In extends { id: string }, Out extends { id: string }> {
  private worker: WorkerLike<In, Out> | null = null;
  private watch: Watch | null = null;
  private next = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly clock: Clock;
  private readonly silenceMs: number;
  private readonly locks: LockManager | null;

  constructor(private readonly options: ChannelOptions<In, Out>) {
    const l = options.liveness ?? {};
    this.clock = l.clock ?? realClock;
    this.silenceMs = l.silenceMs ?? SILENCE_MS;
    this.locks =
      l.locks !== undefined
        ? l.locks
        : ((globalThis.navigator as { locks?: LockManager } | undefined)?.locks ?? null);
  }

  /** Whether a worker is running now (none before the first request or after a crash). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** How many requests wait for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Whether request `id` still waits for its answer. */
  has(id: string): boolean {
    return this.pending.has(id);
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
      const worker = this.live();
      // Silence while idle is no sign of death: count it from the first request in flight.
      if (this.pending.size === 1 && this.watch) this.heard(this.watch);
      worker.postMessage({ ...message, id } as unknown as In, options.transfer ?? []);
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
    this.worker = worker;
    this.watchOver(worker);
    return worker;
  }

  /** Asks the new worker for its signs of life (lifeline.ts). */
  private watchOver(worker: WorkerLike<In, Out>): void {
    const lock = this.locks ? `tracklab-worker-${crypto.randomUUID()}` : undefined;
    const heard = this.clock.now();
    this.watch = { lock, abort: new AbortController(), held: false, spoke: false, heard };
    const call: LifelineCall = { id: '', lifeline: 'hold', lock };
    worker.postMessage(call as unknown as In);
  }

  /** The worker holds its lock: queue on it; being granted it means the worker has ended. */
  private waitOnLock(worker: WorkerLike<In, Out>, watch: Watch): void {
    if (!this.locks || !watch.lock || watch.held) return;
    watch.held = true;
    this.clock.clearTimeout(watch.timer);
    this.locks
      .request(watch.lock, { signal: watch.abort.signal }, () => {
        if (this.worker === worker) this.crash(SILENT, true);
      })
      .catch(() => {}); // aborted: the channel ended this worker itself
  }

  /** Notes a sign of life, and (re)arms the silence check while requests wait. */
  private heard(watch: Watch): void {
    watch.heard = this.clock.now();
    if (watch.held || watch.timer !== undefined || !this.pending.size) return;
    const check = () => {
      watch.timer = undefined;
      if (this.watch !== watch || watch.held || !this.pending.size) return;
      const limit = this.silenceMs * (watch.spoke ? 1 : LOADING_LIMITS);
      const quiet = this.clock.now() - watch.heard;
      if (quiet >= limit) return this.crash(SILENT, true);
      watch.timer = this.clock.setTimeout(check, Math.min(this.silenceMs, limit - quiet));
    };
    watch.timer = this.clock.setTimeout(check, this.silenceMs);
  }

  private receive(reply: Out): void {
    const watch = this.watch;
    if (watch) {
      watch.spoke = true;
      this.heard(watch);
    }
    if (isLifeline(reply)) {
      if ((reply as LifeSign).lifeline === 'held' && watch) this.waitOnLock(this.worker!, watch);
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) return; // stale: answered, cancelled, or never ours
    const reading = this.options.read(reply);
    if ('progress' in reading) return p.onProgress?.(reading.progress);
    this.pending.delete(reply.id);
    if ('error' in reading) p.reject(reading.error);
    else p.resolve(reading.value);
  }

  private crash(message: string, silent = false): void {
    this.exit((p) => (p.crashed ?? this.options.crashed)(message, { silent }));
  }

  private exit(errorFor: (p: Pending) => Error): void {
    const worker = this.worker;
    this.worker = null;
    if (this.watch) {
      this.watch.abort.abort();
      this.clock.clearTimeout(this.watch.timer);
      this.watch = null;
    }
    worker?.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(errorFor(p));
    this.options.onExit?.();
  }
}
