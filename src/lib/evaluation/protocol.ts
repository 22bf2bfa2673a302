/** Messages between the page and the evaluation worker (worker.ts, client.ts). */
import type { EvaluateRequest, EvaluationResult } from './run';

export interface EvaluationCall {
  id: string;
  /** The tracking store's IndexedDB database. */
  database: string;
  /** mlflow.user of the evaluation run. */
  user?: string;
  /** The page's session (tracklab.session tag), so a run left RUNNING by a closed tab is closed. */
  session?: string;
  request: EvaluateRequest;
}

export type EvaluationReply =
  | { id: string; ok: true; result: EvaluationResult }
  | { id: string; ok: false; message: string }
  /** The evaluation run exists: if the worker dies now, the page closes it (client.ts). */
  | { id: string; started: string };
