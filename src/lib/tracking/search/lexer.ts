/**
 * Tokenizer for MLflow's search filter grammar. Positions are kept so an error can point at the
 * clause that caused it. String literals keep their raw inner text, as MLflow does: it trims the
 * quotes and does not unescape (`'it''s'` means the value `it''s`).
 */
import { SearchSyntaxError } from './errors';

export type TokenKind =
  | 'word'
  | 'number'
  | 'string'
  | 'dstring'
  | 'backtick'
  | 'dot'
  | 'op'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** For strings and backticks, the text between the quotes; otherwise the source text. */
  text: string;
  start: number;
  end: number;
}

const OPERATORS = ['!=', '<>', '==', '>=', '<=', '=', '<', '>'];
const WORD_CHAR = /[\p{L}\p{N}_$]/u;
const NUMBER_RE = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;

function readQuoted(src: string, start: number, quote: string): Token {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    // A doubled quote or a backslash-escaped quote stays inside the literal (sqlparse's rule).
    if (c === '\\' && quote !== '`' && i + 1 < src.length) i += 2;
    else if (c === quote && src[i + 1] === quote) i += 2;
    else if (c === quote) break;
    else i += 1;
  }
  if (i >= src.length) {
    throw new SearchSyntaxError(`Unterminated ${quote} quote`, start, src.length);
  }
  const kind = quote === "'" ? 'string' : quote === '"' ? 'dstring' : 'backtick';
  return { kind, text: src.slice(start + 1, i), start, end: i + 1 };
}

/** A number may only stand where a value is expected, so `metrics.1e3x` stays a key. */
function valueExpected(prev: Token | undefined): boolean {
  return !prev || prev.kind === 'op' || prev.kind === 'lparen' || prev.kind === 'comma';
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    if (c === "'" || c === '"' || c === '`') {
      const t = readQuoted(src, i, c);
      tokens.push(t);
      i = t.end;
      continue;
    }
    if (valueExpected(prev) && /[-.\d]/.test(c)) {
      const m = NUMBER_RE.exec(src.slice(i));
      if (m && !WORD_CHAR.test(src[i + m[0].length] ?? '')) {
        tokens.push({ kind: 'number', text: m[0], start: i, end: i + m[0].length });
        i += m[0].length;
        continue;
      }
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const single: Partial<Record<string, TokenKind>> = {
      '.': 'dot',
      '(': 'lparen',
      ')': 'rparen',
      ',': 'comma',
    };
    const kind = single[c];
    if (kind) {
      tokens.push({ kind, text: c, start: i, end: i + 1 });
      i += 1;
      continue;
    }
    if (WORD_CHAR.test(c)) {
      let j = i + 1;
      while (j < src.length && WORD_CHAR.test(src[j])) j += 1;
      tokens.push({ kind: 'word', text: src.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    throw new SearchSyntaxError(`Unexpected character '${c}'`, i, i + 1);
  }
  tokens.push({ kind: 'end', text: '', start: src.length, end: src.length });
  return tokens;
}
