// The hostile-input corpus (issue 15): one list of strings that try to run script, restyle or
// break the page, pollute prototypes or exhaust it, pushed through every place a string enters
// Tracklab. Every executable payload sets window.__pwned (or its parent's/top's), so a spec only
// has to look at one flag; dialogs (alert/confirm/prompt) are caught by the page's 'dialog' event.

export interface Payload {
  /** What the payload tries, for messages. */
  name: string;
  value: string;
}

const PWN = 'window.__pwned=1';

/** Short payloads: fit names, tags, params and cells (each under MLflow's 250-char key limit). */
export const PAYLOADS: Payload[] = [
  { name: 'script tag', value: `<script>${PWN};alert(1)</script>` },
  { name: 'img onerror', value: `<img src=x onerror="${PWN};alert(2)">` },
  { name: 'svg onload', value: `<svg onload="${PWN}"><script>${PWN}</script></svg>` },
  { name: 'javascript url', value: `javascript:${PWN};alert(3)` },
  { name: 'iframe srcdoc', value: `<iframe srcdoc="<script>top.__pwned=1</script>"></iframe>` },
  { name: 'attribute breakout', value: `" autofocus onfocus="${PWN}" x="` },
  { name: 'template literal', value: '${window.__pwned=1}{{constructor.constructor("x")()}}' },
  {
    name: 'css injection',
    value: '</style><style>*{display:none!important}body{background:url(x)}</style>',
  },
  { name: 'bidi override', value: 'evil\u202Egnp.exe\u202C \u2066tail\u2069' },
  { name: 'nul bytes', value: 'nul\u0000in\u0000the\u0000middle' },
  { name: 'control characters', value: 'bell\u0007back\u0008esc\u001b[31mred' },
  { name: 'proto key', value: '__proto__' },
  { name: 'constructor key', value: 'constructor' },
  { name: 'prototype key', value: 'prototype' },
  { name: 'toString key', value: 'toString' },
  { name: 'hasOwnProperty key', value: 'hasOwnProperty' },
  { name: 'long unbroken word', value: 'W'.repeat(240) },
  { name: 'emoji and combining', value: 'Z\u0351\u0352\u0353\u0354\u0355🧪👩‍🔬' },
];

/** Payloads that are valid names for keys (params, tags, metrics, aliases) under MLflow's rules. */
export const KEY_PAYLOADS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Markdown for a note: links and images that must not run, raw HTML that must show as text. */
export const HOSTILE_MARKDOWN = [
  '# Notes <img src=x onerror="window.__pwned=1">',
  '[click me](javascript:window.__pwned=1)',
  '[spaced]( javascript:window.__pwned=1 )',
  '[entity](&#106;avascript:window.__pwned=1)',
  '[tabbed](java\tscript:window.__pwned=1)',
  '[data](data:text/html,<script>top.__pwned=1</script>)',
  '[vb](vbscript:msgbox(1))',
  '![pic](javascript:window.__pwned=1)',
  '<script>window.__pwned=1</script>',
  '<a href="javascript:window.__pwned=1">raw link</a>',
  '<details open ontoggle="window.__pwned=1">x</details>',
  '<style>*{display:none}</style>',
  '[ok](https://example.org "title\\" onmouseover=\\"window.__pwned=1")',
  'evil\u202Egnp.exe',
].join('\n\n');

/** An HTML artifact whose every trick sets the flag if it runs. */
export const HOSTILE_HTML =
  '<h1>Hostile report</h1><script>parent.__pwned=1;top.__pwned=1;alert(1)</script>' +
  '<img src=x onerror="top.__pwned=1"><a href="javascript:top.__pwned=1">go</a>' +
  '<form action="javascript:top.__pwned=1"><button>send</button></form>' +
  '<meta http-equiv="refresh" content="0;url=javascript:top.__pwned=1">';

export const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="top.__pwned=1"><script>top.__pwned=1' +
  '</script><a href="javascript:top.__pwned=1"><text x="10" y="20">Hostile picture</text></a></svg>';

/** JSON with prototype keys at every level, and a Plotly figure whose labels carry markup. */
// Object literals cannot hold a "__proto__" key (it sets the prototype), so it is spliced into the
// JSON text, where JSON.parse makes it an own key as a hostile file would.
export const HOSTILE_JSON = JSON.stringify({
  constructor: { prototype: { polluted: 1 } },
  title: '<img src=x onerror="window.__pwned=1">',
}).replace('{', '{"__proto__":{"polluted":1},');

export const HOSTILE_PLOTLY = JSON.stringify({
  data: [
    {
      type: 'scatter',
      name: '<img src=x onerror="window.__pwned=1">',
      x: [1, 2, 3],
      y: [2, 1, 3],
      text: ['<script>window.__pwned=1</script>', 'b', 'c'],
      hovertemplate: '<a href="javascript:window.__pwned=1">x</a>',
    },
  ],
  layout: {
    title: { text: '<a href="javascript:window.__pwned=1">Hostile chart</a>' },
    xaxis: { title: { text: '<img src=x onerror="window.__pwned=1">' } },
    constructor: { prototype: { polluted: 1 } },
  },
}).replace('"layout":{', '"layout":{"__proto__":{"polluted":1},');

/** A CSV whose header and cells are the corpus (quoted as CSV needs), with a numeric column. */
export function hostileCsv(rows = 40): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const names = PAYLOADS.filter((p) => !p.value.includes('\u0000')).map((p) => p.value);
  const header = [...names, 'score', 'label'].map(quote).join(',');
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const cells = names.map((_, c) => names[(c + i) % names.length]);
    lines.push([...cells.map(quote), String(i / rows), i % 2 ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n') + '\n';
}

/** One mebibyte of text: a single unbroken word, the worst case for layout. */
export const ONE_MB = 'M'.repeat(1 << 20);
