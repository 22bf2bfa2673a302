/**
 * Display shaping for the Run page: byte sizes, which tags are MLflow's own, the order of metric
 * keys, and what a dataset input's schema and profile say. Pure, so it runs under Vitest.
 */
import { TAGS, type DatasetInput, type KeyValue } from '$lib/tracking';

/** 12.4 KB, 3.1 MB; bytes below 1 KB as they are. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 100 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export const byKey = <T extends { key: string }>(a: T, b: T) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** Tags MLflow sets and reads itself that a person still wants up front. */
function isShownSystemTag(key: string): boolean {
  return key === TAGS.runName || key === TAGS.user || key.startsWith('mlflow.source.');
}

/**
 * Splits tags into those shown in the main table and MLflow's internal ones (mlflow.*), which go
 * in a collapsed group. The note has its own section, so it is in neither.
 */
export function splitTags(tags: readonly KeyValue[]): { user: KeyValue[]; system: KeyValue[] } {
  const user: KeyValue[] = [];
  const system: KeyValue[] = [];
  for (const t of tags) {
    if (t.key === TAGS.note) continue;
    if (t.key.startsWith('mlflow.') && !isShownSystemTag(t.key)) system.push(t);
    else user.push(t);
  }
  return { user: user.sort(byKey), system: system.sort(byKey) };
}

/** One row of the metrics table. */
export interface MetricRow {
  key: string;
  latest: number | undefined;
  min: number | undefined;
  max: number | undefined;
  /** Distinct steps logged. */
  steps: number | undefined;
}

export const isSystemMetric = (key: string) => key.startsWith('system/');

/** Metric keys in table order: the model's own, then system/* ones, each sorted. */
export function orderMetricKeys(keys: readonly string[]): string[] {
  const sorted = [...keys].sort();
  return [...sorted.filter((k) => !isSystemMetric(k)), ...sorted.filter(isSystemMetric)];
}

/** The keys plotted before the person picks: loss and val_loss, else the first model metric. */
export function defaultChartKeys(keys: readonly string[]): string[] {
  const wanted = ['loss', 'val_loss'].filter((k) => keys.includes(k));
  if (wanted.length) return wanted;
  const first = orderMetricKeys(keys)[0];
  return first ? [first] : [];
}

export interface SchemaColumn {
  name: string;
  type: string;
  required?: boolean;
}

export interface DatasetRow {
  name: string;
  digest: string;
  context: string | undefined;
  source: string;
  sourceType: string;
  rows: number | undefined;
  /** Undefined when there is no schema or it is not MLflow's colspec JSON. */
  columns: SchemaColumn[] | undefined;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON source such as {"url": "..."} shows its location; anything else shows as written. */
function sourceText(source: string): string {
  const parsed = parseJson(source);
  if (isRecord(parsed)) {
    for (const key of ['url', 'uri', 'path', 'file', 'table_name']) {
      if (typeof parsed[key] === 'string') return parsed[key];
    }
  }
  return source;
}

/** One dataset input as the table shows it, tolerating a missing or malformed schema/profile. */
export function datasetRow(input: DatasetInput): DatasetRow {
  const { dataset } = input;
  const profile = parseJson(dataset.profile);
  const rows = isRecord(profile) ? Number(profile.num_rows) : NaN;
  const schema = parseJson(dataset.schema);
  const colspec = isRecord(schema) ? schema.mlflow_colspec : undefined;
  const columns = Array.isArray(colspec)
    ? colspec.filter(isRecord).map((c, i) => ({
        name: typeof c.name === 'string' ? c.name : `column ${i + 1}`,
        type: typeof c.type === 'string' ? c.type : String(c.type ?? '—'),
        required: typeof c.required === 'boolean' ? c.required : undefined,
      }))
    : undefined;
  return {
    name: dataset.name,
    digest: dataset.digest,
    context: (input.tags ?? []).find((t) => t.key === TAGS.datasetContext)?.value,
    source: sourceText(dataset.source ?? ''),
    sourceType: dataset.source_type ?? '',
    rows: Number.isFinite(rows) ? rows : undefined,
    columns,
  };
}

/**
 * A key cut after its separators (/ _ . -), so a long name such as
 * system/cpu_utilization_percentage wraps between words (with <wbr>) instead of mid-word.
 */
export function keyParts(key: string): string[] {
  return key.split(/(?<=[/_.-])/);
}

/** The last segment of an artifact path. */
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Unicode's bidirectional controls: marks, embeddings, overrides and isolates. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file name as the tree shows it: a right-to-left override can make 'invoice\u202Efdp.exe' read
 * as 'invoiceexe.pdf', so each bidirectional control shows as its code point instead.
 */
export const shownFileName = (name: string) =>
  name.replace(BIDI_CONTROLS, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase()}⟩`);

/** The name a download is saved under: the base name with bidirectional controls dropped. */
export const downloadName = (path: string) => baseName(path).replace(BIDI_CONTROLS, '');

/** What a selected artifact shows as; the Run page's state reads and parses the file. */
export type {
  FilePreview as ArtifactPreviewView,
  PlotlyFigure as PlotlyFigureView,
} from '$lib/data/preview';
