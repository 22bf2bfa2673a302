/**
 * A numeric dimension as samplers search it, as Optuna's _SearchSpaceTransform does: log ranges
 * in log space, stepped ranges widened by half a step each side (so the end values are as likely
 * as the others), and a sampled point mapped back onto the range and its grid.
 */
import { roundHalfEven, type Distribution } from '../distributions';

/** The continuous interval a sampler draws from for a numeric distribution. */
export function searchBounds(d: Exclude<Distribution, { type: 'categorical' }>): [number, number] {
  const half = d.step === null ? 0 : d.step / 2;
  if (d.log) {
    return d.type === 'int'
      ? [Math.log(d.low - half), Math.log(d.high + half)]
      : [Math.log(d.low), Math.log(d.high)];
  }
  return [d.low - half, d.high + half];
}

/** Largest double below x: keeps a float sample strictly under a range's high end. */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return buf.getFloat64(0);
}

/** A point of the search interval back in the distribution's own terms. */
export function untransform(d: Exclude<Distribution, { type: 'categorical' }>, x: number): number {
  const clip = (v: number) => Math.min(Math.max(v, d.low), d.high);
  if (d.type === 'float') {
    if (d.log) {
      const v = Math.exp(x);
      return d.low === d.high ? v : Math.min(v, nextDown(d.high));
    }
    if (d.step !== null) return clip(roundHalfEven((x - d.low) / d.step) * d.step + d.low);
    return d.low === d.high ? x : Math.min(x, nextDown(d.high));
  }
  if (d.log) return clip(roundHalfEven(Math.exp(x)));
  return clip(roundHalfEven((x - d.low) / d.step) * d.step + d.low);
}
