/**
 * One description of a chart, drawn two ways: as a PNG on an OffscreenCanvas (artifacts that
 * MLflow's own UI shows after a sync; works on the page and in workers) and as Plotly figure JSON
 * (interactive here). Text stays raw in a Figure: the canvas draws it with fillText, never as
 * markup, and `toPlotlyJson` escapes it, because Plotly reads `<b>`, `<br>` and `<a>` in titles,
 * names and category labels. Traces: lines and markers, bars (a histogram), and a heatmap with its
 * counts written in the cells (a confusion matrix).
 */

import { figureAxes, plotlyAxis } from './figure-axes';
import type { Axis } from './scale';

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
  // Numeric axes get the PNG's range and ticks, so Plotly never shows fewer than three ticks
  // (its own choice can leave two); a heatmap's axes are its class labels.
  const axes = heatmap ? undefined : figureAxes(fig);
  return {
    data,
    layout: {
      title: { text: escapePlotly(fig.title) },
      xaxis: {
        title: { text: escapePlotly(fig.xLabel) },
        ...(axes && plotlyAxis(axes.x)),
      },
      yaxis: {
        title: { text: escapePlotly(fig.yLabel) },
        ...(axes && plotlyAxis(axes.y)),
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
  const axes = heat ? undefined : figureAxes(fig);
  ctx.font = '11px sans-serif';
  // Room on the left for the widest y label, whatever its length.
  const labelWidth = Math.max(0, ...(axes?.y.labels ?? []).map((l) => ctx.measureText(l).width));
  const left = heat ? 110 : Math.max(64, Math.ceil(labelWidth) + 34);
  const pad = { left, right: 16, top: 40, bottom: heat ? 70 : 52 };
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
  else drawXY(ctx, fig, axes!, { left: pad.left, top: pad.top, w: plotW, h: plotH });
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

type Ctx = OffscreenCanvasRenderingContext2D;

interface Box {
  left: number;
  top: number;
  w: number;
  h: number;
}

/** Where v falls in a domain, 0 to 1; halved first so a ±1e308 domain does not overflow. */
const share = (v: number, [lo, hi]: [number, number]) => (v / 2 - lo / 2) / (hi / 2 - lo / 2);

function drawXY(ctx: Ctx, fig: Figure, axes: { x: Axis; y: Axis }, box: Box) {
  const { left, top, w, h } = box;
  const px = (x: number) => left + share(x, axes.x.domain) * w;
  const py = (y: number) => top + h - share(y, axes.y.domain) * h;
  ctx.strokeStyle = '#e5e7eb';
  ctx.fillStyle = '#4b5563';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  axes.y.ticks.forEach((t, i) => {
    ctx.beginPath();
    ctx.moveTo(left, py(t));
    ctx.lineTo(left + w, py(t));
    ctx.stroke();
    ctx.fillText(axes.y.labels[i], left - 6, py(t) + 4);
  });
  ctx.textAlign = 'center';
  axes.x.ticks.forEach((t, i) => ctx.fillText(axes.x.labels[i], px(t), top + h + 16));
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
