/**
 * NumPy's legacy `RandomState` (MT19937), bit for bit: the same seed gives the same stream as
 * `numpy.random.RandomState(seed)`, which Optuna's samplers draw from. Samplers seeded alike
 * therefore start from the same random numbers here and in Optuna, which is what lets the tests
 * compare whole studies with Optuna's rather than only statistics.
 */
const N = 624;
const M = 397;

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  readonly seed: number;

  /** `seed`: a whole number in [0, 2³²); absent, one from the platform's secure source. */
  constructor(seed?: number) {
    this.seed = seed ?? randomSeed();
    if (!Number.isInteger(this.seed) || this.seed < 0 || this.seed > 0xffffffff) {
      throw new RangeError(`A seed must be a whole number from 0 to 4294967295 (got ${seed}).`);
    }
    let s = this.seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.mt[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
  }

  private refill(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.pos = 0;
  }

  /** The next 32-bit output. */
  nextUint32(): number {
    if (this.pos >= N) this.refill();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits: `random_sample()`. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A whole number in [0, max] by masked rejection, as NumPy's legacy randint/shuffle draw. */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    for (const shift of [1, 2, 4, 8, 16]) mask |= mask >>> shift;
    mask >>>= 0;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /** `shuffle(list)` in place (Fisher–Yates from the end). */
  shuffle<T>(list: T[]): void {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.interval(i);
      [list[i], list[j]] = [list[j], list[i]];
    }
  }

  /** `uniform(low, high)`: low + (high − low) · random(). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** `choice(len(p), p=p)`: an index drawn with probabilities p (normalised by their sum). */
  choice(p: ArrayLike<number>): number {
    return this.choices(p, 1)[0];
  }

  /** `choice(len(p), p=p, size=size)`: the cumulative sums searched with side='right'. */
  choices(p: ArrayLike<number>, size: number): number[] {
    const cdf = new Float64Array(p.length);
    let sum = 0;
    for (let i = 0; i < p.length; i++) cdf[i] = sum += p[i];
    for (let i = 0; i < cdf.length; i++) cdf[i] /= sum;
    const out: number[] = [];
    for (let k = 0; k < size; k++) {
      const u = this.random();
      let lo = 0;
      let hi = cdf.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid] <= u) lo = mid + 1;
        else hi = mid;
      }
      out.push(lo);
    }
    return out;
  }
}

function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0];
}
