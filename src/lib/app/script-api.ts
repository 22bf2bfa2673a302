/** What a Scripts panel snippet may call of the app's client and registry. */

/** Methods a snippet may not call: they take callbacks, or hand out the store itself. */
const DENIED = new Set(['constructor', 'startRun', 'close', 'withFlow']);

/** The callable methods of an object (own function properties and its prototypes'). */
export function callableMethods(obj: object): Set<string> {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (DENIED.has(name) || name.startsWith('_')) continue;
      const value = (obj as Record<string, unknown>)[name];
      if (typeof value === 'function') names.add(name);
    }
  }
  return names;
}
