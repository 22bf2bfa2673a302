import { describe, expect, it } from 'vitest';
import type { DatasetInput } from '$lib/tracking';
import {
  baseName,
  datasetRow,
  defaultChartKeys,
  downloadName,
  formatBytes,
  keyParts,
  orderMetricKeys,
  shownFileName,
  splitTags,
} from './run-details';

describe('file names with bidirectional controls', () => {
  it('shows each control as its code point, and drops them from the download name', () => {
    expect(shownFileName('evil\u202Egnp.exe')).toBe('evil⟨U+202E⟩gnp.exe');
    expect(shownFileName('a\u2066b\u2069\u200F')).toBe('a⟨U+2066⟩b⟨U+2069⟩⟨U+200F⟩');
    expect(shownFileName('plain.csv')).toBe('plain.csv');
    expect(downloadName('plots/evil\u202Egnp.exe')).toBe('evilgnp.exe');
  });
});

describe('formatBytes', () => {
  it('shows bytes, then KB, MB and GB with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(12_700)).toBe('12.4 KB');
    expect(formatBytes(150_000)).toBe('146 KB');
    expect(formatBytes(5_000)).toBe('4.9 KB');
    expect(formatBytes(3.1 * 1024 * 1024)).toBe('3.1 MB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GB');
    expect(formatBytes(undefined)).toBe('—');
  });
});

describe('splitTags', () => {
  it('keeps the run name, user and source up front and MLflow internals apart', () => {
    const tags = [
      { key: 'team', value: 'vision' },
      { key: 'mlflow.runName', value: 'r' },
      { key: 'mlflow.user', value: 'ada' },
      { key: 'mlflow.source.name', value: 'train.py' },
      { key: 'mlflow.log-model.history', value: '[]' },
      { key: 'mlflow.parentRunId', value: 'abc' },
      { key: 'mlflow.note.content', value: 'note' },
    ];
    const { user, system } = splitTags(tags);
    expect(user.map((t) => t.key)).toEqual([
      'mlflow.runName',
      'mlflow.source.name',
      'mlflow.user',
      'team',
    ]);
    expect(system.map((t) => t.key)).toEqual(['mlflow.log-model.history', 'mlflow.parentRunId']);
  });
});

describe('metric keys', () => {
  it('puts system/* metrics after the model metrics', () => {
    expect(orderMetricKeys(['system/cpu', 'val_loss', 'accuracy', 'loss'])).toEqual([
      'accuracy',
      'loss',
      'val_loss',
      'system/cpu',
    ]);
  });

  it('plots loss and val_loss by default, else the first model metric', () => {
    expect(defaultChartKeys(['accuracy', 'val_loss', 'loss'])).toEqual(['loss', 'val_loss']);
    expect(defaultChartKeys(['system/cpu', 'rmse'])).toEqual(['rmse']);
    expect(defaultChartKeys([])).toEqual([]);
  });
});

describe('datasetRow', () => {
  const input = (dataset: Partial<DatasetInput['dataset']>, tags = [] as DatasetInput['tags']) => ({
    tags,
    dataset: { name: 'iris', digest: 'abc123', source_type: 'http', source: '', ...dataset },
  });

  it('reads rows from the profile, columns from the schema and the context tag', () => {
    const row = datasetRow(
      input(
        {
          source: '{"url": "https://example.org/iris.csv"}',
          profile: '{"num_rows": 150, "num_elements": 750}',
          schema: JSON.stringify({
            mlflow_colspec: [
              { type: 'double', name: 'sepal_length', required: true },
              { type: 'string', name: 'species', required: false },
            ],
          }),
        },
        [{ key: 'mlflow.data.context', value: 'training' }],
      ),
    );
    expect(row).toMatchObject({
      name: 'iris',
      context: 'training',
      source: 'https://example.org/iris.csv',
      rows: 150,
    });
    expect(row.columns).toEqual([
      { name: 'sepal_length', type: 'double', required: true },
      { name: 'species', type: 'string', required: false },
    ]);
  });

  it('tolerates missing or malformed profile and schema', () => {
    const row = datasetRow(input({ source: 'local.csv', profile: '{oops', schema: '[1,2]' }));
    expect(row).toMatchObject({ source: 'local.csv', rows: undefined, columns: undefined });
    expect(datasetRow(input({})).columns).toBeUndefined();
    expect(datasetRow(input({ schema: '{"mlflow_colspec": [{"type": 3}]}' })).columns).toEqual([
      { name: 'column 1', type: '3', required: undefined },
    ]);
  });
});

describe('keyParts', () => {
  it('cuts after separators and keeps every character', () => {
    expect(keyParts('system/cpu_utilization_percentage')).toEqual([
      'system/',
      'cpu_',
      'utilization_',
      'percentage',
    ]);
    expect(keyParts('lr')).toEqual(['lr']);
    expect(keyParts('a.b-c').join('')).toBe('a.b-c');
  });
});

describe('baseName', () => {
  it('is the last segment', () => {
    expect(baseName('model/MLmodel')).toBe('MLmodel');
    expect(baseName('a.txt')).toBe('a.txt');
  });
});
