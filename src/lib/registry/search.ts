/**
 * The model registry's filter grammar, as MLflow 3.17's SQL store reads it (SearchModelUtils,
 * SearchModelVersionUtils and SqlAlchemyStore in mlflow/store/model_registry): clauses joined by
 * AND, each `<identifier> <comparator> <value>`. A dialect of the tracking search's clause engine
 * (tracking/search/clauses.ts); order_by is in order-by.ts.
 *
 * - Registered models: `name` (= != LIKE ILIKE IN NOT IN) and `tags.<key>` (= != LIKE ILIKE).
 * - Model versions: `name` and `run_id` (also IN / NOT IN), `source_path`, `version_number`
 *   (numeric: = != < <= > >=) and `tags.<key>`.
 * LIKE is case-sensitive and ILIKE is not; a clause on a tag the entity lacks is false, even `!=`.
 */
import { TAGS } from '../tracking/tags';
import type { Token } from '../tracking/search/lexer';
import { TokenStream, readComparator, readList } from '../tracking/search/parser';
import * as engine from '../tracking/search/clauses';
import type { ClauseSubject, IdentifierRules, SimpleClause } from '../tracking/search/clauses';
import type { KeyValue } from './entities';

export type RegistryEntity = 'models' | 'versions';

export interface RegistryClause extends SimpleClause {
  value: string | number | string[];
}

interface Spec {
  identifiers: IdentifierRules;
  numeric: readonly string[];
  lists: readonly string[];
}

/** Python's repr of a set or a list of strings, as MLflow's messages print the valid keys. */
export const pySet = (items: readonly string[]) => `{${items.map((k) => `'${k}'`).join(', ')}}`;
export const pyList = (items: readonly string[]) => `[${items.map((k) => `'${k}'`).join(', ')}]`;

/** MLflow reads a lone key with its quotes on (so `"name"` is not the attribute name). */
function raw(part: Token): string {
  if (part.kind === 'backtick') return `\`${part.text}\``;
  if (part.kind === 'dstring') return `"${part.text}"`;
  return part.text;
}

function identifiers(attributes: readonly string[]): IdentifierRules {
  return {
    attributes,
    partText: raw,
    unknownAttribute: (key) =>
      `Invalid attribute key '${key}' specified. Valid keys are '${pySet(attributes)}'`,
  };
}

const SPECS: Record<RegistryEntity, Spec> = {
  models: { identifiers: identifiers(['name']), numeric: [], lists: ['name'] },
  versions: {
    identifiers: identifiers(['name', 'run_id', 'source_path', 'version_number']),
    numeric: ['version_number'],
    lists: ['name', 'run_id'],
  },
};

const TAG_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE'];
const STRING_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NUMERIC_COMPARATORS = ['=', '!=', '<', '<=', '>', '>='];

/** Python's repr of a float literal (2.0 → 2.0, 2.50 → 2.5). */
const floatRepr = (text: string) => {
  const n = Number(text);
  return Number.isInteger(n) ? `${n}.0` : String(n);
};

type Fail = (message: string) => never;

/** The value after the comparator, with the parser's (SearchModelUtils') messages. */
function readValue(
  s: TokenStream,
  entity: RegistryEntity,
  id: { type: 'attribute' | 'tag'; key: string },
  comparator: { raw: string; upper: string },
  fail: Fail,
): RegistryClause['value'] {
  const spec = SPECS[entity];
  if (comparator.upper === 'IN' || comparator.upper === 'NOT IN') {
    if (id.type === 'tag') fail(`Invalid comparator for tag: ${comparator.upper}`);
    if (!spec.lists.includes(id.key)) {
      fail(
        `Only ${pyList(spec.lists)} attributes support comparison with a list of quoted string values.`,
      );
    }
    return readList(s).items;
  }
  const t = s.next();
  if (t.kind === 'string' || t.kind === 'dstring') return t.text;
  if (t.kind === 'number') {
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
    return Number(t.text);
  }
  if (t.kind === 'word') {
    return fail(
      `Parameter value is either not quoted or unidentified quote types used for string value ${t.text}. Use either single or double quotes.`,
    );
  }
  return fail(
    t.kind === 'end'
      ? `Expected a value after '${comparator.raw}'`
      : `Expected a quoted string value after '${comparator.raw}', found '${s.src.slice(t.start, t.end)}'`,
  );
}

/** The SQL store's checks of each parsed clause; a numeric attribute's string becomes a number. */
function checkClause(clause: RegistryClause, entity: RegistryEntity, fail: Fail): RegistryClause {
  const { type, key, comparator, value } = clause;
  if (type === 'tag') {
    if (!TAG_COMPARATORS.includes(comparator)) fail(`Invalid comparator for tag: ${comparator}`);
  } else if (SPECS[entity].numeric.includes(key)) {
    if (!NUMERIC_COMPARATORS.includes(comparator)) {
      fail(`Invalid comparator for attribute ${key}: ${comparator}`);
    }
    if (typeof value === 'string') {
      const n = /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)
        ? Number(value.trim().replace(/_/g, ''))
        : NaN;
      if (Number.isNaN(n)) fail(`Invalid value for numeric attribute '${key}': '${value}'`);
      return { ...clause, value: n };
    }
  } else if (!STRING_COMPARATORS.includes(comparator)) {
    fail(`Invalid comparator for attribute: ${comparator}`);
  }
  return clause;
}

function readClause(s: TokenStream, entity: RegistryEntity): RegistryClause {
  const start = s.peek().start;
  const id = engine.readIdentifier(s, SPECS[entity].identifiers);
  const op = readComparator(s);
  const comparator = op.comparator.toUpperCase();
  const fail = engine.clauseFailure(s, start);
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL' || ['==', '<>'].includes(comparator))
    fail(`Invalid comparator '${comparator}' in the filter string: use =, !=, LIKE, ILIKE or IN`);
  const value = readValue(s, entity, id, { raw: op.comparator, upper: comparator }, fail);
  return checkClause({ ...id, comparator, value }, entity, fail);
}

export function parseRegistryFilter(
  filter: string | undefined | null,
  entity: RegistryEntity,
): RegistryClause[] {
  return engine.parseClauses(filter, (s) => readClause(s, entity));
}

/** What a clause reads from a registered model or a model version. */
export interface Searchable {
  name: string;
  version?: number;
  run_id?: string;
  source?: string;
  tags: readonly KeyValue[];
}

const SUBJECT: ClauseSubject<Searchable> = {
  attribute(item, key) {
    if (key === 'version_number') return item.version;
    if (key === 'source_path') return item.source;
    if (key === 'run_id') return item.run_id;
    return item.name;
  },
};

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
    (item) =>
      (wantsPrompts || !isPrompt(item)) &&
      active.every((c) => engine.matchesClause(item, c, SUBJECT)),
  );
}
