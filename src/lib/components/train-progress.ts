/**
 * What the Train page's progress line says and how full its bar is, for each moment of a
 * training: preparing, each epoch, cancelling, and each way it can end — every epoch trained,
 * stopped early by early stopping (the bar is then complete: nothing is left to run), cancelled,
 * failed. Pure, so each wording is unit-tested.
 */

/** How a training ended, as the Train use case reports it (TrainOutcome's shape). */
export interface TrainEnd {
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  /** The fit's result, on FINISHED: epochs trained, best epoch (0-based), early stop. */
  result?: { epochs: number; bestEpoch: number; stoppedEarly: boolean };
}

export interface ProgressInput {
  state: 'preparing' | 'running' | 'cancelling' | 'done';
  /** Epochs reported so far. */
  epochs: number;
  /** Epochs asked for. */
  total: number;
  /** How the run ended, once it has. */
  outcome?: TrainEnd;
  /** The training threw before it could report an outcome (a failed preparation, say). */
  failed?: boolean;
}

export interface ProgressView {
  text: string;
  /** Undefined for an indeterminate bar (nothing measured yet). */
  value: number | undefined;
  max: number;
  /** How it ended, for styling: undefined while it runs. */
  ending?: 'finished' | 'stopped-early' | 'cancelled' | 'failed';
}

const epochsText = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

/** The epoch the best weights came from, counted from 1 as the Train page's charts count. */
const bestText = (bestEpoch: number) => (bestEpoch >= 0 ? ` (best: epoch ${bestEpoch + 1})` : '');

function finished(result: NonNullable<TrainEnd['result']>, total: number): ProgressView {
  const { epochs, bestEpoch, stoppedEarly } = result;
  // Early stopping that fires on the very last epoch stopped nothing early.
  if (stoppedEarly && epochs < total) {
    return {
      text: `Stopped early at epoch ${epochs} of ${total}${bestText(bestEpoch)}`,
      value: epochs,
      max: epochs,
      ending: 'stopped-early',
    };
  }
  return {
    text: `Trained all ${epochsText(epochs)}${bestText(bestEpoch)}`,
    value: epochs,
    max: Math.max(epochs, 1),
    ending: 'finished',
  };
}

export function progressView(p: ProgressInput): ProgressView {
  const max = Math.max(p.total, 1);
  const done = Math.min(p.epochs, max);
  const sofar = `${done} of ${epochsText(p.total)}`;
  if (p.state === 'preparing') return { text: 'Preparing the data…', value: undefined, max };
  if (p.state === 'running') return { text: `Epoch ${done} of ${p.total}`, value: done, max };
  if (p.state === 'cancelling') {
    return { text: `Epoch ${done} of ${p.total} · cancelling…`, value: done, max };
  }
  const outcome = p.outcome;
  if (outcome?.status === 'FINISHED' && outcome.result) return finished(outcome.result, p.total);
  if (outcome?.status === 'KILLED') {
    return { text: `Cancelled after ${sofar}`, value: done, max, ending: 'cancelled' };
  }
  if (outcome?.status === 'FAILED' || p.failed || !outcome) {
    const text = done ? `Failed after ${sofar}` : 'Failed before the first epoch';
    return { text, value: done, max, ending: 'failed' };
  }
  // FINISHED without a fit result does not happen; say what is known.
  return { text: `Finished after ${epochsText(done)}`, value: done, max, ending: 'finished' };
}
