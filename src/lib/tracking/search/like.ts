/**
 * SQL LIKE as MLflow's SQLite backend evaluates it: `%` is any run of characters, `_` exactly one,
 * no escape character. LIKE is case-sensitive (MLflow sets PRAGMA case_sensitive_like); ILIKE is
 * `lower(x) LIKE lower(p)` and SQLite's lower() folds ASCII letters only.
 */
const cache = new Map<string, RegExp>();

export function asciiLower(s: string): string {
  return /[A-Z]/.test(s)
    ? s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32))
    : s;
}

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = Array.from(pattern, (ch) =>
      ch === '%'
        ? '[\\s\\S]*'
        : ch === '_'
          ? '[\\s\\S]'
          : ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'),
    ).join('');
    re = new RegExp(`^${body}$`, 'u');
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

export function like(value: string, pattern: string): boolean {
  return compile(pattern).test(value);
}

export function ilike(value: string, pattern: string): boolean {
  return compile(asciiLower(pattern)).test(asciiLower(value));
}

/**
 * Compares strings by Unicode code point, as SQLite's BINARY collation compares UTF-8 bytes.
 * JS `<` compares UTF-16 code units, which orders astral characters before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Move surrogates above the rest of the BMP so the order matches code points.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}
