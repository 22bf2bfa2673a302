import { describe, expect, it } from 'vitest';
import { WorkerChannel, type Reading, type WorkerLike } from './channel';
import { defaultPoolSize, WorkerPool } from './pool';

type In = { id: string; type: 'work'; n: number } | { id: string; type: 'cancel' };
type Out =
  | { id: string; type: 'progress'; step: number }
  | { id: string; type: 'done'; value: number }
  | { id: string; type: 'failed'; message: string };

/** A worker whose replies the test writes by hand. */
class FakeWorker implements WorkerLike<In, Out> {
  sent: In[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<Out>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: In) {
    this.sent.push(message);
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

function setup() {
  const workers: FakeWorker[] = [];
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
    crashed: (message) => new Error(`The test worker stopped (${message}).`),
    onExit: () => void exits++,
  });
  return { channel, workers, exits: () => exits };
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

  it('prefers a member already built over starting another', async () => {
    const pool = new WorkerPool(3, (i) => i);
    pool.member(2);
    expect(await pool.acquire()).toBe(2);
  });
});
