import { describe, expect, it } from 'vitest';
import { isMlflowError } from '../tracking/errors';
import { compareBy, parseRegistryOrderBy } from './order-by';
import { filterRegistry, parseRegistryFilter } from './search';

function message(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return isMlflowError(e) ? `${e.error_code}: ${e.message}` : String(e);
  }
}

describe('registry search grammar', () => {
  it('parses model and version clauses', () => {
    expect(parseRegistryFilter('name = \'a\' AND tags.`k.x` LIKE "v%"', 'models')).toEqual([
      { type: 'attribute', key: 'name', comparator: '=', value: 'a' },
      { type: 'tag', key: 'k.x', comparator: 'LIKE', value: 'v%' },
    ]);
    expect(
      parseRegistryFilter("version_number >= '2' and run_id in ('a', 'b')", 'versions'),
    ).toEqual([
      { type: 'attribute', key: 'version_number', comparator: '>=', value: 2 },
      { type: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'] },
    ]);
    expect(parseRegistryFilter('  ', 'models')).toEqual([]);
  });

  it("gives MLflow's messages for what MLflow refuses", () => {
    expect(message(() => parseRegistryFilter('creation_timestamp > 1', 'models'))).toBe(
      "INVALID_PARAMETER_VALUE: Invalid attribute key 'creation_timestamp' specified. Valid keys are '{'name'}'",
    );
    expect(message(() => parseRegistryFilter("name > 'a'", 'models'))).toBe(
      'INVALID_PARAMETER_VALUE: Invalid comparator for attribute: >',
    );
    expect(message(() => parseRegistryFilter('version_number = 2.0', 'versions'))).toBe(
      "INVALID_PARAMETER_VALUE: Invalid value for numeric attribute 'version_number': 2.0",
    );
    expect(message(() => parseRegistryFilter("source_path IN ('x')", 'versions'))).toBe(
      "INVALID_PARAMETER_VALUE: Only ['name', 'run_id'] attributes support comparison with a list of quoted string values.",
    );
    expect(message(() => parseRegistryFilter('tags.t IS NULL', 'models'))).toMatch(
      /^INVALID_PARAMETER_VALUE/,
    );
    expect(message(() => parseRegistryFilter("name = 'a' AND", 'models'))).toMatch(
      /^INVALID_PARAMETER_VALUE/,
    );
    expect(message(() => parseRegistryOrderBy(['name', 'name DESC'], 'models'))).toBe(
      "INTERNAL_ERROR: `order_by` contains duplicate fields: ['name', 'name DESC']",
    );
    expect(message(() => parseRegistryOrderBy(['`name`'], 'models'))).toMatch(
      /Invalid order by key '`name`'/,
    );
  });

  it('orders with tie-breakers: models by name, versions by name then version DESC', () => {
    expect(parseRegistryOrderBy(['timestamp DESC'], 'models')).toEqual([
      { field: 'last_updated_timestamp', ascending: false },
      { field: 'name', ascending: true },
    ]);
    expect(parseRegistryOrderBy(undefined, 'versions')).toEqual([
      { field: 'last_updated_timestamp', ascending: false },
      { field: 'name', ascending: true },
      { field: 'version', ascending: false },
    ]);
    expect(parseRegistryOrderBy(['`version_number` ASC'], 'versions')[0]).toEqual({
      field: 'version',
      ascending: true,
    });
    const rows = [
      { name: 'b', version: 1 },
      { name: 'a', version: 1 },
      { name: 'a', version: 2 },
    ];
    expect(rows.sort(compareBy(parseRegistryOrderBy(['name'], 'versions')))).toEqual([
      { name: 'a', version: 2 },
      { name: 'a', version: 1 },
      { name: 'b', version: 1 },
    ]);
  });

  it('a clause on a missing tag is false, even !=', () => {
    const items = [
      { name: 'a', tags: [{ key: 't', value: 'x' }] },
      { name: 'b', tags: [] },
    ];
    expect(filterRegistry(items, parseRegistryFilter("tags.t != 'y'", 'models'))).toEqual([
      items[0],
    ]);
  });
});
