export { parseFilter, clausesOf, type Clause, type FilterExpr, type EntityType } from './parser';
export { parseOrderBy, type OrderKey } from './order-by';
export {
  compileFilter,
  compareRuns,
  sortRuns,
  type KeyValues,
  type SearchableRun,
} from './evaluate';
export { paginate, pageRange, encodePageToken, decodePageToken } from './page-token';
export { filterExperiments, sortExperiments } from './experiments';
export { SearchSyntaxError } from './errors';
