/**
 * Parser for MLflow's search_runs filter grammar (mlflow/utils/search_utils.py, SearchUtils) with a
 * strict superset on top: OR, parentheses, and numeric comparison of params (`params.lr > 0.01`).
 * Every string MLflow accepts parses to a clause list that means what it means in MLflow; each of
 * the extensions is something MLflow rejects, so no accepted string changes meaning.
 */
import { checkClause } from './clause-rules';
import { SearchSyntaxError } from './errors';
import { tokenize, type Token } from './lexer';
import {
  DATASET_KEYS,
  ENTITY_ALIASES,
  ENTITY_NAMES,
  SEARCHABLE_ATTRIBUTES,
  type Clause,
  type Comparator,
  type EntityType,
  type FilterExpr,
} from './vocabulary';

export {
  NUMERIC_ATTRIBUTES,
  ORDERABLE_ATTRIBUTES,
  SEARCHABLE_ATTRIBUTES,
  STRING_ATTRIBUTES,
  translateAttribute,
  type Clause,
  type Comparator,
  type EntityType,
  type FilterExpr,
} from './vocabulary';

interface Identifier {
  type: EntityType;
  key: string;
  start: number;
  end: number;
}

/** Strips one pair of matching quotes or backticks, as MLflow's _strip_quotes + _trim_backticks. */
function unquote(part: Token): string {
  return part.text;
}

function rawText(part: Token): string {
  if (part.kind === 'backtick') return `\`${part.text}\``;
  if (part.kind === 'dstring') return `"${part.text}"`;
  return part.text;
}

/**
 * Resolves `<type>.<key>` the way MLflow splits the identifier at its first dot. A lone name is an
 * attribute. Shared by filters and order_by.
 */
export function resolveIdentifier(parts: Token[], attributes: Set<string>): Identifier {
  const start = parts[0].start;
  const end = parts[parts.length - 1].end;
  let type: EntityType;
  let key: string;
  if (parts.length === 1) {
    type = 'attribute';
    key = unquote(parts[0]);
  } else {
    const head = parts[0];
    const name = head.kind === 'backtick' ? head.text : rawText(head);
    const resolved = ENTITY_ALIASES[name];
    if (!resolved) {
      throw new SearchSyntaxError(
        `Invalid entity type '${name}'. Valid values are ${ENTITY_NAMES}`,
        head.start,
        head.end,
      );
    }
    type = resolved;
    const rest = parts.slice(1);
    key = rest.length === 1 ? unquote(rest[0]) : rest.map(rawText).join('.');
  }
  if (type === 'attribute' && !attributes.has(key)) {
    throw new SearchSyntaxError(
      `Invalid attribute key '${key}' specified. Valid keys are '${[...attributes].sort().join("', '")}'`,
      start,
      end,
    );
  }
  if (type === 'dataset' && !DATASET_KEYS.has(key)) {
    throw new SearchSyntaxError(
      `Invalid dataset key '${key}' specified. Valid keys are 'name', 'digest', 'context'`,
      start,
      end,
    );
  }
  return { type, key, start, end };
}

export class TokenStream {
  private i = 0;
  constructor(
    readonly tokens: Token[],
    readonly src: string,
  ) {}
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  next(): Token {
    const t = this.peek();
    this.i += 1;
    return t;
  }
  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }
  /** Reads dotted identifier parts that touch each other: metrics.`val loss`, tags.mlflow.user. */
  identifierParts(): Token[] {
    const first = this.next();
    if (first.kind !== 'word' && first.kind !== 'backtick' && first.kind !== 'dstring') {
      throw new SearchSyntaxError(
        first.kind === 'end'
          ? 'Expected an identifier such as metrics.loss, params.lr or tags.team at the end of the filter'
          : `Expected an identifier such as metrics.loss, found '${this.src.slice(first.start, first.end)}'`,
        first.start,
        Math.max(first.end, first.start + 1),
      );
    }
    const parts = [first];
    while (this.peek().kind === 'dot' && this.peek().start === parts[parts.length - 1].end) {
      const dot = this.next();
      const part = this.next();
      if (
        part.start !== dot.end ||
        !['word', 'backtick', 'dstring', 'number'].includes(part.kind)
      ) {
        throw new SearchSyntaxError('Expected a key after the dot', dot.start, part.end);
      }
      parts.push(part);
    }
    return parts;
  }
}

export function parseFilter(filter: string | undefined | null): FilterExpr | null {
  if (!filter || !filter.trim()) return null;
  const stream = new TokenStream(tokenize(filter), filter);
  const expr = parseOr(stream);
  const rest = stream.peek();
  if (rest.kind !== 'end') {
    throw new SearchSyntaxError(
      `Invalid clause(s) in filter string: '${filter.slice(rest.start)}'. Join clauses with AND (or OR).`,
      rest.start,
      filter.length,
    );
  }
  return expr;
}

function parseOr(s: TokenStream): FilterExpr {
  const items = [parseAnd(s)];
  while (s.isWord('OR')) {
    s.next();
    items.push(parseAnd(s));
  }
  return items.length === 1 ? items[0] : { kind: 'or', items };
}

function parseAnd(s: TokenStream): FilterExpr {
  const items = [parseTerm(s)];
  while (s.isWord('AND')) {
    s.next();
    items.push(parseTerm(s));
  }
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

function parseTerm(s: TokenStream): FilterExpr {
  if (s.peek().kind === 'lparen') {
    const open = s.next();
    const inner = parseOr(s);
    const close = s.next();
    if (close.kind !== 'rparen') {
      throw new SearchSyntaxError('Missing closing parenthesis', open.start, close.end);
    }
    return inner;
  }
  return parseClause(s);
}

export function readComparator(s: TokenStream): { comparator: string; start: number; end: number } {
  const t = s.peek();
  if (t.kind === 'op') {
    s.next();
    return { comparator: t.text, start: t.start, end: t.end };
  }
  if (t.kind === 'word') {
    const upper = t.text.toUpperCase();
    if (upper === 'NOT' && s.isWord('IN', 1)) {
      s.next();
      const end = s.next().end;
      return { comparator: 'NOT IN', start: t.start, end };
    }
    if (upper === 'IS') {
      s.next();
      const not = s.isWord('NOT') ? (s.next(), true) : false;
      const nul = s.next();
      if (nul.kind !== 'word' || nul.text.toUpperCase() !== 'NULL') {
        throw new SearchSyntaxError('Expected NULL after IS', t.start, nul.end);
      }
      return { comparator: not ? 'IS NOT NULL' : 'IS NULL', start: t.start, end: nul.end };
    }
    if (['LIKE', 'ILIKE', 'IN'].includes(upper)) {
      s.next();
      return { comparator: upper, start: t.start, end: t.end };
    }
  }
  throw new SearchSyntaxError(
    t.kind === 'end'
      ? 'Expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN) at the end of the filter'
      : `Expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN), found '${s.src.slice(t.start, t.end)}'`,
    t.start,
    Math.max(t.end, t.start + 1),
  );
}

export function readList(s: TokenStream): { items: string[]; end: number } {
  const open = s.next();
  if (open.kind !== 'lparen') {
    throw new SearchSyntaxError(
      "Expected a list of quoted strings such as ('a', 'b')",
      open.start,
      open.end,
    );
  }
  const items: string[] = [];
  for (;;) {
    const t = s.next();
    if (t.kind === 'string' || t.kind === 'dstring') items.push(t.text);
    else if (t.kind === 'rparen' && items.length === 0) {
      throw new SearchSyntaxError(
        'While parsing a list in the query, expected a non-empty list of string values, but got empty list',
        open.start,
        t.end,
      );
    } else {
      throw new SearchSyntaxError(
        'While parsing a list in the query, expected a non-empty list of quoted string values',
        t.start,
        t.end,
      );
    }
    const sep = s.next();
    if (sep.kind === 'rparen') return { items, end: sep.end };
    if (sep.kind !== 'comma') {
      throw new SearchSyntaxError('Expected , or ) in the list', sep.start, sep.end);
    }
  }
}

function parseClause(s: TokenStream): Clause {
  const parts = s.identifierParts();
  const id = resolveIdentifier(parts, SEARCHABLE_ATTRIBUTES);
  const op = readComparator(s);
  const comparator = op.comparator.toUpperCase();
  let value: Clause['value'] = null;
  let end = op.end;
  if (comparator === 'IN' || comparator === 'NOT IN') {
    const list = readList(s);
    value = list.items;
    end = list.end;
  } else if (comparator !== 'IS NULL' && comparator !== 'IS NOT NULL') {
    const t = s.next();
    end = t.end;
    if (t.kind === 'number') value = Number(t.text);
    else if (t.kind === 'string' || t.kind === 'dstring') value = t.text;
    else {
      throw new SearchSyntaxError(
        t.kind === 'end'
          ? `Expected a value after '${op.comparator}'`
          : `Expected a quoted string or a number after '${op.comparator}', found '${s.src.slice(t.start, t.end)}'. Quote strings: '...'`,
        t.kind === 'end' ? op.start : t.start,
        Math.max(t.end, op.end),
      );
    }
  }
  const clause: Clause = {
    kind: 'clause',
    type: id.type,
    key: id.key,
    comparator: comparator as Comparator,
    value,
    start: id.start,
    end,
  };
  checkClause(clause, s.src);
  return clause;
}

/** Flattens a filter into its clauses (for UI hints such as which columns a filter uses). */
export function clausesOf(expr: FilterExpr | null): Clause[] {
  if (!expr) return [];
  return expr.kind === 'clause' ? [expr] : expr.items.flatMap(clausesOf);
}
