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
import type { LedgerEntry, MetricMark } from './ledger';
import type { CopyContext } from './types';

const HISTORY_PAGE = 25_000;
/** Points read ahead before they are sent (a run's long histories are not all held at once). */
const QUEUE_POINTS = 25_000;

interface MetricPlan {
  key: string;
  /** How long the source history is and its last point (the mark once all is sent). */
  total: number;
  last: Metric | undefined;
  /** The points to send (released once queued). */
  todo: Metric[];
  /** The mark the points to send start after, or -1 for a repair (missing points). */
  base: number;
  sent: number;
}

export class RunSender {
  constructor(private readonly c: CopyContext) {}

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

    // Metric histories, past each key's high-water mark. Points of several keys share a
    // request (up to 1,000), as MLflow's own client batches them: one request per key made a
    // run of 20 short histories cost 20 requests instead of 2.
    let queue: { plan: MetricPlan; point: Metric }[] = [];
    const plans: MetricPlan[] = [];
    const flush = async (all: boolean) => {
      while (queue.length >= METRICS_PER_REQUEST || (all && queue.length)) {
        this.c.check();
        const batch = queue.slice(0, METRICS_PER_REQUEST);
        await this.c.call(() => this.c.to.logBatch(copyId, { metrics: batch.map((q) => q.point) }));
        queue = queue.slice(batch.length);
        this.c.report.points += batch.length;
        // Past the mark, each batch moves it; a repair (base -1) moves it once it is done.
        for (const { plan, point } of batch) {
          plan.sent++;
          if (plan.base >= 0) record.metrics[plan.key] = markOf(plan.base + plan.sent, point);
        }
        sent = true;
        await save();
        this.c.progress(run.info.run_name);
      }
    };
    for (const { key } of run.data.metrics) {
      this.c.check();
      const plan = await this.planMetric(run.info.run_id, copyId, key, record.metrics[key]);
      plans.push(plan);
      for (const point of plan.todo) queue.push({ plan, point });
      plan.todo = [];
      // Bounded memory: a run's long histories are sent as they are read, and not kept.
      if (queue.length >= QUEUE_POINTS) await flush(false);
    }
    await flush(true);
    let moved = false;
    for (const { key, total, last } of plans) {
      const final = last ? markOf(total, last) : undefined;
      if (final && JSON.stringify(record.metrics[key]) !== JSON.stringify(final)) {
        record.metrics[key] = final;
        moved = true;
      }
    }
    if (moved) await save();

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

  /** What of one key's history to send: past the mark, or (the history changed) what the copy lacks. */
  private async planMetric(
    runId: string,
    copyId: string,
    key: string,
    mark: MetricMark | undefined,
  ): Promise<MetricPlan> {
    const points = await this.history(this.c.from, runId, key);
    const plan = { key, total: points.length, last: points.at(-1), sent: 0 };
    if (!mark || mark.count === 0) return { ...plan, todo: points, base: 0 };
    if (mark.count <= points.length && sameMark(points[mark.count - 1], mark.last))
      return { ...plan, todo: points.slice(mark.count), base: mark.count };
    const there = await this.history(this.c.to, copyId, key);
    return { ...plan, todo: missing(points, there), base: -1 };
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
