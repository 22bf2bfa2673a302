/**
 * The page's handle on the evaluation worker: `evaluate(request)` runs evaluate() there and
 * resolves to its result. A worker that dies rejects what was in flight with a message, and the
 * next call starts a fresh one (the channel in $lib/workers). The worker ends its own run, except
 * when it dies: then the run it had opened is closed FAILED here, with the reason.
 */
import { WorkerChannel, type WorkerLike } from '$lib/workers/channel';
import type { EvaluationCall, EvaluationReply } from './protocol';
import type { EvaluateRequest, EvaluationResult } from './run';

const crashedError = (message: string, { silent }: { silent?: boolean }) =>
  new Error(
    `The evaluation worker ${silent ? 'stopped without an error' : 'crashed'} (${message}), so this evaluation did not finish; evaluate again. For very large predictions, try a smaller file. Runs logged before are kept.`,
  );

/** Ends a run the dead worker left RUNNING (the page's tracking client does it). */
export type CloseOrphan = (runId: string, reason: string) => Promise<void>;

export class EvaluationClient {
  private readonly channel: WorkerChannel<EvaluationCall, EvaluationReply>;

  constructor(
    spawn: () => WorkerLike<EvaluationCall, EvaluationReply>,
    private readonly database: string,
    private readonly user: () => string | undefined = () => undefined,
    /** This tab's session id, tagged on evaluation runs (see app/sessions.ts). */
    private readonly session?: string,
    private readonly closeOrphan?: CloseOrphan,
  ) {
    this.channel = new WorkerChannel({
      spawn,
      prefix: 'e',
      read: (m) =>
        'started' in m
          ? { progress: m.started }
          : m.ok
            ? { value: m.result }
            : { error: new Error(m.message) },
      crashed: crashedError,
    });
  }

  async evaluate(request: EvaluateRequest): Promise<EvaluationResult> {
    let runId: string | undefined;
    let crashed: Error | undefined;
    const call = this.channel.request<EvaluationResult, string>(
      { database: this.database, user: this.user(), session: this.session, request },
      {
        onProgress: (started) => (runId = started),
        crashed: (message, info) => (crashed = crashedError(message, info)),
      },
    );
    try {
      return await call.reply;
    } catch (e) {
      if (crashed && runId && this.closeOrphan)
        await this.closeOrphan(runId, crashed.message).catch(() => undefined);
      throw e;
    }
  }
}
