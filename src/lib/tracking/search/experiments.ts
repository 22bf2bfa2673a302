/**
 * search_experiments' filter and order_by (SearchExperimentsUtils and the SQL store): attributes
 * name, experiment_id, creation_time, last_update_time, and tags. Clauses join with AND; OR and
 * parentheses are not offered here.
 */
import type { Experiment } from '../entities';
import { SearchSyntaxError } from './errors';
import { ilike, like, compareCodePoints } from './like';
import { tokenize } from './lexer';
import { TokenStream, readComparator, readList } from './parser';

interface ExperimentClause {
  type: 'attribute' | 'tag';
  key: string;
  comparator: string;
  value: string | number | string[] | null;
}

const ATTRIBUTES = new Set(['name', 'experiment_id', 'creation_time', 'last_update_time']);
const NUMERIC = new Set(['creation_time', 'last_update_time']);

function identifier(s: TokenStream): { type: 'attribute' | 'tag'; key: string } {
  const parts = s.identifierParts();
  const start = parts[0].start;
  const end = parts[parts.length - 1].end;
  let type: 'attribute' | 'tag' = 'attribute';
  let rest = parts;
  if (parts.length > 1) {
    const head = parts[0].text;
    if (head === 'attribute') type = 'attribute';
    else if (head === 'tag' || head === 'tags') type = 'tag';
    else {
      throw new SearchSyntaxError(
        `Invalid entity type '${head}'. Valid entity types are ('attribute', 'tag', 'tags')`,
        parts[0].start,
        parts[0].end,
      );
    }
    rest = parts.slice(1);
  }
  const key = rest.length === 1 ? rest[0].text : rest.map((p) => p.text).join('.');
  if (type === 'attribute' && !ATTRIBUTES.has(key)) {
    throw new SearchSyntaxError(
      `Invalid attribute key '${key}' specified. Valid keys are 'creation_time', 'experiment_id', 'last_update_time', 'name'`,
      start,
      end,
    );
  }
  return { type, key };
}

function parseClause(s: TokenStream): ExperimentClause {
  const start = s.peek().start;
  const id = identifier(s);
  const comparator = readComparator(s).comparator.toUpperCase();
  let value: ExperimentClause['value'] = null;
  if (comparator === 'IN' || comparator === 'NOT IN') value = readList(s).items;
  else if (comparator !== 'IS NULL' && comparator !== 'IS NOT NULL') {
    const t = s.next();
    if (t.kind === 'number') value = Number(t.text);
    else if (t.kind === 'string' || t.kind === 'dstring') value = t.text;
    else
      throw new SearchSyntaxError(
        `Expected a quoted string or a number, found '${t.text}'`,
        t.start,
        t.end,
      );
  }
  const fail = (message: string): never => {
    throw new SearchSyntaxError(message, start, s.peek().start);
  };
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

export function parseExperimentFilter(filter: string | undefined): ExperimentClause[] {
  if (!filter || !filter.trim()) return [];
  const s = new TokenStream(tokenize(filter), filter);
  const clauses = [parseClause(s)];
  while (s.isWord('AND')) {
    s.next();
    clauses.push(parseClause(s));
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

function matches(e: Experiment, c: ExperimentClause): boolean {
  let lhs: string | number | undefined;
  if (c.type === 'tag') {
    lhs = e.tags.find((t) => t.key === c.key)?.value;
    if (c.comparator === 'IS NULL') return lhs === undefined;
    if (c.comparator === 'IS NOT NULL') return lhs !== undefined;
  } else {
    lhs = e[c.key as 'name' | 'experiment_id' | 'creation_time' | 'last_update_time'];
  }
  if (lhs === undefined) return false;
  const v = c.value;
  switch (c.comparator) {
    case 'IN':
      return (v as string[]).includes(String(lhs));
    case 'NOT IN':
      return !(v as string[]).includes(String(lhs));
    case 'LIKE':
      return like(String(lhs), v as string);
    case 'ILIKE':
      return ilike(String(lhs), v as string);
  }
  const x = c.key === 'experiment_id' ? Number(lhs) : lhs;
  const y = c.key === 'experiment_id' ? Number(v) : v;
  switch (c.comparator) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return (x as number) < (y as number);
    case '<=':
      return (x as number) <= (y as number);
    case '>':
      return (x as number) > (y as number);
    case '>=':
      return (x as number) >= (y as number);
  }
  return false;
}

export function filterExperiments(
  experiments: Experiment[],
  filter: string | undefined,
): Experiment[] {
  const clauses = parseExperimentFilter(filter);
  return experiments.filter((e) => clauses.every((c) => matches(e, c)));
}

export function sortExperiments(
  experiments: Experiment[],
  orderBy: string[] | undefined,
): Experiment[] {
  const entries = orderBy?.length ? orderBy : ['creation_time DESC', 'experiment_id ASC'];
  const keys = entries.map((entry) => {
    const s = new TokenStream(tokenize(entry), entry);
    const id = identifier(s);
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
    return { key: id.key, ascending };
  });
  // The SQL store's tie-breaker is experiment_id DESC unless the caller ordered by it.
  if (!keys.some((k) => k.key === 'experiment_id'))
    keys.push({ key: 'experiment_id', ascending: false });
  const value = (e: Experiment, key: string) =>
    key === 'experiment_id'
      ? Number(e.experiment_id)
      : e[key as 'name' | 'creation_time' | 'last_update_time'];
  return [...experiments].sort((a, b) => {
    for (const { key, ascending } of keys) {
      const x = value(a, key);
      const y = value(b, key);
      if (x === y) continue;
      const cmp =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : compareCodePoints(String(x), String(y));
      return ascending ? cmp : -cmp;
    }
    return 0;
  });
}
