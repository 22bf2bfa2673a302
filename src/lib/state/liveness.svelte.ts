/**
 * Which RUNNING runs look stalled (their training tab stopped renewing its lease or is gone), as
 * this tab's watcher last saw them (app/sessions.ts). One per tab, so every status badge reads it
 * without threading it through each screen.
 */
let stalled = $state.raw<ReadonlySet<string>>(new Set());

export const runLiveness = {
  /** True when the run's training tab is not responding (meaningful only while RUNNING). */
  notResponding(runId: string): boolean {
    return stalled.has(runId);
  },
  show(runIds: ReadonlySet<string>): void {
    stalled = runIds;
  },
};
