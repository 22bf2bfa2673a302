/**
 * MLflow's validation rules and messages (mlflow/utils/validation.py, 3.17), shared by every
 * local store so that what Tracklab accepts is exactly what a server will accept on sync.
 */
import type { Dataset, DatasetInput, KeyValue, Metric } from './entities';
import { invalid } from './errors';

export const LIMITS = {
  metricsPerBatch: 1000,
  paramsTagsPerBatch: 100,
  entitiesPerBatch: 1000,
  batchRequestBytes: 1_000_000,
  paramValue: 6000,
  tagValue: 8000,
  entityKey: 250,
  experimentName: 500,
  experimentTagKey: 250,
  experimentTagValue: 20000,
  datasetName: 500,
  datasetDigest: 36,
  datasetSource: 65535,
  datasetSchema: 1048575,
  datasetProfile: 16777215,
  inputTagKey: 255,
  inputTagValue: 500,
  datasetsPerCall: 1000,
  searchMaxResults: 50000,
  experimentsPerPage: 50000,
} as const;

// Python's `\w` is Unicode-aware: letters, digits and underscore of any script.
const NAME_RE = /^[/\p{L}\p{N}_.\- :]*$/u;
const RUN_ID_RE = /^[a-zA-Z0-9][\w-]{0,255}$/;

/** Renders a value as Python's json.dumps(sort_keys=True, separators=(",", ":")) would. */
function jsonValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  return JSON.stringify(value) ?? 'null';
}

export function invalidValueMessage(path: string, value: unknown, message?: string): string {
  const shown = jsonValue(value);
  return message
    ? `Invalid value ${shown} for parameter '${path}' supplied: ${message}`
    : `Invalid value ${shown} for parameter '${path}' supplied.`;
}

const exceedsMaximumLength = (path: string, limit: number) =>
  `'${path}' exceeds the maximum length of ${limit} characters`;

const joinPath = (path: string, field: string) => (path ? `${path}.${field}` : field);

/** posixpath.normpath, for the "must not resolve to another name" rule. */
function normpath(name: string): string {
  if (name === '') return '.';
  const initialSlashes = name.startsWith('/')
    ? name.startsWith('//') && !name.startsWith('///')
      ? 2
      : 1
    : 0;
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (!initialSlashes && !out.length) || out[out.length - 1] === '..')
      out.push(part);
    else if (out.length) out.pop();
  }
  const joined = '/'.repeat(initialSlashes) + out.join('/');
  return joined || '.';
}

// Names already checked: a training loop logs the same few keys thousands of times, and the
// character and path checks cost more than the rest of validation together.
const knownGoodNames = new Set<string>();

/** MLflow's key rule for metric, param and tag names (_validate_tag_name, path_not_unique). */
export function validateName(name: unknown, path: string): asserts name is string {
  if (typeof name === 'string' && knownGoodNames.has(name)) return;
  if (name === null || name === undefined) {
    throw invalid(`Missing value for required parameter '${path}'.`);
  }
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw invalid(
      invalidValueMessage(
        path,
        name,
        'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).',
      ),
    );
  }
  const norm = normpath(name);
  if (norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) {
    throw invalid(
      invalidValueMessage(
        path,
        name,
        `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${norm}'`,
      ),
    );
  }
  if (knownGoodNames.size > 10_000) knownGoodNames.clear();
  knownGoodNames.add(name);
}

function limitLength(entity: string, limit: number, value: string, truncate = false): string {
  if (value.length <= limit) return value;
  // MLflow's server truncates over-long param and tag values by default
  // (MLFLOW_TRUNCATE_LONG_VALUES=true) and always rejects over-long keys.
  if (truncate) return value.slice(0, limit);
  throw invalid(exceedsMaximumLength(entity, limit));
}

export function validateMetric(metric: Metric, path = ''): void {
  const { key, value, timestamp, step } = metric;
  validateName(key, joinPath(path, 'key'));
  if (value === null || value === undefined) {
    throw invalid(`Missing value for required parameter '${joinPath(path, 'value')}'.`);
  }
  if (typeof value !== 'number') {
    throw invalid(
      invalidValueMessage(
        joinPath(path, 'value'),
        value,
        `(timestamp=${timestamp}). Please specify value as a valid double (64-bit floating point)`,
      ),
    );
  }
  if (typeof timestamp !== 'number' || !(timestamp >= 0)) {
    throw invalid(
      invalidValueMessage(
        joinPath(path, 'timestamp'),
        timestamp,
        `metric '${key}' (value=${value}). Timestamp must be a nonnegative long (64-bit integer) `,
      ),
    );
  }
  if (typeof step !== 'number' || !Number.isFinite(step)) {
    throw invalid(
      invalidValueMessage(
        joinPath(path, 'step'),
        step,
        `metric '${key}' (value=${value}). Step must be a valid long (64-bit integer).`,
      ),
    );
  }
  limitLength('Metric name', LIMITS.entityKey, key);
}

export function validateParam(param: KeyValue, path = ''): KeyValue {
  validateName(param.key, joinPath(path, 'key'));
  if (typeof param.value !== 'string') {
    throw invalid(`Missing value for required parameter '${joinPath(path, 'value')}'.`);
  }
  return {
    key: limitLength('Param key', LIMITS.entityKey, param.key),
    value: limitLength('Param value', LIMITS.paramValue, param.value, true),
  };
}

export function validateTag(tag: KeyValue, path = ''): KeyValue {
  validateName(tag.key, joinPath(path, 'key'));
  if (typeof tag.value !== 'string') {
    throw invalid(`Missing value for required parameter '${joinPath(path, 'value')}'.`);
  }
  return {
    key: limitLength(joinPath(path, 'key'), LIMITS.entityKey, tag.key),
    value: limitLength(joinPath(path, 'value'), LIMITS.tagValue, tag.value, true),
  };
}

export function validateExperimentTag(tag: KeyValue): void {
  validateName(tag.key, 'key');
  limitLength('key', LIMITS.experimentTagKey, tag.key);
  limitLength('value', LIMITS.experimentTagValue, tag.value ?? '');
}

export function validateExperimentName(name: unknown): asserts name is string {
  if (name === '' || name === null || name === undefined) {
    throw invalid(`Invalid experiment name: '${name ?? 'None'}'`);
  }
  if (typeof name !== 'string')
    throw invalid(`Invalid experiment name: ${name}. Expects a string.`);
  if (name.length > LIMITS.experimentName) {
    throw invalid(exceedsMaximumLength('name', LIMITS.experimentName));
  }
}

export function validateRunId(runId: unknown): asserts runId is string {
  if (typeof runId !== 'string' || !RUN_ID_RE.test(runId)) {
    throw invalid(invalidValueMessage('run_id', runId));
  }
}

function batchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    throw invalid(
      `A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. Please split up ${entity} across multiple requests and try again.`,
    );
  }
}

/** Validates a whole log-batch request; returns params and tags with over-long values truncated. */
export function validateBatch(metrics: Metric[], params: KeyValue[], tags: KeyValue[]) {
  batchLimit('metrics', LIMITS.metricsPerBatch, metrics.length);
  batchLimit('params', LIMITS.paramsTagsPerBatch, params.length);
  batchLimit('tags', LIMITS.paramsTagsPerBatch, tags.length);
  batchLimit(
    'metrics, params, and tags',
    LIMITS.entitiesPerBatch,
    metrics.length + params.length + tags.length,
  );
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const p of params) {
    if (seen.has(p.key)) dupes.push(p.key);
    else seen.add(p.key);
  }
  if (dupes.length) {
    throw invalid(
      `Duplicate parameter keys have been submitted: [${dupes.map((k) => `'${k}'`).join(', ')}]. Please ensure the request contains only one param value per param key.`,
    );
  }
  metrics.forEach((m, i) => validateMetric(m, `metrics[${i}]`));
  return {
    params: params.map((p, i) => validateParam(p, `params[${i}]`)),
    tags: tags.map((t, i) => validateTag(t, `tags[${i}]`)),
  };
}

function validateDataset(d: Dataset | undefined): void {
  if (!d) throw invalid('Dataset cannot be None');
  for (const field of ['name', 'digest', 'source_type', 'source'] as const) {
    if (d[field] === null || d[field] === undefined)
      throw invalid(`Dataset ${field} cannot be None`);
  }
  const sizes = [
    ['name', d.name, LIMITS.datasetName],
    ['digest', d.digest, LIMITS.datasetDigest],
    ['source', d.source, LIMITS.datasetSource],
    ['schema', d.schema, LIMITS.datasetSchema],
    ['profile', d.profile, LIMITS.datasetProfile],
  ] as const;
  for (const [field, value, limit] of sizes) {
    if (value !== undefined && value !== null && value.length > limit) {
      throw invalid(exceedsMaximumLength(field, limit));
    }
  }
}

export function validateDatasetInputs(inputs: DatasetInput[]): void {
  batchLimit('datasets', LIMITS.datasetsPerCall, inputs.length);
  for (const input of inputs) {
    validateDataset(input.dataset);
    for (const tag of input.tags ?? []) {
      if (tag.key === null || tag.key === undefined) throw invalid('InputTag key cannot be None');
      if (tag.value === null || tag.value === undefined)
        throw invalid('InputTag value cannot be None');
      if (tag.key.length > LIMITS.inputTagKey)
        throw invalid(exceedsMaximumLength('key', LIMITS.inputTagKey));
      if (tag.value.length > LIMITS.inputTagValue) {
        throw invalid(exceedsMaximumLength('value', LIMITS.inputTagValue));
      }
    }
  }
}
