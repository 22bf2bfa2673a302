/** search_registered_models and search_model_versions over IndexedDB, a page at a time. */
import { invalid } from '../../tracking/errors';
import type { ModelVersionRow } from '../../tracking/dexie/schema';
import { paginate } from '../../tracking/search/page-token';
import type { ModelVersion, PagedList, RegisteredModel } from '../entities';
import { compareBy, parseRegistryOrderBy } from '../order-by';
import {
  filterRegistry,
  parseRegistryFilter,
  type RegistryEntity,
  type Searchable,
} from '../search';
import type { SearchModelVersionsRequest, SearchRegisteredModelsRequest } from '../store';
import { REGISTRY_LIMITS } from '../validation';
import { toModelVersion, toRegisteredModel } from './rows';
import type { RegistryTables } from './tables';

/** The SQL store's max_results checks (search_model_versions' messages, for both searches). */
function checkSearchMax(maxResults: number, limit: number): void {
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw invalid(
      `Invalid value for max_results. It must be a positive integer, but got ${maxResults}`,
    );
  }
  if (maxResults > limit) {
    throw invalid(
      `Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${maxResults}`,
    );
  }
}

/** The request's page size (checked), filter clauses and order, for models or versions. */
function readRequest(
  request: SearchRegisteredModelsRequest | SearchModelVersionsRequest,
  entity: RegistryEntity,
) {
  const limits =
    entity === 'models'
      ? [REGISTRY_LIMITS.searchModelsDefault, REGISTRY_LIMITS.searchModelsMax]
      : [REGISTRY_LIMITS.searchVersionsDefault, REGISTRY_LIMITS.searchVersionsMax];
  const maxResults = request.maxResults ?? limits[0];
  checkSearchMax(maxResults, limits[1]);
  return {
    maxResults,
    clauses: parseRegistryFilter(request.filterString, entity),
    order: parseRegistryOrderBy(request.orderBy, entity),
  };
}

export async function searchModels(
  t: RegistryTables,
  request: SearchRegisteredModelsRequest,
): Promise<PagedList<RegisteredModel>> {
  const { maxResults, clauses, order } = readRequest(request, 'models');
  const { registeredModels, modelVersions } = t.db;
  return t.tx('r', t.both, async () => {
    const rows = filterRegistry(await registeredModels.toArray(), clauses);
    rows.sort(compareBy(order));
    const page = paginate(rows, request.pageToken, maxResults);
    const versions = await modelVersions
      .where('name')
      .anyOf(page.items.map((r) => r.name))
      .toArray();
    const items = page.items.map((row) =>
      toRegisteredModel(
        row,
        versions.filter((v) => v.name === row.name),
        'stage-name',
      ),
    );
    return { items, next_page_token: page.next_page_token };
  });
}

export async function searchVersions(
  t: RegistryTables,
  request: SearchModelVersionsRequest,
): Promise<PagedList<ModelVersion>> {
  const { maxResults, clauses, order } = readRequest(request, 'versions');
  const rows = await t.tx('r', [t.db.modelVersions], () => t.db.modelVersions.toArray());
  const found = filterRegistry<ModelVersionRow & Searchable>(rows, clauses);
  found.sort(compareBy(order));
  const page = paginate(found, request.pageToken, maxResults);
  // As in MLflow, versions found by search carry no aliases.
  return {
    items: page.items.map((r) => toModelVersion(r)),
    next_page_token: page.next_page_token,
  };
}
