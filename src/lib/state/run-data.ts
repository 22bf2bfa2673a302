/**
 * Pure reads behind the Run page: a metric history's summary, and what an artifact's bytes show
 * as (image, table, text or binary). CSV parsing (PapaParse) lives here, not in a component.
 */
import Papa from 'papaparse';
import type { FilePreview as Preview, PlotlyFigure } from '$lib/data/preview';

export interface MetricHistory {
  key: string;
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Over the finite values; undefined when there are none. */
  min: number | undefined;
  max: number | undefined;
  /** Points logged. */
  points: number;
  /** Distinct steps among them. */
  stepCount: number;
}

export function summarizeHistory(
  key: string,
  history: { steps: ArrayLike<number>; values: ArrayLike<number> },
): MetricHistory {
  let min = Infinity;
  let max = -Infinity;
  const { steps, values } = history;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const distinct = new Set<number>();
  for (let i = 0; i < steps.length; i++) distinct.add(steps[i]);
  return {
    key,
    steps,
    values,
    min: min <= max ? min : undefined,
    max: min <= max ? max : undefined,
    points: values.length,
    stepCount: distinct.size,
  };
}

export type FileKind = 'image' | 'table' | 'json' | 'html' | 'text' | 'binary';

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};
const TEXT_EXTENSIONS = ['txt', 'yaml', 'yml', 'md', 'log'];
/** Files MLflow writes without an extension that are text. */
const TEXT_NAMES = ['MLmodel', 'MLproject', 'requirements.txt', 'conda.yaml'];

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function fileKind(path: string): FileKind {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ext = extension(path);
  if (ext in IMAGE_TYPES) return 'image';
  if (ext === 'csv' || ext === 'tsv') return 'table';
  if (ext === 'json') return 'json';
  // SVG can carry script like HTML, so it shows the same way: in a frame sandboxed from all.
  if (ext === 'html' || ext === 'htm' || ext === 'svg') return 'html';
  if (TEXT_EXTENSIONS.includes(ext) || TEXT_NAMES.includes(name)) return 'text';
  return 'binary';
}

/** The type an object URL is made with, so an image displays and a download keeps its kind. */
export function mimeType(path: string): string {
  const ext = extension(path);
  if (ext in IMAGE_TYPES) return IMAGE_TYPES[ext];
  if (ext === 'csv') return 'text/csv';
  if (ext === 'tsv') return 'text/tab-separated-values';
  if (ext === 'json') return 'application/json';
  return fileKind(path) === 'text' ? 'text/plain' : 'application/octet-stream';
}

export const PREVIEW_ROWS = 50;
/** Text beyond this is cut in the preview (the download has all of it). */
export const PREVIEW_TEXT_CHARS = 200_000;

export type { FilePreview as Preview, PlotlyFigure } from '$lib/data/preview';

export function isPlotlyFigure(value: unknown): value is PlotlyFigure {
  const v = value as PlotlyFigure | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.data) &&
    v.data.every((t) => typeof t === 'object' && t !== null) &&
    typeof v.layout === 'object' &&
    v.layout !== null
  );
}

function decode(bytes: Uint8Array): { text: string; truncated: boolean } {
  const text = new TextDecoder().decode(bytes);
  return text.length > PREVIEW_TEXT_CHARS
    ? { text: text.slice(0, PREVIEW_TEXT_CHARS), truncated: true }
    : { text, truncated: false };
}

/** The first rows of a CSV/TSV (the first line is the header) and how many data rows it has. */
export function previewTable(text: string, delimiter?: string, limit = PREVIEW_ROWS): Preview {
  let header: string[] | undefined;
  const rows: string[][] = [];
  let total = 0;
  let errors = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: 'greedy',
    step: (result) => {
      if (result.errors.length) errors++;
      if (!header) {
        header = result.data;
        return;
      }
      total++;
      if (rows.length < limit) rows.push(result.data);
    },
  });
  return { kind: 'table', header: header ?? [], rows, total, errors };
}

/** JSON pretty-printed; text that does not parse is shown as it is. */
function previewJson(bytes: Uint8Array): Preview {
  const { text, truncated } = decode(bytes);
  if (truncated) return { kind: 'text', text, truncated };
  try {
    const value: unknown = JSON.parse(text);
    const pretty = JSON.stringify(value, null, 2);
    if (isPlotlyFigure(value)) return { kind: 'plotly', figure: value, text: pretty };
    return { kind: 'text', text: pretty, truncated: false };
  } catch {
    return { kind: 'text', text, truncated: false };
  }
}

export function readPreview(path: string, bytes: Uint8Array): Preview {
  switch (fileKind(path)) {
    case 'image':
      return { kind: 'image' };
    case 'table':
      return previewTable(
        new TextDecoder().decode(bytes),
        extension(path) === 'tsv' ? '\t' : undefined,
      );
    case 'json':
      return previewJson(bytes);
    case 'text':
      return { kind: 'text', ...decode(bytes) };
    case 'html': {
      const { text, truncated } = decode(bytes);
      return { kind: 'html', html: text, truncated };
    }
    default:
      return { kind: 'binary' };
  }
}
