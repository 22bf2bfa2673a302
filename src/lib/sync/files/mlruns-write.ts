/**
 * Export as an MLflow `mlruns/` tree in a zip (MLflow's FileStore layout, reference/mlflow.md §9.2),
 * which MLflow's own server opens:
 *
 *   unzip tracklab-mlruns.zip && cd tracklab-mlruns
 *   MLFLOW_ALLOW_FILE_STORE=true mlflow server --backend-store-uri ./mlruns
 *
 * or converts: `mlflow migrate-filestore --source ./mlruns --target sqlite:///mlflow.db`.
 *
 * Run and experiment ids are kept (the browser's experiment ids are integers, as migrate-filestore
 * needs; run ids are 32 hex characters, as MLflow's). Artifacts go to `mlartifacts/<exp>/<run>/
 * artifacts/`, and runs point at them as `mlflow-artifacts:/<exp>/<run>/artifacts`: the server's
 * artifact proxy serves that folder by default (`--artifacts-destination ./mlartifacts`), so the
 * links work wherever the zip is unpacked, for the UI and for MLflow's Python client, and still
 * after a migrate-filestore (which copies no artifacts). Model versions' sources pointing into a
 * run's artifacts are rewritten the same way; `runs:/<id>/…` sources stay as they are.
 */
import { stringify } from 'yaml';
import type { Experiment, Run } from '$lib/tracking/entities';
import type { TrackingStore } from '$lib/tracking/store';
import type { ModelVersion } from '$lib/registry/entities';
import {
  abortIfStopped,
  artifactPaths,
  histories,
  beginExport,
  selectRegistry,
  valueText,
  type ExportOptions,
  type ExportReport,
} from './export-source';
import { md5Hex } from './md5';
import { ZipWriter } from './zip';

/** At the zip's root beside mlruns/: where the tree came from (a later import knows it). */
export const MLRUNS_MANIFEST = 'tracklab-export.json';

/** MLflow's RunStatus enum as the FileStore writes it. */
const STATUS = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 } as const;

const yaml = (value: object) => stringify(value, { lineWidth: 0 });

export async function exportMlruns(
  store: TrackingStore,
  options: ExportOptions,
  sink: (chunk: Uint8Array<ArrayBuffer>) => void,
): Promise<ExportReport> {
  const zip = new ZipWriter(sink);
  const { experiments, runs, report } = await beginExport(store, options);
  const notes = report.notes;
  zip.add(
    MLRUNS_MANIFEST,
    JSON.stringify({
      format: 'tracklab-mlruns',
      version: 1,
      created: Date.now(),
      sourceStore: options.sourceStore,
    }),
  );
  zip.add('README.txt', readme());
  for (const e of experiments) writeExperiment(zip, e);
  const roots = new Map<string, string>();
  /** Dataset folders written (runs share datasets: one folder each per experiment). */
  const datasets = new Set<string>();
  let done = 0;
  for (const run of runs) {
    abortIfStopped(options.signal);
    const exp = run.info.experiment_id;
    const id = run.info.run_id;
    const dir = `mlruns/${exp}/${id}`;
    const artifactUri = `mlflow-artifacts:/${exp}/${id}/artifacts`;
    roots.set(id, artifactUri);
    zip.add(`${dir}/meta.yaml`, yaml(runMeta(run, artifactUri)));
    // The FileStore only finds a run whose folder has metrics/, params/ and artifacts/ folders
    // (file_store.py _is_valid_run_directory), even empty ones: zip them as folder entries.
    for (const sub of ['metrics', 'params', 'tags', 'artifacts'])
      zip.add(`${dir}/${sub}/`, new Uint8Array(0), { store: true });
    for (const p of run.data.params) zip.add(`${dir}/params/${p.key}`, p.value);
    for (const t of run.data.tags) zip.add(`${dir}/tags/${t.key}`, t.value);
    for (const [key, points] of await histories(store, run)) {
      zip.add(
        `${dir}/metrics/${key}`,
        points.map((p) => `${p.timestamp} ${valueText(p.value)} ${p.step}\n`).join(''),
      );
      report.points += points.length;
    }
    for (const input of run.inputs.dataset_inputs) {
      const datasetId = md5Hex(input.dataset.name + input.dataset.digest);
      const datasetMeta = `mlruns/${exp}/datasets/${datasetId}/meta.yaml`;
      if (!datasets.has(datasetMeta)) {
        datasets.add(datasetMeta);
        zip.add(datasetMeta, yaml({ ...input.dataset }));
      }
      zip.add(
        `${dir}/inputs/${md5Hex(datasetId + id)}/meta.yaml`,
        yaml({
          destination_id: id,
          destination_type: 'RUN',
          source_id: datasetId,
          source_type: 'DATASET',
          tags: Object.fromEntries((input.tags ?? []).map((t) => [t.key, t.value])),
        }),
      );
    }
    for (const path of await artifactPaths(store, id)) {
      zip.add(`mlartifacts/${exp}/${id}/artifacts/${path}`, await store.downloadArtifact(id, path));
      report.artifacts++;
    }
    options.onProgress?.({ runsDone: ++done, runsTotal: runs.length, bytes: zip.written });
  }
  const registry = await selectRegistry(options.registry, new Set(roots.keys()), notes);
  // The FileStore keeps a model in a folder of its name: a name with a path separator cannot be one.
  const unnamable = registry.models.filter((m) => /[/\\%]/.test(m.name)).map((m) => m.name);
  for (const name of unnamable)
    notes.push(
      `Model "${name}" is left out: MLflow's file store cannot hold a name with / \\ or %.`,
    );
  registry.models = registry.models.filter((m) => !unnamable.includes(m.name));
  registry.versions = registry.versions.filter((v) => !unnamable.includes(v.name));
  for (const model of registry.models) {
    const dir = `mlruns/models/${model.name}`;
    zip.add(
      `${dir}/meta.yaml`,
      yaml({
        creation_timestamp: model.creation_timestamp,
        description: model.description ?? '',
        last_updated_timestamp: model.last_updated_timestamp,
        name: model.name,
      }),
    );
    for (const t of model.tags) zip.add(`${dir}/tags/${t.key}`, t.value);
    for (const a of model.aliases) zip.add(`${dir}/aliases/${a.alias}`, a.version);
  }
  for (const v of registry.versions) {
    const run = runs.find((r) => r.info.run_id === v.run_id)!;
    const dir = `mlruns/models/${v.name}/version-${v.version}`;
    zip.add(`${dir}/meta.yaml`, yaml(versionMeta(v, run, roots.get(v.run_id)!)));
    for (const t of v.tags) zip.add(`${dir}/tags/${t.key}`, t.value);
  }
  report.models = registry.models.length;
  report.versions = registry.versions.length;
  await zip.end();
  report.bytes = zip.written;
  return report;
}

function writeExperiment(zip: ZipWriter, e: Experiment): void {
  zip.add(
    `mlruns/${e.experiment_id}/meta.yaml`,
    yaml({
      artifact_location: `mlflow-artifacts:/${e.experiment_id}`,
      creation_time: e.creation_time,
      experiment_id: e.experiment_id,
      last_update_time: e.last_update_time,
      lifecycle_stage: 'active',
      name: e.name,
    }),
  );
  for (const t of e.tags) zip.add(`mlruns/${e.experiment_id}/tags/${t.key}`, t.value);
}

function runMeta(run: Run, artifactUri: string) {
  const i = run.info;
  return {
    artifact_uri: artifactUri,
    end_time: i.end_time ?? null,
    entry_point_name: '',
    experiment_id: i.experiment_id,
    lifecycle_stage: 'active',
    run_id: i.run_id,
    run_name: i.run_name,
    run_uuid: i.run_id,
    source_name: '',
    source_type: 4,
    source_version: '',
    start_time: i.start_time,
    status: STATUS[i.status] ?? STATUS.RUNNING,
    tags: [],
    user_id: i.user_id ?? '',
  };
}

function versionMeta(v: ModelVersion, run: Run, root: string) {
  const local = run.info.artifact_uri.replace(/\/$/, '');
  const source =
    v.source === local || v.source.startsWith(`${local}/`)
      ? root + v.source.slice(local.length)
      : v.source;
  return {
    creation_timestamp: v.creation_timestamp,
    current_stage: v.current_stage,
    description: v.description ?? '',
    last_updated_timestamp: v.last_updated_timestamp,
    name: v.name,
    run_id: v.run_id,
    run_link: v.run_link || null,
    source,
    status: v.status || 'READY',
    status_message: v.status_message || null,
    storage_location: source,
    user_id: v.user_id || null,
    version: Number(v.version),
  };
}

function readme(): string {
  return `This zip holds runs exported from Tracklab as an MLflow tracking folder (mlruns/, with
their artifacts in mlartifacts/ and the model registry in mlruns/models/).

Open it with MLflow (3.13 and later need the environment variable; earlier ones do not):

  cd <this folder>
  MLFLOW_ALLOW_FILE_STORE=true mlflow server --backend-store-uri ./mlruns

then browse http://127.0.0.1:5000, or point MLflow's Python client at that address.

Or convert it into a SQLite store MLflow supports for the long run (MLflow 3.10 and later):

  mlflow migrate-filestore --source ./mlruns --target sqlite:///mlflow.db
  mlflow server --backend-store-uri sqlite:///mlflow.db

Run from this folder, both serve the artifacts in ./mlartifacts through the server.
`;
}
