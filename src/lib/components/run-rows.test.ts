import { describe, expect, it } from 'vitest';
import { TAGS, type RunSummary } from '$lib/tracking';
import { RunForest, runName } from './run-rows';

function run(id: string, parent?: string, name = id): RunSummary {
  const tags = new Map<string, string>();
  if (parent) tags.set(TAGS.parentRunId, parent);
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: name,
      experiment_id: '1',
      user_id: '',
      status: 'FINISHED',
      start_time: 0,
      artifact_uri: '',
      lifecycle_stage: 'active',
    },
    metrics: new Map(),
    params: new Map(),
    tags,
  };
}

const shape = (forest: RunForest, collapsed?: Set<string>) =>
  forest.rows(collapsed).map((r) => `${'  '.repeat(r.depth)}${r.id}${r.context ? '*' : ''}`);

describe('RunForest', () => {
  it('nests children under parents at any depth, in search order among siblings', () => {
    const runs = [run('c2', 'b1'), run('a'), run('b1', 'root'), run('root'), run('c1', 'b1')];
    const forest = new RunForest(runs);
    // Roots in search order (c2 is a's cousin, so root sits where b1 and c2's tree is first met).
    expect(shape(forest)).toEqual(['a', 'root', '  b1', '    c2', '    c1']);
    const rows = forest.rows();
    const b1 = rows.find((r) => r.id === 'b1')!;
    expect(b1.children).toBe(2);
    expect(b1.parentShown).toBe(true);
    expect(rows.find((r) => r.id === 'c1')).toMatchObject({ position: 2, siblings: 2 });
    expect(forest.parents()).toEqual(['root', 'b1']);
    expect(forest.size).toBe(5);
  });

  it('hides a collapsed subtree and keeps the collapsed row', () => {
    const forest = new RunForest([run('root'), run('b1', 'root'), run('c1', 'b1'), run('x')]);
    expect(shape(forest, new Set(['b1']))).toEqual(['root', '  b1', 'x']);
    expect(shape(forest, new Set(['root']))).toEqual(['root', 'x']);
  });

  it('places a context ancestor where its first matching descendant is, and marks it', () => {
    const matches = [run('m1'), run('t2', 'study'), run('t1', 'study')];
    const forest = new RunForest(matches, [run('study', 'sweep'), run('sweep')]);
    expect(shape(forest)).toEqual(['m1', 'sweep*', '  study*', '    t2', '    t1']);
  });

  it('shows a run whose parent is not there as a root that names its parent', () => {
    const [row] = new RunForest([run('orphan', 'gone')]).rows();
    expect(row).toMatchObject({ depth: 0, parentId: 'gone', parentShown: false });
  });

  it('breaks a parent cycle in hand-written tags instead of looping', () => {
    const forest = new RunForest([run('a', 'b'), run('b', 'a')]);
    expect(shape(forest)).toEqual(['a', 'b']);
  });

  it('names a run by run_name, else its runName tag, else its id', () => {
    const tagged = run('0123456789abcdef', undefined, '');
    expect(runName(tagged)).toBe('01234567');
    (tagged.tags as Map<string, string>).set(TAGS.runName, 'from tag');
    expect(runName(tagged)).toBe('from tag');
    expect(runName(run('x', undefined, 'named'))).toBe('named');
  });
});
