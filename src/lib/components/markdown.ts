/**
 * Run notes are markdown (MLflow's mlflow.note.content), written by anyone who can set a tag.
 * marked's lexer parses them (CommonMark and GitHub's tables, task lists, strikethrough), and this
 * module turns its tokens into a small tree of the kinds Markdown.svelte draws as elements with
 * text children. No HTML string is ever made: raw HTML in a note shows as the text it is, and a
 * link keeps its target only when it is http(s), mailto or a link inside the app (#/…).
 */
import { Lexer, type Token, type Tokens } from 'marked';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'del'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; title?: string; children: Inline[] }
  | { kind: 'br' };

export type Align = 'left' | 'right' | 'center' | null;

export type Block =
  | { kind: 'heading'; depth: number; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'code'; text: string; lang: string }
  | { kind: 'quote'; children: Block[] }
  | {
      kind: 'list';
      ordered: boolean;
      start: number;
      /** `label`: the item's text, naming a task's checkbox. */
      items: { checked: boolean | null; label: string; children: Block[] }[];
    }
  | { kind: 'table'; align: Align[]; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'rule' };

const SAFE_HREF = /^(https?:|mailto:|#)/i;

/**
 * The link target when following it can run nothing and leave nothing, else undefined. Read as
 * the URL parser reads it: leading and trailing controls and spaces trimmed, tabs and newlines
 * anywhere dropped.
 */
export function safeHref(href: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  return SAFE_HREF.test(cleaned) ? cleaned : undefined;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Character references as the reader wrote them (&amp;, &#169;, &#x2014;) become the character. */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function inlines(tokens: Token[] | undefined): Inline[] {
  const out: Inline[] = [];
  const text = (t: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
      case 'em':
      case 'del':
        out.push({ kind: token.type, children: inlines(token.tokens) });
        break;
      case 'codespan':
        // Code shows character references as written.
        out.push({ kind: 'code', text: token.text });
        break;
      case 'checkbox':
        // A task box inside a loose item's paragraph: the item draws it.
        break;
      case 'br':
        out.push({ kind: 'br' });
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const href = safeHref(link.href);
        const children = inlines(link.tokens);
        if (href) out.push({ kind: 'link', href, title: link.title ?? undefined, children });
        else out.push(...children);
        break;
      }
      case 'image': {
        // Shown as a link to the picture: a note never loads anything by being opened.
        const image = token as Tokens.Image;
        const href = safeHref(image.href);
        const label = `🖼 ${image.text || image.href}`;
        if (href) out.push({ kind: 'link', href, children: [{ kind: 'text', text: label }] });
        else text(label);
        break;
      }
      case 'text':
        if ('tokens' in token && token.tokens?.length) out.push(...inlines(token.tokens));
        else text(decode(token.text));
        break;
      case 'escape':
        text(token.text);
        break;
      default:
        // Raw HTML and anything unknown: the characters as written.
        text(token.raw);
    }
  }
  return out;
}

function blocks(tokens: Token[]): Block[] {
  const out: Block[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
      case 'def':
        break;
      case 'heading':
        out.push({ kind: 'heading', depth: token.depth, children: inlines(token.tokens) });
        break;
      case 'paragraph':
        out.push({ kind: 'paragraph', children: inlines(token.tokens) });
        break;
      case 'text':
        // A tight list item's text.
        out.push({ kind: 'paragraph', children: inlines(token.tokens ?? [token]) });
        break;
      case 'code':
        out.push({ kind: 'code', text: token.text, lang: token.lang ?? '' });
        break;
      case 'blockquote':
        out.push({ kind: 'quote', children: blocks(token.tokens ?? []) });
        break;
      case 'hr':
        out.push({ kind: 'rule' });
        break;
      case 'list': {
        const list = token as Tokens.List;
        out.push({
          kind: 'list',
          ordered: list.ordered,
          start: typeof list.start === 'number' ? list.start : 1,
          items: list.items.map((item) => {
            const children = blocks(item.tokens.filter((t) => t.type !== 'checkbox'));
            return {
              checked: item.task ? Boolean(item.checked) : null,
              label: plainText(children).trim(),
              children,
            };
          }),
        });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        out.push({
          kind: 'table',
          align: table.align,
          header: table.header.map((cell) => inlines(cell.tokens)),
          rows: table.rows.map((row) => row.map((cell) => inlines(cell.tokens))),
        });
        break;
      }
      default:
        // Block HTML and anything unknown: its text, as written.
        out.push({ kind: 'paragraph', children: [{ kind: 'text', text: token.raw.trimEnd() }] });
    }
  }
  return out;
}

/** The text a tree shows, without its markup: inline parts run together, blocks apart. */
export function plainText(nodes: (Block | Inline)[]): string {
  return nodes
    .map((n): string => {
      switch (n.kind) {
        case 'text':
        case 'code':
          return n.text;
        case 'br':
        case 'rule':
          return ' ';
        case 'strong':
        case 'em':
        case 'del':
        case 'link':
          return plainText(n.children);
        case 'list':
          return n.items.map((i) => i.label).join(' ') + ' ';
        case 'table':
          return [...n.header, ...n.rows.flat()].map(plainText).join(' ') + ' ';
        default:
          return plainText(n.children) + ' ';
      }
    })
    .join('')
    .replace(/ +$/, '');
}

/**
 * Parses a note into blocks to draw; never throws on any text. A single newline is a line break,
 * as in MLflow's note renderer (simpleLineBreaks), since notes are written line by line.
 */
export function parseMarkdown(text: string): Block[] {
  return blocks(new Lexer({ gfm: true, breaks: true }).lex(text));
}
