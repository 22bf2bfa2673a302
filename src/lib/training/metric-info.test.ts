// The metric table is whole and agrees with the docs. That it covers what a real training logs is
// checked in app/training-metrics.test.ts, which trains and reads the run back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describedMetricKeys,
  metricInfo,
  TRAINING_METRICS,
  trainingMetricKeys,
  type MetricEntry,
} from './metric-info';

const TASKS = ['binary', 'multiclass', 'regression'] as const;

/** A row of the docs' table as its cells: key, tasks, when, scale, what it is. */
function docsCells(e: MetricEntry): string[] {
  const tasks = e.tasks.length === TASKS.length ? 'all' : e.tasks.join(', ');
  return [
    `\`${e.key}\``,
    tasks,
    e.logged === 'epoch' ? 'every epoch' : 'at the end',
    e.scale,
    e.description,
  ];
}

/** The rows of the table under "### Training metrics" in docs/api.md, as trimmed cells. */
function docsTable(): string[][] {
  const text = readFileSync('docs/api.md', 'utf8');
  const start = text.indexOf('### Training metrics');
  expect(start, 'docs/api.md has a "### Training metrics" section').toBeGreaterThan(-1);
  const lines = text.slice(start).split('\n').slice(1);
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  const rows = table.slice(
    0,
    table.findIndex((l) => !l.startsWith('|')),
  );
  return rows
    .slice(2) // header and its rule
    .map((l) =>
      l
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
}

describe('the training metric table', () => {
  it('says for every entry a name, a scale and how it is computed', () => {
    for (const e of TRAINING_METRICS) {
      expect(e.name.length, e.key).toBeGreaterThan(3);
      expect(e.scale.length, e.key).toBeGreaterThan(3);
      expect(e.description, e.key).toMatch(/\.$/);
    }
  });

  it('gives each key one meaning per task', () => {
    for (const task of TASKS) {
      const keys = trainingMetricKeys(task);
      expect(new Set(keys).size, task).toBe(keys.length);
    }
    expect(metricInfo('loss', 'regression')?.scale).toMatch(/^on the standardised target/);
    expect(metricInfo('loss', 'binary')?.scale).toMatch(/^in nats/);
    expect(metricInfo('val_rmse', 'regression')?.scale).toBe('in the target’s units');
    expect(metricInfo('val_rmse', 'binary')).toBeUndefined();
    expect(metricInfo('f1', 'binary')).toBeUndefined();
  });

  it('is the table docs/api.md shows, row for row', () => {
    expect(docsTable()).toEqual(TRAINING_METRICS.map(docsCells));
    expect(describedMetricKeys()).toContain('test_rmse_baseline');
  });
});
