// The app's Content-Security-Policy, written once: svelte.config.js puts it in the built
// index.html as a meta tag (for any static host) and scripts/serve.js sends it as a header (which
// also covers the workers and adds frame-ancestors, ignored in a meta tag). The build step here
// also moves SvelteKit's inline bootstrap script into a file, so no inline script is needed.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Origins the app may call besides its own, e.g. 'https://mlflow.example.org'. Unset, the page may
 * call any http(s) origin: a person sets the MLflow server to sync with in Settings, at run time,
 * so a hosted build cannot know it (script-src 'self' still keeps injected script out, which is
 * what would misuse the freedom). A deployment that syncs with one known server locks the page to
 * it by setting this when building and serving.
 */
export const CONNECT_ORIGINS = (process.env.TRACKLAB_CONNECT_ORIGINS ?? '')
  .split(/\s+/)
  .filter((origin) => /^https?:\/\/[^\s;'"]+$/.test(origin));

/**
 * Directive → sources. Why each source is there is part of the policy, so it is said here.
 * @param {string[]} [connect] origins for connect-src besides the app's own
 * @returns {Record<string, string[]>}
 */
export function cspDirectives(connect = CONNECT_ORIGINS) {
  return {
    'default-src': ["'self'"],
    // tfjs' WASM backend compiles its .wasm files: 'wasm-unsafe-eval', never 'unsafe-eval'.
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    // Vite emits each worker as its own file, so no blob: worker is needed.
    'worker-src': ["'self'"],
    // blob: URLs are minted only by this page's own code, so reading one opens no way out.
    'connect-src': ["'self'", 'blob:', ...(connect.length ? connect : ['http:', 'https:'])],
    // Artifact previews and downloads are blob: URLs; Plotly and reports draw data: images.
    'img-src': ["'self'", 'blob:', 'data:'],
    // Plotly writes <style> rules and style attributes, and an HTML report (shown in a
    // sandboxed srcdoc frame, which inherits this policy) carries its own <style>.
    'style-src': ["'self'", "'unsafe-inline'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  };
}

/** @param {Record<string, string[]>} directives */
const serialise = (directives) =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

/**
 * The policy for the meta tag: frame-ancestors is left out, as browsers ignore it there.
 * @param {string[]} [connect]
 */
export function metaPolicy(connect) {
  return serialise(cspDirectives(connect));
}

/**
 * The policy for the header: the meta policy plus no framing of the app by any page.
 * @param {string[]} [connect]
 */
export function headerPolicy(connect) {
  return serialise({ ...cspDirectives(connect), 'frame-ancestors': ["'none'"] });
}

/**
 * The Scripts panel's sandbox (static/scripts-sandbox.html): a person's snippet is compiled there,
 * so it alone may eval, and it reaches nothing: an opaque origin (the frame is sandboxed without
 * allow-same-origin: no storage, no cookies), no network, no frames; it runs in a blob: worker
 * of that frame, and talks only to the page that framed it, which answers the documented client
 * and registry calls. The page's own policy stays without 'unsafe-eval'.
 */
export const SANDBOX_PATH = '/scripts-sandbox.html';
export function sandboxPolicy() {
  return serialise({
    'default-src': ["'none'"],
    'script-src': ["'self'", "'unsafe-eval'"],
    'worker-src': ['blob:'],
    'frame-ancestors': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  });
}

const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

/**
 * Rewrites one built page: each inline script goes to a content-named file beside the app's
 * entry chunks and is loaded from there (a classic script, so document.currentScript still names
 * it, which SvelteKit's bootstrap uses to find its element), and the policy's meta tag goes first
 * in <head>, before anything it governs. Returns the new HTML and the files to write.
 * @param {string} html
 * @returns {{ html: string, files: { url: string, body: string }[] }}
 */
export function externaliseScripts(html, policy = metaPolicy()) {
  /** @type {{ url: string, body: string }[]} */
  const files = [];
  const rewritten = html.replace(INLINE_SCRIPT, (_, /** @type {string} */ body) => {
    const entry = /import\("([^"]*?)\/entry\//.exec(body);
    if (!entry) throw new Error('csp: an inline script that is not the SvelteKit bootstrap');
    const name = `bootstrap.${createHash('sha256').update(body).digest('hex').slice(0, 10)}.js`;
    files.push({ url: `${entry[1]}/${name}`, body: body.trim() + '\n' });
    return `<script src="${entry[1]}/${name}"></script>`;
  });
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  if (!/<meta charset="utf-8" \/>/.test(rewritten)) throw new Error('csp: no <meta charset>');
  return { html: rewritten.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`), files };
}

/**
 * Wraps a SvelteKit adapter so every `vite build` ends with the pages rewritten as above.
 * `dir` and `pages`: the adapter's output folder and the pages in it to rewrite.
 * @param {import('@sveltejs/kit').Adapter} adapter
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function withCsp(adapter, { dir = 'build', pages = ['index.html'] } = {}) {
  return {
    ...adapter,
    async adapt(builder) {
      await adapter.adapt(builder);
      for (const page of pages) {
        const file = join(dir, page);
        const { html, files } = externaliseScripts(await readFile(file, 'utf8'));
        for (const f of files) await writeFile(join(dir, f.url), f.body);
        await writeFile(file, html);
        builder.log.minor(`CSP: ${page} has its policy and ${files.length} script(s) moved out`);
      }
    },
  };
}
