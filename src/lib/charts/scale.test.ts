import { describe, expect, it } from 'vitest';
import { dataAxis, fixedAxis, niceAxis, tickLabels, type Axis } from './scale';

/** What every axis promises, whatever its data. */
function expectGoodAxis(axis: Axis, min: number, max: number, what: string) {
  const { domain, ticks, labels } = axis;
  const where = `${what} → ${JSON.stringify(axis)}`;
  expect(ticks.length, where).toBeGreaterThanOrEqual(3);
  expect(labels.length, where).toBe(ticks.length);
  expect(new Set(labels).size, where).toBe(labels.length);
  expect(
    labels.every((l) => l.length > 0 && l.length <= 24 && !/NaN|Infinity/.test(l)),
    where,
  ).toBe(true);
  expect(domain.every(Number.isFinite), where).toBe(true);
  expect(domain[0], where).toBeLessThan(domain[1]);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i], where).toBeGreaterThan(ticks[i - 1]);
  expect(ticks[0], where).toBeGreaterThanOrEqual(domain[0]);
  expect(ticks.at(-1)!, where).toBeLessThanOrEqual(domain[1]);
  // The domain covers the data (the finite part of it).
  if (Number.isFinite(min) && Number.isFinite(max)) {
    expect(domain[0], where).toBeLessThanOrEqual(Math.min(min, max));
    expect(domain[1], where).toBeGreaterThanOrEqual(Math.max(min, max));
  }
  // Each label says its tick's value to within half a step (a plain number, or K/M/B/T).
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 } as Record<string, number>;
  labels.forEach((label, i) => {
    const unit = scale[label.at(-1)!] ?? 1;
    const value = Number(unit === 1 ? label : label.slice(0, -1)) * unit;
    expect(Math.abs(value - ticks[i]), `${where}: ${label}`).toBeLessThanOrEqual(
      axis.step / 2 + Math.abs(ticks[i]) * 1e-12,
    );
  });
}

/** A small seeded generator, so the property runs are the same every time. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const RANGES: [number, number, string][] = [
  [0.7, 0.7, 'a flat metric'],
  [0.7001, 0.7003, 'a tiny range'],
  [0.66, 0.74, 'the range that used to get one tick'],
  [0, 1, 'a unit range'],
  [-1.5, -1.5, 'a flat negative value'],
  [0, 0, 'zero'],
  [-3, 2, 'across zero'],
  [-250, -249.99, 'a tiny negative range'],
  [1e-9, 3e-9, 'nanos'],
  [123456789.0001, 123456789.0003, 'a tiny range far from zero'],
  [1e16, 1e16 + 4, 'a range under a double’s resolution'],
  [-1e308, 1e308, 'the whole double range'],
  [-Number.MAX_VALUE, Number.MAX_VALUE, 'the largest doubles'],
  [1e300, 1e300, 'a flat huge value'],
  [5e-324, 5e-324, 'the smallest double'],
  [0, 5e-324, 'a denormal range'],
  [1e6, 1.0005e6, 'a million, tiny range'],
  [20000, 50000, 'thousands'],
  [3, 1, 'reversed ends'],
  [NaN, 1, 'no finite data'],
  [-Infinity, Infinity, 'infinities'],
];

describe('axes', () => {
  it('give at least three distinct, round labelled ticks over every range', () => {
    for (const [min, max, what] of RANGES) {
      for (const count of [1, 2, 3, 5, 8, 12]) {
        expectGoodAxis(niceAxis(min, max, { count }), min, max, `${what}, count ${count}`);
      }
    }
  });

  it('hold for thousands of random ranges: any magnitude, sign and width', () => {
    const next = random(11);
    for (let k = 0; k < 3000; k++) {
      const center = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
      const width = Math.abs(center || 1) * 10 ** Math.floor(next() * 16 - 12) * next();
      const min = center - width / 2;
      const max = next() < 0.1 ? min : center + width / 2;
      const count = 1 + Math.floor(next() * 10);
      expectGoodAxis(niceAxis(min, max, { count }), min, max, `${min}..${max} count ${count}`);
    }
  });

  it('put a flat metric mid-chart between round ticks', () => {
    const axis = niceAxis(0.7, 0.7, { count: 2 });
    expect(axis.domain[0]).toBeLessThan(0.7);
    expect(axis.domain[1]).toBeGreaterThan(0.7);
    expect(axis.labels).toEqual(['0.6', '0.7', '0.8']);
    // The case a run chart drew with one tick ("0.70"): its domain and ticks come from one step.
    expect(niceAxis(0.66, 0.74, { count: 2 }).labels).toEqual(['0.65', '0.70', '0.75']);
  });

  it('label a tiny range with the decimals it needs', () => {
    const axis = niceAxis(0.7001, 0.7003, { count: 2 });
    expect(axis.labels).toEqual(['0.7001', '0.7002', '0.7003']);
    expect(niceAxis(1e6, 1.0005e6, { count: 5 }).labels[1]).toBe('1.0001M');
    expect(niceAxis(20000, 50000, { count: 3 }).labels).toEqual(['20K', '30K', '40K', '50K']);
    expect(niceAxis(-3e-4, 3e-4, { count: 3 }).labels).toEqual([
      '-4e-4',
      '-2e-4',
      '0',
      '2e-4',
      '4e-4',
    ]);
  });

  it('keep whole-number axes whole, widening rather than ticking at 0.5', () => {
    for (const [min, max] of [
      [0, 1],
      [5, 5],
      [0, 2],
      [1, 20],
      [0, 0],
    ]) {
      const axis = niceAxis(min, max, { count: 8, integer: true });
      expectGoodAxis(axis, min, max, `${min}..${max} whole`);
      expect(axis.ticks.every(Number.isInteger)).toBe(true);
    }
    expect(niceAxis(0, 1, { integer: true }).ticks).toEqual([0, 1, 2]);
  });

  it('draw data edge to edge with whole ticks inside, widening only what is too narrow', () => {
    expect(dataAxis(0, 11, { count: 3, integer: true })).toMatchObject({
      domain: [0, 11],
      ticks: [0, 5, 10],
    });
    expect(dataAxis(0, 1, { integer: true }).domain).toEqual([0, 2]);
    expect(dataAxis(2, 5, { room: 0.05 }).domain).toEqual([1.85, 5.15]);
    const next = random(3);
    for (let k = 0; k < 2000; k++) {
      const lo = Math.floor((next() - 0.5) * 10 ** Math.floor(next() * 7));
      const hi = lo + Math.floor(next() * 10 ** Math.floor(next() * 6));
      const count = 1 + Math.floor(next() * 14);
      const room = next() < 0.5 ? 0 : 0.05;
      const axis = dataAxis(lo, hi, { count, integer: true, room });
      expectGoodAxis(axis, lo, hi, `whole ${lo}..${hi} count ${count}`);
      expect(axis.ticks.every(Number.isInteger), `whole ${lo}..${hi}`).toBe(true);
      if (hi - lo >= 2 && !room) expect(axis.domain).toEqual([lo, hi]);
    }
  });

  it('tick inside a fixed range, at least three', () => {
    expect(fixedAxis(0, 1).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(fixedAxis(0, 1.02).domain).toEqual([0, 1.02]);
    const next = random(5);
    for (let k = 0; k < 1000; k++) {
      const lo = (next() - 0.5) * 10 ** Math.floor(next() * 12 - 6);
      const hi = lo + Math.abs(lo || 1) * 10 ** Math.floor(next() * 10 - 8) * (0.1 + next());
      const axis = fixedAxis(lo, hi, { count: 1 + Math.floor(next() * 8) });
      expectGoodAxis(axis, lo, hi, `fixed ${lo}..${hi}`);
      expect(axis.domain).toEqual([lo, hi]);
    }
    // Too narrow to tick: widened as a flat value is.
    expectGoodAxis(fixedAxis(2, 2), 2, 2, 'fixed flat');
  });

  it('write labels without float noise', () => {
    expect(tickLabels([0.1, 0.2, 0.30000000000000004], 0.1)).toEqual(['0.1', '0.2', '0.3']);
    expect(niceAxis(0, 0.3, { count: 3 }).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('write huge values compactly, every label of an axis with the same precision', () => {
    const decimals = (labels: string[]) => labels.map((l) => /\.(\d+)/.exec(l)?.[1].length ?? 0);
    expect(niceAxis(0, 3e12).labels).toEqual(['0', '1T', '2T', '3T']);
    const flat = niceAxis(3e12, 3e12).labels;
    expect(
      flat.every((l) => /^\d(\.\d)?T$/.test(l)),
      flat.join(),
    ).toBe(true);
    const count = niceAxis(123456789012, 123456789023).labels;
    expect(
      count.every((l) => l.endsWith('B')),
      count.join(),
    ).toBe(true);
    expect(new Set(decimals(count)).size).toBe(1);
    const exp = niceAxis(4.05e21, 4.2e21).labels;
    expect(exp).toEqual(['4.05e21', '4.10e21', '4.15e21', '4.20e21']);
    const negative = niceAxis(-8e12, -2e12).labels;
    expect(negative).toEqual(['-8T', '-6T', '-4T', '-2T']);
  });
});
