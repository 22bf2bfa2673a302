import { describe, expect, it } from 'vitest';
import { WorkerChannel, type Clock, type Reading, type WorkerLike } from './channel';
import { isLifeline, type LifelineCall, type LifeSign } from './lifeline';
import { defaultPoolSize, WorkerPool } from './pool';

type In = { id: string; type: 'work'; n: number } | { id: string; type: 'cancel' };
type Out =
  | { id: string; type: 'progress'; step: number }
  | { id: string; type: 'done'; value: number }
  | { id: string; type: 'failed'; message: string };

/** A worker whose replies the test writes by hand; lifeline calls are kept apart. */
class FakeWorker implements WorkerLike<In, Out> {
  sent: In[] = [];
  lifeline: LifelineCall[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<Out>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: In) {
    if (isLifeline(message)) this.lifeline.push(message as LifelineCall);
    else this.sent.push(message);
  }
  sign(lifeline: LifeSign['lifeline']) {
    this.onmessage?.({ data: { id: '', lifeline } } as unknown as MessageEvent<Out>);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: Out) {
    this.onmessage?.({ data } as MessageEvent<Out>);
  }
  crash(message?: string) {
    this.onerror?.({ message } as ErrorEvent);
  }
}

/** Timers run by hand: `advance` moves time on and runs what falls due. */
class FakeClock implements Clock {
  private t = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private next = 0;
  now = () => this.t;
  setTimeout = (run: () => void, ms: number) => {
    this.timers.set(++this.next, { at: this.t + ms, run });
    return this.next;
  };
  clearTimeout = (handle: unknown) => void this.timers.delete(handle as number);
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at);
      if (!due.length) break;
      const [key, timer] = due[0];
      this.timers.delete(key);
      this.t = timer.at;
      timer.run();
    }
    this.t = end;
  }
}

/** Web Locks with one holder (the worker): `end` releases it, as the browser does on its death. */
class FakeLocks {
  waits = new Map<string, { run: () => void; signal?: AbortSignal }>();
  request(name: string, options: { signal?: AbortSignal }, run: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waits.set(name, { run: () => resolve(run()), signal: options.signal });
      options.signal?.addEventListener('abort', () => reject(new Error('AbortError')));
    });
  }
  end(name: string) {
    const wait = this.waits.get(name);
    if (wait && !wait.signal?.aborted) wait.run();
  }
}

function setup(liveness: { locks?: FakeLocks } = {}) {
  const workers: FakeWorker[] = [];
  const clock = new FakeClock();
  let exits = 0;
  const channel = new WorkerChannel<In, Out>({
    spawn: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    read: (m): Reading =>
      m.type === 'progress'
        ? { progress: m.step }
        : m.type === 'done'
          ? { value: m.value }
          : { error: new Error(m.message) },
    crashed: (message, { silent }) =>
      new Error(`The test worker stopped${silent ? ' silently' : ''} (${message}).`),
    onExit: () => void exits++,
    liveness: {
      clock,
      silenceMs: 5000,
      locks: (liveness.locks as unknown as LockManager | undefined) ?? null,
    },
  });
  return { channel, workers, clock, exits: () => exits };
}

describe('WorkerChannel', () => {
  it('numbers requests and settles each by its own reply', async () => {
    const { channel, workers } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    const b = channel.request<number>({ type: 'work', n: 2 });
    expect(workers).toHaveLength(1);
    expect(workers[0].sent.map((m) => m.id)).toEqual([a.id, b.id]);
    workers[0].reply({ id: b.id, type: 'done', value: 20 });
    workers[0].reply({ id: a.id, type: 'failed', message: 'no' });
    expect(await b.reply).toBe(20);
    await expect(a.reply).rejects.toThrow('no');
    expect(channel.size).toBe(0);
  });

  it('drops a stale reply: one already answered, cancelled, or from a replaced worker', async () => {
    const { channel, workers } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    workers[0].reply({ id: a.id, type: 'done', value: 1 });
    workers[0].reply({ id: a.id, type: 'done', value: 2 });
    expect(await a.reply).toBe(1);

    const b = channel.request<number>({ type: 'work', n: 2 });
    channel.cancel(b.id, new Error('dropped'));
    workers[0].reply({ id: b.id, type: 'done', value: 3 });
    await expect(b.reply).rejects.toThrow('dropped');

    const old = workers[0];
    old.crash('boom');
    const c = channel.request<number>({ type: 'work', n: 3 });
    old.reply({ id: c.id, type: 'done', value: 99 }); // the dead worker's reply is not applied
    workers[1].reply({ id: c.id, type: 'done', value: 4 });
    expect(await c.reply).toBe(4);
  });

  it('routes progress to the request it belongs to', async () => {
    const { channel, workers } = setup();
    const seen: Record<string, number[]> = { a: [], b: [] };
    const a = channel.request<number, number>(
      { type: 'work', n: 1 },
      { onProgress: (s) => seen.a.push(s) },
    );
    const b = channel.request<number, number>(
      { type: 'work', n: 2 },
      { onProgress: (s) => seen.b.push(s) },
    );
    workers[0].reply({ id: a.id, type: 'progress', step: 1 });
    workers[0].reply({ id: b.id, type: 'progress', step: 10 });
    workers[0].reply({ id: a.id, type: 'progress', step: 2 });
    workers[0].reply({ id: a.id, type: 'done', value: 0 });
    workers[0].reply({ id: a.id, type: 'progress', step: 3 }); // after the answer: stale
    await a.reply;
    expect(seen).toEqual({ a: [1, 2], b: [10] });
    expect(channel.size).toBe(1);
    void b.reply.catch(() => {});
  });

  it('a crash rejects every pending request with the client message, and restarts', async () => {
    const { channel, workers, exits } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    const b = channel.request<number>(
      { type: 'work', n: 2 },
      { crashed: (m) => new Error(`b could not start: ${m}`) },
    );
    workers[0].crash('out of memory');
    await expect(a.reply).rejects.toThrow('The test worker stopped (out of memory).');
    await expect(b.reply).rejects.toThrow('b could not start: out of memory');
    expect(workers[0].terminated).toBe(true);
    expect(channel.running).toBe(false);
    expect(exits()).toBe(1);
    const c = channel.request<number>({ type: 'work', n: 3 });
    expect(workers).toHaveLength(2);
    workers[1].reply({ id: c.id, type: 'done', value: 3 });
    expect(await c.reply).toBe(3);
  });

  it('a crash without a message still says what happened', async () => {
    const { channel, workers } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    workers[0].crash();
    await expect(a.reply).rejects.toThrow('The test worker stopped (it stopped unexpectedly).');
  });

  it('a worker that cannot be built fails the request with the crash message', async () => {
    const channel = new WorkerChannel<In, Out>({
      spawn: () => {
        throw new Error('no workers here');
      },
      read: () => ({ value: 0 }),
      crashed: (m) => new Error(`could not start: ${m}`),
    });
    await expect(channel.request({ type: 'work', n: 1 }).reply).rejects.toThrow(
      'could not start: no workers here',
    );
  });

  it('terminate rejects what is pending with the given error; notify needs a live worker', async () => {
    const { channel, workers } = setup();
    channel.notify({ type: 'cancel' });
    expect(workers).toHaveLength(0);
    const a = channel.request<number>({ type: 'work', n: 1 });
    channel.notify({ type: 'cancel' });
    expect(workers[0].sent.at(-1)).toEqual({ type: 'cancel', id: '' });
    channel.terminate(new Error('backend changed'));
    await expect(a.reply).rejects.toThrow('backend changed');
    expect(workers[0].terminated).toBe(true);
  });
});

describe('WorkerChannel: a worker that ends without an error', () => {
  const SILENT = 'The test worker stopped silently (closed, or ended by the browser).';

  it('with requests in flight, silence past the limit fails them and restarts', async () => {
    const { channel, workers, clock, exits } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    expect(workers[0].lifeline).toEqual([{ id: '', lifeline: 'hold', lock: undefined }]);
    workers[0].sign('beat'); // loaded
    clock.advance(4000);
    workers[0].sign('beat');
    clock.advance(4000);
    workers[0].reply({ id: a.id, type: 'progress', step: 1 }); // any message is a sign of life
    clock.advance(4999);
    expect(channel.size).toBe(1);
    clock.advance(1);
    await expect(a.reply).rejects.toThrow(SILENT);
    expect(workers[0].terminated).toBe(true);
    expect(exits()).toBe(1);
    const b = channel.request<number>({ type: 'work', n: 2 });
    expect(workers).toHaveLength(2);
    workers[1].reply({ id: b.id, type: 'done', value: 2 });
    expect(await b.reply).toBe(2);
  });

  it('a worker still loading its script gets three limits of silence before it counts as dead', async () => {
    const { channel, workers, clock } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    clock.advance(14_000);
    expect(channel.size).toBe(1);
    clock.advance(1000);
    await expect(a.reply).rejects.toThrow(SILENT);
    expect(workers[0].terminated).toBe(true);
  });

  it('an idle worker is not dead: silence counts from the first request in flight', async () => {
    const { channel, workers, clock } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    workers[0].reply({ id: a.id, type: 'done', value: 1 });
    await a.reply;
    clock.advance(60_000);
    const b = channel.request<number>({ type: 'work', n: 2 });
    clock.advance(4000);
    expect(channel.size).toBe(1);
    expect(workers).toHaveLength(1);
    workers[0].reply({ id: b.id, type: 'done', value: 2 });
    expect(await b.reply).toBe(2);
  });

  it('a worker holding its Web Lock is watched by the lock: its end fails requests at once', async () => {
    const locks = new FakeLocks();
    const { channel, workers, clock } = setup({ locks });
    const a = channel.request<number>({ type: 'work', n: 1 });
    const lock = workers[0].lifeline[0].lock!;
    expect(lock).toMatch(/^tracklab-worker-/);
    workers[0].sign('held');
    expect(locks.waits.has(lock)).toBe(true);
    clock.advance(60_000); // a long busy batch: no beats, but the lock says it lives
    expect(channel.size).toBe(1);
    locks.end(lock);
    await expect(a.reply).rejects.toThrow(SILENT);
    expect(channel.running).toBe(false);
  });

  it('a worker the channel ends itself stops its lock wait, and the next worker is unharmed', async () => {
    const locks = new FakeLocks();
    const { channel, workers } = setup({ locks });
    const a = channel.request<number>({ type: 'work', n: 1 });
    workers[0].sign('held');
    const first = workers[0].lifeline[0].lock!;
    channel.terminate(new Error('backend changed'));
    await expect(a.reply).rejects.toThrow('backend changed');
    const b = channel.request<number>({ type: 'work', n: 2 });
    locks.end(first); // the old worker's lock is released late
    expect(channel.size).toBe(1);
    expect(workers[1].lifeline[0].lock).not.toBe(first);
    workers[1].reply({ id: b.id, type: 'done', value: 2 });
    expect(await b.reply).toBe(2);
  });

  it('an error event still reads as a crash, not a silent end', async () => {
    const { channel, workers } = setup();
    const a = channel.request<number>({ type: 'work', n: 1 });
    workers[0].crash('boom');
    await expect(a.reply).rejects.toThrow('The test worker stopped (boom).');
  });
});

describe('WorkerPool', () => {
  it('sizes itself from the cores, leaving one to the page, at most four', () => {
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(2)).toBe(1);
    expect(defaultPoolSize(4)).toBe(3);
    expect(defaultPoolSize(32)).toBe(4);
  });

  it('hands out idle members, builds lazily, and queues in order when all are busy', async () => {
    const built: number[] = [];
    const pool = new WorkerPool(2, (i) => (built.push(i), `w${i}`));
    const a = await pool.acquire();
    expect(pool.member(a)).toBe('w0');
    const b = await pool.acquire();
    expect(b).toBe(1);
    const order: number[] = [];
    const c = pool.acquire().then((i) => (order.push(1), i));
    const d = pool.acquire().then((i) => (order.push(2), i));
    pool.release(b);
    pool.release(a);
    expect([await c, await d]).toEqual([1, 0]);
    expect(order).toEqual([1, 2]);
    expect(built).toEqual([0]); // acquire hands out an index; the member is built on use
    pool.release(0);
    pool.release(1);
    expect(pool.isBusy(0) || pool.isBusy(1)).toBe(false);
  });

  it('grows for more jobs at once, handing the new places to jobs in line, and never shrinks', async () => {
    const pool = new WorkerPool(1, (i) => i);
    expect(await pool.acquire()).toBe(0);
    const waiting = pool.acquire();
    pool.grow(3);
    expect(pool.size).toBe(3);
    expect(await waiting).toBe(1);
    expect(await pool.acquire()).toBe(2);
    pool.grow(2);
    expect(pool.size).toBe(3);
  });

  it('prefers a member already built over starting another', async () => {
    const pool = new WorkerPool(3, (i) => i);
    pool.member(2);
    expect(await pool.acquire()).toBe(2);
  });
});
