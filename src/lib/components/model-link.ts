/**
 * Links to a registered model's page. A model name may hold any character but '/' and ':', and
 * SvelteKit's hash router decodes the hash before it cuts at '?' and '#' (on a reload, not on a
 * click), so a percent-encoded name does not survive a reload. The name goes into the path with
 * only unreserved characters instead: percent-encoding with '~' for '%' (and '~' itself encoded),
 * which no decoding step touches. Plain names stay as they are: 'iris-mlp' → 'iris-mlp'. Links
 * are `resolve('/models/[name]', { name: encodeModelName(name) })`.
 */
export function encodeModelName(name: string): string {
  return encodeURIComponent(name)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '~');
}

/** The name back from the route parameter; undefined when it was not made by encodeModelName. */
export function decodeModelName(param: string): string | undefined {
  try {
    return decodeURIComponent(param.replace(/~/g, '%'));
  } catch {
    return undefined;
  }
}
