import { describe, expect, it } from 'vitest';
import { tracePath } from './trace';
import { dot, linePen, pixelColor, rasterLines, type Pixels } from './raster';

const image = (width: number, height: number): Pixels => ({
  data: new Uint32Array(width * height),
  width,
  height,
});
/** The image as rows of '#' (drawn) and '.' (empty). */
const picture = (p: Pixels) =>
  Array.from({ length: p.height }, (_, r) =>
    Array.from(p.data.subarray(r * p.width, (r + 1) * p.width), (v) => (v ? '#' : '.')).join(''),
  );

describe('pixelColor', () => {
  it('packs #rrggbb as the opaque little-endian RGBA pixel of ImageData', () => {
    expect(pixelColor('#1f5fc4')).toBe(0xffc45f1f);
    expect(pixelColor('#000000')).toBe(0xff000000);
  });
});

describe('linePen', () => {
  it('draws a flat line one pixel high across the columns it spans', () => {
    const p = image(6, 3);
    const pen = linePen(p, 1);
    pen(1, 1, false);
    pen(4, 1, true);
    expect(picture(p)).toEqual(['......', '.####.', '......']);
  });

  it('keeps a steep line connected: each column fills the rows it passes through', () => {
    const p = image(3, 7);
    const pen = linePen(p, 1);
    pen(0, 0, false);
    pen(2, 6, true);
    // Half a column at each end, a whole one in the middle: rows 0–1.5, 1.5–4.5, 4.5–6.
    expect(picture(p)).toEqual(['#..', '#..', '##.', '.#.', '.#.', '.##', '..#']);
  });

  it('draws a vertical span within one column and starts afresh after a move', () => {
    const p = image(4, 5);
    const pen = linePen(p, 1);
    pen(1, 0, false);
    pen(1, 3, true);
    pen(3, 4, false);
    expect(picture(p)).toEqual(['.#..', '.#..', '.#..', '.#..', '...#']);
  });

  it('clips what falls outside the image', () => {
    const p = image(3, 3);
    const pen = linePen(p, 1);
    pen(-5, -10, false);
    pen(10, 20, true);
    // Slope 2 from (-5, -10): rows -1–1 in column 0, 1–3 in column 1, 3–5 (all below) in column 2.
    expect(picture(p)).toEqual(['#..', '##.', '.#.']);
  });

  it('draws a spike of a million points as tracePath decimates it, no column empty', () => {
    const n = 1_000_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i === 500_123 ? 0 : 9));
    const p = image(100, 10);
    tracePath(
      x,
      y,
      (v) => (v / n) * 100,
      (v) => v,
      linePen(p, 1),
    );
    const rows = picture(p);
    expect(rows[0].indexOf('#')).toBe(50);
    expect(rows[9]).toBe('#'.repeat(100));
  });
});

describe('dot', () => {
  it('fills a disc, clipped at the edges', () => {
    const p = image(5, 5);
    dot(p, 2, 2, 1, 1);
    expect(picture(p)).toEqual(['.....', '..#..', '.###.', '..#..', '.....']);
    dot(p, 0, 0, 1, 1);
    expect(picture(p)[0]).toBe('##...');
  });
});

describe('rasterLines', () => {
  it('draws each line in its colour, later over earlier, with dots on a short one', () => {
    const p = image(5, 5);
    const id = (v: number) => v;
    rasterLines(
      p,
      [
        { x: [0, 4], y: [2, 2], color: '#0000ff' },
        { x: [2, 2], y: [0, 4], color: '#ff0000' },
      ],
      id,
      id,
      { dotsUpTo: 0, dotRadius: 1 },
    );
    expect(p.data[2 * 5 + 0]).toBe(pixelColor('#0000ff'));
    // The red line crosses the blue one at (2, 2) and is drawn over it.
    expect(p.data[2 * 5 + 2]).toBe(pixelColor('#ff0000'));
    const q = image(5, 5);
    rasterLines(q, [{ x: [2], y: [2], color: '#00ff00' }], id, id, { dotsUpTo: 5, dotRadius: 1 });
    expect(picture(q)).toEqual(['.....', '..#..', '.###.', '..#..', '.....']);
  });
});
