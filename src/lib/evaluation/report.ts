/**
 * The evaluation report: one self-contained HTML file (styles inline, plots as data: URIs) that
 * opens anywhere, offline. Nothing from the data can run as script, twice over: every text is
 * HTML-escaped (class names, column names, run names, warnings), and the page's
 * Content-Security-Policy allows no script at all, only inline styles and data: images.
 */

export interface ReportTable {
  caption: string;
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ReportInput {
  title: string;
  /** Label and value pairs under the title: model, data, rows, threshold, time. */
  facts: [string, string][];
  /** Metric name and value; null for a metric that is undefined here (see the warnings). */
  metrics: [string, number | null][];
  /** What a person should know: a single class, classes never predicted, a constant target. */
  warnings: string[];
  tables: ReportTable[];
  images: { title: string; png: Uint8Array }[];
}

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A metric as the report shows it: up to 6 significant digits, or "undefined". */
export function formatValue(v: string | number | null): string {
  if (v === null) return 'undefined';
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return v.toLocaleString('en');
  return Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v);
}

const STYLE = `
body { font: 14px/1.5 system-ui, sans-serif; color: #1f2328; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 2rem 0 .6rem; }
dl.facts { display: flex; flex-wrap: wrap; gap: .4rem 2rem; margin: 0 0 1rem; }
dl.facts dt { font-size: .75rem; text-transform: uppercase; color: #656d76; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: .3rem .8rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
.warnings { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: .6rem 1rem .6rem 2rem; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; border: 1px solid #d0d7de; border-radius: 6px; }
figcaption { color: #656d76; font-size: .85rem; }
`;

function table(t: ReportTable): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, i) =>
            i === 0
              ? `<th scope="row">${escapeHtml(formatValue(cell))}</th>`
              : `<td class="num">${escapeHtml(formatValue(cell))}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReport(input: ReportInput): string {
  const facts = input.facts
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join('');
  const warnings = input.warnings.length
    ? `<ul class="warnings">${input.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
    : '';
  const metrics = table({
    caption: 'Metrics',
    columns: ['Metric', 'Value'],
    rows: input.metrics,
  });
  const figures = input.images
    .map(
      (img) =>
        `<figure><img alt="${escapeHtml(img.title)}" src="data:image/png;base64,${base64(img.png)}"><figcaption>${escapeHtml(img.title)}</figcaption></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<dl class="facts">${facts}</dl>
${warnings}
${metrics}
${input.tables.map(table).join('\n')}
${figures ? `<h2>Plots</h2>\n${figures}` : ''}
<p><small>Written by Tracklab. Self-contained: no scripts, no network requests.</small></p>
</body>
</html>
`;
}
