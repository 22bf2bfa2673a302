import { describe, expect, it } from 'vitest';
import { fakeFetch, json, text } from '$lib/tracking/rest/rest-fakes';
import { checkConnection, serverCommand, serverRoot } from './connection';

describe('serverRoot and serverCommand', () => {
  it('drops a trailing slash and a user:password@ part (it belongs in the sign-in fields)', () => {
    expect(serverRoot(' http://ada:secret@mlflow.example.org:5000/ ')).toBe(
      'http://mlflow.example.org:5000',
    );
    expect(serverRoot('not a url/')).toBe('not a url');
  });

  it('gives the flags that let this page in, on this machine or on a network', () => {
    expect(serverCommand('http://127.0.0.1:5000', 'http://127.0.0.1:4173')).toBe(
      'mlflow server --host 127.0.0.1 --port 5000 --cors-allowed-origins http://127.0.0.1:4173 --allowed-hosts 127.0.0.1,127.0.0.1:5000',
    );
    expect(serverCommand('https://mlflow.example.org', 'https://lab.example.org')).toBe(
      'mlflow server --host 0.0.0.0 --cors-allowed-origins https://lab.example.org --allowed-hosts mlflow.example.org',
    );
  });
});

describe('checkConnection', () => {
  const origin = 'http://127.0.0.1:4173';

  it('names the version and says the page may write', async () => {
    const { fetch, sent } = fakeFetch(text('3.17.2', 200), json({ experiments: [] }));
    const check = await checkConnection({ baseUrl: 'http://127.0.0.1:5000/', fetch, origin });
    expect(check).toEqual({
      ok: true,
      version: '3.17.2',
      message: 'Connected to MLflow 3.17.2 at http://127.0.0.1:5000; this page may write to it.',
    });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://127.0.0.1:5000/version',
      'POST http://127.0.0.1:5000/api/2.0/mlflow/experiments/search',
    ]);
  });

  it('a server that blocks this origin gets the line to start it with', async () => {
    const { fetch } = fakeFetch(text('3.17.2', 200), text('Cross-origin request blocked', 403));
    const check = await checkConnection({ baseUrl: 'http://10.0.0.5:5000', fetch, origin });
    expect(check.ok).toBe(false);
    expect(check.version).toBe('3.17.2');
    expect(check.command).toBe(
      'mlflow server --host 0.0.0.0 --port 5000 --cors-allowed-origins http://127.0.0.1:4173 --allowed-hosts 10.0.0.5,10.0.0.5:5000',
    );
  });

  it('an unreachable server, a bad address and a refused sign-in each say what to do', async () => {
    const down = fakeFetch(new TypeError('fetch failed'));
    const unreachable = await checkConnection({
      baseUrl: 'http://127.0.0.1:9',
      fetch: down.fetch,
      origin,
    });
    expect(unreachable.message).toMatch(
      /^Could not reach http:\/\/127\.0\.0\.1:9: is the server running/,
    );
    expect(unreachable.command).toContain('--port 9');
    expect((await checkConnection({ baseUrl: 'mlflow', origin })).message).toMatch(
      /is not a server address; enter one like http:\/\/127\.0\.0\.1:5000/,
    );
    const locked = fakeFetch(text('', 401), text('', 401));
    const refused = await checkConnection({
      baseUrl: 'http://127.0.0.1:5000',
      fetch: locked.fetch,
      origin,
    });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/requires authentication; add a username and password/);
  });
});
