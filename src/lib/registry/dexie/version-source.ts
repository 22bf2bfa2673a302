/**
 * Where a new model version's files may come from, as MLflow 3.17's SQL store decides it: a
 * models:/ source resolves to the version it names (_resolve_registered_model_source_lineage),
 * and any other source must sit inside the artifacts of the run it claims (_validate_source_run).
 */
import { MlflowError, invalid } from '../../tracking/errors';
import type { RunRow } from '../../tracking/dexie/schema';
import { TAGS } from '../../tracking/tags';
import {
  RUN_ARTIFACT_SCHEMES,
  canonicalStage,
  checkSourcePath,
  invalidSource,
  isLocalSource,
  localSourceError,
  parseModelUri,
  parseUri,
  runIdOfRunsUri,
} from '../validation';
import { latestVersions } from './rows';
import type { RegistryTables } from './tables';

/** _is_uri_within_root: same scheme and authority, and the root's path segments as a prefix. */
function withinRoot(source: string, root: string): boolean {
  const parts = (uri: string) => {
    const p = parseUri(uri);
    const segments = p.path
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
    return { scheme: p.scheme, netloc: p.netloc.toLowerCase(), segments };
  };
  const s = parts(source);
  const r = parts(root);
  return (
    s.scheme === r.scheme &&
    s.netloc === r.netloc &&
    r.segments.length > 0 &&
    r.segments.every((seg, i) => s.segments[i] === seg)
  );
}

/**
 * A models:/<name>/<version|stage|latest> or models:/<name>@<alias> source names another
 * version: it is stored as models:/<name>/<version>, inherits that version's run_id and
 * points at the same files (_resolve_registered_model_source_lineage).
 */
export async function resolveSource(
  t: RegistryTables,
  source: string,
  runId: string | undefined,
): Promise<{ source: string; runId: string; storageLocation: string }> {
  const uri = parseUri(source);
  if (uri.scheme !== 'models') return { source, runId: runId ?? '', storageLocation: source };
  if (uri.netloc) {
    throw invalid(
      `Invalid model version source: '${source}'. Registered model sources must use the active model registry.`,
    );
  }
  const parsed = parseModelUri(source);
  if (!parsed || parsed.kind === 'id') throw invalidSource(source, 'model_id');
  const model = await t.modelRow(parsed.name);
  if (model.tags.some((t) => t.key === TAGS.isPrompt && t.value.toLowerCase() === 'true')) {
    throw invalid(
      `Invalid model version source: '${source}'. Prompt versions cannot be used as model version sources.`,
    );
  }
  let version: number;
  if (parsed.kind === 'version') version = Number(parsed.version);
  else if (parsed.kind === 'alias') {
    const alias = model.aliases.find((a) => a.alias === parsed.alias);
    if (!alias) throw invalid(`Registered model alias ${parsed.alias} not found.`);
    version = alias.version;
  } else {
    const stage = parsed.kind === 'stage' ? canonicalStage(parsed.stage) : undefined;
    const latest = latestVersions(await t.versionsOf(parsed.name), 'first-seen').filter(
      (v) => !stage || v.current_stage === stage,
    );
    if (!latest.length) {
      const which = parsed.kind === 'stage' ? ` and stage '${parsed.stage}'` : '';
      throw new MlflowError(
        'INTERNAL_ERROR',
        `No versions of model with name '${parsed.name}'${which} found`,
      );
    }
    version = Math.max(...latest.map((v) => v.version));
  }
  const referenced = await t.versionRow(parsed.name, version);
  if (runId !== undefined && runId !== referenced.run_id) {
    throw invalid(
      `Invalid model version source: '${source}'. The run_id and model_id request parameters must match the referenced model version.`,
    );
  }
  return {
    source: `models:/${parsed.name}/${referenced.version}`,
    runId: runId ?? referenced.run_id,
    storageLocation: referenced.storage_location || referenced.source,
  };
}

/** _validate_source_run: where a source may point, given the run it says it came from. */
export async function checkSourceRun(
  t: RegistryTables,
  source: string,
  runId: string,
): Promise<void> {
  const run = async (): Promise<RunRow> => {
    const row = runId ? await t.db.runs.get(runId) : undefined;
    if (!row) throw invalidSource(source, 'run_id');
    return row;
  };
  if (isLocalSource(source)) {
    // Tracklab keeps artifacts in IndexedDB, so a local path is inside a run only when that
    // run's experiment was given a file: artifact location.
    if (runId) {
      const root = (await run()).artifact_uri;
      const asFile = (uri: string) => (parseUri(uri).scheme ? uri : `file://${uri}`);
      if (isLocalSource(root) && withinRoot(asFile(source), asFile(root))) return;
    }
    throw localSourceError(source);
  }
  checkSourcePath(source);
  const uri = parseUri(source);
  if (uri.scheme === 'runs') {
    if (!uri.netloc && runId && runIdOfRunsUri(source) === runId) return;
    throw invalidSource(source, 'run_id');
  }
  if (uri.scheme === 'models') {
    const parsed = parseModelUri(source);
    if (uri.netloc || parsed?.kind === 'id') throw invalidSource(source, 'model_id');
  }
  if (RUN_ARTIFACT_SCHEMES.has(uri.scheme)) {
    if (runId && withinRoot(source, (await run()).artifact_uri)) return;
    throw invalidSource(source, 'run_id');
  }
}
