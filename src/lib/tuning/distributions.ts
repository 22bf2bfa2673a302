/**
 * The three kinds of search dimension, as Optuna has them: a float range (optionally on a log
 * scale or in steps), an int range (log or steps) and a list of choices. Samplers work in each
 * one's internal representation — the number itself, or a choice's index — as Optuna's do.
 */
export type Choice = string | number | boolean | null;

export interface FloatDistribution {
  type: 'float';
  low: number;
  high: number;
  log: boolean;
  step: number | null;
}
export interface IntDistribution {
  type: 'int';
  low: number;
  high: number;
  log: boolean;
  step: number;
}
export interface CategoricalDistribution {
  type: 'categorical';
  choices: Choice[];
}
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;
export type ParamValue = number | Choice;

/** Decimal digits enough to hold any of these values exactly, as Python's Decimal(str(x)) does. */
function scaleOf(...xs: number[]): number {
  let digits = 0;
  for (const x of xs) {
    const s = String(x);
    const e = s.match(/e-(\d+)$/);
    const dot = s.indexOf('.');
    const frac = dot < 0 ? 0 : (e ? e.index! : s.length) - dot - 1;
    digits = Math.max(digits, frac + (e ? Number(e[1]) : 0));
  }
  return Math.min(digits, 300);
}

/** `high` brought down to the last low + k·step inside the range (exact decimal arithmetic). */
export function adjustHigh(low: number, high: number, step: number): number {
  const digits = scaleOf(low, high, step);
  if (digits > 15) {
    const k = Math.floor((high - low) / step + 1e-9);
    return k * step + low;
  }
  const f = 10n ** BigInt(digits);
  const toInt = (x: number) => BigInt(Math.round(x * Number(f)));
  const [l, h, s] = [toInt(low), toInt(high), toInt(step)];
  const r = h - l;
  if (r % s === 0n) return high;
  return Number((r / s) * s + l) / Number(f);
}

export function floatDistribution(
  low: number,
  high: number,
  options: { log?: boolean; step?: number | null } = {},
): FloatDistribution {
  const log = options.log ?? false;
  const step = options.step ?? null;
  if (!Number.isFinite(low) || !Number.isFinite(high))
    throw new RangeError(`A float range needs finite ends (got low=${low}, high=${high}).`);
  if (log && step !== null)
    throw new RangeError('A float range cannot be both on a log scale and in steps: drop one.');
  if (low > high) throw new RangeError(`low ≤ high must hold (got low=${low}, high=${high}).`);
  if (log && low <= 0)
    throw new RangeError(`A log-scale range needs low > 0 (got low=${low}, high=${high}).`);
  if (step !== null && !(step > 0)) throw new RangeError(`step > 0 must hold (got ${step}).`);
  return {
    type: 'float',
    low,
    high: step === null ? high : adjustHigh(low, high, step),
    log,
    step,
  };
}

export function intDistribution(
  low: number,
  high: number,
  options: { log?: boolean; step?: number } = {},
): IntDistribution {
  const log = options.log ?? false;
  const step = options.step ?? 1;
  for (const [k, v] of [
    ['low', low],
    ['high', high],
    ['step', step],
  ] as const) {
    if (!Number.isSafeInteger(v))
      throw new RangeError(`An int range's ${k} must be whole (got ${v}).`);
  }
  if (log && step !== 1)
    throw new RangeError('An int range on a log scale takes no step other than 1.');
  if (low > high) throw new RangeError(`low ≤ high must hold (got low=${low}, high=${high}).`);
  if (log && low < 1)
    throw new RangeError(`A log-scale int range needs low ≥ 1 (got low=${low}, high=${high}).`);
  if (step <= 0) throw new RangeError(`step > 0 must hold (got ${step}).`);
  const r = high - low;
  return {
    type: 'int',
    low,
    high: r % step === 0 ? high : low + Math.floor(r / step) * step,
    log,
    step,
  };
}

export function categoricalDistribution(choices: readonly Choice[]): CategoricalDistribution {
  if (!Array.isArray(choices) || choices.length === 0)
    throw new RangeError('A categorical parameter needs at least one choice.');
  for (const c of choices) {
    const t = typeof c;
    if (!(c === null || t === 'string' || t === 'boolean' || (t === 'number' && !Number.isNaN(c))))
      throw new TypeError(
        `Choices must be strings, numbers, booleans or null (got ${String(c)} of type ${t}).`,
      );
  }
  return { type: 'categorical', choices: [...choices] };
}

/** Only one value is possible: no sampler is asked. */
export function isSingle(d: Distribution): boolean {
  if (d.type === 'categorical') return d.choices.length === 1;
  if (d.type === 'float' && d.step === null) return d.low === d.high;
  return d.low === d.high || d.high - d.low < d.step! - 1e-12 * Math.abs(d.step!);
}

export function singleValue(d: Distribution): ParamValue {
  return d.type === 'categorical' ? d.choices[0] : d.low;
}

/** Index of a choice; NaN-free numbers compare by value, so 1 and 1.0 are the same choice. */
function choiceIndex(d: CategoricalDistribution, value: ParamValue): number {
  const i = d.choices.findIndex((c) => c === value);
  if (i < 0) {
    throw new RangeError(
      `${JSON.stringify(value)} is not one of the choices ${JSON.stringify(d.choices)}.`,
    );
  }
  return i;
}

export function toInternal(d: Distribution, value: ParamValue): number {
  if (d.type === 'categorical') return choiceIndex(d, value);
  const x = typeof value === 'number' ? value : Number(value);
  if (typeof value !== 'number' || Number.isNaN(x))
    throw new TypeError(`${JSON.stringify(value)} is not a number.`);
  if (d.log && x <= 0) throw new RangeError(`${x} is not valid on a log scale (it must be > 0).`);
  return x;
}

export function toExternal(d: Distribution, internal: number): ParamValue {
  if (d.type === 'categorical') return d.choices[Math.round(internal)];
  if (d.type === 'int') {
    // Optuna's int(): a value off the integers (an enqueued 2.7) is cut to 2; a sampler's value
    // within rounding error of an integer is that integer.
    const r = Math.round(internal);
    return Math.abs(internal - r) < 1e-8 ? r : Math.trunc(internal);
  }
  return internal;
}

/** Whether an internal value lies in the distribution (on its grid, for steps). */
export function contains(d: Distribution, internal: number): boolean {
  if (d.type === 'categorical')
    return Number.isInteger(internal) && internal >= 0 && internal < d.choices.length;
  if (!(internal >= d.low && internal <= d.high)) return false;
  if (d.type === 'float' && d.step === null) return true;
  if (d.type === 'int' && !Number.isInteger(internal)) return false;
  const k = (internal - d.low) / d.step!;
  return Math.abs(k - Math.round(k)) < 1e-8;
}

/** Whether an external value (a relative sample's) lies in the distribution. */
export function fits(d: Distribution, value: ParamValue): boolean {
  try {
    return contains(d, toInternal(d, value));
  } catch {
    return false;
  }
}

/** Same kind and same range or choices. */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Optuna's rule for a name suggested twice in one study: the kind must match, and the log scale
 * and categorical choices too (a numeric range may change between trials; samplers then see it
 * per trial).
 */
export function checkCompatible(name: string, old: Distribution, next: Distribution): void {
  if (old.type !== next.type) {
    throw new TypeError(
      `Parameter "${name}" was suggested as ${old.type} before and as ${next.type} now: one name, one kind.`,
    );
  }
  if (old.type !== 'categorical' && next.type !== 'categorical' && old.log !== next.log) {
    const scale = (d: { log: boolean }) => (d.log ? 'on a log scale' : 'on a linear scale');
    throw new TypeError(
      `Parameter "${name}" was suggested ${scale(old)} before and ${scale(next)} now: one name, one scale.`,
    );
  }
  if (old.type === 'categorical' && !sameDistribution(old, next)) {
    throw new TypeError(
      `Parameter "${name}" was suggested with choices ${JSON.stringify(old.choices)} before and ${JSON.stringify((next as CategoricalDistribution).choices)} now: categorical choices cannot change in a study.`,
    );
  }
}

/** One line for a screen or a logged param: "float [0.0001, 0.1] log", "int [1, 8] step 2". */
export function describeDistribution(d: Distribution): string {
  if (d.type === 'categorical') return `categorical ${JSON.stringify(d.choices)}`;
  const extra = d.log
    ? ' log'
    : d.step !== null && !(d.type === 'int' && d.step === 1)
      ? ` step ${d.step}`
      : '';
  return `${d.type} [${d.low}, ${d.high}]${extra}`;
}

/** Banker's rounding, as NumPy's round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
