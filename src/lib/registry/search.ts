/**
 * The model registry's search grammar, as MLflow 3.17's SQL store reads it (SearchModelUtils,
 * SearchModelVersionUtils and SqlAlchemyStore in mlflow/store/model_registry): clauses joined by
 * AND, each `<identifier> <comparator> <value>`. Built on the tracking search's tokenizer.
 *
 * - Registered models: `name` (= != LIKE ILIKE IN NOT IN) and `tags.<key>` (= != LIKE ILIKE).
 *   order_by: `name`, `timestamp` or `last_updated_timestamp` (both the last update time); ties
 *   break on name ASC.
 * - Model versions: `name` and `run_id` (also IN / NOT IN), `source_path`, `version_number`
 *   (numeric: = != < <= > >=) and `tags.<key>`. order_by: `name`, `version_number`,
 *   `creation_timestamp`, `last_updated_timestamp`; default last_updated_timestamp DESC, then
 *   name ASC, version_number DESC.
 * LIKE is case-sensitive and ILIKE is not; a clause on a tag the entity lacks is false, even `!=`.
 */
import { MlflowError, invalid } from '../tracking/errors';
import { TAGS } from '../tracking/tags';
import { SearchSyntaxError } from '../tracking/search/errors';
import { tokenize, type Token } from '../tracking/search/lexer';
import { compareCodePoints, ilike, like } from '../tracking/search/like';
import { TokenStream, readComparator, readList } from '../tracking/search/parser';
import type { KeyValue } from './entities';

export type RegistryEntity = 'models' | 'versions';

export interface RegistryClause {
  type: 'attribute' | 'tag';
  key: string;
  comparator: string;
  value: string | number | string[];
}

interface Spec {
  attributes: readonly string[];
  numeric: readonly string[];
  lists: readonly string[];
}

const SPECS: Record<RegistryEntity, Spec> = {
  models: { attributes: ['name'], numeric: [], lists: ['name'] },
  versions: {
    attributes: ['name', 'run_id', 'source_path', 'version_number'],
    numeric: ['version_number'],
    lists: ['name', 'run_id'],
  },
};

const TAG_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE'];
const STRING_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NUMERIC_COMPARATORS = ['=', '!=', '<', '<=', '>', '>='];

/** Python's repr of a set of strings, as MLflow's messages print the valid keys. */
const pySet = (items: readonly string[]) => `{${items.map((k) => `'${k}'`).join(', ')}}`;
const pyList = (items: readonly string[]) => `[${items.map((k) => `'${k}'`).join(', ')}]`;

function raw(part: Token): string {
  if (part.kind === 'backtick') return `\`${part.text}\``;
  if (part.kind === 'dstring') return `"${part.text}"`;
  return part.text;
}

function unquoteKey(parts: Token[]): string {
  if (parts.length === 1 && (parts[0].kind === 'backtick' || parts[0].kind === 'dstring')) {
    return parts[0].text;
  }
  return parts.map(raw).join('.');
}

function identifier(s: TokenStream, spec: Spec): { type: 'attribute' | 'tag'; key: string } {
  const parts = s.identifierParts();
  const start = parts[0].start;
  const end = parts[parts.length - 1].end;
  if (parts.length === 1) {
    const key = raw(parts[0]);
    if (!spec.attributes.includes(key)) {
      throw new SearchSyntaxError(
        `Invalid attribute key '${key}' specified. Valid keys are '${pySet(spec.attributes)}'`,
        start,
        end,
      );
    }
    return { type: 'attribute', key };
  }
  const head = raw(parts[0]);
  if (head !== 'attribute' && head !== 'tag' && head !== 'tags') {
    throw new SearchSyntaxError(
      `Invalid entity type '${head}'. Valid entity types are ('attribute', 'tag', 'tags')`,
      parts[0].start,
      parts[0].end,
    );
  }
  const rest = parts.slice(1);
  if (head === 'attribute') {
    const key = rest.map(raw).join('.');
    if (!spec.attributes.includes(key)) {
      throw new SearchSyntaxError(
        `Invalid attribute key '${key}' specified. Valid keys are '${pySet(spec.attributes)}'`,
        start,
        end,
      );
    }
    return { type: 'attribute', key };
  }
  return { type: 'tag', key: unquoteKey(rest) };
}

/** Python's repr of a float literal (2.0 → 2.0, 2.50 → 2.5). */
const floatRepr = (text: string) => {
  const n = Number(text);
  return Number.isInteger(n) ? `${n}.0` : String(n);
};

function parseClause(s: TokenStream, entity: RegistryEntity): RegistryClause {
  const spec = SPECS[entity];
  const start = s.peek().start;
  const id = identifier(s, spec);
  const op = readComparator(s);
  const comparator = op.comparator.toUpperCase();
  const fail = (message: string): never => {
    throw new SearchSyntaxError(message, start, s.peek().start);
  };
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL' || ['==', '<>'].includes(comparator))
    fail(`Invalid comparator '${comparator}' in the filter string: use =, !=, LIKE, ILIKE or IN`);

  let value: RegistryClause['value'];
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (id.type === 'tag') fail(`Invalid comparator for tag: ${comparator}`);
    if (!spec.lists.includes(id.key)) {
      fail(
        `Only ${pyList(spec.lists)} attributes support comparison with a list of quoted string values.`,
      );
    }
    value = readList(s).items;
  } else {
    const t = s.next();
    if (t.kind === 'string' || t.kind === 'dstring') value = t.text;
    else if (t.kind === 'number') {
      if (id.type === 'tag') {
        fail(`Expected a quoted string value for tag (e.g. 'my-value'). Got value ${t.text}`);
      }
      if (!spec.numeric.includes(id.key)) {
        fail(
          entity === 'models'
            ? `Expected a quoted string value or a list of quoted string values for attributes. Got value ${t.text}`
            : `Only the '${pySet(['creation_timestamp', 'last_updated_timestamp', 'version_number'])}' attributes support comparison with numeric values.`,
        );
      }
      if (/[.eE]/.test(t.text)) {
        fail(`Invalid value for numeric attribute '${id.key}': ${floatRepr(t.text)}`);
      }
      value = Number(t.text);
    } else if (t.kind === 'word') {
      value = fail(
        `Parameter value is either not quoted or unidentified quote types used for string value ${t.text}. Use either single or double quotes.`,
      );
    } else {
      value = fail(
        t.kind === 'end'
          ? `Expected a value after '${op.comparator}'`
          : `Expected a quoted string value after '${op.comparator}', found '${s.src.slice(t.start, t.end)}'`,
      );
    }
  }

  // The SQL store's checks of each parsed clause.
  if (id.type === 'tag') {
    if (!TAG_COMPARATORS.includes(comparator)) fail(`Invalid comparator for tag: ${comparator}`);
  } else if (spec.numeric.includes(id.key)) {
    if (!NUMERIC_COMPARATORS.includes(comparator)) {
      fail(`Invalid comparator for attribute ${id.key}: ${comparator}`);
    }
    if (typeof value === 'string') {
      const n = /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)
        ? Number(value.trim().replace(/_/g, ''))
        : NaN;
      if (Number.isNaN(n)) fail(`Invalid value for numeric attribute '${id.key}': '${value}'`);
      value = n;
    }
  } else if (!STRING_COMPARATORS.includes(comparator)) {
    fail(`Invalid comparator for attribute: ${comparator}`);
  }
  return { ...id, comparator, value };
}

export function parseRegistryFilter(
  filter: string | undefined | null,
  entity: RegistryEntity,
): RegistryClause[] {
  if (!filter || !filter.trim()) return [];
  const s = new TokenStream(tokenize(filter), filter);
  const clauses = [parseClause(s, entity)];
  while (s.isWord('AND')) {
    s.next();
    clauses.push(parseClause(s, entity));
  }
  const rest = s.peek();
  if (rest.kind !== 'end') {
    throw new SearchSyntaxError(
      `Invalid clause(s) in filter string: ${filter.slice(rest.start)}`,
      rest.start,
      filter.length,
    );
  }
  return clauses;
}

/** What a clause reads from a registered model or a model version. */
export interface Searchable {
  name: string;
  version?: number;
  run_id?: string;
  source?: string;
  tags: readonly KeyValue[];
}

function attributeValue(item: Searchable, key: string): string | number | undefined {
  if (key === 'version_number') return item.version;
  if (key === 'source_path') return item.source;
  if (key === 'run_id') return item.run_id;
  return item.name;
}

function matches(item: Searchable, c: RegistryClause): boolean {
  const lhs =
    c.type === 'tag' ? item.tags.find((t) => t.key === c.key)?.value : attributeValue(item, c.key);
  if (lhs === undefined || lhs === null) return false;
  const v = c.value;
  switch (c.comparator) {
    case 'IN':
      return (v as string[]).includes(String(lhs));
    case 'NOT IN':
      return !(v as string[]).includes(String(lhs));
    case 'LIKE':
      return like(String(lhs), String(v));
    case 'ILIKE':
      return ilike(String(lhs), String(v));
    case '=':
      return lhs === v;
    case '!=':
      return lhs !== v;
    case '<':
      return (lhs as number) < (v as number);
    case '<=':
      return (lhs as number) <= (v as number);
    case '>':
      return (lhs as number) > (v as number);
    case '>=':
      return (lhs as number) >= (v as number);
  }
  return false;
}

const isPrompt = (item: Searchable) =>
  item.tags.some((t) => t.key === TAGS.isPrompt && t.value.toLowerCase() === 'true');

/**
 * Filters models or versions. As in the SQL store, prompts (tagged mlflow.prompt.is_prompt=true)
 * are left out unless the filter asks for them, and a clause on that tag alone does not filter.
 */
export function filterRegistry<T extends Searchable>(items: T[], clauses: RegistryClause[]): T[] {
  const promptClause = clauses.find((c) => c.type === 'tag' && c.key === TAGS.isPrompt);
  const wantsPrompts =
    !!promptClause &&
    typeof promptClause.value === 'string' &&
    ((promptClause.comparator === '=' && promptClause.value.toLowerCase() === 'true') ||
      (promptClause.comparator === '!=' && promptClause.value.toLowerCase() === 'false'));
  const active = wantsPrompts
    ? clauses
    : clauses.filter((c) => !(c.type === 'tag' && c.key === TAGS.isPrompt));
  return items.filter(
    (item) => (wantsPrompts || !isPrompt(item)) && active.every((c) => matches(item, c)),
  );
}

// ---- order_by --------------------------------------------------------------------------------

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
  return (a: Sortable, b: Sortable): number => {
    for (const { field, ascending } of keys) {
      const x = a[field];
      const y = b[field];
      if (x === y) continue;
      const cmp =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : compareCodePoints(String(x), String(y));
      if (cmp !== 0) return ascending ? cmp : -cmp;
    }
    return 0;
  };
}
