/**
 * The model registry's validation rules and messages, reproduced from MLflow 3.17
 * (mlflow/utils/validation.py, model_version_stages.py, and the source checks of
 * mlflow/server/handlers.py), so that what the local registry accepts is what a server accepts.
 */
import { MlflowError, invalid } from '../tracking/errors';
import { invalidValueMessage, validateName } from '../tracking/validation';
import { ACTIVE_STAGES, STAGES, type ModelVersionStage } from './entities';

export const REGISTRY_LIMITS = {
  tagKey: 250,
  tagValue: 100_000,
  aliasName: 255,
  searchModelsDefault: 100,
  searchModelsMax: 1000,
  /** The proto's default, which the server uses when a request sends none. */
  searchVersionsDefault: 200_000,
  searchVersionsMax: 200_000,
} as const;

const ALIAS_RE = /^[\p{L}\p{N}_-]*$/u;
const VERSION_ALIAS_RE = /^[vV]\d+$/;
export const LATEST_ALIAS = 'latest';

const missing = (path: string) => invalid(`Missing value for required parameter '${path}'.`);
const tooLong = (path: string, limit: number) =>
  invalid(`'${path}' exceeds the maximum length of ${limit} characters`);

/** _validate_model_name: not blank, no '/' or ':', and not a name that resolves to another path. */
export function validateModelName(name: unknown, path = 'name'): asserts name is string {
  if (name === null || name === undefined || (typeof name === 'string' && name.trim() === '')) {
    throw missing(path);
  }
  if (typeof name !== 'string') throw invalid(invalidValueMessage(path, name));
  if (name.includes('/') || name.includes(':')) {
    throw invalid(`Invalid model name '${name}'. Names cannot contain '/' or ':'.`);
  }
  // Without slashes, posixpath.normpath only changes '.', and '..' prefixes stay: both rejected.
  if (name === '.' || name.startsWith('..')) {
    throw invalid(
      invalidValueMessage(
        'name',
        name,
        `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${name}'`,
      ),
    );
  }
}

/** _validate_model_version: Python's int() of the value, else INVALID_PARAMETER_VALUE. */
export function parseVersion(version: unknown): number {
  if (typeof version === 'number' && Number.isInteger(version)) return version;
  if (typeof version === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(version)) {
    return Number(version.trim().replace(/_/g, ''));
  }
  throw invalid(`Parameter 'version' must be an integer, got '${String(version)}'.`);
}

function checkTagValue(value: unknown): asserts value is string {
  if (value === null || value === undefined) throw invalid('Tag value cannot be None');
  if (typeof value !== 'string') throw invalid(invalidValueMessage('value', value));
}

/** _validate_registered_model_tag and _validate_model_version_tag (same limits). */
export function validateRegistryTag(key: unknown, value: unknown): void {
  validateName(key, 'key');
  checkTagValue(value);
  if (key.length > REGISTRY_LIMITS.tagKey) throw tooLong('key', REGISTRY_LIMITS.tagKey);
  if (value.length > REGISTRY_LIMITS.tagValue) throw tooLong('value', REGISTRY_LIMITS.tagValue);
}

export function validateTagKey(key: unknown): asserts key is string {
  validateName(key, 'key');
}

/** _validate_model_alias_name: not empty, [\w-] only, at most 255 characters. */
export function validateAliasName(alias: unknown): asserts alias is string {
  if (alias === null || alias === undefined || alias === '') {
    throw invalid('Registered model alias name cannot be empty.');
  }
  if (typeof alias !== 'string' || !ALIAS_RE.test(alias)) {
    throw invalid(
      `Invalid alias name: '${String(alias)}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`,
    );
  }
  if (alias.length > REGISTRY_LIMITS.aliasName) {
    throw tooLong('Registered model alias name', REGISTRY_LIMITS.aliasName);
  }
}

/** _validate_model_alias_name_reserved: `latest` (any case) and `v<digits>` name versions. */
export function validateAliasNotReserved(alias: string): void {
  if (alias.toLowerCase() === LATEST_ALIAS) {
    throw invalid("'latest' alias name (case insensitive) is reserved.");
  }
  if (VERSION_ALIAS_RE.test(alias)) throw invalid(`Version alias name '${alias}' is reserved.`);
}

/** get_canonical_stage: stage names in any case, written back as MLflow spells them. */
export function canonicalStage(stage: unknown): ModelVersionStage {
  const found = STAGES.find(
    (s) => typeof stage === 'string' && s.toLowerCase() === stage.toLowerCase(),
  );
  if (!found) {
    throw invalid(
      `Invalid Model Version stage: ${String(stage)}. Value must be one of ${STAGES.join(', ')}.`,
    );
  }
  return found;
}

/** The SQL store's check; MLflow raises it without an error code, so it arrives as INTERNAL_ERROR. */
export function checkArchivable(stage: string, archiveExistingVersions: boolean): void {
  const canonical = canonicalStage(stage);
  if (archiveExistingVersions && !ACTIVE_STAGES.includes(canonical)) {
    throw new MlflowError(
      'INTERNAL_ERROR',
      `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. Valid stages are ['Staging', 'Production']`,
    );
  }
}

// ---- model version sources (mlflow/server/handlers.py _create_model_version) ----------------

export interface ParsedUri {
  scheme: string;
  netloc: string;
  path: string;
}

/** urllib.parse.urlparse, enough for sources: scheme, //netloc, and the path before ?/#. */
export function parseUri(uri: string): ParsedUri {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri);
  let rest = m ? uri.slice(m[0].length) : uri;
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  const cut = rest.search(/[?#]/);
  return {
    scheme: m ? m[1].toLowerCase() : '',
    netloc,
    path: cut < 0 ? rest : rest.slice(0, cut),
  };
}

/** Schemes whose artifact repositories connect to the host in the URI (store/artifact/host_policy.py). */
const HOST_ADDRESSED = new Set([
  'ftp',
  'sftp',
  'hdfs',
  'viewfs',
  'http',
  'https',
  'mlflow-artifacts',
  'r2',
  'b2',
  'abfss',
]);

/** The artifact schemes whose sources must lie inside the artifacts of the run given as run_id. */
export const RUN_ARTIFACT_SCHEMES = new Set(['mlflow-artifacts', 'tracklab-artifacts']);

export const invalidSource = (source: string, idName: 'run_id' | 'model_id') =>
  invalid(
    `Invalid model version source: '${source}'. The ${idName} request parameter must identify the resource that contains the source.`,
  );

function unquotePlus(s: string): string {
  let out = s;
  for (;;) {
    let next: string;
    try {
      next = decodeURIComponent(out.replace(/\+/g, ' '));
    } catch {
      return out;
    }
    if (next === out) return out;
    out = next;
  }
}

/**
 * The host policy and the relative-path rule every source passes, whatever its scheme: a source
 * may not name a host for the server to connect to, and its path must be absolute and normal.
 */
export function checkSourceShape(source: string): void {
  const { scheme, netloc } = parseUri(source);
  if (HOST_ADDRESSED.has(scheme) && (scheme !== 'mlflow-artifacts' || netloc)) {
    const reason = `the '${scheme}' scheme addresses a host other than the tracking server's configured artifact storage, so the server would connect to the host named in the URI`;
    throw invalid(
      `'source' cannot use the '${scheme}' scheme: ${reason}. Set the MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES environment variable on the server to allow it.`,
    );
  }
}

export function isLocalSource(source: string): boolean {
  const { scheme } = parseUri(source);
  return scheme === '' || scheme === 'file';
}

/** _validate_non_local_source_contains_relative_paths. */
export function checkSourcePath(source: string): void {
  const unquoted = unquotePlus(source);
  const path = parseUri(unquoted).path.replace(/\/+$/, '').replace(/\/+/g, '/');
  const segments = path.split('/').slice(1);
  if (
    path.includes('\0') ||
    unquoted.split('/').includes('..') ||
    !path.startsWith('/') ||
    segments.some((s) => s === '.' || s === '..')
  ) {
    throw invalid(
      `Invalid model version source: '${unquoted}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`,
    );
  }
}

export const localSourceError = (source: string) =>
  invalid(
    `Invalid model version source: '${source}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.`,
  );

/** The run id of a runs:/<run_id>/<path> URI, or undefined if it names none. */
export function runIdOfRunsUri(source: string): string | undefined {
  const { path } = parseUri(source);
  const id = path.startsWith('/') ? path.slice(1).split('/')[0] : '';
  return id || undefined;
}

/** A models:/ URI as _parse_model_uri reads it. */
export type ModelUri =
  | { kind: 'id'; modelId: string }
  | { kind: 'version'; name: string; version: string }
  | { kind: 'stage'; name: string; stage: string }
  | { kind: 'latest'; name: string }
  | { kind: 'alias'; name: string; alias: string };

export function parseModelUri(uri: string): ModelUri | undefined {
  const { scheme, path } = parseUri(uri);
  if (scheme !== 'models' || !path.startsWith('/') || path.length <= 1) return undefined;
  const parts = path.replace(/^\/+/, '').split('/');
  if (parts.length > 2 || parts[0].trim() === '') return undefined;
  if (parts.length === 2) {
    const [name, suffix] = parts;
    if (suffix.trim() === '') return undefined;
    if (/^\d+$/.test(suffix)) return { kind: 'version', name, version: suffix };
    if (suffix.toLowerCase() === LATEST_ALIAS) return { kind: 'latest', name };
    return { kind: 'stage', name, stage: suffix };
  }
  if (path.includes('@')) {
    const at = parts[0].lastIndexOf('@');
    if (at < 0 || parts[0].slice(at + 1).trim() === '') return undefined;
    return { kind: 'alias', name: parts[0].slice(0, at), alias: parts[0].slice(at + 1) };
  }
  return { kind: 'id', modelId: parts[0] };
}
