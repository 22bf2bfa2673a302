import { describe, expect, it } from 'vitest';
import { progressView } from './train-progress';

const finished = (epochs: number, bestEpoch: number, stoppedEarly: boolean) => ({
  status: 'FINISHED' as const,
  result: { epochs, bestEpoch, stoppedEarly },
});

describe('the Train page progress line', () => {
  it('counts epochs while it runs, and says when it is cancelling', () => {
    expect(progressView({ state: 'preparing', epochs: 0, total: 20 })).toEqual({
      text: 'Preparing the data…',
      value: undefined,
      max: 20,
    });
    expect(progressView({ state: 'running', epochs: 7, total: 20 })).toEqual({
      text: 'Epoch 7 of 20',
      value: 7,
      max: 20,
    });
    expect(progressView({ state: 'cancelling', epochs: 7, total: 20 }).text).toBe(
      'Epoch 7 of 20 · cancelling…',
    );
  });

  it('after early stopping says where it stopped and the best epoch, with the bar complete', () => {
    // The trainer's best epoch is 0-based; the page counts epochs from 1, as its charts do.
    const view = progressView({
      state: 'done',
      epochs: 13,
      total: 20,
      outcome: finished(13, 6, true),
    });
    expect(view.text).toBe('Stopped early at epoch 13 of 20 (best: epoch 7)');
    expect(view.value).toBe(view.max);
    expect(view.ending).toBe('stopped-early');
  });

  it('a run that trained every epoch says so, even when early stopping fired on the last', () => {
    for (const early of [false, true]) {
      const view = progressView({
        state: 'done',
        epochs: 20,
        total: 20,
        outcome: finished(20, 17, early),
      });
      expect(view).toEqual({
        text: 'Trained all 20 epochs (best: epoch 18)',
        value: 20,
        max: 20,
        ending: 'finished',
      });
    }
    expect(
      progressView({ state: 'done', epochs: 1, total: 1, outcome: finished(1, 0, false) }).text,
    ).toBe('Trained all 1 epoch (best: epoch 1)');
  });

  it('a cancelled or failed run says how far it got, and the bar stays where it stopped', () => {
    expect(
      progressView({ state: 'done', epochs: 5, total: 20, outcome: { status: 'KILLED' } }),
    ).toEqual({ text: 'Cancelled after 5 of 20 epochs', value: 5, max: 20, ending: 'cancelled' });
    expect(
      progressView({ state: 'done', epochs: 3, total: 20, outcome: { status: 'FAILED' } }),
    ).toEqual({ text: 'Failed after 3 of 20 epochs', value: 3, max: 20, ending: 'failed' });
    expect(progressView({ state: 'done', epochs: 0, total: 20, failed: true })).toEqual({
      text: 'Failed before the first epoch',
      value: 0,
      max: 20,
      ending: 'failed',
    });
  });

  it('never reads "Epoch N of M" once training is over', () => {
    const outcomes = [
      finished(13, 6, true),
      finished(20, 19, false),
      { status: 'KILLED' as const },
      { status: 'FAILED' as const },
      undefined,
    ];
    for (const outcome of outcomes) {
      const view = progressView({
        state: 'done',
        epochs: 13,
        total: 20,
        outcome,
        failed: !outcome,
      });
      expect(view.text).not.toMatch(/^Epoch/);
      expect(view.ending).toBeDefined();
      expect(view.value).toBeLessThanOrEqual(view.max);
    }
  });
});
