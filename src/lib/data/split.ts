/**
 * Seeded train/validation/test split, stratified by class for classification so each split keeps
 * the class mix (as scikit-learn's train_test_split(stratify=y)). Same seed, same split.
 */
export interface Split {
  train: number[];
  validation: number[];
  test: number[];
}

export interface SplitOptions {
  seed: number;
  /** Fractions of the rows; the rest trains. */
  validation: number;
  test: number;
  /** Class label per row; rows with the same label are split together. */
  stratify?: ArrayLike<string | number>;
}

/** mulberry32: small, fast and seedable; the same sequence on every engine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export function splitRows(count: number, options: SplitOptions): Split {
  if (options.validation < 0 || options.test < 0 || options.validation + options.test >= 1) {
    throw new Error('Validation and test fractions must be at least 0 and leave rows to train on.');
  }
  const random = seededRandom(options.seed);
  const groups = new Map<string | number, number[]>();
  for (let i = 0; i < count; i++) {
    const key = options.stratify ? options.stratify[i] : 0;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const out: Split = { train: [], validation: [], test: [] };
  // Groups in a fixed order, so the split does not depend on which class appears first.
  const keys = [...groups.keys()].sort((a, b) =>
    String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  for (const key of keys) {
    const rows = shuffle(groups.get(key)!, random);
    const nTest = Math.round(rows.length * options.test);
    const nValidation = Math.round(rows.length * options.validation);
    out.test.push(...rows.slice(0, nTest));
    out.validation.push(...rows.slice(nTest, nTest + nValidation));
    out.train.push(...rows.slice(nTest + nValidation));
  }
  for (const part of [out.train, out.validation, out.test]) part.sort((a, b) => a - b);
  return out;
}
