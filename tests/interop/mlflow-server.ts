/** The interop fixture's real `mlflow server`; the implementation is shared with bench/. */
export { startMlflowServer } from '../../scripts/mlflow-server.js';
export type { MlflowServer, MlflowServerOptions } from '../../scripts/mlflow-server.js';
