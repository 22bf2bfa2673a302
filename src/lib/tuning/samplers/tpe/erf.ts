/**
 * erf and erfc as the C library computes them (Sun's fdlibm s_erf.c, which glibc and FreeBSD
 * ship, and which Python's math.erf calls): the same rational approximations on the same
 * intervals, so the truncated normals built on them agree with Optuna's to the last bits.
 */

const erx = 8.45062911510467529297e-1;
const efx = 1.28379167095512586316e-1;
const efx8 = 1.02703333676410069053;
const pp = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2,
  -5.77027029648944159157e-3, -2.37630166566501626084e-5,
];
const qq = [
  1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3,
  1.32494738004321644526e-4, -3.9602282787753681232e-6,
];
const pa = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1,
  3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2,
  -2.166375594868790843e-3,
];
const qa = [
  1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2,
  1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.1984499846799107417e-2,
];
const ra = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1,
  -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2,
  -8.12874355063065934246e1, -9.81432934416914548592,
];
const sa = [
  1, 1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2,
  6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2,
  6.57024977031928170135, -6.04244152148580987438e-2,
];
const rb = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1,
  -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3,
  -4.83519191608651397019e2,
];
const sb = [
  1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3,
  3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2,
  -2.24409524465858183362e1,
];

/** Horner's rule, highest coefficient innermost, as the C source nests it. */
function poly(c: readonly number[], x: number): number {
  let r = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) r = c[i] + x * r;
  return r;
}

const view = new DataView(new ArrayBuffer(8));

/** The upper 32 bits of a double (sign and exponent first), as GET_HIGH_WORD. */
function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

/** x with its lower 32 bits cleared, as SET_LOW_WORD(z, 0). */
function clearLowWord(x: number): number {
  view.setFloat64(0, x);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** exp(−x² − 0.5625 + R/S) split so the square stays exact (the tail of both functions). */
function tail(x: number, ratio: number): number {
  const z = clearLowWord(x);
  return Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + ratio);
}

export function erf(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    if (Number.isNaN(x)) return x;
    return x > 0 ? 1 : -1;
  }
  if (ix < 0x3feb0000) {
    if (ix < 0x3e300000) {
      if (ix < 0x00800000) return 0.125 * (8 * x + efx8 * x);
      return x + efx * x;
    }
    const z = x * x;
    return x + x * (poly(pp, z) / poly(qq, z));
  }
  if (ix < 0x3ff40000) {
    const s = Math.abs(x) - 1;
    const pq = poly(pa, s) / poly(qa, s);
    return hx >= 0 ? erx + pq : -erx - pq;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 - 1e-300 : 1e-300 - 1;
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  const ratio = ix < 0x4006db6e ? poly(ra, s) / poly(sa, s) : poly(rb, s) / poly(sb, s);
  const r = tail(ax, ratio);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

export function erfc(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    if (Number.isNaN(x)) return x;
    return x > 0 ? 0 : 2;
  }
  if (ix < 0x3feb0000) {
    if (ix < 0x3c700000) return 1 - x;
    const z = x * x;
    const y = poly(pp, z) / poly(qq, z);
    if (hx < 0x3fd00000) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ix < 0x3ff40000) {
    const s = Math.abs(x) - 1;
    const pq = poly(pa, s) / poly(qa, s);
    return hx >= 0 ? 1 - erx - pq : 1 + (erx + pq);
  }
  if (ix < 0x403c0000) {
    const ax = Math.abs(x);
    const s = 1 / (ax * ax);
    let ratio: number;
    if (ix < 0x4006db6d) ratio = poly(ra, s) / poly(sa, s);
    else {
      if (hx < 0 && ix >= 0x40180000) return 2 - 1e-300;
      ratio = poly(rb, s) / poly(sb, s);
    }
    const r = tail(ax, ratio);
    return hx > 0 ? r / ax : 2 - r / ax;
  }
  return hx > 0 ? 0 : 2 - 1e-300;
}
