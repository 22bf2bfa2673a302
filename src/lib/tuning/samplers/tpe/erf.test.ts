// erf and erfc against CPython's math.erf/math.erfc (the C library's), which Optuna's truncated
// normal calls: equal to the last bit or within one unit in the last place.
import { describe, expect, it } from 'vitest';
import { erf, erfc } from './erf';

// [x, math.erf(x), math.erfc(x)] printed by Python 3.11 on glibc.
const CASES: [number, number, number][] = [
  [-30, -1.0, 2.0],
  [-7, -1.0, 2.0],
  [-5.5, -0.9999999999999927, 1.9999999999999927],
  [-3, -0.9999779095030014, 1.9999779095030015],
  [-1.1, -0.8802050695740817, 1.8802050695740817],
  [-0.9, -0.7969082124228322, 1.7969082124228322],
  [-0.5, -0.5204998778130465, 1.5204998778130465],
  [-0.1, -0.1124629160182849, 1.1124629160182848],
  [-1e-10, -1.1283791670955126e-10, 1.000000000112838],
  [0, 0, 1],
  [1e-9, 1.1283791670955127e-9, 0.9999999988716208],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [0.8, 0.7421009647076605, 0.2578990352923395],
  [1.0, 0.8427007929497149, 0.15729920705028513],
  [1.2, 0.9103139782296353, 0.08968602177036465],
  [2, 0.9953222650189527, 0.004677734981047265],
  [2.8571, 0.9999466739079402, 5.332609205971974e-5],
  [3, 0.9999779095030014, 2.2090496998585438e-5],
  [5.9, 0.9999999999999999, 7.190409783550478e-17],
  [6.1, 1.0, 6.314602150193718e-18],
  [27, 1.0, 5.23705e-319],
  [29, 1.0, 0.0],
];

/** Within one unit in the last place (or equal). */
function ulpClose(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= Math.abs(b) * 2.3e-16;
}

describe('erf and erfc', () => {
  it.each(CASES)('at %s match the C library', (x, e, ec) => {
    expect(ulpClose(erf(x), e), `erf(${x}) = ${erf(x)}, libm ${e}`).toBe(true);
    expect(ulpClose(erfc(x), ec), `erfc(${x}) = ${erfc(x)}, libm ${ec}`).toBe(true);
  });

  it('keeps NaN and the infinities', () => {
    expect(erf(NaN)).toBeNaN();
    expect(erfc(NaN)).toBeNaN();
    expect([erf(Infinity), erf(-Infinity), erfc(Infinity), erfc(-Infinity)]).toEqual([1, -1, 0, 2]);
  });
});
