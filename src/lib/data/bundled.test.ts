/** The bundled datasets in static/datasets read cleanly and profile as their licence file says. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTarget, inferTask, profileTable } from './columns';
import { decodeUtf8, parseTable } from './csv';

const load = (name: string) =>
  parseTable(
    decodeUtf8(readFileSync(new URL(`../../../static/datasets/${name}.csv`, import.meta.url))),
  );

describe('bundled datasets', () => {
  it.each([
    ['iris', 150, 'species', 'multiclass'],
    ['breast-cancer', 569, 'diagnosis', 'binary'],
    ['penguins', 344, 'species', 'multiclass'],
    ['auto-mpg', 406, 'mpg', 'regression'],
  ] as const)('%s: %i rows, target %s (%s)', (name, rows, target, task) => {
    const table = load(name);
    expect(table.rows.length).toBe(rows);
    // Plain comma files with a header: nothing for the reader to say.
    expect(table.notes).toEqual([]);
    expect(table.read).toMatchObject({ skip: 0, header: true, delimiter: ',', quoteChar: '"' });
    const profiles = profileTable(table);
    const t = profiles.find((p) => p.name === target)!;
    expect(() => checkTarget(t, rows)).not.toThrow();
    expect(inferTask(t)).toBe(task);
  });

  it('penguins keeps its missing values and categoricals', () => {
    const profiles = profileTable(load('penguins'));
    const by = Object.fromEntries(profiles.map((p) => [p.name, p]));
    expect(by.island.kind).toBe('categorical');
    expect(by.sex.kind).toBe('categorical');
    expect(by.sex.missing).toBe(10);
    expect(by.bill_length_mm).toMatchObject({ kind: 'numeric', missing: 2 });
    expect(by.species.distinct).toBe(3);
  });

  it('auto-mpg has dates, categories and missing targets', () => {
    const by = Object.fromEntries(profileTable(load('auto-mpg')).map((p) => [p.name, p]));
    expect(by.model_year.kind).toBe('date');
    expect(by.origin.top.map((t) => t.value).sort()).toEqual(['Europe', 'Japan', 'USA']);
    expect(by.mpg.missing).toBe(8);
  });
});
