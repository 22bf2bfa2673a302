/**
 * Optuna's NopPruner: never stops a trial. The study's default, so a study without a pruner runs
 * every trial to the end while its objective may still call `trial.shouldPrune()`.
 */
import type { Pruner } from '../types';

export class NopPruner implements Pruner {
  readonly name = 'NopPruner';

  settings() {
    return {};
  }

  prune(): boolean {
    return false;
  }
}
