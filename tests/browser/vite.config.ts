// Builds tests/browser/contract-entry.ts into one script that a Playwright page can load.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { $lib: `${root}src/lib` } },
  logLevel: 'warn',
  build: {
    outDir: `${root}test-results/browser-bundle`,
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: `${root}tests/browser/contract-entry.ts`,
      formats: ['iife'],
      name: 'TracklabContract',
      fileName: () => 'contract.js',
    },
  },
});
