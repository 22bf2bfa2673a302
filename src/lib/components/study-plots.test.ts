import { describe, expect, it } from 'vitest';
import type {
  CategoricalDistribution,
  Choice,
  Distribution,
  FloatDistribution,
  IntDistribution,
  ParamValue,
} from '$lib/tuning/distributions';
import type { FrozenTrial, TrialState } from '$lib/tuning/types';
import { brushed, parallelModel, shadeColor } from './parallel-coords';
import { contourFigure, plotParams, sliceFigure, type PlotParam } from './study-plots';

const floatDistribution = (low: number, high: number, o: { log?: boolean } = {}) =>
  ({ type: 'float', low, high, log: o.log ?? false, step: null }) satisfies FloatDistribution;
const intDistribution = (low: number, high: number) =>
  ({ type: 'int', low, high, log: false, step: 1 }) satisfies IntDistribution;
const categoricalDistribution = (choices: Choice[]) =>
  ({ type: 'categorical', choices }) satisfies CategoricalDistribution;

const lr = floatDistribution(1e-4, 1e-1, { log: true });
const units = intDistribution(8, 64);
const act = categoricalDistribution(['relu', '<b>tanh</b>']);
const width = categoricalDistribution([32, 8, 16]);

function trial(
  number: number,
  state: TrialState,
  value: number | null,
  params: Record<string, [Distribution, ParamValue]>,
): FrozenTrial {
  return {
    number,
    state,
    value,
    params: Object.fromEntries(Object.entries(params).map(([k, [, v]]) => [k, v])),
    distributions: Object.fromEntries(Object.entries(params).map(([k, [d]]) => [k, d])),
    intermediateValues: new Map(),
    userAttrs: {},
    systemAttrs: {},
    datetimeStart: 0,
    datetimeComplete: 1,
  };
}

const trials = [
  trial(0, 'COMPLETE', 0.5, { lr: [lr, 0.001], units: [units, 16], act: [act, 'relu'] }),
  trial(1, 'COMPLETE', 0.2, { lr: [lr, 0.01], units: [units, 32], act: [act, '<b>tanh</b>'] }),
  trial(2, 'PRUNED', 0.9, { lr: [lr, 0.1], units: [units, 8], act: [act, 'relu'] }),
  trial(3, 'COMPLETE', 0.4, {
    lr: [lr, 0.0001],
    units: [units, 64],
    act: [act, 'relu'],
    width: [width, 16],
  }),
  trial(4, 'COMPLETE', Number.NaN, { lr: [lr, 0.05], units: [units, 8], act: [act, 'relu'] }),
];
const param = (name: string) => plotParams(trials).find((p) => p.name === name)!;

describe('study plots', () => {
  it('plot only completed trials with a finite value, and know each parameter’s kind', () => {
    expect(plotParams(trials)).toEqual([
      { name: 'lr', kind: 'number', log: true, int: false, count: 3 },
      { name: 'units', kind: 'number', log: false, int: true, count: 3 },
      { name: 'act', kind: 'choice', log: false, int: false, count: 3 },
      { name: 'width', kind: 'choice', log: false, int: false, count: 1 },
    ]);
  });

  it('parallel coordinates: shared params as axes (log by exponent, choices evenly), the objective last and as the shade', () => {
    const pc = parallelModel(trials, 'minimize', 'val_loss')!;
    expect(pc.left).toEqual(['width']);
    expect(pc.trials).toEqual([0, 1, 3]);
    expect(pc.axes.map((a) => a.title)).toEqual(['lr (log)', 'units', 'act', 'val_loss']);
    const [lrAxis, unitsAxis, actAxis, loss] = pc.axes;
    const close = (xs: number[]) => xs.map((x) => Number(x.toFixed(9)));
    // 1e-3, 1e-2, 1e-4 over exponents −4…−2, ticked at each power of ten.
    expect(lrAxis.at).toEqual([0.5, 1, 0]);
    expect(lrAxis.ticks).toEqual([
      { at: 0, label: '0.0001' },
      { at: 0.5, label: '0.001' },
      { at: 1, label: '0.01' },
    ]);
    expect(lrAxis.between(0.4, 1)).toBe('0.000631–0.01');
    // Whole numbers 16…64: whole-number ticks inside the data's range.
    expect(unitsAxis.at).toEqual([0, 1 / 3, 1]);
    expect(unitsAxis.ticks.every((t) => Number.isInteger(Number(t.label)))).toBe(true);
    expect(unitsAxis.ticks.map((t) => t.at).every((at) => at >= 0 && at <= 1)).toBe(true);
    // Choices as first seen, at either end; a name that looks like markup stays as it is
    // (Svelte writes it as text).
    expect(actAxis.at).toEqual([0, 1, 0]);
    expect(actAxis.ticks.map((t) => t.label)).toEqual(['relu', '<b>tanh</b>']);
    expect(actAxis.between(0.5, 1)).toBe('<b>tanh</b>');
    expect(close(loss.at)).toEqual(close([1, 0, 2 / 3]));
    // Minimising: the lowest value is the best, so the darkest.
    expect(close(pc.shade)).toEqual(close([0, 1, 1 / 3]));
    expect(close(parallelModel(trials, 'maximize', 'auc')!.shade)).toEqual(close([1, 0, 2 / 3]));
  });

  it('parallel coordinates wait for two completed trials, and keep a flat axis in the middle', () => {
    expect(parallelModel(trials.slice(0, 1), 'minimize', 'm')).toBeUndefined();
    const flat = [0, 1].map((n) =>
      trial(n, 'COMPLETE', 0.3, { lr: [lr, 0.01], act: [act, 'relu'] }),
    );
    const pc = parallelModel(flat, 'minimize', 'm')!;
    expect(pc.axes.map((a) => a.at)).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(pc.shade).toEqual([1, 1]);
  });

  it('brushing keeps the trials inside every range, and colours run light to dark', () => {
    const pc = parallelModel(trials, 'minimize', 'val_loss')!;
    expect(brushed(pc, new Map())).toEqual([true, true, true]);
    expect(brushed(pc, new Map([[0, [0.4, 1]]]))).toEqual([true, true, false]);
    expect(
      brushed(
        pc,
        new Map([
          [0, [0.4, 1]],
          [2, [0.9, 1]],
        ]),
      ),
    ).toEqual([false, true, false]);
    expect(shadeColor(0)).toBe('rgb(247,251,255)');
    expect(shadeColor(1)).toBe('rgb(8,48,107)');
    expect(shadeColor(0.5)).toBe('rgb(107,174,214)');
  });

  it('slice: one parameter against the objective, a log axis for a log parameter, choices as categories in numeric order', () => {
    const fig = sliceFigure(trials, param('lr'), 'minimize', 'val_loss')!;
    expect(fig.data[0]).toMatchObject({ x: [0.001, 0.01, 0.0001], y: [0.5, 0.2, 0.4] });
    expect(fig.layout.xaxis).toMatchObject({ type: 'log' });
    // An int parameter spanning ten or fewer gets a tick at each whole number.
    const layers = intDistribution(1, 3);
    const few = [1, 3, 2].map((n, i) => trial(i, 'COMPLETE', i, { layers: [layers, n] }));
    const fewFig = sliceFigure(few, plotParams(few)[0], 'minimize', 'm')!;
    expect(fewFig.layout.xaxis).toMatchObject({ tickvals: [1, 2, 3] });
    expect(sliceFigure(trials, param('units'), 'minimize', 'm')!.layout.xaxis).not.toHaveProperty(
      'tickvals',
    );
    const w = sliceFigure(trials, param('width'), 'minimize', 'val_loss')!;
    expect(w.data[0]).toMatchObject({ x: ['16'], y: [0.4] });
    expect(w.layout.xaxis).toMatchObject({ type: 'category', categoryarray: ['16'] });
  });

  it('contour: the best value at each cell of a grid of the trials’ values with padded ends; gaps left for Plotly to fill', () => {
    const fig = contourFigure(trials, param('units'), param('act'), 'minimize', 'val_loss')!;
    const c = fig.data[0] as { x: number[]; y: string[]; z: (number | null)[][] };
    // units 16, 32, 64 with 5% of the span (2.8) beyond either end.
    expect(c.x.map((v) => Number(v.toFixed(6)))).toEqual([13.6, 16, 32, 64, 66.4]);
    expect(c.y).toEqual(['relu', '&#60;b&#62;tanh&#60;/b&#62;']);
    expect(c.z).toEqual([
      [null, 0.5, null, 0.4, null],
      [null, null, 0.2, null, null],
    ]);
    expect(fig.data[0]).toMatchObject({ connectgaps: true, reversescale: true });
    expect(fig.data[1]).toMatchObject({
      x: [16, 32, 64],
      y: ['relu', '&#60;b&#62;tanh&#60;/b&#62;', 'relu'],
    });
    expect(contourFigure(trials, param('lr'), param('lr'), 'minimize', 'm')).toBeUndefined();
  });

  it('contour: trials sharing a cell keep the best for the direction; a log axis pads in exponents', () => {
    const p: PlotParam = { name: 'x', kind: 'number', log: true, int: false, count: 3 };
    const q: PlotParam = { name: 'y', kind: 'number', log: false, int: false, count: 3 };
    const x = floatDistribution(1, 1000, { log: true });
    const y = floatDistribution(0, 1);
    const same = [
      trial(0, 'COMPLETE', 3, { x: [x, 10], y: [y, 0.5] }),
      trial(1, 'COMPLETE', 1, { x: [x, 10], y: [y, 0.5] }),
      trial(2, 'COMPLETE', 2, { x: [x, 100], y: [y, 0.25] }),
    ];
    const min = contourFigure(same, p, q, 'minimize', 'm')!.data[0] as {
      x: number[];
      z: (number | null)[][];
    };
    expect(min.x.map((v) => Number(v.toPrecision(6)))).toEqual([8.91251, 10, 100, 112.202]);
    expect(min.z[2][1]).toBe(1);
    const max = contourFigure(same, p, q, 'maximize', 'm')!.data[0] as { z: (number | null)[][] };
    expect(max.z[2][1]).toBe(3);
  });

  it('contour: past 100 distinct values an axis becomes an even grid of 100, each trial at its nearest point', () => {
    const x = floatDistribution(0, 1);
    const many = Array.from({ length: 300 }, (_, i) =>
      trial(i, 'COMPLETE', i, { a: [x, i / 299], b: [x, ((i * 7) % 300) / 299] }),
    );
    const a: PlotParam = { name: 'a', kind: 'number', log: false, int: false, count: 300 };
    const b: PlotParam = { name: 'b', kind: 'number', log: false, int: false, count: 300 };
    const c = contourFigure(many, a, b, 'minimize', 'm')!.data[0] as {
      x: number[];
      z: (number | null)[][];
    };
    expect(c.x).toHaveLength(100);
    expect(c.x[0]).toBeCloseTo(-0.05);
    expect(c.x[99]).toBeCloseTo(1.05);
    expect(c.z).toHaveLength(100);
    // Trial 0 (a = 0, b = 0) lands on the cell nearest 0 on both axes.
    const near0 = Math.round(0.05 / (1.1 / 99));
    expect(c.z[near0][near0]).toBe(0);
    expect(c.z.flat().filter((v) => v !== null).length).toBeLessThanOrEqual(300);
  });
});
