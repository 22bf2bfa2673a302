/**
 * Optuna's HyperbandPruner: several successive-halving brackets, each starting its first rung at
 * a different step, with every trial assigned to one bracket by a hash of the study name and the
 * trial number. Decisions and bracket assignments follow Optuna 4.9 exactly, so a sampler given
 * `filterStudy` learns from the same trials as Optuna's does.
 */
import type { FrozenTrial, Pruner, StudyView, TrialState } from '../types';
import { checkOptions } from '../options';
import { checkWholeNumber, lastStep, shown } from './percentile';
import { SuccessiveHalvingPruner } from './successive-halving';

export interface HyperbandPrunerOptions {
  /** Steps before the first rung of the most aggressive bracket. Default 1. */
  minResource?: number;
  /**
   * Steps of a full trial. 'auto' (the default): one more than the last step of the first
   * completed trials, fixed once known.
   */
  maxResource?: 'auto' | number;
  /** As SuccessiveHalvingPruner's, and the base of the bracket count. Default 3. */
  reductionFactor?: number;
  /** As SuccessiveHalvingPruner's. Default 0. */
  bootstrapCount?: number;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (zlib's, as Python's binascii.crc32) of a string's UTF-8 bytes. */
export function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const LOG_BITS = 160n;
const LOG_ONE = 1n << LOG_BITS;

/** atanh(t) for a fixed-point t (scaled by 2^LOG_BITS) with |t| ≤ 1/3. */
function fixedAtanh(t: bigint): bigint {
  const t2 = (t * t) >> LOG_BITS;
  let term = t;
  let sum = t;
  for (let k = 3n; term !== 0n; k += 2n) {
    term = (term * t2) >> LOG_BITS;
    sum += term / k;
  }
  return sum;
}

/**
 * The natural log correctly rounded, as Python's math.log is on glibc in practice. V8's Math.log
 * is not: it gives log(3) one bit low, so log(243) / log(3) is 5 in V8 but 4.999… in Python, and
 * a 243-step study would get one bracket more than Optuna gives it. Computed in fixed point with
 * 160 bits; only called when the brackets are set up. `x`: positive and finite.
 */
export function correctlyRoundedLog(x: number): number {
  // x = m · 2^e with m in [1, 2); both scalings are exact.
  let e = Math.floor(Math.log2(x));
  if (x / 2 ** e >= 2) e++;
  if (x / 2 ** e < 1) e--;
  const m = BigInt((x / 2 ** e) * 2 ** 52) << (LOG_BITS - 52n);
  const logM = 2n * fixedAtanh(((m - LOG_ONE) << LOG_BITS) / (m + LOG_ONE));
  const log2 = 2n * fixedAtanh(LOG_ONE / 3n);
  // Number(bigint) rounds to nearest, and dividing by a power of two is exact.
  return Number(BigInt(e) * log2 + logM) / 2 ** Number(LOG_BITS);
}

export class HyperbandPruner implements Pruner {
  readonly name = 'HyperbandPruner';
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly bootstrapCount: number;
  private readonly configuredMaxResource: 'auto' | number;
  private maxResource: number | null;
  private nBrackets: number | null = null;
  private readonly pruners: SuccessiveHalvingPruner[] = [];
  private readonly budgets: number[] = [];
  private totalBudget = 0;

  constructor(options: HyperbandPrunerOptions = {}) {
    const owner = this.name;
    checkOptions(owner, options, [
      'minResource',
      'maxResource',
      'reductionFactor',
      'bootstrapCount',
    ]);
    // Optuna checks minResource and reductionFactor only when the brackets are built, and fails
    // there (or on log of 0 for maxResource 0); checked here, the error comes before any trial.
    this.minResource = checkWholeNumber(owner, 'minResource', options.minResource ?? 1, 1);
    const maxResource = options.maxResource ?? 'auto';
    if (maxResource !== 'auto') checkWholeNumber(owner, 'maxResource', maxResource, 1);
    this.configuredMaxResource = maxResource;
    this.maxResource = maxResource === 'auto' ? null : maxResource;
    this.reductionFactor = checkWholeNumber(
      owner,
      'reductionFactor',
      options.reductionFactor ?? 3,
      2,
    );
    this.bootstrapCount = checkWholeNumber(owner, 'bootstrapCount', options.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && maxResource === 'auto') {
      throw new RangeError(
        `${owner}: bootstrapCount > 0 needs a numeric maxResource, not 'auto' (got bootstrapCount ${shown(this.bootstrapCount)}).`,
      );
    }
  }

  settings() {
    return {
      minResource: this.minResource,
      maxResource: this.configuredMaxResource,
      reductionFactor: this.reductionFactor,
      bootstrapCount: this.bootstrapCount,
    };
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    if (this.pruners.length === 0) {
      this.tryInitialization(study);
      if (this.pruners.length === 0) return false;
    }
    const bracket = this.bracketOf(study, trial);
    return this.pruners[bracket].prune(this.bracketStudy(study, bracket), trial);
  }

  /** The trials of this trial's bracket: all of them until the brackets are set up. */
  filterStudy(study: StudyView, trial: FrozenTrial): StudyView {
    return this.bracketStudy(study, this.bracketOf(study, trial));
  }

  private tryInitialization(study: StudyView): void {
    if (this.maxResource === null) {
      let longest: number | null = null;
      for (const t of study.getTrials(['COMPLETE'])) {
        const step = lastStep(t);
        if (step !== null && (longest === null || step > longest)) longest = step;
      }
      if (longest === null) return;
      this.maxResource = longest + 1;
    }
    // Optuna's floor(log_η(max / min)) + 1, with Python's rounding. A maxResource below
    // minResource gives no brackets, and Optuna then never prunes.
    this.nBrackets ??=
      Math.floor(
        correctlyRoundedLog(this.maxResource / this.minResource) /
          correctlyRoundedLog(this.reductionFactor),
      ) + 1;
    for (let bracket = 0; bracket < this.nBrackets; bracket++) {
      // Trials per bracket in Hyperband's proportions (n in the paper's Algorithm 1).
      const s = this.nBrackets - 1 - bracket;
      const budget = Math.ceil((this.nBrackets * this.reductionFactor ** s) / (s + 1));
      this.totalBudget += budget;
      this.budgets.push(budget);
      this.pruners.push(
        new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: this.reductionFactor,
          minEarlyStoppingRate: bracket,
          bootstrapCount: this.bootstrapCount,
        }),
      );
    }
  }

  private bracketOf(study: StudyView, trial: FrozenTrial): number {
    if (this.pruners.length === 0) return 0;
    let n = crc32(`${study.studyName}_${trial.number}`) % this.totalBudget;
    let bracket = 0;
    while ((n -= this.budgets[bracket]) >= 0) bracket++;
    return bracket;
  }

  private bracketStudy(study: StudyView, bracket: number): StudyView {
    return {
      studyName: study.studyName,
      direction: study.direction,
      getTrials: (states?: readonly TrialState[]) =>
        study.getTrials(states).filter((t) => this.bracketOf(study, t) === bracket),
    };
  }
}
