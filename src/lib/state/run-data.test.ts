import { describe, expect, it } from 'vitest';
import { fileKind, mimeType, previewTable, readPreview, summarizeHistory } from './run-data';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('summarizeHistory', () => {
  it('gives min and max over finite values and counts distinct steps', () => {
    const s = summarizeHistory('loss', {
      steps: [0, 1, 2, 2, 3],
      values: [0.9, NaN, 0.4, 0.5, Infinity],
    });
    expect(s).toMatchObject({ key: 'loss', min: 0.4, max: 0.9, points: 5, stepCount: 4 });
    expect(summarizeHistory('x', { steps: [0], values: [NaN] })).toMatchObject({
      min: undefined,
      max: undefined,
    });
  });
});

describe('fileKind', () => {
  it('tells images, tables, JSON, text and binary apart by name', () => {
    const kinds = {
      'plots/loss.PNG': 'image',
      'a.webp': 'image',
      'predictions/test.csv': 'table',
      'x.tsv': 'table',
      'config.json': 'json',
      'model/MLmodel': 'text',
      'notes.md': 'text',
      'train.log': 'text',
      'model/weights.bin': 'binary',
      '.hidden': 'binary',
    };
    for (const [path, kind] of Object.entries(kinds)) expect(fileKind(path), path).toBe(kind);
    const types = {
      'a.jpg': 'image/jpeg',
      'model/MLmodel': 'text/plain',
      'w.bin': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(types)) expect(mimeType(path), path).toBe(type);
  });

  it('shows HTML and SVG only in the sandboxed frame, and never hands a browser them to render', () => {
    for (const path of ['report.html', 'a.HTM', 'plots/evil.svg']) {
      expect(fileKind(path), path).toBe('html');
      // An object URL typed text/html or image/svg+xml opened in a tab would run as this origin.
      expect(mimeType(path), path).toBe('application/octet-stream');
    }
  });
});

describe('previews', () => {
  it('shows the first rows of a CSV and counts them all', () => {
    const csv = ['a,b', ...Array.from({ length: 60 }, (_, i) => `${i},"x,${i}"`), ''].join('\n');
    const p = previewTable(csv);
    expect(p).toMatchObject({ kind: 'table', header: ['a', 'b'], total: 60, errors: 0 });
    if (p.kind !== 'table') throw new Error('not a table');
    expect(p.rows).toHaveLength(50);
    expect(p.rows[0]).toEqual(['0', 'x,0']);
  });

  it('reads TSV with tabs, and keeps markup as text', () => {
    const p = readPreview('t.tsv', bytes('name\tv\n<img src=x onerror="alert(1)">\t1\n'));
    expect(p).toMatchObject({
      kind: 'table',
      header: ['name', 'v'],
      rows: [['<img src=x onerror="alert(1)">', '1']],
      total: 1,
    });
  });

  it('pretty-prints JSON and shows invalid JSON as it is', () => {
    expect(readPreview('c.json', bytes('{"a":[1,2]}'))).toEqual({
      kind: 'text',
      text: '{\n  "a": [\n    1,\n    2\n  ]\n}',
      truncated: false,
    });
    expect(readPreview('c.json', bytes('{oops'))).toEqual({
      kind: 'text',
      text: '{oops',
      truncated: false,
    });
  });

  it('shows text as text and binary as binary', () => {
    expect(readPreview('model/MLmodel', bytes('flavors:\n'))).toEqual({
      kind: 'text',
      text: 'flavors:\n',
      truncated: false,
    });
    expect(readPreview('w.bin', new Uint8Array([0, 1]))).toEqual({ kind: 'binary' });
    expect(readPreview('a.png', new Uint8Array([0]))).toEqual({ kind: 'image' });
    const long = readPreview('big.log', bytes('x'.repeat(300_000)));
    expect(long).toMatchObject({ kind: 'text', truncated: true });
  });
});
