/**
 * Optuna's NopPruner: never stops a trial, so a study runs every trial to the end while its
 * objective may still call `trial.shouldPrune()`. (The default, as in Optuna, is MedianPruner.)
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
