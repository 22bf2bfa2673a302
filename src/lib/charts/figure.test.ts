import { describe, expect, it } from 'vitest';
import { axisRanges, escapePlotly, toPlotlyJson, type Figure } from './figure';

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
    expect(
      axisRanges({
        title: '',
        xLabel: '',
        yLabel: '',
        traces: [{ type: 'line', name: 'a', x: [1, 3], y: [2, NaN, 5] }],
      }),
    ).toEqual({ x: [1, 3], y: [2 - 0.15, 5 + 0.15] });
    expect(
      axisRanges({
        title: '',
        xLabel: '',
        yLabel: '',
        traces: [{ type: 'bar', name: 'h', edges: [-2, 0, 2], y: [3, 4] }],
      }),
    ).toEqual({ x: [-2, 2], y: [0, 4.2] });
    expect(
      axisRanges({
        title: '',
        xLabel: '',
        yLabel: '',
        xRange: [0, 1],
        yRange: [0, 1],
        traces: [{ type: 'line', name: 'a', x: [0.2], y: [0.2] }],
      }),
    ).toEqual({ x: [0, 1], y: [0, 1] });
  });
});
