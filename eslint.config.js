import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Layer boundaries from ../shared/DESIGN.md: imports run down
 * routes → components → state → app → features → tracking, never up.
 */
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message: why }] }],
  },
});

const FEATURES = ['data', 'training', 'evaluation', 'tuning', 'sync', 'registry', 'charts'];
const lib = (dirs) =>
  dirs.flatMap((d) => [
    `$lib/${d}`,
    `$lib/${d}/*`,
    `../${d}`,
    `../${d}/*`,
    `../../${d}/*`,
    `../../../${d}/*`,
  ]);

export default ts.config(
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  layer(
    ['src/lib/tracking/**'],
    [...lib(['components', 'state', 'app', ...FEATURES]), '$app/*', 'svelte', 'svelte/*'],
    'tracking/ is the bottom layer: it imports nothing of the app, so it runs in Node, workers and tests alone.',
  ),
  layer(
    FEATURES.map((f) => `src/lib/${f}/**`),
    [...lib(['components', 'state', 'app']), '$app/*'],
    'Feature modules sit under app/, state/ and components/: pass what they need in, never import upward.',
  ),
  layer(
    ['src/lib/app/**'],
    [...lib(['components', 'state']), '$app/*'],
    'app/ (use cases, composition root) must not depend on UI state or components.',
  ),
  layer(
    ['src/lib/state/**'],
    lib(['components']),
    'state/ rune classes must not depend on components.',
  ),
  layer(
    ['src/lib/components/**'],
    [...lib(['state', 'app']), '**/tracking/dexie/*', 'dexie'],
    'Components take props and raise events; they never touch a store. Read state in the route and pass it down.',
  ),
  {
    // Components may name the shapes features define (import type), never run feature code.
    files: ['src/lib/components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: lib(FEATURES),
              allowTypeImports: true,
              message:
                'Components take props and raise events: import feature types with `import type`, and let the route call feature code.',
            },
          ],
        },
      ],
    },
  },
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
    ],
  },
);
