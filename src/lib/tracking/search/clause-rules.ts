/** MLflow's per-type rules for comparators and value types, checked on each parsed clause. */
import { SearchSyntaxError } from './errors';
import {
  NUMERIC_ATTRIBUTES,
  NUMERIC_COMPARATORS,
  STRING_COMPARATORS,
  translateAttribute,
  type Clause,
} from './vocabulary';

/** MLflow's per-type rules for comparators and value types, with the clause quoted in the error. */
export function checkClause(c: Clause, src: string): void {
  const text = src.slice(c.start, c.end);
  const fail = (message: string): never => {
    throw new SearchSyntaxError(`${message} (in clause "${text}")`, c.start, c.end);
  };
  const isNull = c.comparator === 'IS NULL' || c.comparator === 'IS NOT NULL';
  const isList = c.comparator === 'IN' || c.comparator === 'NOT IN';
  switch (c.type) {
    case 'metric':
      if (!NUMERIC_COMPARATORS.has(c.comparator)) {
        fail(`Invalid comparator '${c.comparator}' for a metric: use one of =, !=, <, <=, >, >=`);
      }
      if (typeof c.value !== 'number') {
        fail(`Expected numeric value type for metric. Found '${c.value}'`);
      }
      return;
    case 'parameter':
    case 'tag':
      if (isNull) return;
      if (typeof c.value === 'number') {
        // Extension: `params.lr > 0.01` compares the param as a number (MLflow rejects it).
        if (c.type === 'parameter' && NUMERIC_COMPARATORS.has(c.comparator)) return;
        fail(
          `Expected a quoted string value for ${c.type} (e.g. 'my-value'). Got value ${c.value}`,
        );
      }
      if (!STRING_COMPARATORS.has(c.comparator)) {
        fail(
          `Invalid comparator '${c.comparator}' for a ${c.type}: use =, !=, LIKE, ILIKE, IS NULL or IS NOT NULL` +
            (c.type === 'parameter'
              ? ', or compare with an unquoted number (params.lr > 0.01)'
              : ''),
        );
      }
      return;
    case 'attribute': {
      const key = translateAttribute(c.key);
      if (NUMERIC_ATTRIBUTES.has(c.key) || key === 'start_time' || key === 'end_time') {
        if (!NUMERIC_COMPARATORS.has(c.comparator)) {
          fail(
            `Invalid comparator '${c.comparator}' for numeric attribute ${c.key}: use =, !=, <, <=, >, >=`,
          );
        }
        if (typeof c.value !== 'number') {
          fail(`Expected numeric value type for numeric attribute: ${c.key}. Found '${c.value}'`);
        }
        return;
      }
      if (isNull) fail('IS NULL / IS NOT NULL is only supported for tags and params');
      if (isList) {
        if (key !== 'run_id') {
          fail(
            "Only ['run_id'] attributes support comparison with a list of quoted string values.",
          );
        }
        return;
      }
      if (!STRING_COMPARATORS.has(c.comparator)) {
        fail(
          `Invalid comparator '${c.comparator}' for attribute ${c.key}: use =, !=, LIKE, ILIKE, IN or NOT IN`,
        );
      }
      if (typeof c.value !== 'string')
        fail(`Expected a quoted string value for attributes. Got value ${c.value}`);
      return;
    }
    case 'dataset':
      if (isNull) fail('IS NULL / IS NOT NULL is only supported for tags and params');
      if (!isList && !STRING_COMPARATORS.has(c.comparator)) {
        fail(
          `Invalid comparator '${c.comparator}' for a dataset: use =, !=, LIKE, ILIKE, IN or NOT IN`,
        );
      }
      if (!isList && typeof c.value !== 'string') {
        fail(`Expected a quoted string value for dataset attributes. Got value ${c.value}`);
      }
      return;
  }
}
