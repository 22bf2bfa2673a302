import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { withCsp } from './scripts/csp.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A hash router serves the build from any static host or folder with no rewrites.
    router: { type: 'hash' },
    // withCsp: the built page carries the Content-Security-Policy and no inline script
    // (scripts/csp.js), so every build, `npm start` and the e2e suite run under the policy.
    adapter: withCsp(
      adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
      { dir: 'build' },
    ),
  },
};

export default config;
