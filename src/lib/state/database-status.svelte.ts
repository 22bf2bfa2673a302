/**
 * Whether this tab's databases are still usable: set when a newer Tracklab in another tab upgraded
 * or removed one (this tab then closed its connection) or while this tab's own upgrade waits for
 * an older tab. The page shows it as a banner asking for a reload (ReloadBanner.svelte).
 */
import { onDatabaseOutdated, type DatabaseOutdated } from '$lib/tracking/version-change';

export class DatabaseStatus {
  notice = $state.raw<DatabaseOutdated | undefined>();

  /** Listens for the lifetime of the component that builds it (the layout). */
  constructor() {
    $effect(() => onDatabaseOutdated((notice) => (this.notice = notice)));
  }
}
