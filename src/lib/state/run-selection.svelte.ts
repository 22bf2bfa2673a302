/**
 * The runs ticked for comparing, across experiments and pages: kept for the tab (sessionStorage),
 * so a person can tick runs in one experiment, go to another, tick more, and compare them all.
 */
const KEY = 'tracklab.compare-selection';

function read(): string[] {
  try {
    const raw = JSON.parse(globalThis.sessionStorage?.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

class RunSelection {
  ids = $state<string[]>(read());

  set(runId: string, picked: boolean): void {
    this.ids = picked
      ? [...this.ids.filter((x) => x !== runId), runId]
      : this.ids.filter((x) => x !== runId);
    this.#write();
  }

  /** The whole choice at once (a range, select-all, or a link's `selected`). */
  replace(ids: readonly string[]): void {
    this.ids = [...new Set(ids)];
    this.#write();
  }

  clear(): void {
    this.ids = [];
    this.#write();
  }

  #write(): void {
    try {
      globalThis.sessionStorage?.setItem(KEY, JSON.stringify(this.ids));
    } catch {
      // Storage refused (private mode, full): the choice lives for this page only.
    }
  }
}

export const runSelection = new RunSelection();
