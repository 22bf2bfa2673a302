/**
 * Predicting from the Run page: the run's model, loaded from IndexedDB on first use, and the
 * results of a typed row or a dropped CSV.
 */
import type { App } from '$lib/app/create-app';
import {
  loadRunModel,
  predictionsToCsv,
  predictRows,
  type LoadedModel,
  type Prediction,
} from '$lib/app/predict';
import { decodeUtf8, parseTable } from '$lib/data/csv';

/** Files bigger than this are parsed for prediction only after a warning-free refusal. */
const MAX_PREDICT_BYTES = 20 * 1024 * 1024;

export interface BatchResult {
  fileName: string;
  columns: string[];
  rows: string[][];
  predictions: Prediction[];
  csv: string;
}

export class PredictSession {
  model = $state.raw<LoadedModel | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  single = $state.raw<Prediction | null>(null);
  batch = $state.raw<BatchResult | null>(null);

  constructor(
    private readonly app: App,
    private readonly runId: string,
  ) {}

  async ensureModel(): Promise<LoadedModel> {
    if (!this.model) this.model = await loadRunModel(this.app.client, this.runId);
    return this.model;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = null;
    try {
      return await work();
    } catch (e) {
      this.error = (e as Error).message;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  predictOne(values: Record<string, string>) {
    return this.guard(async () => {
      const model = await this.ensureModel();
      const columns = Object.keys(values);
      const [prediction] = await predictRows(this.app.training, model, columns, [
        columns.map((c) => values[c]),
      ]);
      this.single = prediction;
    });
  }

  predictFile(file: File) {
    return this.guard(async () => {
      if (file.size > MAX_PREDICT_BYTES) {
        throw new Error(
          `${file.name} is ${Math.round(file.size / 1048576)} MB; predicting here takes files up to 20 MB. Split it, or predict on a sample.`,
        );
      }
      const model = await this.ensureModel();
      const table = parseTable(decodeUtf8(new Uint8Array(await file.arrayBuffer())));
      const predictions = await predictRows(this.app.training, model, table.columns, table.rows);
      this.batch = {
        fileName: file.name,
        columns: table.columns,
        rows: table.rows,
        predictions,
        csv: predictionsToCsv(model.pre, table.columns, table.rows, predictions),
      };
    });
  }
}
