/**
 * Line plots of metric curves as PNG (the plots/ artifacts of a training run): a Figure of line
 * traces, drawn by figure.ts.
 */
import { renderFigurePng, type Figure } from './figure';

export interface LinePlot {
  title: string;
  xLabel: string;
  series: { name: string; x: number[]; y: number[] }[];
}

export function lineFigure(plot: LinePlot): Figure {
  return {
    title: plot.title,
    xLabel: plot.xLabel,
    yLabel: '',
    traces: plot.series.map((s) => ({ type: 'line', name: s.name, x: s.x, y: s.y })),
  };
}

export function renderLinePng(plot: LinePlot, width = 640, height = 400): Promise<Uint8Array> {
  return renderFigurePng(lineFigure(plot), width, height);
}
