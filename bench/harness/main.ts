// Fallback page for the benchmarks when the app build does not expose `window.tracklab` (its
// layout calls exposeToConsole). It builds the same store and client as src/lib/app/create-app.ts.
import { MlflowClient } from '../../src/lib/tracking/index';
import { DexieStore } from '../../src/lib/tracking/dexie/dexie-store';

const store = new DexieStore({ name: 'tracklab' });
const client = new MlflowClient(store);
(globalThis as unknown as { tracklab: unknown }).tracklab = { store, client };
