/**
 * The layer rules in eslint.config.js, proven on snippets: a feature importing a feature outside
 * its named seams, and a component (or state class, or route) importing a concrete store, are
 * rejected with the rule's message; a named seam and the interfaces pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages
    .filter((m) => m.ruleId?.includes('restricted-imports'))
    .map((m) => m.message);
}

// Loading typescript-eslint and Svelte's parser takes longer than a unit test's default 5 s.
describe('lint: imports between layers and features', { timeout: 30_000 }, () => {
  it('rejects a feature importing another feature outside its seams', async () => {
    const found = await problems(
      'src/lib/registry/example.ts',
      "import { DEFAULT_CONFIG } from '$lib/training/config';\nexport const x = DEFAULT_CONFIG;\n",
    );
    expect(found).toEqual([expect.stringMatching(/named seams.*SEAMS\.registry: none/)]);
    const relative = await problems(
      'src/lib/data/example.ts',
      "import { rocCurve } from '../evaluation/curves';\nexport const x = rocCurve;\n",
    );
    expect(relative).toEqual([expect.stringMatching(/SEAMS\.data: none/)]);
  });

  it('lets a feature import across a named seam', async () => {
    expect(
      await problems(
        'src/lib/training/example.ts',
        "import { parseTable } from '$lib/data/csv';\nexport const x = parseTable;\n",
      ),
    ).toEqual([]);
  });

  it('rejects a component, a state class or a route importing a concrete store', async () => {
    const dexie =
      "import { DexieStore } from '$lib/tracking/dexie/dexie-store';\nexport const x = DexieStore;\n";
    const rest =
      "import { RestStore } from '../tracking/rest/rest-store';\nexport const x = RestStore;\n";
    expect(await problems('src/lib/components/example.ts', dexie)).toEqual([
      expect.stringMatching(/never touch a store/),
    ]);
    expect(await problems('src/lib/state/example.ts', rest)).toEqual([
      expect.stringMatching(/Only the composition root .* build[s]? a concrete store/),
    ]);
    expect(await problems('src/routes/example.ts', dexie)).toEqual([
      expect.stringMatching(/Only the composition root/),
    ]);
  });

  it('lets the composition root build the stores, and anyone use the interfaces', async () => {
    expect(
      await problems(
        'src/lib/app/example.ts',
        "import { DexieStore } from '$lib/tracking/dexie/dexie-store';\nexport const x = DexieStore;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/lib/components/example.ts',
        "import type { TrackingStore } from '$lib/tracking';\nexport type X = TrackingStore;\n",
      ),
    ).toEqual([]);
  });
});
