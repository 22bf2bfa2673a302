/**
 * Each metric chunk's extremes, kept beside it so a chart of a long history reads a quarter of
 * the bytes (issue 13: 500 runs × 10,000 steps are 120 MB of chunks, most of the compare view's
 * first paint). For every stretch of EXTREMES_STRETCH points, in stored order, the row keeps the
 * lowest and the highest finite value and the first non-finite one, and the chunk's first and
 * last point, in the order they came: a subsequence of the history. A chart that draws each pixel
 * column's lowest and highest value draws every spike from it; a column that a stretch only
 * partly covers may draw a shorter span, so readers use the extremes only where a column holds
 * EXTREMES_COLUMN_POINTS points or more (a stretch at most two columns wide).
 *
 * The row is rewritten whenever its chunk is (appendMetrics), in the same transaction, and says
 * how many points of the chunk it covers; a reader uses the extremes only when every chunk of the
 * key has a row that covers all of it and the stretches run forward in time and step (else it
 * reads the chunks, as before extremes were kept).
 */
import type { MetricArrays } from '../reads';
import { joinArrays } from './rows';
import { CHUNK_SIZE, type MetricChunkRow, type MetricExtremesRow, type TrackingDB } from './schema';

/** Points per stretch whose extremes are kept: 24 bytes a point become about 6. */
export const EXTREMES_STRETCH = 8;
/** Points a pixel column must hold, at least, for a chart to be read from the extremes. */
export const EXTREMES_COLUMN_POINTS = EXTREMES_STRETCH / 2;

/** The extremes of one chunk (see the module comment). */
export function extremesOf(chunk: MetricChunkRow): MetricExtremesRow {
  const { steps, timestamps, values } = chunk;
  const n = values.length;
  const picked: number[] = [];
  let ordered = true;
  for (let i = 1; i < n && ordered; i++)
    ordered = timestamps[i] >= timestamps[i - 1] && steps[i] >= steps[i - 1];
  for (let start = 0; start < n; start += EXTREMES_STRETCH) {
    const end = Math.min(n, start + EXTREMES_STRETCH);
    let lo = -1;
    let hi = -1;
    let odd = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        if (odd < 0) odd = i;
        continue;
      }
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    // The chunk's first and last point too, so the line starts and ends where the history does.
    const ends = [start === 0 ? 0 : -1, end === n ? n - 1 : -1];
    const kept = [lo, hi, odd, ...ends].filter((i) => i >= 0).sort((a, b) => a - b);
    for (let k = 0; k < kept.length; k++)
      if (k === 0 || kept[k] !== kept[k - 1]) picked.push(kept[k]);
  }
  return {
    run_id: chunk.run_id,
    key: chunk.key,
    chunk: chunk.chunk,
    count: n,
    ordered,
    first: n ? [timestamps[0], steps[0]] : [0, 0],
    last: n ? [timestamps[n - 1], steps[n - 1]] : [0, 0],
    steps: Float64Array.from(picked, (i) => steps[i]),
    timestamps: Float64Array.from(picked, (i) => timestamps[i]),
    values: Float64Array.from(picked, (i) => values[i]),
  };
}

/**
 * The extremes of a key's `count` points, or undefined where they cannot stand for it: a chunk
 * without a row (written before extremes were kept), a row that covers less than its chunk, or
 * points that go back in time or step (the stretches would not be stretches of x).
 */
export async function readExtremes(
  db: TrackingDB,
  runId: string,
  key: string,
  count: number,
): Promise<MetricArrays | undefined> {
  const chunks = Math.ceil(count / CHUNK_SIZE);
  const rows = await db.metricExtremes
    .where('[run_id+key+chunk]')
    .between([runId, key, 0], [runId, key, Infinity], true, true)
    .toArray();
  if (rows.length !== chunks) return undefined;
  let covered = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.chunk !== i || !row.ordered) return undefined;
    const before = rows[i - 1]?.last;
    if (before && (row.first[0] < before[0] || row.first[1] < before[1])) return undefined;
    covered += row.count;
  }
  if (covered !== count) return undefined;
  return joinArrays(rows);
}

/** [runId] .. [runId, []] spans every key of one run: IndexedDB sorts arrays after strings. */
export async function deleteExtremes(db: TrackingDB, runId: string): Promise<void> {
  await db.metricExtremes.where('[run_id+key+chunk]').between([runId], [runId, []]).delete();
}
