/**
 * Test fixtures (unit and interop tests only): a bundled dataset read from static/datasets with
 * the data choices and the dataset record the Data screen would produce for it.
 */
import { readFileSync } from 'node:fs';
import { profileTable } from '$lib/data/columns';
import { parseTable } from '$lib/data/csv';
import type { DatasetRecord } from '$lib/data/library';
import type { DataChoice } from '$lib/data/prepare';

export function bundledFixture(file: string, target: string, task: DataChoice['task'], seed = 1) {
  const text = readFileSync(`static/datasets/${file}`, 'utf8');
  const table = parseTable(text);
  const profiles = profileTable(table);
  const choice: DataChoice = {
    target,
    task,
    features: profiles.map((p) => ({ name: p.name, kind: p.kind })),
    impute: 'median',
    standardize: true,
    maxLevels: 20,
    minCount: 1,
    split: { validation: 0.2, test: 0.2, seed },
  };
  const dataset: DatasetRecord = {
    sha256: 'f'.repeat(64),
    digest: 'f'.repeat(16),
    name: file.replace(/\.csv$/, ''),
    source: `datasets/${file}`,
    sourceType: 'bundled',
    size: text.length,
    rows: table.rows.length,
    columns: table.columns,
    delimiter: table.delimiter,
    profiles,
    created: 0,
    chunks: 1,
  };
  return { table, profiles, choice, dataset };
}
