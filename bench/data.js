// The benchmark data, identical on both sides: run i of the search benchmark is runSpec(i) in the
// page (the function's source is sent there) and in Python (the specs are written to JSON).

export const SEARCH = {
  filterString: "metrics.accuracy > 0.5 and params.optimizer = 'adam' and tags.team != 'b'",
  orderBy: ['metrics.loss ASC'],
  maxResults: 1000,
};

/** Logging benchmark: 10 runs x 10 keys x 1,000 steps, batches of 100 steps x 10 keys. */
export const LOGGING = { runs: 10, keys: 10, steps: 1000, stepsPerBatch: 100 };
export const BASE_TS = 1_700_000_000_000;

/** Self-contained (it is stringified into the page): run i's name, metrics, params and tags. */
export function runSpec(i) {
  const hash = (n) => {
    let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    return (x >>> 0) / 4294967296;
  };
  const r = (k) => hash(i * 16 + k);
  const round = (v) => Math.round(v * 1e6) / 1e6;
  const accuracy = round(r(0));
  return {
    name: `run-${i}`,
    startTime: 1_700_000_000_000 + i,
    metrics: {
      accuracy,
      loss: round(1 - accuracy + r(1) * 0.2),
      f1: round(r(2)),
      precision: round(r(3)),
      recall: round(r(4)),
    },
    params: {
      optimizer: ['adam', 'sgd', 'rmsprop'][Math.floor(r(5) * 3)],
      lr: String(round(10 ** (-1 - r(6) * 3))),
      batch_size: String([16, 32, 64, 128][Math.floor(r(7) * 4)]),
      epochs: String(1 + Math.floor(r(8) * 50)),
      dropout: String(round(r(9) * 0.5)),
    },
    tags: {
      team: ['a', 'b', 'c'][Math.floor(r(10) * 3)],
      owner: `user${Math.floor(r(11) * 20)}`,
      stage: ['dev', 'prod'][Math.floor(r(12) * 2)],
    },
  };
}

/** Value of key k at step s of run r in the logging benchmarks (same formula in Python). */
export function pointValue(r, k, s) {
  return Math.sin(s * 0.01 + k) + r * 0.001;
}
