/**
 * The composition root: builds the concrete store and client, the dataset library and the two
 * workers (data and training, each started on first use) once, and hands them to the UI through
 * context. Tests build a fresh app over an empty, uniquely named database.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { DataClient } from '$lib/data/client';
import { EvaluationClient } from '$lib/evaluation/client';
import type { EvaluationResult } from '$lib/evaluation';
import { SamplingClient } from '$lib/tuning/off-page/client';
import {
  computeMetrics,
  type MetricsOptions,
  type MetricsResult,
  type PredictionsText,
} from '$lib/evaluation/compute-metrics';
import { evaluateAny, type EvaluationOptions } from './evaluate-model';
import {
  Heartbeat,
  holdSessionLock,
  killAbandonedRuns,
  liveSessions,
  RunWatcher,
} from './sessions';
import { runsToCsv, searchRunsCsv, type RunsCsvSearch } from './runs-csv';
import { DatasetLibrary } from '$lib/data/library';
import { DexieRegistryStore, type RegistryStore } from '$lib/registry';
import { RestRegistryStore } from '$lib/registry/rest-registry';
import { DexieLedger } from '$lib/sync/dexie-ledger';
import type { Ledger } from '$lib/sync/ledger';
import type { CredentialsProvider } from '$lib/tracking/rest/http';
import { RestStore } from '$lib/tracking/rest/rest-store';
import {
  MlflowClient,
  TAGS,
  withReserve,
  type RunSummaryReads,
  type TrackingStore,
} from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { StorageReserve } from '$lib/tracking/dexie/reserve';
import { storageAdmin, type StorageAdmin } from './storage';
import { RunLeases } from '$lib/tracking/dexie/leases';
import { TrainingClient } from '$lib/training/client';
import type { BackendChoice } from '$lib/training/config';
import { defaultPoolSize } from '$lib/workers/pool';
import { tuningApi, type TuningApi } from './tuning-api';

export interface App {
  store: TrackingStore;
  /** The reads the screens make beyond TrackingStore; the Dexie store answers them itself. */
  reads: RunSummaryReads;
  client: MlflowClient;
  /** The model registry, in the same IndexedDB database as the runs. */
  registry: DexieRegistryStore;
  datasets: DatasetLibrary;
  data: DataClient;
  training: TrainingClient;
  /** The evaluation worker's client: evaluate() off the page's thread. */
  evaluation: EvaluationClient;
  /** The sampling worker's client: a study's GP steps off the page's thread (tuning/off-page). */
  sampling: SamplingClient;
  /**
   * mlflow.evaluate: a model URI (or a run's model), a run's saved predictions or a predictions
   * file, evaluated as a new run (evaluate-model.ts).
   */
  evaluate(options: EvaluationOptions): Promise<EvaluationResult>;
  /** The metrics of a predictions file (text, or { name, text }), logging no run (compute-metrics.ts). */
  computeMetrics(predictions: PredictionsText, options?: MetricsOptions): MetricsResult;
  /** Space held back so a run can still be closed on a full disk (reserve.ts). */
  reserve: StorageReserve;
  /** Settings → Storage: usage per experiment, and deleting one for good (storage.ts). */
  storage: StorageAdmin;
  /** This tab's id, tagged on the runs it trains (see sessions.ts). */
  session: string;
  /** Liveness leases of training runs; `heartbeat` renews this tab's (sessions.ts). */
  leases: RunLeases;
  heartbeat: Heartbeat;
  /** Runs (a searchRuns page's items) as spreadsheet-safe CSV, search_runs' columns (runs-csv.ts). */
  runsToCsv: typeof runsToCsv;
  /** Every run a search matches, all pages, as that CSV. */
  searchRunsCsv(search: RunsCsvSearch): Promise<{ csv: string; count: number }>;
  /** Optuna's API over this store: studies as parent runs, trials nested (tuning-api.ts). */
  tuning: TuningApi;
  /** What each sync to a server has sent (the syncLedger table of this store). */
  syncLedger: Ledger;
  /** An MLflow server as a tracking store and a registry (REST), for sync and pulls. */
  remote(options: RemoteOptions): { tracking: TrackingStore; registry: RegistryStore };
}

export interface RemoteOptions {
  baseUrl: string;
  credentials?: CredentialsProvider;
  fetch?: typeof fetch;
}

export interface AppOptions {
  databaseName?: string;
  user?: () => string | undefined;
  backend?: BackendChoice;
}

/** The WASM binaries, served by the app itself so training works offline. */
export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

export function createApp(options: AppOptions = {}): App {
  const name = options.databaseName ?? 'tracklab';
  const session = crypto.randomUUID();
  const store = new DexieStore({ name });
  const reserve = new StorageReserve(`${name}-reserve`);
  const client = new MlflowClient(store, { user: options.user, reserve });
  const registry = new DexieRegistryStore({ db: store.db, user: options.user });
  const datasetsName = `${name}-datasets`;
  const datasets = new DatasetLibrary(datasetsName);
  const data = new DataClient(
    () => new Worker(new URL('../data/worker.ts', import.meta.url), { type: 'module' }),
    datasetsName,
  );
  const training = new TrainingClient(
    () => new Worker(new URL('../training/worker.ts', import.meta.url), { type: 'module' }),
    WASM_PATHS,
    options.backend ?? 'auto',
    defaultPoolSize(),
  );
  const evaluation = new EvaluationClient(
    () => new Worker(new URL('../evaluation/worker.ts', import.meta.url), { type: 'module' }),
    name,
    options.user,
    session,
    // A worker that dies mid-evaluation leaves its run RUNNING: closed here, FAILED, with why —
    // unless it was closed already (by the worker's last write, or another tab), and with the
    // reserve on a full disk, as every end record.
    async (runId, reason) => {
      const run = await client.getRun(runId);
      if (run.info.status !== 'RUNNING') return;
      await withReserve(client.reserve, async () => {
        await client.setTag(runId, TAGS.error, reason);
        await client.setTerminated(runId, 'FAILED');
      });
    },
  );
  const sampling = new SamplingClient(
    () => new Worker(new URL('../tuning/off-page/worker.ts', import.meta.url), { type: 'module' }),
  );
  const leases = new RunLeases(store.db);
  const evaluationDeps = {
    client,
    registry,
    predictor: training,
    datasets,
    data,
    evaluator: evaluation,
  };
  const app: App = {
    store,
    reads: store,
    client,
    registry,
    datasets,
    data,
    training,
    evaluation,
    sampling,
    evaluate: (evaluationOptions) => evaluateAny(evaluationDeps, evaluationOptions),
    computeMetrics,
    reserve,
    storage: storageAdmin(store, reserve),
    session,
    leases,
    heartbeat: new Heartbeat(leases, session),
    runsToCsv,
    searchRunsCsv: (search) => searchRunsCsv(client, search),
    get tuning() {
      return (tuning ??= tuningApi(app));
    },
    syncLedger: new DexieLedger(store.db),
    remote: (remote) => ({
      tracking: new RestStore(remote),
      registry: new RestRegistryStore(remote),
    }),
  };
  let tuning: TuningApi | undefined;
  return app;
}

declare global {
  // The tracking API is reachable from the browser console as `tracklab.client`, so a person can
  // script searchRuns and logging the way they would with Python's MlflowClient.
  var tracklab: App | undefined;
}

export function exposeToConsole(app: App): void {
  globalThis.tracklab = app;
}

/**
 * Start-up work once the page is open: hold this tab's session lock, watch the leased training
 * runs for as long as the tab lives (telling `onNotResponding` which look stalled), end the
 * unleased ones that closed tabs left RUNNING (sessions.ts) — spending the storage reserve if the
 * disk is full — and set the reserve aside again when there is room.
 */
const CLOSE_ABANDONED_LOCK = 'tracklab-close-abandoned';

/** Runs `work` holding the Web Lock `name` (exclusive across tabs), or plainly where there are none. */
async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return work();
  return locks.request(name, work) as Promise<T>;
}

export async function startApp(
  app: App,
  onNotResponding?: (runIds: ReadonlySet<string>) => void,
): Promise<RunWatcher> {
  holdSessionLock(app.session);
  const { client, registry, leases, session } = app;
  // Watching starts first: the scan below can wait on a store another (hung) tab holds.
  const watcher = new RunWatcher({ client, registry, leases, session }, onNotResponding);
  watcher.start();
  const leased = async (runId: string) => !!(await leases.get(runId));
  try {
    // Two tabs opened together would both close (and register) the same runs: one scan at a time.
    // The scan reads the live sessions once it holds the lock, so it sees the other tab's.
    await withLock(CLOSE_ABANDONED_LOCK, async () =>
      killAbandonedRuns({ client, registry, leased }, await liveSessions()),
    );
  } finally {
    await app.reserve.ensure();
  }
  return watcher;
}
