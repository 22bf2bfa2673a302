// RestStore against a fake fetch: doubles on the wire, artifact transfer, and how HTTP errors map to MlflowError.
import { describe, expect, it } from 'vitest';
import { MlflowError } from '../errors';
import { decodeDouble, encodeJson } from './http';
import { API, ARTIFACT_URI, BASE, RUN_ID, json, store, text, wireRun } from './rest-fakes';

describe('doubles', () => {
  it('sends NaN and ±Infinity as protobuf JSON strings', async () => {
    const { store: s, sent } = store(json({}));
    await s.logBatch(RUN_ID, {
      metrics: [
        { key: 'a', value: NaN, timestamp: 1, step: 0 },
        { key: 'a', value: Infinity, timestamp: 2, step: 1 },
        { key: 'a', value: -Infinity, timestamp: 3, step: 2 },
        { key: 'a', value: 0.5, timestamp: 4, step: 3 },
      ],
      params: [{ key: 'p', value: 'NaN' }],
    });
    expect(sent[0].url).toBe(`${API}/runs/log-batch`);
    expect(sent[0].body).toBe(
      `{"run_id":"${RUN_ID}","metrics":[` +
        '{"key":"a","value":"NaN","timestamp":1,"step":0},' +
        '{"key":"a","value":"Infinity","timestamp":2,"step":1},' +
        '{"key":"a","value":"-Infinity","timestamp":3,"step":2},' +
        '{"key":"a","value":0.5,"timestamp":4,"step":3}],' +
        '"params":[{"key":"p","value":"NaN"}]}',
    );
  });

  it('reads them back as numbers, leaving string params alone', async () => {
    const { store: s } = store(
      json({
        metrics: [
          { key: 'a', value: 'NaN', timestamp: 1, step: 0 },
          { key: 'a', value: 'Infinity', timestamp: 2, step: 1 },
          { key: 'a', value: '-Infinity', timestamp: 3, step: 2 },
          { key: 'a', value: 1.7976931348623157e308, timestamp: 4 },
        ],
      }),
      json({
        run: {
          ...wireRun,
          data: {
            metrics: [{ key: 'a', value: 'NaN', timestamp: 1, step: 0 }],
            params: [{ key: 'p', value: 'NaN' }],
          },
        },
      }),
    );
    const history = await s.getMetricHistory(RUN_ID, 'a');
    expect(history.items.map((m) => m.value)).toEqual([
      NaN,
      Infinity,
      -Infinity,
      1.7976931348623157e308,
    ]);
    expect(history.items[3].step).toBe(0);
    const run = await s.getRun(RUN_ID);
    expect(run.data.metrics[0].value).toBeNaN();
    expect(run.data.params).toEqual([{ key: 'p', value: 'NaN' }]);
    expect(run.data.tags).toEqual([]);
  });

  it('encodeJson and decodeDouble agree', () => {
    expect(encodeJson({ v: [NaN, -Infinity, 1] })).toBe('{"v":["NaN","-Infinity",1]}');
    expect(['NaN', 'Infinity', '-Infinity', 2, '3'].map(decodeDouble)).toEqual([
      NaN,
      Infinity,
      -Infinity,
      2,
      3,
    ]);
  });
});

describe('artifacts', () => {
  it('resolves the artifact URI once, then PUTs, GETs and DELETEs through the proxy', async () => {
    const { store: s, sent } = store(
      json({ run: wireRun }),
      new Response(null, { status: 200 }),
      new Response(new Uint8Array([1, 2, 3])),
      json({}),
    );
    await s.logArtifact(RUN_ID, 'dir/a b.txt', 'héllo');
    await expect(s.downloadArtifact(RUN_ID, 'dir/a b.txt')).resolves.toEqual(
      new Uint8Array([1, 2, 3]),
    );
    await s.deleteArtifact(RUN_ID, 'dir/a b.txt');
    const url = `${BASE}/api/2.0/mlflow-artifacts/artifacts/7/${RUN_ID}/artifacts/dir/a%20b.txt`;
    expect(sent.map((r) => [r.method, r.url])).toEqual([
      ['GET', `${API}/runs/get?run_id=${RUN_ID}`],
      ['PUT', url],
      ['GET', url],
      ['DELETE', url],
    ]);
    expect(sent[1].body).toEqual(new TextEncoder().encode('héllo'));
    expect(sent[1].headers).toEqual({});
  });

  it('lists run-relative paths and normalises is_dir and file_size', async () => {
    const { store: s, sent } = store(
      json({
        root_uri: ARTIFACT_URI,
        files: [{ path: 'dir', is_dir: true }, { path: 'empty.txt' }],
      }),
      json({ root_uri: ARTIFACT_URI }),
    );
    await expect(s.listArtifacts(RUN_ID)).resolves.toEqual([
      { path: 'dir', is_dir: true },
      { path: 'empty.txt', is_dir: false, file_size: 0 },
    ]);
    await expect(s.listArtifacts(RUN_ID, 'dir')).resolves.toEqual([]);
    expect(sent.map((r) => r.url)).toEqual([
      `${API}/artifacts/list?run_id=${RUN_ID}`,
      `${API}/artifacts/list?run_id=${RUN_ID}&path=dir`,
    ]);
  });

  it('refuses a run whose artifacts the server does not proxy', async () => {
    const { store: s } = store(
      json({ run: { ...wireRun, info: { ...wireRun.info, artifact_uri: '/srv/mlruns/7/x' } } }),
    );
    await expect(s.logArtifact(RUN_ID, 'a.txt', 'x')).rejects.toMatchObject({
      error_code: 'NOT_IMPLEMENTED',
      message: expect.stringContaining('--serve-artifacts'),
    });
  });

  it('rejects path traversal before the URL parser can resolve it', async () => {
    const { store: s, sent } = store(json({ run: wireRun }));
    await s.getRun(RUN_ID);
    await expect(s.downloadArtifact(RUN_ID, '../other/x')).rejects.toMatchObject({
      error_code: 'INVALID_PARAMETER_VALUE',
    });
    expect(sent).toHaveLength(1);
  });
});

describe('errors', () => {
  it('maps a JSON error body onto MlflowError', async () => {
    const { store: s } = store(
      json(
        { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'Experiment(name=e) already exists.' },
        400,
      ),
    );
    const err = await s.createExperiment('e').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err).toMatchObject({
      error_code: 'RESOURCE_ALREADY_EXISTS',
      message: 'Experiment(name=e) already exists.',
    });
  });

  it('maps the CORS block (403 text/plain) to PERMISSION_DENIED with the fix', async () => {
    const { store: s } = store(text('Cross-origin request blocked', 403));
    await expect(s.getRun(RUN_ID)).rejects.toMatchObject({
      error_code: 'PERMISSION_DENIED',
      message: expect.stringContaining('--cors-allowed-origins'),
    });
  });

  it('maps 401, an unknown route, 503 and non-JSON 500s', async () => {
    const { store: s } = store(
      text('You are not authenticated.', 401),
      text('<!doctype html><title>404 Not Found</title>', 404, 'text/html'),
      text('Endpoint disabled due to the mlflow server running with `--no-serve-artifacts`', 503),
      text('boom', 500),
    );
    await expect(s.getRun(RUN_ID)).rejects.toMatchObject({
      error_code: 'UNAUTHENTICATED',
      message: expect.stringContaining('username and password'),
    });
    await expect(s.getRun(RUN_ID)).rejects.toMatchObject({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: expect.stringContaining(`${API}/runs/get`),
    });
    await expect(s.getRun(RUN_ID)).rejects.toMatchObject({
      error_code: 'TEMPORARILY_UNAVAILABLE',
      message: expect.stringContaining('--no-serve-artifacts'),
    });
    await expect(s.getRun(RUN_ID)).rejects.toMatchObject({ error_code: 'INTERNAL_ERROR' });
  });

  it('maps a network failure to TEMPORARILY_UNAVAILABLE naming the server', async () => {
    const { store: s } = store(new TypeError('fetch failed'));
    await expect(s.getRun(RUN_ID)).rejects.toMatchObject({
      error_code: 'TEMPORARILY_UNAVAILABLE',
      message: expect.stringMatching(
        /^could not reach the MLflow server at http:\/\/mlflow\.test:5000: fetch failed/,
      ),
    });
  });

  it('keeps an unknown server error code in the message', async () => {
    const { store: s } = store(json({ error_code: 'ABORTED', message: 'conflict' }, 409));
    await expect(s.getRun(RUN_ID)).rejects.toMatchObject({
      error_code: 'INTERNAL_ERROR',
      message: 'ABORTED: conflict',
    });
  });
});
