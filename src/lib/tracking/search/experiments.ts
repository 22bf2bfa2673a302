/**
 * search_experiments' filter and order_by (SearchExperimentsUtils and the SQL store): attributes
 * name, experiment_id, creation_time, last_update_time, and tags. Clauses join with AND; OR and
 * parentheses are not offered here. A dialect of the clause engine (clauses.ts).
 */
import type { Experiment } from '../entities';
import {
  clauseFailure,
  compareByKeys,
  matchesClause,
  parseClauses,
  readIdentifier,
  type ClauseSubject,
  type IdentifierRules,
  type SimpleClause,
} from './clauses';
import { SearchSyntaxError } from './errors';
import { tokenize } from './lexer';
import { TokenStream, readComparator, readList } from './parser';

type ExperimentAttribute = 'name' | 'experiment_id' | 'creation_time' | 'last_update_time';

const NUMERIC = new Set(['creation_time', 'last_update_time']);

const IDENTIFIERS: IdentifierRules = {
  attributes: ['name', 'experiment_id', 'creation_time', 'last_update_time'],
  partText: (part) => part.text,
  unknownAttribute: (key) =>
    `Invalid attribute key '${key}' specified. Valid keys are 'creation_time', 'experiment_id', 'last_update_time', 'name'`,
};

const SUBJECT: ClauseSubject<Experiment> = {
  attribute: (e, key) => e[key as ExperimentAttribute],
  numericString: (key) => key === 'experiment_id',
};

function readValue(s: TokenStream, comparator: string): SimpleClause['value'] {
  if (comparator === 'IN' || comparator === 'NOT IN') return readList(s).items;
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') return null;
  const t = s.next();
  if (t.kind === 'number') return Number(t.text);
  if (t.kind === 'string' || t.kind === 'dstring') return t.text;
  throw new SearchSyntaxError(
    `Expected a quoted string or a number, found '${t.text}'`,
    t.start,
    t.end,
  );
}

/** The SQL store's rules for each kind of key, checked once the clause is read. */
function readClause(s: TokenStream): SimpleClause {
  const start = s.peek().start;
  const id = readIdentifier(s, IDENTIFIERS);
  const comparator = readComparator(s).comparator.toUpperCase();
  const value = readValue(s, comparator);
  const fail = clauseFailure(s, start);
  const isNull = comparator === 'IS NULL' || comparator === 'IS NOT NULL';
  if (id.type === 'tag') {
    if (!isNull && !['=', '!=', 'LIKE', 'ILIKE'].includes(comparator))
      fail(`Invalid comparator for tag: ${comparator}`);
    if (!isNull && typeof value !== 'string')
      fail(`Expected a quoted string value for tag. Got value ${value}`);
  } else if (isNull) {
    fail(`IS NULL / IS NOT NULL is only supported for tags, not for attribute '${id.key}'`);
  } else if (id.key === 'experiment_id') {
    if (!['=', '!=', 'IN', 'NOT IN'].includes(comparator))
      fail(`Invalid comparator for experiment_id: ${comparator}`);
  } else if (NUMERIC.has(id.key)) {
    if (!['=', '!=', '<', '<=', '>', '>='].includes(comparator)) {
      fail(`Invalid comparator for numeric attribute: ${comparator}`);
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      fail(`Invalid value for numeric attribute '${id.key}': '${value}'`);
    }
  } else if (!['=', '!=', 'LIKE', 'ILIKE'].includes(comparator) || typeof value !== 'string') {
    fail(`Invalid comparator for string attribute: ${comparator}`);
  }
  return { ...id, comparator, value };
}

export function parseExperimentFilter(filter: string | undefined): SimpleClause[] {
  return parseClauses(filter, readClause);
}

export function filterExperiments(
  experiments: Experiment[],
  filter: string | undefined,
): Experiment[] {
  const clauses = parseExperimentFilter(filter);
  return experiments.filter((e) => clauses.every((c) => matchesClause(e, c, SUBJECT)));
}

function parseOrderEntry(entry: string): { key: ExperimentAttribute; ascending: boolean } {
  const s = new TokenStream(tokenize(entry), entry);
  const id = readIdentifier(s, IDENTIFIERS);
  if (id.type !== 'attribute')
    throw new SearchSyntaxError(`Invalid order_by entity: ${id.type}`, 0, entry.length);
  let ascending = true;
  if (s.peek().kind === 'word' && /^(asc|desc)$/i.test(s.peek().text))
    ascending = /^asc$/i.test(s.next().text);
  if (s.peek().kind !== 'end')
    throw new SearchSyntaxError(
      `Invalid order_by clause '${entry}'. Could not be parsed.`,
      0,
      entry.length,
    );
  return { key: id.key as ExperimentAttribute, ascending };
}

export function sortExperiments(
  experiments: Experiment[],
  orderBy: string[] | undefined,
): Experiment[] {
  const entries = orderBy?.length ? orderBy : ['creation_time DESC', 'experiment_id ASC'];
  const keys = entries.map(parseOrderEntry);
  // The SQL store's tie-breaker is experiment_id DESC unless the caller ordered by it.
  if (!keys.some((k) => k.key === 'experiment_id'))
    keys.push({ key: 'experiment_id', ascending: false });
  const value = (e: Experiment, key: ExperimentAttribute) =>
    key === 'experiment_id' ? Number(e.experiment_id) : e[key];
  return [...experiments].sort(compareByKeys(keys, value));
}
