/**
 * Response decoding for the registry's REST API. MLflow omits empty fields (a model with no
 * description, a version with no tags or aliases), so these rebuild the full shapes of
 * entities.ts, keeping only their fields: a model read over REST deep-equals one read locally.
 */
import { keyValues, type Wire } from '../tracking/rest/wire';
import type {
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  RegisteredModel,
} from './entities';

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const int = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0;

export function modelVersion(w: Wire<ModelVersion>): ModelVersion {
  return {
    name: str(w.name),
    version: str(w.version),
    creation_timestamp: int(w.creation_timestamp),
    last_updated_timestamp: int(w.last_updated_timestamp),
    user_id: str(w.user_id),
    current_stage: (str(w.current_stage) || 'None') as ModelVersionStage,
    description: str(w.description),
    source: str(w.source),
    run_id: str(w.run_id),
    status: (str(w.status) || 'READY') as ModelVersionStatus,
    status_message: str(w.status_message),
    tags: keyValues(w.tags),
    run_link: str(w.run_link),
    aliases: Array.isArray(w.aliases) ? w.aliases.map(str) : [],
  };
}

export function registeredModel(w: Wire<RegisteredModel>): RegisteredModel {
  return {
    name: str(w.name),
    creation_timestamp: int(w.creation_timestamp),
    last_updated_timestamp: int(w.last_updated_timestamp),
    user_id: str(w.user_id),
    description: str(w.description),
    latest_versions: (w.latest_versions ?? []).map(modelVersion),
    tags: keyValues(w.tags),
    aliases: (w.aliases ?? []).map((a) => ({ alias: str(a.alias), version: str(a.version) })),
  };
}
