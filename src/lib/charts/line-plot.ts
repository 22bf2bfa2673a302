/**
 * Line plots of metric curves as PNG (the plots/ artifacts, which MLflow's own UI shows after a
 * sync). Drawn on an OffscreenCanvas, so it works on the page and in workers; text is drawn with
 * fillText, never parsed as markup.
 */
export interface LinePlot {
  title: string;
  xLabel: string;
  series: { name: string; x: number[]; y: number[] }[];
}

const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];

/** Round axis ticks covering [min, max]. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(+v.toPrecision(12));
  return out;
}

export async function renderLinePng(
  plot: LinePlot,
  width = 640,
  height = 400,
): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const pad = { left: 64, right: 16, top: 40, bottom: 48 };
  const xs = plot.series.flatMap((s) => s.x);
  const ys = plot.series.flatMap((s) => s.y).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const px = (x: number) => pad.left + ((x - x0) / (x1 - x0)) * (width - pad.left - pad.right);
  const py = (y: number) =>
    height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  ctx.font = '13px sans-serif';
  ctx.fillStyle = '#111';
  ctx.fillText(plot.title, pad.left, 22);
  ctx.strokeStyle = '#e5e7eb';
  ctx.fillStyle = '#4b5563';
  ctx.font = '11px sans-serif';
  for (const t of ticks(y0, y1)) {
    ctx.beginPath();
    ctx.moveTo(pad.left, py(t));
    ctx.lineTo(width - pad.right, py(t));
    ctx.stroke();
    ctx.fillText(String(+t.toPrecision(4)), 4, py(t) + 4);
  }
  for (const t of ticks(x0, x1).filter(Number.isInteger))
    ctx.fillText(String(t), px(t) - 4, height - pad.bottom + 16);
  ctx.fillText(plot.xLabel, width / 2, height - 12);
  plot.series.forEach((s, i) => {
    ctx.strokeStyle = COLORS[i % COLORS.length];
    ctx.lineWidth = 2;
    ctx.beginPath();
    let drawing = false;
    s.x.forEach((x, k) => {
      const y = s.y[k];
      if (!Number.isFinite(y)) return void (drawing = false);
      if (drawing) ctx.lineTo(px(x), py(y));
      else ctx.moveTo(px(x), py(y));
      drawing = true;
    });
    ctx.stroke();
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fillRect(width - pad.right - 150, pad.top + 4 + i * 16, 10, 3);
    ctx.fillStyle = '#111';
    ctx.fillText(s.name, width - pad.right - 134, pad.top + 9 + i * 16);
  });
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}
