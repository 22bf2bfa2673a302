// A hostile MLflow server (issue 15): whatever a server answers — prototype keys, markup, a huge
// message, a page that is not JSON — comes back as plain data or a clear MlflowError, and never
// changes Object.prototype or the shape of the objects the app reads.
import { afterEach, describe, expect, it } from 'vitest';
import { MlflowError } from '../errors';
import { RUN_ID, json, store, text, wireRun } from './rest-fakes';

const SCRIPT = '<img src=x onerror="globalThis.__pwned=1">';

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
});

describe('a hostile MLflow server', () => {
  it('prototype keys in a run stay data, and pollute nothing', async () => {
    const body = `{"run":{"info":${JSON.stringify({ ...wireRun.info, run_name: SCRIPT })},"data":{
      "tags":[{"key":"__proto__","value":"{\\"polluted\\":1}"},{"key":"constructor","value":"x"}],
      "params":[{"key":"__proto__","value":"p"}],
      "metrics":[{"key":"__proto__","value":1,"timestamp":1,"step":0}],
      "__proto__":{"polluted":true}},
      "__proto__":{"polluted":true}}}`;
    const { store: s } = store(json(body));
    const run = await s.getRun(RUN_ID);
    expect(run.info.run_name).toBe(SCRIPT);
    expect(run.data.tags.map((t) => t.key)).toEqual(['__proto__', 'constructor']);
    expect(run.data.params).toEqual([{ key: '__proto__', value: 'p' }]);
    expect(run.data.metrics.map((m) => m.key)).toEqual(['__proto__']);
    expect(Array.isArray(run.data.tags)).toBe(true);
  });

  it('an error page with markup and a megabyte of text becomes a short MlflowError', async () => {
    const page = `<html><script>globalThis.__pwned=1</script>${'x'.repeat(1_000_000)}</html>`;
    const { store: s } = store(text(page, 500, 'text/html'));
    const error = await s.getRun(RUN_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as Error).message.length).toBeLessThan(2_000);
  });

  it('a 200 answer that is not JSON is refused with a message, not a crash', async () => {
    const { store: s } = store(text('<!doctype html><title>proxy login</title>', 200, 'text/html'));
    const error = await s.getRun(RUN_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as Error).message).toMatch(/\S/);
  });

  it('an answer cut short is a failure that may pass, never "no such endpoint"', async () => {
    // A 404 whose JSON body breaks off: read as empty, it would look like a missing endpoint.
    const cut = (status: number) => () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"error_code":"RESOURCE_DOES_NOT'));
            controller.error(new TypeError('terminated'));
          },
        }),
        { status, headers: { 'Content-Type': 'application/json' } },
      );
    for (const status of [404, 200]) {
      const { store: s } = store(cut(status));
      const error = await s.getRun(RUN_ID).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MlflowError);
      expect((error as MlflowError).error_code).toBe('TEMPORARILY_UNAVAILABLE');
      expect((error as Error).message).toMatch(/was cut short \(terminated\); try again/);
    }
  });
});
