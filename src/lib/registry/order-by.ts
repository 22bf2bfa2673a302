/**
 * The model registry's order_by, as MLflow 3.17 parses it: models by `name`, `timestamp` or
 * `last_updated_timestamp` (both the last update time), ties broken on name ASC; versions by
 * `name`, `version_number`, `creation_timestamp`, `last_updated_timestamp`, by default
 * last_updated_timestamp DESC, then name ASC, version_number DESC.
 */
import { MlflowError, invalid } from '../tracking/errors';
import { compareByKeys } from '../tracking/search/clauses';
import { pyList, pySet, type RegistryEntity } from './search';

export type RegistryOrderField =
  'name' | 'version' | 'creation_timestamp' | 'last_updated_timestamp';

export interface RegistryOrderKey {
  field: RegistryOrderField;
  ascending: boolean;
}

/** shlex.split after MLflow turns backticks into double quotes. */
function splitWords(entry: string): string[] {
  const words: string[] = [];
  const re = /\s*(?:`([^`]*)`|"([^"]*)"|'([^']*)'|(\S+))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(entry)) && m[0].trim() !== '') {
    words.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return words;
}

/** SearchUtils._parse_order_by_string: "<key> [ASC|DESC]"; a lone key keeps its backticks. */
function parseEntry(entry: string): { token: string; ascending: boolean } {
  const words = splitWords(entry);
  if (words.length === 0 || words.length > 2) {
    throw invalid(`Invalid order_by clause '${entry}'. Could not be parsed.`);
  }
  if (words.length === 1) return { token: entry.trim(), ascending: true };
  const dir = words[1].toLowerCase();
  if (dir !== 'asc' && dir !== 'desc') {
    throw invalid(`Invalid ordering key in order_by clause '${entry}'.`);
  }
  return { token: words[0], ascending: dir === 'asc' };
}

const VERSION_ORDER_KEYS = [
  'creation_timestamp',
  'last_updated_timestamp',
  'name',
  'version_number',
];

function versionField(token: string): RegistryOrderField {
  const dot = token.indexOf('.');
  let type = 'attribute';
  let key = token;
  if (dot >= 0) {
    type = token.slice(0, dot);
    key = token.slice(dot + 1);
    if (!['attribute', 'tag', 'tags'].includes(type)) {
      throw invalid(
        `Invalid entity type '${type}'. Valid entity types are ('attribute', 'tag', 'tags')`,
      );
    }
  }
  key = key.replace(/^(['"`])(.*)\1$/, '$2');
  if (type === 'attribute' && !VERSION_ORDER_KEYS.includes(key)) {
    throw invalid(
      `Invalid attribute key '${key}' specified. Valid keys are '${pySet(VERSION_ORDER_KEYS)}'`,
    );
  }
  if (type !== 'attribute') {
    throw invalid(
      `Invalid order by key '${key}' specified. Valid keys are ${pySet(VERSION_ORDER_KEYS)}`,
    );
  }
  return key === 'version_number' ? 'version' : (key as RegistryOrderField);
}

function modelField(token: string): RegistryOrderField {
  if (token === 'name') return 'name';
  if (token === 'timestamp' || token === 'last_updated_timestamp') return 'last_updated_timestamp';
  throw invalid(
    `Invalid order by key '${token}' specified. Valid keys are '${pySet(['name', 'timestamp'])}'`,
  );
}

/** Parses order_by and appends MLflow's tie-breakers (and, for versions, its default order). */
export function parseRegistryOrderBy(
  orderBy: readonly string[] | undefined,
  entity: RegistryEntity,
): RegistryOrderKey[] {
  const entries =
    entity === 'versions' && !orderBy?.length
      ? ['last_updated_timestamp DESC', 'name ASC', 'version_number DESC']
      : (orderBy ?? []);
  const keys: RegistryOrderKey[] = [];
  for (const entry of entries) {
    const { token, ascending } = parseEntry(entry);
    const field = entity === 'models' ? modelField(token) : versionField(token);
    if (keys.some((k) => k.field === field)) {
      // MLflow raises this one without an error code, so the server answers INTERNAL_ERROR.
      throw new MlflowError(
        'INTERNAL_ERROR',
        `\`order_by\` contains duplicate fields: ${pyList(entries)}`,
      );
    }
    keys.push({ field, ascending });
  }
  if (!keys.some((k) => k.field === 'name')) keys.push({ field: 'name', ascending: true });
  if (entity === 'versions' && !keys.some((k) => k.field === 'version')) {
    keys.push({ field: 'version', ascending: false });
  }
  return keys;
}

export type Sortable = { [K in RegistryOrderField]?: string | number };

export function compareBy(keys: RegistryOrderKey[]) {
  return compareByKeys(
    keys.map((k) => ({ key: k.field, ascending: k.ascending })),
    (item: Sortable, field) => item[field],
  );
}
