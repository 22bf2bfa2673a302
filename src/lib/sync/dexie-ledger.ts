/**
 * The sync ledger kept in the browser's own store (the syncLedger table of TrackingDB), so a push
 * interrupted by a closed tab resumes after a reload, and exports what it knows with the rest.
 */
import type { TrackingDB } from '$lib/tracking/dexie/schema';
import { LEDGER_FORMAT, type Ledger, type LedgerEntry, type LedgerKind } from './ledger';

export class DexieLedger implements Ledger {
  constructor(private readonly db: TrackingDB) {}

  async get(target: string, kind: LedgerKind, sourceId: string): Promise<LedgerEntry | undefined> {
    const row = await this.db.syncLedger.get([target, kind, sourceId]);
    return row && row.format === LEDGER_FORMAT ? (row as LedgerEntry) : undefined;
  }

  async put(entry: LedgerEntry): Promise<void> {
    await this.db.syncLedger.put(entry);
  }

  async list(target: string, kind: LedgerKind): Promise<LedgerEntry[]> {
    const rows = await this.db.syncLedger.where('[target+kind]').equals([target, kind]).toArray();
    return rows.filter((r) => r.format === LEDGER_FORMAT) as LedgerEntry[];
  }

  async delete(target: string, kind: LedgerKind, sourceId: string): Promise<void> {
    await this.db.syncLedger.delete([target, kind, sourceId]);
  }
}
