/**
 * Sends one run's contents to its copy (copy.ts made or found the copy): tags, params, dataset
 * inputs, metric histories past their high-water marks, artifacts whose digest changed, and
 * last the status and end time. The ledger entry is saved after every step, so a copy stopped
 * anywhere resumes at that step.
 */
import type { DatasetInput, Metric, Run } from '$lib/tracking/entities';
import { tagValue } from '$lib/tracking/entities';
import { isMlflowError } from '$lib/tracking/errors';
import type { TrackingStore } from '$lib/tracking/store';
import { TAGS } from '$lib/tracking/tags';
import { chunkEntries, METRICS_PER_REQUEST } from './chunks';
import type { Ledger, LedgerEntry, MetricMark } from './ledger';
import type { CopyReport } from './types';

const HISTORY_PAGE = 25_000;

/** What the sender needs from the copy around it. */
export interface SendContext {
  from: TrackingStore;
  to: TrackingStore;
  ledger: Ledger;
  report: CopyReport;
  /** A call retried while its failure may pass. */
  call<T>(fn: () => Promise<T>): Promise<T>;
  /** Throws when the copy was stopped. */
  check(): void;
  progress(current?: string): void;
}

export class RunSender {
  constructor(private readonly c: SendContext) {}

  /** Sends what the copy lacks, each step recorded; whether anything was sent. */
  async send(run: Run, entry: LedgerEntry, tags: Record<string, string>): Promise<boolean> {
    const record = entry.run!;
    const save = () => this.c.ledger.put({ ...entry, run: record, updated: Date.now() });
    const copyId = entry.copy_id;
    let sent = false;

    // Tags (ids remapped), including ones removed since the last copy.
    const changed = Object.entries(tags).filter(([k, v]) => record.tags[k] !== v);
    for (const batch of chunkEntries(changed.map(([key, value]) => ({ key, value })))) {
      await this.c.call(() => this.c.to.logBatch(copyId, { tags: batch }));
      for (const t of batch) record.tags[t.key] = t.value;
      sent = true;
      await save();
    }
    for (const key of Object.keys(record.tags)) {
      if (key in tags) continue;
      await this.c.call(() =>
        this.c.to.deleteTag(copyId, key).catch((e) => {
          if (!isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw e;
        }),
      );
      delete record.tags[key];
      sent = true;
      await save();
    }

    // Params: write-once; a different value already on the target is a conflict.
    const sentParams = new Set(record.params);
    const params = run.data.params.filter((p) => !sentParams.has(p.key));
    for (const batch of chunkEntries(params)) {
      this.c.check();
      try {
        await this.c.call(() => this.c.to.logBatch(copyId, { params: batch }));
      } catch (e) {
        if (!isMlflowError(e, 'INVALID_PARAMETER_VALUE')) throw e;
        await this.paramConflicts(run, copyId, batch, e);
      }
      record.params.push(...batch.map((p) => p.key));
      sent = true;
      await save();
    }

    // Dataset inputs.
    const inputKey = (d: DatasetInput) =>
      JSON.stringify([
        d.dataset.name,
        d.dataset.digest,
        tagValue(d.tags ?? [], TAGS.datasetContext) ?? '',
      ]);
    const sentInputs = new Set(record.inputs);
    const inputs = run.inputs.dataset_inputs.filter((d) => !sentInputs.has(inputKey(d)));
    if (inputs.length) {
      await this.c.call(() => this.c.to.logInputs(copyId, inputs));
      record.inputs.push(...inputs.map(inputKey));
      sent = true;
      await save();
    }

    // Metric histories, past each key's high-water mark.
    for (const { key } of run.data.metrics) {
      this.c.check();
      const points = await this.history(this.c.from, run.info.run_id, key);
      const mark = record.metrics[key];
      let todo: Metric[];
      let base = 0;
      if (!mark || mark.count === 0) todo = points;
      else if (mark.count <= points.length && sameMark(points[mark.count - 1], mark.last)) {
        base = mark.count;
        todo = points.slice(base);
      } else {
        // The source history changed before the mark: send only what the copy lacks.
        const there = await this.history(this.c.to, copyId, key);
        todo = missing(points, there);
        base = -1;
      }
      for (let i = 0; i < todo.length; i += METRICS_PER_REQUEST) {
        this.c.check();
        const batch = todo.slice(i, i + METRICS_PER_REQUEST);
        await this.c.call(() => this.c.to.logBatch(copyId, { metrics: batch }));
        this.c.report.points += batch.length;
        // Past the mark, each batch moves it; a repair (base -1) moves it once it is done.
        if (base >= 0)
          record.metrics[key] = markOf(base + i + batch.length, batch[batch.length - 1]);
        sent = true;
        await save();
        this.c.progress(run.info.run_name);
      }
      const final = points.length ? markOf(points.length, points[points.length - 1]) : undefined;
      if (final && JSON.stringify(record.metrics[key]) !== JSON.stringify(final)) {
        record.metrics[key] = final;
        await save();
      }
    }

    // Artifacts whose bytes differ from what was sent.
    for (const path of await this.artifactFiles(run.info.run_id)) {
      this.c.check();
      const bytes = await this.c.call(() => this.c.from.downloadArtifact(run.info.run_id, path));
      const digest = await sha256(bytes);
      if (record.artifacts[path] === digest) continue;
      await this.c.call(() => this.c.to.logArtifact(copyId, path, bytes));
      record.artifacts[path] = digest;
      this.c.report.bytes += bytes.byteLength;
      sent = true;
      await save();
      this.c.progress(run.info.run_name);
    }

    // Status and end time last: a half-copied run never looks finished.
    const { status, end_time: endTime, run_name: runName } = run.info;
    if (status !== 'RUNNING') {
      const finished = { status, endTime: endTime ?? undefined, runName };
      if (JSON.stringify(finished) !== JSON.stringify(record.finished)) {
        await this.c.call(() =>
          this.c.to.updateRun(copyId, { status, endTime: endTime ?? undefined, runName }),
        );
        record.finished = finished;
        sent = true;
        await save();
      }
    }
    return sent;
  }

  /** Sorts a refused param batch into conflicts (reported) and params the copy lacks (sent). */
  private async paramConflicts(
    run: Run,
    copyId: string,
    batch: { key: string; value: string }[],
    error: unknown,
  ) {
    const there = new Map(
      (await this.c.call(() => this.c.to.getRun(copyId))).data.params.map((p) => [p.key, p.value]),
    );
    const conflicts = batch.filter((p) => there.has(p.key) && there.get(p.key) !== p.value);
    if (!conflicts.length) throw error;
    for (const p of conflicts)
      this.c.report.conflicts.push({
        sourceId: run.info.run_id,
        copyId,
        key: p.key,
        source: p.value,
        target: there.get(p.key)!,
      });
    const absent = batch.filter((p) => !there.has(p.key));
    if (absent.length) await this.c.call(() => this.c.to.logBatch(copyId, { params: absent }));
  }

  private async history(store: TrackingStore, runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.c.call(() =>
        store.getMetricHistory(runId, key, { maxResults: HISTORY_PAGE, pageToken }),
      );
      for (const m of page.items) out.push(m);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return out;
  }

  /** Every file under a run's artifact root, walking directories. */
  private async artifactFiles(runId: string): Promise<string[]> {
    const files: string[] = [];
    const dirs: (string | undefined)[] = [undefined];
    while (dirs.length) {
      const dir = dirs.pop();
      for (const f of await this.c.call(() => this.c.from.listArtifacts(runId, dir)))
        (f.is_dir ? dirs : files).push(f.path);
    }
    return files.sort();
  }
}

const valueKey = (v: number) => String(v);

function sameMark(point: Metric, last: MetricMark['last']): boolean {
  return point.timestamp === last[0] && point.step === last[1] && valueKey(point.value) === last[2];
}

function markOf(count: number, last: Metric): MetricMark {
  return { count, last: [last.timestamp, last.step, valueKey(last.value)] };
}

/** The points of `source` that `there` lacks, counting repeats (a multiset difference). */
export function missing(source: readonly Metric[], there: readonly Metric[]): Metric[] {
  const key = (m: Metric) => `${m.timestamp}|${m.step}|${valueKey(m.value)}`;
  const have = new Map<string, number>();
  for (const m of there) have.set(key(m), (have.get(key(m)) ?? 0) + 1);
  return source.filter((m) => {
    const k = key(m);
    const n = have.get(k) ?? 0;
    if (n === 0) return true;
    have.set(k, n - 1);
    return false;
  });
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
