/**
 * The page's handle on the evaluation worker: `evaluate(request)` runs evaluate() there and
 * resolves to its result. A worker that dies rejects what was in flight with a message, and the
 * next call starts a fresh one (the channel in $lib/workers).
 */
import { WorkerChannel, type WorkerLike } from '$lib/workers/channel';
import type { EvaluationCall, EvaluationReply } from './protocol';
import type { EvaluateRequest, EvaluationResult } from './run';

export class EvaluationClient {
  private readonly channel: WorkerChannel<EvaluationCall, EvaluationReply>;

  constructor(
    spawn: () => WorkerLike<EvaluationCall, EvaluationReply>,
    private readonly database: string,
    private readonly user: () => string | undefined = () => undefined,
    /** This tab's session id, tagged on evaluation runs (see app/sessions.ts). */
    private readonly session?: string,
  ) {
    this.channel = new WorkerChannel({
      spawn,
      prefix: 'e',
      read: (m) => (m.ok ? { value: m.result } : { error: new Error(m.message) }),
      crashed: (message, { silent }) =>
        new Error(
          `The evaluation worker ${silent ? 'stopped without an error' : 'crashed'} (${message}), so this evaluation did not finish; evaluate again. For very large predictions, try a smaller file. Runs logged before are kept.`,
        ),
    });
  }

  evaluate(request: EvaluateRequest): Promise<EvaluationResult> {
    return this.channel.request<EvaluationResult>({
      database: this.database,
      user: this.user(),
      session: this.session,
      request,
    }).reply;
  }
}
