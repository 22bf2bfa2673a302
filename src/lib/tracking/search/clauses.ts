/**
 * The clause engine behind MLflow's simpler searches (search_experiments, search_registered_models,
 * search_model_versions): `<identifier> <comparator> <value>` clauses joined by AND, over
 * attributes and tags, evaluated in memory, and ordered by attribute keys.
 *
 * A search is a dialect of it: which attributes exist, how an identifier's text is read, and its
 * own per-clause rules (comparators, value types, MLflow's exact messages) in `readClause`. The
 * engine holds what every dialect shares: identifier resolution, the AND loop, matching, ordering.
 */
import { SearchSyntaxError } from './errors';
import { tokenize, type Token } from './lexer';
import { compareCodePoints, ilike, like } from './like';
import { TokenStream } from './parser';

export interface SimpleClause {
  type: 'attribute' | 'tag';
  key: string;
  comparator: string;
  value: string | number | string[] | null;
}

export interface Identifier {
  type: 'attribute' | 'tag';
  key: string;
}

/** What tells one search's identifiers apart from another's. */
export interface IdentifierRules {
  attributes: readonly string[];
  /** How a part's text is read: MLflow keeps the quotes of a quoted attribute in some searches. */
  partText(part: Token): string;
  /** The message for an attribute key the search does not know. */
  unknownAttribute(key: string): string;
}

/** Resolves `<key>`, `attribute.<key>` or `tag(s).<key>`, as MLflow splits at the first dot. */
export function readIdentifier(s: TokenStream, rules: IdentifierRules): Identifier {
  const parts = s.identifierParts();
  const start = parts[0].start;
  const end = parts[parts.length - 1].end;
  let type: Identifier['type'] = 'attribute';
  let rest = parts;
  if (parts.length > 1) {
    const head = rules.partText(parts[0]);
    if (head === 'tag' || head === 'tags') type = 'tag';
    else if (head !== 'attribute') {
      throw new SearchSyntaxError(
        `Invalid entity type '${head}'. Valid entity types are ('attribute', 'tag', 'tags')`,
        parts[0].start,
        parts[0].end,
      );
    }
    rest = parts.slice(1);
  }
  // A tag key alone after the dot loses its quotes or backticks (tags.`k.x` is the key k.x).
  const key =
    type === 'tag' && rest.length === 1 ? rest[0].text : rest.map(rules.partText).join('.');
  if (type === 'attribute' && !rules.attributes.includes(key)) {
    throw new SearchSyntaxError(rules.unknownAttribute(key), start, end);
  }
  return { type, key };
}

/** Parses clauses joined by AND, each read by the search's own `readClause`. */
export function parseClauses<C>(
  filter: string | undefined | null,
  readClause: (s: TokenStream) => C,
): C[] {
  if (!filter || !filter.trim()) return [];
  const s = new TokenStream(tokenize(filter), filter);
  const clauses = [readClause(s)];
  while (s.isWord('AND')) {
    s.next();
    clauses.push(readClause(s));
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

/** A thrower that points at the clause from `start` to where the stream stands. */
export function clauseFailure(s: TokenStream, start: number) {
  return (message: string): never => {
    throw new SearchSyntaxError(message, start, s.peek().start);
  };
}

export interface Tagged {
  tags: readonly { key: string; value: string }[];
}

export interface ClauseSubject<T> {
  /** The attribute's value on the item; undefined or null never matches. */
  attribute(item: T, key: string): string | number | undefined | null;
  /** Attributes stored as strings that compare as numbers (experiment_id). */
  numericString?(key: string): boolean;
}

/** Whether one item satisfies one clause. A clause on a tag the item lacks is false, even `!=`. */
export function matchesClause<T extends Tagged>(
  item: T,
  c: SimpleClause,
  subject: ClauseSubject<T>,
): boolean {
  let lhs: string | number | undefined | null;
  if (c.type === 'tag') {
    lhs = item.tags.find((t) => t.key === c.key)?.value;
    if (c.comparator === 'IS NULL') return lhs === undefined;
    if (c.comparator === 'IS NOT NULL') return lhs !== undefined;
  } else {
    lhs = subject.attribute(item, c.key);
  }
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
  }
  const asNumber = c.type === 'attribute' && !!subject.numericString?.(c.key);
  const x = asNumber ? Number(lhs) : lhs;
  const y = asNumber ? Number(v) : v;
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

export interface SortKey<K extends string = string> {
  key: K;
  ascending: boolean;
}

/**
 * Orders by each key in turn: numbers numerically, anything else by code point (SQLite's BINARY
 * collation), so ties fall through to the next key.
 */
export function compareByKeys<T, K extends string>(
  keys: readonly SortKey<K>[],
  value: (item: T, key: K) => string | number | undefined,
) {
  return (a: T, b: T): number => {
    for (const { key, ascending } of keys) {
      const x = value(a, key);
      const y = value(b, key);
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
