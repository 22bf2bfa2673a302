import { describe, expect, it } from 'vitest';
import { base64, escapeHtml, formatValue, renderReport, REPORT_CSP } from './report';

const XSS = [
  '<script>window.x=1</script>',
  '<img src=x onerror="alert(1)">',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '</style><script>1</script>',
  '&lt;script&gt;',
];
const ALLOWED = new Set(
  'html head meta title style body h1 h2 dl div dt dd ul li table caption thead tbody tr th td figure img figcaption p small'.split(
    ' ',
  ),
);

function report(text: string) {
  return renderReport({
    title: `Evaluation of ${text}`,
    facts: [[text, text]],
    metrics: [
      [text, 0.5],
      ['roc_auc', null],
    ],
    warnings: [text],
    tables: [{ caption: text, columns: [text, 'precision'], rows: [[text, 0.25]] }],
    images: [{ title: text, png: new Uint8Array([137, 80, 78, 71]) }],
  });
}

describe('evaluation report', () => {
  it.each(XSS)('keeps %s as text: only its own tags, no event handlers, no script', (text) => {
    const html = report(text);
    const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)];
    for (const [, name, attrs] of tags) {
      expect(ALLOWED).toContain(name.toLowerCase());
      // Attributes are name="value" with the value escaped: no name is an event handler.
      const rest = attrs.replace(/\s([\w-]+)(="[^"]*")?/g, (_, attr: string) => {
        expect(attr.toLowerCase()).not.toMatch(/^on/);
        return '';
      });
      expect(rest.trim()).toBe('');
    }
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(escapeHtml(text));
  });

  it('forbids scripts in its Content-Security-Policy and embeds plots as data: URIs', () => {
    const html = report('iris');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).not.toContain('script-src');
    expect(html).toContain('src="data:image/png;base64,iVBORw=="');
    expect(html).toMatch(/<th scope="row">roc_auc<\/th><td class="num">undefined<\/td>/);
  });

  it('encodes large images and formats values', () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(Buffer.from(base64(big), 'base64').equals(Buffer.from(big))).toBe(true);
    expect(formatValue(0.123456789)).toBe('0.123457');
    expect(formatValue(12345)).toBe('12,345');
    expect(formatValue(null)).toBe('undefined');
  });
});
