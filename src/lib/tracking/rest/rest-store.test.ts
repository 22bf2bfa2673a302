import { describe, expect, it } from 'vitest';
import { MlflowError } from '../errors';
import { RestStore } from './rest-store';
import { decodeDouble, encodeJson } from './http';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  credentials: RequestCredentials | undefined;
}

type Reply = Response | (() => Response) | Error;

const BASE = 'http://mlflow.test:5000';
const API = `${BASE}/api/2.0/mlflow`;
const RUN_ID = '0123456789abcdef0123456789abcdef';
const ARTIFACT_URI = `mlflow-artifacts:/7/${RUN_ID}/artifacts`;

const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
const text = (body: string, status: number, type = 'text/plain') =>
  new Response(body, { status, headers: { 'Content-Type': type } });

/** A fetch that records each request and answers from a queue. */
function fakeFetch(...replies: Reply[]) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    sent.push({
      method: init.method ?? 'GET',
      url: String(input),
      headers: { ...(init.headers as Record<string, string>) },
      body:
        body === undefined || body === null
          ? undefined
          : typeof body === 'string'
            ? body
            : body instanceof Uint8Array
              ? body
              : new Uint8Array(await new Response(body).arrayBuffer()),
      credentials: init.credentials,
    });
    const reply = replies.shift();
    if (reply === undefined) throw new Error(`unexpected request ${init.method} ${String(input)}`);
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? reply() : reply;
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

function store(...replies: Reply[]) {
  const f = fakeFetch(...replies);
  return { store: new RestStore({ baseUrl: `${BASE}/`, fetch: f.fetch }), sent: f.sent };
}

const wireRun = {
  info: {
    run_uuid: RUN_ID,
    run_id: RUN_ID,
    experiment_id: '7',
    run_name: 'r1',
    user_id: '',
    status: 'RUNNING',
    start_time: 1000,
    artifact_uri: ARTIFACT_URI,
    lifecycle_stage: 'active',
  },
  data: { tags: [{ key: 'mlflow.runName', value: 'r1' }] },
  inputs: {},
};

describe('RestStore requests', () => {
  it('creates an experiment with a JSON POST and no cookies', async () => {
    const { store: s, sent } = store(json({ experiment_id: '7' }));
    await expect(s.createExperiment('exp', undefined, [{ key: 'k', value: 'v' }])).resolves.toBe(
      '7',
    );
    expect(sent).toEqual([
      {
        method: 'POST',
        url: `${API}/experiments/create`,
        headers: { 'Content-Type': 'application/json' },
        body: '{"name":"exp","tags":[{"key":"k","value":"v"}]}',
        credentials: 'omit',
      },
    ]);
  });

  it('sends GET parameters as a query string and normalises the experiment', async () => {
    const { store: s, sent } = store(
      json({
        experiment: {
          experiment_id: '7',
          name: 'a b&c',
          artifact_location: 'mlflow-artifacts:/7',
          lifecycle_stage: 'active',
          last_update_time: 2,
          creation_time: 1,
          workspace: 'default',
        },
      }),
    );
    const e = await s.getExperimentByName('a b&c');
    expect(sent[0].method).toBe('GET');
    expect(sent[0].url).toBe(`${API}/experiments/get-by-name?experiment_name=a+b%26c`);
    expect(sent[0].body).toBeUndefined();
    expect(sent[0].headers).toEqual({});
    expect(e).toEqual({
      experiment_id: '7',
      name: 'a b&c',
      artifact_location: 'mlflow-artifacts:/7',
      lifecycle_stage: 'active',
      creation_time: 1,
      last_update_time: 2,
      tags: [],
    });
  });

  it('getExperimentByName resolves to null on RESOURCE_DOES_NOT_EXIST', async () => {
    const { store: s } = store(
      json(
        {
          error_code: 'RESOURCE_DOES_NOT_EXIST',
          message: "Could not find experiment with name 'x'",
        },
        404,
      ),
    );
    await expect(s.getExperimentByName('x')).resolves.toBeNull();
  });

  it('always sends max_results when searching experiments', async () => {
    const { store: s, sent } = store(json({}), json({ experiments: [], next_page_token: 'tok' }));
    await expect(s.searchExperiments()).resolves.toEqual({ items: [] });
    await expect(
      s.searchExperiments({
        maxResults: 5,
        filterString: "name LIKE 'a%'",
        orderBy: ['name'],
        viewType: 'ALL',
      }),
    ).resolves.toEqual({ items: [], next_page_token: 'tok' });
    expect(JSON.parse(sent[0].body as string)).toEqual({ max_results: 1000 });
    expect(JSON.parse(sent[1].body as string)).toEqual({
      max_results: 5,
      filter: "name LIKE 'a%'",
      order_by: ['name'],
      view_type: 'ALL',
    });
  });

  it('createRun always sends start_time, and normalises omitted arrays', async () => {
    const { store: s, sent } = store(json({ run: wireRun }));
    const before = Date.now();
    const run = await s.createRun({ experimentId: '7', runName: 'r1' });
    const body = JSON.parse(sent[0].body as string);
    expect(sent[0].url).toBe(`${API}/runs/create`);
    expect(body.experiment_id).toBe('7');
    expect(body.run_name).toBe('r1');
    expect(body.start_time).toBeGreaterThanOrEqual(before);
    expect(body.start_time).toBeLessThanOrEqual(Date.now());
    expect(run).toEqual({
      info: { ...wireRun.info },
      data: { metrics: [], params: [], tags: [{ key: 'mlflow.runName', value: 'r1' }] },
      inputs: { dataset_inputs: [] },
    });
  });

  it('searchRuns posts every field and returns items and the page token', async () => {
    const { store: s, sent } = store(json({ runs: [wireRun], next_page_token: 'p2' }), json({}));
    const page = await s.searchRuns({
      experimentIds: ['7', '8'],
      filterString: "params.lr = '0.1'",
      runViewType: 'ALL',
      orderBy: ['metrics.loss ASC'],
      pageToken: 'p1',
    });
    expect(sent[0]).toMatchObject({ method: 'POST', url: `${API}/runs/search` });
    expect(JSON.parse(sent[0].body as string)).toEqual({
      experiment_ids: ['7', '8'],
      filter: "params.lr = '0.1'",
      run_view_type: 'ALL',
      max_results: 1000,
      order_by: ['metrics.loss ASC'],
      page_token: 'p1',
    });
    expect(page.next_page_token).toBe('p2');
    expect(page.items[0].data.metrics).toEqual([]);
    await expect(s.searchRuns({ experimentIds: ['7'] })).resolves.toEqual({ items: [] });
  });

  it('repeats query keys for arrays and passes paging for metric history', async () => {
    const { store: s, sent } = store(json({}));
    await expect(
      s.getMetricHistory(RUN_ID, 'val loss', { maxResults: 2, pageToken: 'abc' }),
    ).resolves.toEqual({
      items: [],
    });
    expect(sent[0].url).toBe(
      `${API}/metrics/get-history?run_id=${RUN_ID}&metric_key=val+loss&max_results=2&page_token=abc`,
    );
  });

  it('posts update, delete, tags, inputs and experiment edits to their endpoints', async () => {
    const info = { ...wireRun.info, status: 'FINISHED', end_time: 5 };
    const { store: s, sent } = store(
      json({ run_info: info }),
      ...Array.from({ length: 9 }, () => json({})),
    );
    await expect(s.updateRun(RUN_ID, { status: 'FINISHED', endTime: 5 })).resolves.toEqual(info);
    await s.deleteRun(RUN_ID);
    await s.restoreRun(RUN_ID);
    await s.deleteTag(RUN_ID, 'k');
    const dataset = { name: 'd', digest: 'abc', source_type: 'http', source: '{"url":"http://x"}' };
    await s.logInputs(RUN_ID, [
      { tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset },
    ]);
    await s.renameExperiment('7', 'new');
    await s.setExperimentTag('7', { key: 'k', value: 'v' });
    await s.deleteExperimentTag('7', 'k');
    await s.deleteExperiment('7');
    await s.restoreExperiment('7');
    expect(sent.map((r) => [r.method, r.url.slice(API.length), r.body])).toEqual([
      ['POST', '/runs/update', `{"run_id":"${RUN_ID}","status":"FINISHED","end_time":5}`],
      ['POST', '/runs/delete', `{"run_id":"${RUN_ID}"}`],
      ['POST', '/runs/restore', `{"run_id":"${RUN_ID}"}`],
      ['POST', '/runs/delete-tag', `{"run_id":"${RUN_ID}","key":"k"}`],
      [
        'POST',
        '/runs/log-inputs',
        JSON.stringify({
          run_id: RUN_ID,
          datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }],
        }),
      ],
      ['POST', '/experiments/update', '{"experiment_id":"7","new_name":"new"}'],
      ['POST', '/experiments/set-experiment-tag', '{"experiment_id":"7","key":"k","value":"v"}'],
      ['POST', '/experiments/delete-experiment-tag', '{"experiment_id":"7","key":"k"}'],
      ['POST', '/experiments/delete', '{"experiment_id":"7"}'],
      ['POST', '/experiments/restore', '{"experiment_id":"7"}'],
    ]);
    expect(sent.every((r) => r.headers['Content-Type'] === 'application/json')).toBe(true);
  });

  it('adds Basic or Bearer authorization from the credentials function', async () => {
    const basic = fakeFetch(json({ experiment_id: '1' }));
    await new RestStore({
      baseUrl: BASE,
      fetch: basic.fetch,
      credentials: async () => ({ username: 'ålice', password: 'p:w' }),
    }).createExperiment('e');
    const expected = Buffer.from('ålice:p:w', 'utf8').toString('base64');
    expect(basic.sent[0].headers).toEqual({
      'Content-Type': 'application/json',
      Authorization: `Basic ${expected}`,
    });

    const bearer = fakeFetch(json({ experiment_id: '1' }));
    await new RestStore({
      baseUrl: BASE,
      fetch: bearer.fetch,
      credentials: () => ({ token: 't0k' }),
    }).getExperiment('1');
    expect(bearer.sent[0].headers).toEqual({ Authorization: 'Bearer t0k' });
  });
});

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
