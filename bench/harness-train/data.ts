// The benchmark CSV in the harness page: loaded through the app's data worker (decode, parse,
// profile, save) and prepared (split, standardise, encode) there, as it is for a person; and
// parseTable on the page for the parse-speed row.
import type { App } from '$lib/app/create-app';
import { parseTable } from '$lib/data/csv';
import type { DatasetRecord } from '$lib/data/library';
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { watchGaps } from '../harness-gaps';

interface Stage {
  stage: string;
  startMs: number;
  ms: number;
}

export class BenchDataset {
  private dataset: DatasetRecord | null = null;
  private readonly prepared = new Map<string, PreparedData>();

  constructor(private readonly app: App) {}

  /** The loaded benchmark dataset (loadDataset first). */
  get record(): DatasetRecord {
    if (!this.dataset) throw new Error('Load the benchmark dataset first (loadDataset).');
    return this.dataset;
  }

  /** DataClient.load on a File fetched from the server; the page watches its gaps meanwhile. */
  async load({ url, name }: { url: string; name: string }) {
    const blob = await (await fetch(url)).blob();
    const file = new File([blob], name, { type: 'text/csv' });
    const stages: Stage[] = [];
    const stop = watchGaps();
    const t0 = performance.now();
    const loaded = await this.app.data.load(
      file,
      { name, source: name, sourceType: 'upload' },
      (stage) => {
        if (stages.at(-1)?.stage !== stage)
          stages.push({ stage, startMs: performance.now() - t0, ms: 0 });
      },
    );
    const ms = performance.now() - t0;
    const gaps = stop();
    stages.forEach((s, i) => (s.ms = (stages[i + 1]?.startMs ?? ms) - s.startMs));
    const startOf = (stage: string) => stages.find((s) => s.stage === stage)?.startMs;
    const from = startOf('Checking the encoding');
    const to = startOf('Profiling columns');
    return {
      bytes: file.size,
      rows: loaded.record.rows,
      columns: loaded.record.columns.length,
      ms,
      stages,
      /** Decoding and parsing in the worker, from its progress messages. */
      decodeParseMs: from !== undefined && to !== undefined ? to - from : null,
      gaps,
      record: loaded.record,
    };
  }

  /** Loads the benchmark dataset once per page; later loads of other files do not replace it. */
  async loadDataset(args: { url: string; name: string }) {
    const out = await this.load(args);
    this.dataset = out.record;
    return { ...out, record: undefined };
  }

  async loadBig(args: { url: string; name: string }) {
    const out = await this.load(args);
    return { ...out, record: undefined };
  }

  /** The benchmark's data choice: the last column is the regression target. */
  choice(split: DataChoice['split']): DataChoice {
    const record = this.record;
    return {
      target: record.columns.at(-1)!,
      task: 'regression',
      features: record.columns.slice(0, -1).map((name) => ({ name, kind: 'numeric' })),
      impute: 'median',
      standardize: true,
      maxLevels: 20,
      minCount: 1,
      split,
    };
  }

  /** The dataset prepared (in the data worker) for `split`, once per split. */
  async prepare(split: DataChoice['split']): Promise<PreparedData> {
    const key = JSON.stringify(split);
    let data = this.prepared.get(key);
    if (!data) {
      data = await this.app.data.prepare(this.record.sha256, this.choice(split));
      this.prepared.set(key, data);
    }
    return data;
  }
}

/** 4a. parseTable on this page (the same function the data worker runs), median of `reps`. */
export async function parseCsv(args: { url: string; reps: number }) {
  const text = await (await fetch(args.url)).text();
  parseTable(text);
  const ms: number[] = [];
  let shape = { rows: 0, columns: 0 };
  for (let i = 0; i < args.reps; i++) {
    const t0 = performance.now();
    const table = parseTable(text);
    ms.push(performance.now() - t0);
    shape = { rows: table.rows.length, columns: table.columns.length };
  }
  return { chars: text.length, ...shape, ms };
}
