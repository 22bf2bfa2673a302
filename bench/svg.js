// Draws docs/benchmarks-scaling.svg: two log-log panels (searchRuns time vs runs, history read time
// vs points) with a dotted "linear" reference through each series' first point.
const W = 960;
const H = 500;
const PANEL = { w: 400, h: 300, top: 70 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmtX = (x) => (x >= 1e6 ? `${x / 1e6}M` : x >= 1e3 ? `${x / 1e3}k` : String(x));
const fmtY = (y) => (y >= 1000 ? `${y / 1000} s` : y >= 1 ? `${y} ms` : `${y} ms`);

function decades(lo, hi) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

/** One panel: series = [{ label, points: [[x, y], ...], dashed? }]. */
function panel(x0, title, xLabel, series) {
  const all = series.flatMap((s) => s.points);
  const xs = decades(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])));
  const ys = decades(
    Math.min(...all.map((p) => p[1])) * 0.9,
    Math.max(...all.map((p) => p[1])) * 1.1,
  );
  const lx = (x) =>
    x0 +
    ((Math.log10(x) - Math.log10(xs[0])) / (Math.log10(xs.at(-1)) - Math.log10(xs[0]))) * PANEL.w;
  const ly = (y) =>
    PANEL.top +
    PANEL.h -
    ((Math.log10(y) - Math.log10(ys[0])) / (Math.log10(ys.at(-1)) - Math.log10(ys[0]))) * PANEL.h;
  const parts = [];
  parts.push(
    `<text x="${x0 + PANEL.w / 2}" y="${PANEL.top - 30}" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`,
  );
  parts.push(
    `<rect x="${x0}" y="${PANEL.top}" width="${PANEL.w}" height="${PANEL.h}" fill="none" stroke="#444"/>`,
  );
  for (const x of xs) {
    parts.push(
      `<line x1="${lx(x)}" x2="${lx(x)}" y1="${PANEL.top}" y2="${PANEL.top + PANEL.h}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${lx(x)}" y="${PANEL.top + PANEL.h + 18}" text-anchor="middle" font-size="13">${fmtX(x)}</text>`,
    );
  }
  for (const y of ys) {
    parts.push(`<line x1="${x0}" x2="${x0 + PANEL.w}" y1="${ly(y)}" y2="${ly(y)}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${x0 - 6}" y="${ly(y) + 4}" text-anchor="end" font-size="13">${fmtY(y)}</text>`,
    );
  }
  parts.push(
    `<text x="${x0 + PANEL.w / 2}" y="${PANEL.top + PANEL.h + 40}" text-anchor="middle" font-size="14">${esc(xLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length];
    const path = s.points
      .map(([x, y], j) => `${j ? 'L' : 'M'}${lx(x).toFixed(1)},${ly(y).toFixed(1)}`)
      .join(' ');
    const dash = s.dashed ? ' stroke-dasharray="3 4"' : '';
    parts.push(
      `<path d="${path}" fill="none" stroke="${color}" stroke-width="${s.dashed ? 1.5 : 2.5}"${dash}/>`,
    );
    if (!s.dashed) {
      for (const [x, y] of s.points) {
        // The highest point at an x is labelled above, the others below, so labels never swap
        // lines; the last point's label sits left of it.
        const higher = series.some(
          (o) => o !== s && !o.dashed && (o.points.find((p) => p[0] === x)?.[1] ?? -Infinity) > y,
        );
        const right = lx(x) > x0 + PANEL.w - 40;
        const tx = right ? lx(x) - 8 : lx(x) + 7;
        const ty = higher ? ly(y) + 18 : ly(y) - 8;
        const anchor = right ? 'end' : 'start';
        const text = y >= 100 ? y.toFixed(0) : y.toFixed(1);
        parts.push(`<circle cx="${lx(x)}" cy="${ly(y)}" r="4" fill="${color}"/>`);
        parts.push(
          `<text x="${tx}" y="${ty}" font-size="12" text-anchor="${anchor}" fill="${color}">${text}</text>`,
        );
      }
    }
    // The legend sits under the panel, where no line or label can run into it.
    const ly0 = PANEL.top + PANEL.h + 66 + i * 18;
    parts.push(
      `<line x1="${x0 + 10}" x2="${x0 + 34}" y1="${ly0}" y2="${ly0}" stroke="${color}" stroke-width="2.5"${dash}/>`,
    );
    parts.push(`<text x="${x0 + 40}" y="${ly0 + 4}" font-size="13">${esc(s.label)}</text>`);
  });
  return parts.join('\n');
}

/** A dotted line of slope 1 (time proportional to size) from a series' first point. */
export function linearFrom(points) {
  const [x0, y0] = points[0];
  return points.map(([x]) => [x, (y0 * x) / x0]);
}

export function scalingSvg({ search, mlflowSearch, historyArrays, historyObjects, subtitle }) {
  const left = [
    { label: 'Tracklab searchRuns (median)', points: search },
    ...(mlflowSearch.length
      ? [{ label: 'MLflow search_runs via server', points: mlflowSearch }]
      : []),
    { label: 'linear (time ∝ runs)', points: linearFrom(search), dashed: true, color: '#888' },
  ];
  const right = [
    { label: 'getMetricHistoryArrays', points: historyArrays, color: COLORS[2] },
    { label: 'getMetricHistory (Metric objects)', points: historyObjects, color: COLORS[3] },
    {
      label: 'linear (time ∝ points)',
      points: linearFrom(historyArrays),
      dashed: true,
      color: '#888',
    },
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="13" fill="#555">${esc(subtitle)}</text>`,
    panel(
      70,
      'searchRuns (3-clause filter, order, 1,000 results)',
      'runs in the experiment (log scale)',
      left,
    ),
    panel(540, 'Read one metric history', 'points in the history (log scale)', right),
    '</svg>',
  ].join('\n');
}
