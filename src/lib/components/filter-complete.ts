/**
 * Suggestions for the run filter box as a person types MLflow's search syntax: at the start of a
 * clause (after nothing, `(`, AND or OR) the keys the runs use (metrics.*, params.*, tags.*,
 * attributes.*, datasets.*), matched on the whole name or the key alone; after `params.k =` (or
 * !=, LIKE, ILIKE) the values the runs logged for that key, quoted; after `attributes.status =` the
 * run states. The result names the span of text a choice replaces.
 */

export interface Vocabulary {
  metricKeys: readonly string[];
  paramKeys: readonly string[];
  tagKeys: readonly string[];
  /** Maps, not objects: a key may be any text ("constructor" included). */
  paramValues: ReadonlyMap<string, readonly string[]>;
  tagValues: ReadonlyMap<string, readonly string[]>;
}

export interface Completion {
  /** What the list shows. */
  label: string;
  /** The text that replaces [from, to). */
  insert: string;
  /** A short note on the right: "metric", "param", "value"… */
  detail: string;
}

export interface Completions {
  from: number;
  to: number;
  items: Completion[];
}

const ATTRIBUTES = ['run_name', 'status', 'start_time', 'end_time', 'run_id', 'user_id'];
const DATASET_KEYS = ['name', 'digest', 'context'];
const STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const GROUP: Record<string, 'params' | 'tags' | 'attributes' | undefined> = {
  param: 'params',
  params: 'params',
  parameter: 'params',
  parameters: 'params',
  tag: 'tags',
  tags: 'tags',
  attribute: 'attributes',
  attributes: 'attributes',
  attr: 'attributes',
  run: 'attributes',
};

/** A prefix's group; own keys only, so "constructor." is no group. */
function groupOf(prefix: string): 'params' | 'tags' | 'attributes' | undefined {
  const k = prefix.toLowerCase();
  return Object.hasOwn(GROUP, k) ? GROUP[k] : undefined;
}

/** Backticks keep keys with spaces, dots or dashes in one identifier. */
function identifier(group: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${group}.${key}` : `${group}.\`${key}\``;
}

function literal(value: string): string | undefined {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return undefined;
}

/** Best first: the whole name starts with the text, then the key does, then either contains it. */
function rank(text: string, name: string, key: string): number {
  const t = text.toLowerCase();
  const n = name.toLowerCase().replaceAll('`', '');
  const k = key.toLowerCase();
  if (!t) return 0;
  if (n.startsWith(t)) return 0;
  if (k.startsWith(t)) return 1;
  if (n.includes(t) || k.includes(t)) return 2;
  return -1;
}

function pick<T extends { score: number; order: number }>(list: T[], limit: number): T[] {
  return list
    .filter((c) => c.score >= 0)
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, limit);
}

// A key as typed: plain, or backticked (possibly still open).
const KEY = String.raw`(?:\x60[^\x60]*\x60?|[\w.\-/:]+)`;
const VALUE_AT = new RegExp(
  String.raw`([A-Za-z]+)\.(${KEY})\s*(=|!=|<>|(?:NOT\s+)?I?LIKE)\s*((?:'[^']*)|(?:"[^"]*))?$`,
  'i',
);

export function complete(
  text: string,
  caret: number,
  vocab: Vocabulary,
  limit = 12,
): Completions | undefined {
  const before = text.slice(0, caret);
  const value = VALUE_AT.exec(before);
  if (value) {
    const group = groupOf(value[1]);
    const key = value[2].replaceAll('`', '');
    const typed = value[4] ?? '';
    const values =
      group === 'params'
        ? vocab.paramValues.get(key)
        : group === 'tags'
          ? vocab.tagValues.get(key)
          : group === 'attributes' && key === 'status'
            ? STATUSES
            : undefined;
    if (!values) return undefined;
    const partial = typed.slice(1);
    const items = pick(
      values.flatMap((v, order) => {
        const insert = literal(v);
        return insert === undefined ? [] : [{ score: rank(partial, v, v), order, v, insert }];
      }),
      limit,
    ).map(({ v, insert }) => ({ label: v, insert, detail: 'value' }));
    return items.length ? { from: caret - typed.length, to: caret, items } : undefined;
  }

  // A key in progress: the trailing run of key characters (or an open backtick) before the caret.
  const word = new RegExp(String.raw`${KEY}$`).exec(before)?.[0] ?? '';
  const from = caret - word.length;
  const prior = before.slice(0, from).trimEnd();
  if (prior && !prior.endsWith('(') && !/\b(and|or)$/i.test(prior)) return undefined;
  const typed = word.replaceAll('`', '');
  const candidates = [
    ...vocab.metricKeys.map((k) => ['metrics', k, 'metric'] as const),
    ...vocab.paramKeys.map((k) => ['params', k, 'param'] as const),
    ...vocab.tagKeys.map((k) => ['tags', k, 'tag'] as const),
    ...ATTRIBUTES.map((k) => ['attributes', k, 'attribute'] as const),
    ...DATASET_KEYS.map((k) => ['datasets', k, 'dataset'] as const),
  ];
  const items = pick(
    candidates.map(([group, key, detail], order) => {
      const name = identifier(group, key);
      return { score: rank(typed, name, key), order, name, detail };
    }),
    limit,
  ).map(({ name, detail }) => ({ label: name, insert: `${name} `, detail }));
  // Nothing typed at the very start would list every key: wait for a first character.
  if (!typed && !prior) return undefined;
  return items.length ? { from, to: caret, items } : undefined;
}
