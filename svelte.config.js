import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A hash router serves the build from any static host or folder with no rewrites.
    router: { type: 'hash' },
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
  },
};

export default config;
