/** Display formatting shared by the tables: times, durations, metric values, counts. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(ms: number | undefined): string {
  return ms === undefined || ms === null ? '—' : dateTime.format(new Date(ms));
}

/** Full timestamp for a tooltip, so the short form never hides seconds a person needs. */
export function formatTimeExact(ms: number | undefined): string {
  return ms === undefined || ms === null ? '' : new Date(ms).toISOString();
}

export function formatDuration(start: number, end: number | undefined, now = Date.now()): string {
  const ms = Math.max(0, (end ?? now) - start);
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

/** Metric values at four significant digits; integers stay as they are. */
export function formatMetric(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
  return Number(value.toPrecision(4)).toString();
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

/** A run's duration, or what it is doing when it has no end time yet. */
export function formatRunDuration(info: {
  status: string;
  start_time: number;
  end_time?: number;
}): string {
  // A resumed run (a study) is RUNNING again with its last end time still set.
  if (info.status === 'RUNNING' || info.status === 'SCHEDULED') return 'running';
  return info.end_time ? formatDuration(info.start_time, info.end_time) : '—';
}

/** A byte count as a person reads it: 512 B, 12.4 KB, 3.1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
