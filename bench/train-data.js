// Seeded synthetic regression data for the training benchmarks, written as CSV once and read by
// both sides (the page through the app's data worker, scikit-learn through numpy), so both train
// on exactly the same numbers. Nothing here is committed: the files go to a temp folder.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** mulberry32, the generator src/lib/data/split.ts seeds with. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a uniform generator. */
function normals(random) {
  let spare = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * Writes `features` standard-normal columns x0… and a target y = w·x + sin(x0·x1) + 0.5·x2·x3 +
 * 0.1·noise, 4 decimals each, until `rows` rows or `bytes` bytes. Resolves to { rows, bytes }.
 */
export async function writeRegressionCsv(
  path,
  { rows = Infinity, bytes = Infinity, features = 20, seed = 7 },
) {
  const normal = normals(seeded(seed));
  const w = Array.from({ length: features }, () => normal());
  const out = createWriteStream(path);
  const header = [...Array.from({ length: features }, (_, j) => `x${j}`), 'y'].join(',') + '\n';
  out.write(header);
  let written = Buffer.byteLength(header);
  let n = 0;
  const x = new Float64Array(features);
  while (n < rows && written < bytes) {
    const lines = [];
    for (let k = 0; k < 5000 && n < rows && written < bytes; k++, n++) {
      let y = 0;
      for (let j = 0; j < features; j++) {
        x[j] = normal();
        y += w[j] * x[j];
      }
      y += Math.sin(x[0] * x[1]) + 0.5 * x[2] * x[3] + 0.1 * normal();
      const line = `${Array.from(x, (v) => v.toFixed(4)).join(',')},${y.toFixed(4)}\n`;
      written += line.length;
      lines.push(line);
    }
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { rows: n, bytes: written };
}
