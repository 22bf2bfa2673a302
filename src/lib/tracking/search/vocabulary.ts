/**
 * The words of MLflow's search grammar: entity prefixes and their aliases, run attributes, and
 * which comparators each kind of value takes (mlflow/utils/search_utils.py, SearchUtils).
 */
export type EntityType = 'metric' | 'parameter' | 'tag' | 'attribute' | 'dataset';
export type Comparator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN'
  | 'IS NULL'
  | 'IS NOT NULL';

export interface Clause {
  kind: 'clause';
  type: EntityType;
  key: string;
  comparator: Comparator;
  /** number for metrics, numeric attributes and numeric param comparisons; string[] for IN. */
  value: number | string | string[] | null;
  start: number;
  end: number;
}

export type FilterExpr = Clause | { kind: 'and' | 'or'; items: FilterExpr[] };

export const ENTITY_ALIASES: Record<string, EntityType> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'parameter',
  parameters: 'parameter',
  param: 'parameter',
  params: 'parameter',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};
export const ENTITY_NAMES = "['metric', 'parameter', 'tag', 'attribute', 'dataset']";

export const STRING_ATTRIBUTES = new Set([
  'run_id',
  'run_name',
  'user_id',
  'status',
  'artifact_uri',
]);
export const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time', 'created', 'Created']);
const ATTRIBUTE_ALIASES: Record<string, string> = {
  created: 'start_time',
  Created: 'start_time',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
};
export const SEARCHABLE_ATTRIBUTES = new Set([
  ...STRING_ATTRIBUTES,
  ...NUMERIC_ATTRIBUTES,
  ...Object.keys(ATTRIBUTE_ALIASES),
]);
export const ORDERABLE_ATTRIBUTES = new Set([...STRING_ATTRIBUTES, ...NUMERIC_ATTRIBUTES]);
export const DATASET_KEYS = new Set(['name', 'digest', 'context']);

export const STRING_COMPARATORS = new Set(['=', '!=', 'LIKE', 'ILIKE']);
export const NUMERIC_COMPARATORS = new Set(['=', '!=', '<', '<=', '>', '>=']);

export function translateAttribute(key: string): string {
  return ATTRIBUTE_ALIASES[key] ?? key;
}
