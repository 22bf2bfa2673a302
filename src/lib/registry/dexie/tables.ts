/**
 * The registry's IndexedDB tables and the reads every registry operation starts from: a model or
 * a version by key (or MLflow's not-found error), a model's versions, and one transaction per
 * read-modify-write, so tabs and workers may share the registry.
 */
import type Dexie from 'dexie';
import { notFound } from '../../tracking/errors';
import type {
  ModelVersionRow,
  RegisteredModelRow,
  RegistryEventRow,
  TrackingDB,
} from '../../tracking/dexie/schema';
import { storageError } from '../../tracking/dexie/base';

const modelNotFound = (name: string) => notFound(`Registered Model with name=${name} not found`);
const versionNotFound = (name: string, version: number | string) =>
  notFound(`Model Version (name=${name}, version=${version}) not found`);

/** What an operation says of a change; the tables add when, who and the flow. */
export type ChangeRecord = Omit<RegistryEventRow, 'seq' | 'time' | 'user' | 'flow'>;

export class RegistryTables {
  constructor(
    readonly db: TrackingDB,
    readonly now: () => number,
    /** Who makes the changes (the Settings' user name). */
    readonly user: () => string | undefined = () => undefined,
    /** Changes made through these tables are one step of this flow (Promote best). */
    readonly flow?: string,
  ) {}

  /** The same tables, with every change they record part of `flow`. */
  inFlow(flow: string): RegistryTables {
    return new RegistryTables(this.db, this.now, this.user, flow);
  }

  /** Adds a change to the history, inside the caller's transaction (which must include it). */
  async record(change: ChangeRecord): Promise<void> {
    await this.db.registryEvents.add({
      ...change,
      time: this.now(),
      user: this.user() ?? '',
      ...(this.flow ? { flow: this.flow } : {}),
    });
  }

  async tx<T>(mode: 'r' | 'rw', tables: Dexie.Table[], body: () => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(mode, tables, body);
    } catch (e) {
      return storageError(e);
    }
  }

  /** The model and version tables, which most operations read or write together, and the history. */
  get both(): Dexie.Table[] {
    return [this.db.registeredModels, this.db.modelVersions, this.db.registryEvents];
  }

  async modelRow(name: string): Promise<RegisteredModelRow> {
    const row = await this.db.registeredModels.get(name);
    if (!row) throw modelNotFound(name);
    return row;
  }

  async versionRow(name: string, version: number): Promise<ModelVersionRow> {
    const row = await this.db.modelVersions.get([name, version]);
    if (!row) throw versionNotFound(name, version);
    return row;
  }

  versionsOf(name: string): Promise<ModelVersionRow[]> {
    return this.db.modelVersions.where('name').equals(name).toArray();
  }

  /** Reads a model, changes it and writes it back, in one transaction. */
  editModel(
    name: string,
    change: (row: RegisteredModelRow) => void | Promise<void>,
    tables: Dexie.Table[] = [this.db.registeredModels],
  ): Promise<void> {
    return this.tx('rw', tables, async () => {
      const row = await this.modelRow(name);
      await change(row);
      await this.db.registeredModels.put(row);
    });
  }

  /** Reads a version, changes it and writes it back, in one transaction. */
  editVersion(
    name: string,
    version: number,
    change: (row: ModelVersionRow) => void,
  ): Promise<void> {
    return this.tx('rw', [this.db.modelVersions], async () => {
      const row = await this.versionRow(name, version);
      change(row);
      await this.db.modelVersions.put(row);
    });
  }
}
