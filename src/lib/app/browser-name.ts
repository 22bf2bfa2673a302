/** "Chrome 131", from a user agent string, as tagged on the runs trained here. */
export function browserName(userAgent = globalThis.navigator?.userAgent ?? 'unknown'): string {
  const m = /(Edg|Firefox|Chrome|Chromium|Safari)\/(\d+)/.exec(userAgent);
  return m ? `${m[1] === 'Edg' ? 'Edge' : m[1]} ${m[2]}` : userAgent.slice(0, 100);
}
