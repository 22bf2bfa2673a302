/**
 * Which metric and param columns a person chose for one experiment, kept in localStorage so the
 * choice survives a reload and new runs (MLflow forgets it: mlflow#7420).
 */

/** The same shape as the table's ColumnSelection (components/run-columns.ts). */
export interface ColumnSelection {
  metrics: string[];
  params: string[];
  tags: string[];
}

const EMPTY: ColumnSelection = { metrics: [], params: [], tags: [] };
const keyFor = (experimentId: string) => `tracklab.columns.${experimentId}`;

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function load(storage: Storage | undefined, experimentId: string): ColumnSelection {
  try {
    const raw = storage?.getItem(keyFor(experimentId));
    if (!raw) return EMPTY;
    const parsed = JSON.parse(raw) as Partial<ColumnSelection>;
    return {
      metrics: strings(parsed.metrics),
      params: strings(parsed.params),
      tags: strings(parsed.tags),
    };
  } catch {
    return EMPTY;
  }
}

export class ColumnChoice {
  readonly #experimentId: () => string;
  readonly #storage: Storage | undefined;
  // Bumped on every save so `selection` re-reads storage; storage itself is not reactive.
  #version = $state(0);

  constructor(experimentId: () => string, storage: Storage | undefined = globalThis.localStorage) {
    this.#experimentId = experimentId;
    this.#storage = storage;
  }

  readonly selection: ColumnSelection = $derived.by(() => {
    void this.#version;
    return load(this.#storage, this.#experimentId());
  });

  set(selection: ColumnSelection): void {
    try {
      this.#storage?.setItem(keyFor(this.#experimentId()), JSON.stringify(selection));
    } catch {
      // Storage full or blocked: nothing to remember it in; the table keeps its last columns.
    }
    this.#version++;
  }
}
