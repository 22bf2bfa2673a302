import { describe, expect, it } from 'vitest';
import { escapePlotly, toPlotlyJson, type Figure } from './figure';
import { figureAxes } from './figure-axes';

const XSS = '<img src=x onerror="alert(1)">';

describe('figures', () => {
  it('escape every text for Plotly, which reads HTML in labels', () => {
    const fig: Figure = {
      title: `ROC of ${XSS}`,
      xLabel: 'a & b',
      yLabel: "it's",
      traces: [
        { type: 'line', name: XSS, x: [0, 1], y: [0, 1] },
        {
          type: 'heatmap',
          x: [XSS, 'b'],
          y: ['<b>', 'b'],
          z: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    };
    const json = JSON.stringify(toPlotlyJson(fig));
    expect(json).not.toContain('<');
    expect(json).not.toContain('>');
    expect(json).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
    expect(escapePlotly('a & b')).toBe('a &#38; b');
  });

  it('give Plotly bars as centres and widths, and reverse a heatmap y axis', () => {
    const plotly = toPlotlyJson({
      title: 'Errors',
      xLabel: 'error',
      yLabel: 'rows',
      traces: [{ type: 'bar', name: 'errors', edges: [0, 1, 3], y: [5, 2] }],
    }) as { data: { x: number[]; width: number[] }[] };
    expect(plotly.data[0].x).toEqual([0.5, 2]);
    expect(plotly.data[0].width).toEqual([1, 2]);
    const heat = toPlotlyJson({
      title: 'Confusion',
      xLabel: 'predicted',
      yLabel: 'true',
      traces: [{ type: 'heatmap', x: ['a'], y: ['a'], z: [[1]] }],
    }) as { layout: { yaxis: { autorange?: string } } };
    expect(heat.layout.yaxis.autorange).toBe('reversed');
  });

  it('cover the data, start bars at zero and keep fixed ranges', () => {
    const fig = (f: Partial<Figure>): Figure => ({
      title: '',
      xLabel: '',
      yLabel: '',
      traces: [],
      ...f,
    });
    const line = figureAxes(
      fig({ traces: [{ type: 'line', name: 'a', x: [1.5, 3], y: [2, NaN, 5] }] }),
    );
    expect(line.x.domain).toEqual([1.5, 3]);
    expect(line.y.domain).toEqual([2 - 0.15, 5 + 0.15]);
    expect(line.y.ticks).toEqual([2, 3, 4, 5]);
    const bars = figureAxes(
      fig({ traces: [{ type: 'bar', name: 'h', edges: [-2, 0, 2], y: [3, 4] }] }),
    );
    expect(bars.x.domain).toEqual([-2, 2]);
    expect(bars.y.domain).toEqual([0, 5]);
    expect(bars.y.ticks.every(Number.isInteger)).toBe(true);
    const fixed = figureAxes(
      fig({
        xRange: [0, 1],
        yRange: [0, 1.02],
        traces: [{ type: 'line', name: 'a', x: [0.2], y: [0.2] }],
      }),
    );
    expect(fixed.x.domain).toEqual([0, 1]);
    expect(fixed.y.domain).toEqual([0, 1.02]);
    expect(fixed.x.labels).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });

  it('give every numeric axis at least three labelled ticks, in the PNG and in Plotly alike', () => {
    const cases: Figure[] = [
      // A flat training curve over two epochs.
      {
        title: '',
        xLabel: 'epoch',
        yLabel: '',
        traces: [{ type: 'line', name: 'loss', x: [0, 1], y: [0.7, 0.7] }],
      },
      // One point.
      {
        title: '',
        xLabel: '',
        yLabel: '',
        traces: [{ type: 'line', name: 'p', x: [3.25], y: [-1.5] }],
      },
      // A tiny range far from zero.
      {
        title: '',
        xLabel: '',
        yLabel: '',
        traces: [
          { type: 'line', name: 'r', x: [0.1, 0.2], y: [123456.0001, 123456.0003], markers: true },
        ],
      },
      // A histogram whose tallest bin holds one row.
      {
        title: '',
        xLabel: '',
        yLabel: '',
        traces: [{ type: 'bar', name: 'h', edges: [0, 0.5, 1], y: [1, 0] }],
      },
      // No finite value at all.
      {
        title: '',
        xLabel: '',
        yLabel: '',
        traces: [{ type: 'line', name: 'n', x: [NaN], y: [NaN] }],
      },
    ];
    for (const f of cases) {
      const axes = figureAxes(f);
      const layout = (toPlotlyJson(f) as { layout: Record<string, Record<string, unknown>> })
        .layout;
      for (const key of ['x', 'y'] as const) {
        const axis = axes[key];
        expect(axis.ticks.length, JSON.stringify(f.traces)).toBeGreaterThanOrEqual(3);
        expect(new Set(axis.labels).size).toBe(axis.ticks.length);
        expect(layout[`${key}axis`]).toMatchObject({
          range: axis.domain,
          tickmode: 'array',
          tickvals: axis.ticks,
          ticktext: axis.labels,
        });
      }
    }
    const flat = figureAxes(cases[0]);
    expect(flat.x.ticks.every(Number.isInteger)).toBe(true);
    expect(flat.y.domain[0]).toBeLessThan(0.7);
    expect(flat.y.domain[1]).toBeGreaterThan(0.7);
    expect(figureAxes(cases[3]).y.labels).toEqual(['0', '1', '2']);
  });
});
