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

/**
 * The named seams between feature folders: which features each may import. Anything else is a
 * wall, so a feature can be read, tested and replaced alone. Each entry says why it exists.
 */
const SEAMS = {
  // Pure leaves: they import no other feature.
  data: [],
  charts: [],
  registry: [],
  // Training learns from prepared data, logs its curves as charts, and scores each epoch with
  // evaluation's metrics (one metric set for the whole app).
  training: ['data', 'charts', 'evaluation'],
  // Evaluation reads predictions files (data's CSV reader) and draws its figures (charts).
  evaluation: ['data', 'charts'],
  // A study trains trials and reads the hyperparameter table (training), on prepared data.
  tuning: ['training', 'data', 'evaluation'],
  // Sync copies runs and registered models between stores.
  sync: ['registry'],
};

/** Where a concrete store is built: only the composition root (app/) and the workers may. */
const STORE_FILES = [
  '**/tracking/dexie/*',
  '**/tracking/rest/*',
  '**/registry/dexie-registry*',
  '**/registry/rest-registry*',
];
const STORE_MESSAGE =
  'Only the composition root (src/lib/app/create-app.ts) and the workers build a concrete store; above it, code works on the TrackingStore / RegistryStore interfaces it is given, so it runs on any backend.';

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
  ...FEATURES.map((f) => ({
    files: [`src/lib/${f}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...lib(['components', 'state', 'app']), '$app/*'],
              message:
                'Feature modules sit under app/, state/ and components/: pass what they need in, never import upward.',
            },
            {
              group: lib(FEATURES.filter((g) => g !== f && !SEAMS[f].includes(g))),
              message: `Feature folders meet only at the named seams in eslint.config.js (SEAMS.${f}: ${SEAMS[f].join(', ') || 'none'}): pass the other feature's work in from app/, or name a new seam there and say why.`,
            },
          ],
        },
      ],
    },
  })),
  layer(
    ['src/lib/app/**'],
    [...lib(['components', 'state']), '$app/*'],
    'app/ (use cases, composition root) must not depend on UI state or components.',
  ),
  layer(['src/routes/**'], STORE_FILES, STORE_MESSAGE),
  {
    files: ['src/lib/state/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: STORE_FILES, message: STORE_MESSAGE },
            {
              group: lib(['components']),
              message: 'state/ rune classes must not depend on components.',
            },
          ],
        },
      ],
    },
  },
  layer(
    ['src/lib/components/**'],
    [...lib(['state', 'app']), ...STORE_FILES, 'dexie'],
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
              // charts/ is pure geometry and trace building: the chart components draw with it.
              group: lib(FEATURES.filter((f) => f !== 'charts')),
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
