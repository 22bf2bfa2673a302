import { describe, expect, it } from 'vitest';
import { parseMarkdown, plainText, safeHref, type Block, type Inline } from './markdown';

/** Every text in a tree, to check nothing from the note is dropped or turned into markup. */
function texts(nodes: (Block | Inline)[]): string {
  return nodes
    .map((n) => {
      if ('text' in n) return n.text;
      if ('children' in n) return texts(n.children);
      if (n.kind === 'list') return n.items.map((i) => texts(i.children)).join('|');
      if (n.kind === 'table') return [...n.header, ...n.rows.flat()].map((c) => texts(c)).join('|');
      return '';
    })
    .join('');
}

describe('parseMarkdown', () => {
  it('builds headings, emphasis, code, lists with tasks, tables, quotes and rules', () => {
    const tree = parseMarkdown(
      [
        '# Run 7',
        '',
        'Lower **lr** to *1e-3*, ~~not~~ `adam`.',
        'Next line.',
        '',
        '1. first',
        '2. second',
        '',
        '- [x] done',
        '- [ ] todo',
        '',
        '| lr | acc |',
        '|:---|---:|',
        '| 0.01 | 0.93 |',
        '',
        '> quoted',
        '',
        '---',
        '',
        '```python',
        'print("<b>")',
        '```',
      ].join('\n'),
    );
    expect(tree.map((b) => b.kind)).toEqual([
      'heading',
      'paragraph',
      'list',
      'list',
      'table',
      'quote',
      'rule',
      'code',
    ]);
    expect(tree[0]).toEqual({
      kind: 'heading',
      depth: 1,
      children: [{ kind: 'text', text: 'Run 7' }],
    });
    expect(tree[1]).toEqual({
      kind: 'paragraph',
      children: [
        { kind: 'text', text: 'Lower ' },
        { kind: 'strong', children: [{ kind: 'text', text: 'lr' }] },
        { kind: 'text', text: ' to ' },
        { kind: 'em', children: [{ kind: 'text', text: '1e-3' }] },
        { kind: 'text', text: ', ' },
        { kind: 'del', children: [{ kind: 'text', text: 'not' }] },
        { kind: 'text', text: ' ' },
        { kind: 'code', text: 'adam' },
        { kind: 'text', text: '.' },
        { kind: 'br' },
        { kind: 'text', text: 'Next line.' },
      ],
    });
    expect(tree[2]).toMatchObject({ kind: 'list', ordered: true, start: 1 });
    const tasks = tree[3];
    if (tasks.kind !== 'list') throw new Error('list expected');
    expect(tasks.items.map((i) => [i.checked, texts(i.children)])).toEqual([
      [true, 'done'],
      [false, 'todo'],
    ]);
    expect(tree[4]).toMatchObject({ kind: 'table', align: ['left', 'right'] });
    expect(texts([tree[4]])).toBe('lr|acc|0.01|0.93');
    expect(tree[7]).toEqual({ kind: 'code', text: 'print("<b>")', lang: 'python' });
  });

  it('keeps raw HTML as the text it is, and decodes character references once', () => {
    const xss = '<img src=x onerror="alert(1)">';
    const tree = parseMarkdown(
      `a ${xss} &amp; &lt;b&gt; &#169; &#x2014; \\*\n\n<div onclick="x()">hi</div>\n\n<script>alert(1)</script>`,
    );
    expect(texts(tree)).toBe(
      `a ${xss} & <b> © — *<div onclick="x()">hi</div><script>alert(1)</script>`,
    );
    const kinds = JSON.stringify(tree).match(/"kind":"\w+"/g);
    expect(new Set(kinds)).toEqual(new Set(['"kind":"paragraph"', '"kind":"text"']));
  });

  it('keeps only links that can run nothing; the others become their text', () => {
    const tree = parseMarkdown(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](java\tscript:x) [d](data:text/html,x) [e](vbscript:x) [f](https://mlflow.org "MLflow") [g](#/experiments/0) [h](mailto:me@x.org) <https://x.org> ![chart](https://x.org/c.png) ![bad](javascript:x)',
    );
    const paragraph = tree[0];
    if (paragraph.kind !== 'paragraph') throw new Error('paragraph expected');
    const links = paragraph.children.filter((n) => n.kind === 'link');
    expect(links.map((l) => l.kind === 'link' && [l.href, texts(l.children), l.title])).toEqual([
      ['https://mlflow.org', 'f', 'MLflow'],
      ['#/experiments/0', 'g', undefined],
      ['mailto:me@x.org', 'h', undefined],
      ['https://x.org', 'https://x.org', undefined],
      ['https://x.org/c.png', '🖼 chart', undefined],
    ]);
    // A tab inside the target is not a link in markdown at all: it stays as written.
    expect(texts(tree)).toBe('a b [c](java\tscript:x) d e f g h https://x.org 🖼 chart 🖼 bad');
  });

  it("draws a loose task list's boxes once, and code spans as written", () => {
    const list = parseMarkdown('- [x] first\n\n- [ ] second &amp; `&amp;`\n')[0];
    if (list.kind !== 'list') throw new Error('list expected');
    expect(list.items.map((i) => [i.checked, i.label])).toEqual([
      [true, 'first'],
      [false, 'second & &amp;'],
    ]);
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '',
      '   ',
      '\u0000',
      '*'.repeat(5000),
      '[',
      '|a|\n|-|',
      '```',
      '>'.repeat(300),
    ])
      expect(() => parseMarkdown(text)).not.toThrow();
  });
});

describe('safeHref', () => {
  it('allows http(s), mailto and in-app links, after dropping what browsers ignore', () => {
    expect(safeHref(' https://a.b/c?d=1')).toBe('https://a.b/c?d=1');
    expect(safeHref('#/models')).toBe('#/models');
    expect(safeHref('ja\nvascript:alert(1)')).toBeUndefined();
    expect(safeHref('\u0001javascript:alert(1)')).toBeUndefined();
    expect(safeHref('/etc/passwd')).toBeUndefined();
    expect(safeHref('//evil.example')).toBeUndefined();
    expect(safeHref('https://a.b/x y')).toBe('https://a.b/x y');
  });
});

describe('plainText', () => {
  it('runs inline parts together and keeps blocks apart', () => {
    expect(plainText(parseMarkdown('# A *b*\n\nc `d` [e](https://e.org)\n\n- f\n- **g**'))).toBe(
      'A b c d e f g',
    );
  });
});
