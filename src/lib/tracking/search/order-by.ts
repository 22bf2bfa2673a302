/** order_by entries, "<identifier> [ASC|DESC]", as MLflow parses them for search_runs. */
import { SearchSyntaxError } from './errors';
import { tokenize } from './lexer';
import {
  ORDERABLE_ATTRIBUTES,
  TokenStream,
  resolveIdentifier,
  translateAttribute,
  type EntityType,
} from './parser';

export interface OrderKey {
  type: EntityType;
  key: string;
  ascending: boolean;
}

export function parseOrderByEntry(entry: string, attributes = ORDERABLE_ATTRIBUTES): OrderKey {
  const stream = new TokenStream(tokenize(entry), entry);
  if (stream.peek().kind === 'end') {
    throw new SearchSyntaxError(
      `Invalid order_by clause '${entry}'. Could not be parsed.`,
      0,
      entry.length,
    );
  }
  const id = resolveIdentifier(stream.identifierParts(), attributes);
  let ascending = true;
  const dir = stream.peek();
  if (dir.kind === 'word' && /^(asc|desc)$/i.test(dir.text)) {
    ascending = dir.text.toLowerCase() === 'asc';
    stream.next();
  }
  const rest = stream.peek();
  if (rest.kind !== 'end') {
    throw new SearchSyntaxError(
      `Invalid order_by clause '${entry}'. Could not be parsed: expected ASC or DESC after the key.`,
      rest.start,
      entry.length,
    );
  }
  if (id.type === 'dataset') {
    throw new SearchSyntaxError(
      `Invalid order_by entity type 'dataset' in '${entry}'`,
      0,
      entry.length,
    );
  }
  const key = id.type === 'attribute' ? translateAttribute(id.key) : id.key;
  return { type: id.type, key, ascending };
}

export function parseOrderBy(entries: readonly string[] | undefined): OrderKey[] {
  const keys = (entries ?? []).map((e) => parseOrderByEntry(e));
  const seen = new Set<string>();
  for (const k of keys) {
    const id = `${k.type}\u0000${k.key}`;
    if (seen.has(id)) {
      throw new SearchSyntaxError(
        `\`order_by\` contains duplicate fields: ${JSON.stringify(entries)}`,
        0,
        0,
      );
    }
    seen.add(id);
  }
  return keys;
}
