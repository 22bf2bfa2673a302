/**
 * The layer rules in eslint.config.js, proven on snippets: a feature importing a feature outside
 * its named seams, and a component (or state class, or route) importing a concrete store, are
 * rejected with the rule's message; a named seam and the interfaces pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The import-rule messages for a file at `filePath` that imports `name` from `from`. */
async function importing(filePath: string, name: string, from: string, type = false) {
  const code = type
    ? `import type { ${name} } from '${from}';\nexport type X = ${name};\n`
    : `import { ${name} } from '${from}';\nexport const x = ${name};\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages
    .filter((m) => m.ruleId?.includes('restricted-imports'))
    .map((m) => m.message);
}

const DEXIE = '$lib/tracking/dexie/dexie-store';

// Loading typescript-eslint and Svelte's parser takes longer than a unit test's default 5 s.
describe('lint: imports between layers and features', { timeout: 30_000 }, () => {
  it('rejects a feature importing another feature outside its seams', async () => {
    expect(
      await importing('src/lib/registry/example.ts', 'DEFAULT_CONFIG', '$lib/training/config'),
    ).toEqual([expect.stringMatching(/named seams.*SEAMS\.registry: none/)]);
    expect(await importing('src/lib/data/example.ts', 'rocCurve', '../evaluation/curves')).toEqual([
      expect.stringMatching(/SEAMS\.data: none/),
    ]);
  });

  it('lets a feature import across a named seam', async () => {
    expect(await importing('src/lib/training/example.ts', 'parseTable', '$lib/data/csv')).toEqual(
      [],
    );
  });

  it('rejects a component, a state class or a route importing a concrete store', async () => {
    expect(await importing('src/lib/components/example.ts', 'DexieStore', DEXIE)).toEqual([
      expect.stringMatching(/never touch a store/),
    ]);
    expect(
      await importing('src/lib/state/example.ts', 'RestStore', '../tracking/rest/rest-store'),
    ).toEqual([expect.stringMatching(/Only the composition root .* build[s]? a concrete store/)]);
    expect(await importing('src/routes/example.ts', 'DexieStore', DEXIE)).toEqual([
      expect.stringMatching(/Only the composition root/),
    ]);
  });

  it('lets the composition root build the stores, and anyone use the interfaces', async () => {
    expect(await importing('src/lib/app/example.ts', 'DexieStore', DEXIE)).toEqual([]);
    expect(
      await importing('src/lib/components/example.ts', 'TrackingStore', '$lib/tracking', true),
    ).toEqual([]);
  });
});
