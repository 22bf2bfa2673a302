/**
 * One description of a chart, drawn two ways: as a PNG on an OffscreenCanvas (artifacts that
 * MLflow's own UI shows after a sync; works on the page and in workers) and as Plotly figure JSON
 * (interactive here). Text stays raw in a Figure: the canvas draws it with fillText, never as
 * markup, and `toPlotlyJson` escapes it, because Plotly reads `<b>`, `<br>` and `<a>` in titles,
 * names and category labels. Traces: lines and markers, bars (a histogram), and a heatmap with its
 * counts written in the cells (a confusion matrix).
 */

import { niceTicks as ticks } from './scale';

export interface LineTrace {
  type: 'line';
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** A reference line (the diagonal of a ROC or calibration plot). */
  dashed?: boolean;
  /** Draw the points as dots, not joined (residuals, predicted against actual). */
  markers?: boolean;
}

export interface BarTrace {
  type: 'bar';
  name: string;
  /** Bin edges: one more than `y`. */
  edges: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface HeatmapTrace {
  type: 'heatmap';
  /** Column labels (x) and row labels (y, top to bottom). */
  x: string[];
  y: string[];
  z: number[][];
}

export type Trace = LineTrace | BarTrace | HeatmapTrace;

export interface Figure {
  title: string;
  xLabel: string;
  yLabel: string;
  traces: Trace[];
  /** Fixed axis ranges, e.g. [0, 1] for ROC; otherwise the data's. */
  xRange?: [number, number];
  yRange?: [number, number];
}

const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];
const GREY = '#9ca3af';
/** Beyond this many points a marker trace is thinned evenly for the PNG (Plotly gets them all). */
const MAX_MARKERS = 20_000;

function extent(values: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of values)
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (lo > hi) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

/** The ranges the axes cover: the fixed ones, or the data's (bars start at 0). */
export function axisRanges(fig: Figure): { x: [number, number]; y: [number, number] } {
  const lines = fig.traces.filter((t): t is LineTrace => t.type === 'line');
  const bars = fig.traces.filter((t): t is BarTrace => t.type === 'bar');
  const x = fig.xRange ?? extent([...lines.map((t) => t.x), ...bars.map((t) => t.edges)]);
  if (fig.yRange) return { x, y: fig.yRange };
  const [lo, hi] = extent([
    ...lines.map((t) => t.y),
    ...bars.map((t) => t.y),
    bars.length ? [0] : [],
  ]);
  // A little room above (and below, unless bars stand on zero) so no line runs along the frame.
  const room = (hi - lo) * 0.05;
  return { x, y: [bars.length && lo === 0 ? 0 : lo - room, hi + room] };
}

/** HTML-escapes text for Plotly, which renders a subset of HTML in its labels. */
export function escapePlotly(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The figure as Plotly JSON ({ data, layout }), every text escaped. */
export function toPlotlyJson(fig: Figure): { data: unknown[]; layout: unknown } {
  let color = 0;
  const data = fig.traces.map((t) => {
    if (t.type === 'heatmap') {
      return {
        type: 'heatmap',
        x: t.x.map(escapePlotly),
        y: t.y.map(escapePlotly),
        z: t.z,
        // White to the accent blue, as the PNG draws it.
        colorscale: [
          [0, '#ffffff'],
          [1, '#2563eb'],
        ],
        texttemplate: '%{z}',
      };
    }
    if (t.type === 'bar') {
      const edges = Array.from(t.edges);
      return {
        type: 'bar',
        name: escapePlotly(t.name),
        x: edges.slice(0, -1).map((e, i) => (e + edges[i + 1]) / 2),
        y: Array.from(t.y),
        width: edges.slice(0, -1).map((e, i) => edges[i + 1] - e),
        marker: { color: COLORS[color++ % COLORS.length] },
      };
    }
    return {
      type: t.markers && t.x.length > 5000 ? 'scattergl' : 'scatter',
      mode: t.markers ? 'markers' : 'lines',
      name: escapePlotly(t.name),
      x: Array.from(t.x),
      y: Array.from(t.y),
      ...(t.dashed
        ? { line: { dash: 'dash', color: GREY } }
        : { marker: { color: COLORS[color++ % COLORS.length] } }),
    };
  });
  const heatmap = fig.traces.some((t) => t.type === 'heatmap');
  return {
    data,
    layout: {
      title: { text: escapePlotly(fig.title) },
      xaxis: {
        title: { text: escapePlotly(fig.xLabel) },
        ...(fig.xRange && { range: fig.xRange }),
      },
      yaxis: {
        title: { text: escapePlotly(fig.yLabel) },
        ...(fig.yRange && { range: fig.yRange }),
        ...(heatmap && { autorange: 'reversed' }),
      },
    },
  };
}

/** Draws the figure as a PNG. */
export async function renderFigurePng(fig: Figure, width = 640, height = 440): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const heat = fig.traces.find((t): t is HeatmapTrace => t.type === 'heatmap');
  const pad = { left: heat ? 110 : 64, right: 16, top: 40, bottom: heat ? 70 : 52 };
  ctx.font = '13px sans-serif';
  ctx.fillStyle = '#111';
  ctx.fillText(fig.title, pad.left, 20, (width - pad.left - pad.right) / 2);
  ctx.font = '11px sans-serif';
  ctx.fillStyle = '#4b5563';
  ctx.textAlign = 'center';
  ctx.fillText(fig.xLabel, (pad.left + width - pad.right) / 2, height - 10);
  ctx.save();
  ctx.translate(14, (pad.top + height - pad.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(fig.yLabel, 0, 0);
  ctx.restore();
  ctx.textAlign = 'left';
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  if (heat) drawHeatmap(ctx, heat, pad.left, pad.top, plotW, plotH);
  else drawXY(ctx, fig, pad.left, pad.top, plotW, plotH);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

type Ctx = OffscreenCanvasRenderingContext2D;

function drawXY(ctx: Ctx, fig: Figure, left: number, top: number, w: number, h: number) {
  const { x: xr, y: yr } = axisRanges(fig);
  const px = (x: number) => left + ((x - xr[0]) / (xr[1] - xr[0])) * w;
  const py = (y: number) => top + h - ((y - yr[0]) / (yr[1] - yr[0])) * h;
  ctx.strokeStyle = '#e5e7eb';
  ctx.fillStyle = '#4b5563';
  ctx.lineWidth = 1;
  for (const t of ticks(yr[0], yr[1])) {
    ctx.beginPath();
    ctx.moveTo(left, py(t));
    ctx.lineTo(left + w, py(t));
    ctx.stroke();
    ctx.fillText(String(+t.toPrecision(4)), 24, py(t) + 4, left - 28);
  }
  ctx.textAlign = 'center';
  for (const t of ticks(xr[0], xr[1])) ctx.fillText(String(+t.toPrecision(4)), px(t), top + h + 16);
  ctx.textAlign = 'left';
  let color = 0;
  const legend: { name: string; color: string }[] = [];
  for (const t of fig.traces) {
    if (t.type === 'heatmap') continue;
    const c = t.type === 'line' && t.dashed ? GREY : COLORS[color++ % COLORS.length];
    legend.push({ name: t.name, color: c });
    ctx.strokeStyle = c;
    ctx.fillStyle = c;
    if (t.type === 'bar') {
      for (let i = 0; i < t.y.length; i++) {
        const x0 = px(t.edges[i]);
        const x1 = px(t.edges[i + 1]);
        ctx.fillRect(x0 + 0.5, py(t.y[i]), Math.max(1, x1 - x0 - 1), py(0) - py(t.y[i]));
      }
      continue;
    }
    if (t.markers) {
      const step = Math.max(1, Math.ceil(t.x.length / MAX_MARKERS));
      ctx.globalAlpha = t.x.length > 2000 ? 0.35 : 0.7;
      for (let i = 0; i < t.x.length; i += step) {
        if (!Number.isFinite(t.x[i]) || !Number.isFinite(t.y[i])) continue;
        ctx.fillRect(px(t.x[i]) - 1.5, py(t.y[i]) - 1.5, 3, 3);
      }
      ctx.globalAlpha = 1;
      continue;
    }
    ctx.lineWidth = t.dashed ? 1 : 2;
    ctx.setLineDash(t.dashed ? [5, 4] : []);
    ctx.beginPath();
    let drawing = false;
    for (let i = 0; i < t.x.length; i++) {
      const y = t.y[i];
      if (!Number.isFinite(y)) {
        drawing = false;
        continue;
      }
      if (drawing) ctx.lineTo(px(t.x[i]), py(y));
      else ctx.moveTo(px(t.x[i]), py(y));
      drawing = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
  // A legend when there is more than one trace: one row in the top margin, right-aligned.
  if (legend.length < 2) return;
  ctx.font = '11px sans-serif';
  const widths = legend.map((l) => Math.min(140, ctx.measureText(l.name).width) + 26);
  let x = left + w - widths.reduce((a, b) => a + b, 0);
  legend.forEach((l, i) => {
    ctx.fillStyle = l.color;
    ctx.fillRect(x, top - 14, 12, 3);
    ctx.fillStyle = '#111';
    ctx.fillText(l.name, x + 16, top - 9, 140);
    x += widths[i];
  });
}

function drawHeatmap(ctx: Ctx, t: HeatmapTrace, left: number, top: number, w: number, h: number) {
  const rows = t.y.length;
  const cols = t.x.length;
  const cw = w / Math.max(1, cols);
  const ch = h / Math.max(1, rows);
  const max = Math.max(1, ...t.z.flat());
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = t.z[r]?.[c] ?? 0;
      const k = v / max;
      // White to the accent blue.
      ctx.fillStyle = `rgb(${Math.round(255 - k * 218)}, ${Math.round(255 - k * 156)}, ${Math.round(255 - k * 20)})`;
      ctx.fillRect(left + c * cw, top + r * ch, cw - 1, ch - 1);
      if (cw > 18 && ch > 12) {
        ctx.fillStyle = k > 0.55 ? '#fff' : '#111';
        ctx.fillText(String(v), left + (c + 0.5) * cw, top + (r + 0.5) * ch, cw - 4);
      }
    }
  }
  ctx.fillStyle = '#4b5563';
  t.x.forEach((label, c) => ctx.fillText(label, left + (c + 0.5) * cw, top + h + 12, cw - 2));
  ctx.textAlign = 'right';
  t.y.forEach((label, r) => ctx.fillText(label, left - 6, top + (r + 0.5) * ch, left - 34));
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
}
