import { describe, expect, it } from 'vitest';
import type { WorkerLike } from '$lib/workers/channel';
import { isLifeline } from '$lib/workers/lifeline';
import { EvaluationClient } from './client';
import type { EvaluationCall, EvaluationReply } from './protocol';

/** An evaluation worker whose replies the test writes; it can crash like a real one. */
class FakeWorker implements WorkerLike<EvaluationCall, EvaluationReply> {
  calls: EvaluationCall[] = [];
  onmessage: ((event: MessageEvent<EvaluationReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: EvaluationCall) {
    if (!isLifeline(message)) this.calls.push(message);
  }
  terminate() {}
  reply(data: EvaluationReply) {
    this.onmessage?.({ data } as MessageEvent<EvaluationReply>);
  }
  crash(message: string) {
    this.onerror?.({ message } as ErrorEvent);
  }
}

function setUp() {
  const worker = new FakeWorker();
  const closed: [string, string][] = [];
  const client = new EvaluationClient(
    () => worker,
    'db',
    () => 'ada',
    'tab-1',
    async (runId, reason) => void closed.push([runId, reason]),
  );
  return { worker, closed, client };
}

describe('EvaluationClient', () => {
  it('closes the run a crashed worker left open, FAILED with the crash', async () => {
    const { worker, closed, client } = setUp();
    const result = client.evaluate({ runId: 'source' });
    expect(worker.calls[0]).toMatchObject({ database: 'db', user: 'ada', session: 'tab-1' });
    worker.reply({ id: worker.calls[0].id, started: 'eval-run' });
    worker.crash('out of memory');
    await expect(result).rejects.toThrow(/The evaluation worker crashed \(out of memory\)/);
    expect(closed).toEqual([['eval-run', expect.stringMatching(/crashed \(out of memory\)/)]]);
  });

  it('leaves runs alone when the worker crashed before opening one, or failed on its own', async () => {
    const { worker, closed, client } = setUp();
    const early = client.evaluate({ runId: 'source' });
    worker.crash('gone');
    await expect(early).rejects.toThrow(/crashed \(gone\)/);

    const failed = client.evaluate({ runId: 'source' });
    const id = worker.calls.at(-1)!.id;
    worker.reply({ id, started: 'eval-run' });
    worker.reply({ id, ok: false, message: 'bad predictions' });
    await expect(failed).rejects.toThrow('bad predictions');
    expect(closed).toEqual([]);
  });
});
