// RestStore against a fake fetch: the shape of each request it sends (method, URL, body, headers).
import { describe, expect, it } from 'vitest';
import { API, BASE, RUN_ID, fakeFetch, json, store, wireRun } from './rest-fakes';
import { RestStore } from './rest-store';

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
