/**
 * Runs views saved by name: a view is the experiments plus the URL query (filter, order, columns,
 * cells, selection), so opening a saved one is following its link. Kept in localStorage, so they
 * outlive the tab; a name saved again replaces the view it named.
 */
const KEY = 'tracklab.saved-views';

export interface SavedView {
  name: string;
  /** The experiments' path segment: one id, or several joined by commas. */
  experiments: string;
  /** The view's URL query, with its leading '?' (or empty). */
  query: string;
  savedAt: number;
}

function isView(v: unknown): v is SavedView {
  const x = v as SavedView;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.name === 'string' &&
    typeof x.experiments === 'string' &&
    typeof x.query === 'string' &&
    typeof x.savedAt === 'number'
  );
}

function read(storage: Storage | undefined): SavedView[] {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter(isView) : [];
  } catch {
    return [];
  }
}

export class SavedViews {
  readonly #storage: Storage | undefined;
  views = $state<SavedView[]>([]);
  /** Set when the browser refused to store the list (private mode, full quota). */
  error = $state<string | undefined>();

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    this.views = read(storage);
  }

  save(view: Omit<SavedView, 'savedAt'>, now = Date.now()): void {
    const name = view.name.trim();
    if (!name) return;
    this.#write([...this.views.filter((v) => v.name !== name), { ...view, name, savedAt: now }]);
  }

  remove(name: string): void {
    this.#write(this.views.filter((v) => v.name !== name));
  }

  #write(views: SavedView[]): void {
    this.views = views.sort((a, b) => a.name.localeCompare(b.name));
    try {
      this.#storage?.setItem(KEY, JSON.stringify(this.views));
      this.error = undefined;
    } catch {
      this.error =
        'This browser refused to keep saved views (storage full or blocked); they last until the tab closes.';
    }
  }
}
