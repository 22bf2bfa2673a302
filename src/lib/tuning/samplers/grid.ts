/**
 * Grid search: every combination of the given values, each tried once, in an order shuffled by
 * the seed (so a study cut short still spreads over the grid), as Optuna's GridSampler. The trial
 * number picks the grid point while the grid lasts; after that, a random point not yet finished
 * or running; the study stops when the grid is used up.
 */
import type { Choice, Distribution, ParamValue } from '../distributions';
import { checkOptions } from '../options';
import { RandomState } from '../rng';
import type { FrozenTrial, Sampler, StudyView, TrialState } from '../types';

export type GridSpace = Record<string, readonly Choice[]>;

export class GridSampler implements Sampler {
  readonly name = 'GridSampler';
  private readonly space: Record<string, Choice[]> = {};
  private readonly names: string[];
  private readonly grids: Choice[][];
  private readonly rng: RandomState;
  private readonly seed: number;

  constructor(searchSpace: GridSpace, options: { seed?: number } = {}) {
    checkOptions('GridSampler', options, ['seed']);
    this.names = Object.keys(searchSpace).sort();
    for (const name of this.names) {
      const values = searchSpace[name];
      if (!Array.isArray(values) || values.length === 0) {
        throw new RangeError(`The grid for "${name}" needs at least one value.`);
      }
      this.space[name] = [...values];
    }
    this.grids = product(this.names.map((n) => this.space[n]));
    this.seed = options.seed || 0;
    this.rng = new RandomState(this.seed);
    this.rng.shuffle(this.grids);
  }

  /** How many grid points there are: a study of this many trials covers the grid once. */
  get size(): number {
    return this.grids.length;
  }

  settings() {
    return { seed: this.seed, search_space: JSON.stringify(this.space) };
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    if ('grid_id' in trial.systemAttrs || 'fixed_params' in trial.systemAttrs) return;
    let gridId: number;
    if (trial.number < this.grids.length) {
      gridId = trial.number;
    } else {
      let targets = this.unvisited(study);
      // Used up (a queue or parallel trials ran past it): re-evaluate a random point, as Optuna.
      if (!targets.length) targets = this.grids.map((_, i) => i);
      gridId = targets[this.rng.interval(targets.length - 1)];
    }
    trial.systemAttrs.search_space = this.space;
    trial.systemAttrs.grid_id = gridId;
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string): ParamValue {
    const gridId = trial.systemAttrs.grid_id;
    if (typeof gridId !== 'number') {
      throw new Error('With GridSampler, an enqueued trial must give every parameter of the grid.');
    }
    const index = this.names.indexOf(name);
    if (index < 0) {
      throw new RangeError(
        `"${name}" is not in the grid (${this.names.map((n) => `"${n}"`).join(', ')}): add its values to the GridSampler's search space.`,
      );
    }
    return this.grids[gridId][index];
  }

  afterTrial(study: StudyView, trial: FrozenTrial, _state: TrialState): void {
    const targets = this.unvisited(study);
    if (
      targets.length === 0 ||
      (targets.length === 1 && trial.systemAttrs.grid_id === targets[0])
    ) {
      study.stop?.();
    }
  }

  /** Whether every grid point has been tried in this study. */
  isExhausted(study: StudyView): boolean {
    return this.unvisited(study).length === 0;
  }

  private unvisited(study: StudyView): number[] {
    const visited = new Set<number>();
    const running = new Set<number>();
    const mine = JSON.stringify(this.space);
    for (const t of study.getTrials()) {
      const id = t.systemAttrs.grid_id;
      if (typeof id !== 'number' || JSON.stringify(t.systemAttrs.search_space) !== mine) continue;
      if (t.state === 'RUNNING') running.add(id);
      else if (t.state !== 'WAITING') visited.add(id);
    }
    const all = this.grids.map((_, i) => i);
    const open = all.filter((i) => !visited.has(i) && !running.has(i));
    return open.length ? open : all.filter((i) => !visited.has(i));
  }
}

function product(lists: Choice[][]): Choice[][] {
  let out: Choice[][] = [[]];
  for (const values of lists) out = out.flatMap((prefix) => values.map((v) => [...prefix, v]));
  return out;
}
