/**
 * From data to pixels for line charts: a linear scale as a plain closure, and the walk that turns
 * a series into the vertices drawn (min/max per pixel column), shared by the SVG path and the
 * canvas rasterizer.
 */

/**
 * A linear map from a data domain onto a pixel range, as a closure over plain numbers (charts
 * call it once a point, millions of times). Halved first so a ±1e308 domain does not overflow.
 */
export function pixelScale(
  [lo, hi]: readonly [number, number],
  from: number,
  to: number,
): (v: number) => number {
  const half = lo / 2;
  const per = (to - from) / (hi / 2 - half);
  return (v) => from + (v / 2 - half) * per;
}

/**
 * Walks a line through the finite points in pixels, breaking it at non-finite values: `to` gets
 * each vertex and whether the pen is down (false: a move). Points that land in the same pixel
 * column collapse to their lowest and highest, in the order they came (min/max decimation), so
 * every spike is drawn and a million-point history costs two vertices a column. One walk for
 * the SVG path and the canvas.
 */
export function tracePath(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
  to: (px: number, py: number, penDown: boolean) => void,
): void {
  let penDown = false;
  let col = NaN;
  // The column's extremes in data units (sy is monotonic): two sy calls a column, not one a point.
  let lo = 0;
  let hi = 0;
  /** Whether the column's lowest value came before its highest. */
  let lowFirst = true;
  const emit = (v: number) => {
    to(col, sy(v), penDown);
    penDown = true;
  };
  const flush = () => {
    if (Number.isNaN(col)) return;
    emit(lowFirst ? lo : hi);
    if (hi !== lo) emit(lowFirst ? hi : lo);
    col = NaN;
  };
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const xv = x[i];
    const yv = y[i];
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
      flush();
      penDown = false;
      continue;
    }
    const px = Math.round(sx(xv));
    if (px === col) {
      if (yv < lo) {
        lo = yv;
        lowFirst = false;
      } else if (yv > hi) {
        hi = yv;
        lowFirst = true;
      }
      continue;
    }
    flush();
    col = px;
    lo = hi = yv;
    lowFirst = true;
  }
  flush();
}

/**
 * A short series' finite points in pixels, to draw as dots too so single steps stay visible;
 * none once there are more than `upTo`.
 */
export function fewPoints(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
  upTo: number,
): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(x[k]) || !Number.isFinite(y[k])) continue;
    if (points.length === upTo) return [];
    points.push({ x: sx(x[k]), y: sy(y[k]) });
  }
  return points;
}
