/**
 * The Scripts panel's runner: a person's JavaScript snippet runs in a sandboxed frame's worker
 * (static/scripts-sandbox.*: opaque origin, no network, no access to this page), with `client`
 * (the MlflowClient API), `registry` (the model registry, history included) and `print`. Each
 * call the snippet makes comes here as a message and is answered from the app's own client and
 * registry, for the methods listed here only. Snippets are saved by name in localStorage.
 */
import type { App } from '$lib/app/create-app';
import { EXAMPLES, type Snippet } from './script-examples';
import { callableMethods } from '$lib/app/script-api';

const STORAGE_KEY = 'tracklab.scripts';

export interface OutputLine {
  kind: 'print' | 'result' | 'error';
  text: string;
}

type FromSandbox =
  | { type: 'ready' }
  | { type: 'call'; id: number; target: string; method: string; args: unknown[] }
  | { type: 'print'; text: string }
  | { type: 'done'; ok: boolean; value?: string; error?: string };

export class ScriptRunner {
  readonly #app: App;
  readonly #allowed: Record<string, Set<string>>;
  #frame: HTMLIFrameElement | null = null;
  #ready: Promise<void> | null = null;
  #host: HTMLElement | null = null;
  #listener = (e: MessageEvent) => this.#onMessage(e);

  code = $state(EXAMPLES[0].code);
  output = $state<OutputLine[]>([]);
  running = $state(false);
  saved = $state<Snippet[]>([]);

  constructor(app: App) {
    this.#app = app;
    this.#allowed = {
      client: callableMethods(app.client),
      registry: callableMethods(app.registry),
    };
    this.saved = this.#load();
  }

  get examples(): readonly Snippet[] {
    return EXAMPLES;
  }

  /** Where the (invisible) sandbox frame lives; the page gives it an element. */
  attach(host: HTMLElement): () => void {
    this.#host = host;
    window.addEventListener('message', this.#listener);
    return () => {
      window.removeEventListener('message', this.#listener);
      this.#drop();
      this.#host = null;
    };
  }

  async run(): Promise<void> {
    if (this.running) return;
    this.output = [];
    this.running = true;
    try {
      await this.#sandbox();
      this.#frame!.contentWindow!.postMessage({ type: 'run', code: this.code }, '*');
    } catch (e) {
      this.#finish({ type: 'done', ok: false, error: String(e) });
    }
  }

  /** Stops a running script at once: its frame and worker are thrown away. */
  stop(): void {
    if (!this.running) return;
    this.#drop();
    this.#finish({ type: 'done', ok: false, error: 'Stopped.' });
  }

  save(name: string): void {
    const n = name.trim();
    if (!n) return;
    this.saved = [...this.saved.filter((s) => s.name !== n), { name: n, code: this.code }].sort(
      (a, b) => a.name.localeCompare(b.name),
    );
    this.#store();
  }

  remove(name: string): void {
    this.saved = this.saved.filter((s) => s.name !== name);
    this.#store();
  }

  #load(): Snippet[] {
    try {
      const raw = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '[]') as unknown;
      return Array.isArray(raw)
        ? raw.filter(
            (s): s is Snippet => typeof s?.name === 'string' && typeof s?.code === 'string',
          )
        : [];
    } catch {
      return [];
    }
  }

  #store(): void {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(this.saved));
  }

  #sandbox(): Promise<void> {
    if (this.#ready) return this.#ready;
    const host = this.#host;
    if (!host) return Promise.reject(new Error('The Scripts panel is not open.'));
    const frame = document.createElement('iframe');
    // allow-scripts alone: an opaque origin, so the snippet reaches none of this page's storage.
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.title = 'Script sandbox';
    frame.hidden = true;
    // Beside index.html, wherever the app is served from (static/scripts-sandbox.html).
    frame.src = 'scripts-sandbox.html';
    this.#ready = new Promise((resolve) => {
      this.#onReady = resolve;
    });
    this.#frame = frame;
    host.append(frame);
    return this.#ready;
  }

  #onReady: () => void = () => {};

  #drop(): void {
    this.#frame?.remove();
    this.#frame = null;
    this.#ready = null;
  }

  #finish(m: Extract<FromSandbox, { type: 'done' }>): void {
    if (m.ok && m.value !== undefined)
      this.output = [...this.output, { kind: 'result', text: m.value }];
    if (!m.ok)
      this.output = [...this.output, { kind: 'error', text: m.error ?? 'The script failed.' }];
    this.running = false;
  }

  async #onMessage(e: MessageEvent): Promise<void> {
    const frame = this.#frame;
    if (!frame || e.source !== frame.contentWindow) return;
    const m = e.data as FromSandbox;
    if (m.type === 'ready') this.#onReady();
    else if (m.type === 'print') this.output = [...this.output, { kind: 'print', text: m.text }];
    else if (m.type === 'done') this.#finish(m);
    else if (m.type === 'call') {
      const reply = (answer: object) =>
        frame.contentWindow?.postMessage({ type: 'result', id: m.id, ...answer }, '*');
      try {
        if (!this.#allowed[m.target]?.has(m.method)) {
          throw new Error(
            `${m.target}.${m.method} is not part of the scripting API (see the examples for what is).`,
          );
        }
        const target = this.#app[m.target as 'client' | 'registry'] as unknown as Record<
          string,
          (...args: unknown[]) => unknown
        >;
        reply({
          ok: true,
          value: await target[m.method](...(Array.isArray(m.args) ? m.args : [])),
        });
      } catch (err) {
        const error = err as { message?: string; error_code?: string };
        reply({
          ok: false,
          error: { message: error?.message ?? String(err), code: error?.error_code },
        });
      }
    }
  }
}
