// Functions that run inside the page (Playwright serialises each one, so each is self-contained and
// reaches the store only through `globalThis.tracklab`). Times are performance.now() milliseconds.

/** Shared helpers installed once per page as globalThis.benchUtil. */
export function installUtil() {
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return {
      n: s.length,
      median: median(s),
      min: s[0],
      max: s[s.length - 1],
      p90: s[Math.floor(s.length * 0.9)],
    };
  };
  globalThis.benchUtil = { median, stats };
}

/**
 * Target 1: 10 runs x 10 keys x 1,000 steps. mode 'logBatch': 100 store.logBatch calls of 1,000
 * points (MLflow's request size). mode 'fluent': as Tracklab's training logs, one
 * client.startRun per run with run.logMetrics per step (buffered, flushed by the ActiveRun); the
 * time includes creating and ending the runs.
 */
export async function logHundredK({ runs, keys, steps, stepsPerBatch, baseTs, parallel, mode }) {
  const { store, client } = globalThis.tracklab;
  if (mode === 'fluent') {
    const exp = await store.createExperiment(`log-fluent-${performance.now()}`);
    const one = (r) =>
      client.startRun({ experimentId: exp }, async (run) => {
        for (let s = 0; s < steps; s++) {
          const values = {};
          for (let k = 0; k < keys; k++) values[`m${k}`] = Math.sin(s * 0.01 + k) + r * 0.001;
          run.logMetrics(values, s, baseTs + s);
        }
        return run.runId;
      });
    const ids = [];
    const t0 = performance.now();
    if (parallel) ids.push(...(await Promise.all(Array.from({ length: runs }, (_, r) => one(r)))));
    else for (let r = 0; r < runs; r++) ids.push(await one(r));
    const ms = performance.now() - t0;
    const check = (await store.getMetricHistoryArrays(ids[runs - 1], `m${keys - 1}`)).values.length;
    return { ms, points: runs * keys * steps, batches: runs, check };
  }
  const exp = await store.createExperiment(`log-${parallel ? 'par' : 'seq'}-${performance.now()}`);
  const ids = [];
  for (let r = 0; r < runs; r++)
    ids.push((await store.createRun({ experimentId: exp })).info.run_id);
  const perRun = ids.map((id, r) => {
    const batches = [];
    for (let s0 = 0; s0 < steps; s0 += stepsPerBatch) {
      const metrics = [];
      for (let s = s0; s < s0 + stepsPerBatch; s++)
        for (let k = 0; k < keys; k++)
          metrics.push({
            key: `m${k}`,
            value: Math.sin(s * 0.01 + k) + r * 0.001,
            timestamp: baseTs + s,
            step: s,
          });
      batches.push(metrics);
    }
    return batches;
  });
  const runOne = async (r) => {
    for (const metrics of perRun[r]) await store.logBatch(ids[r], { metrics });
  };
  const t0 = performance.now();
  if (parallel) await Promise.all(ids.map((_, r) => runOne(r)));
  else for (let r = 0; r < runs; r++) await runOne(r);
  const ms = performance.now() - t0;
  const check = (await store.getMetricHistoryArrays(ids[runs - 1], `m${keys - 1}`)).values.length;
  return { ms, points: runs * keys * steps, batches: runs * (steps / stepsPerBatch), check };
}

/** Unbatched logging: `batches` separate logBatch calls of `keys` points each (one step each). */
export async function smallWrites({ batches, keys, baseTs }) {
  const { store } = globalThis.tracklab;
  const exp = await store.createExperiment(`small-${performance.now()}`);
  const id = (await store.createRun({ experimentId: exp })).info.run_id;
  const all = Array.from({ length: batches }, (_, s) =>
    Array.from({ length: keys }, (_, k) => ({
      key: `m${k}`,
      value: Math.cos(s + k),
      timestamp: baseTs + s,
      step: s,
    })),
  );
  const t0 = performance.now();
  for (const metrics of all) await store.logBatch(id, { metrics });
  const ms = performance.now() - t0;
  return { ms, points: batches * keys, batches };
}

/** Logs one key of `points` points in batches of 1,000, then times history reads. */
export async function historyReads({ points, reps, baseTs }) {
  const { store } = globalThis.tracklab;
  const { stats } = globalThis.benchUtil;
  const exp = await store.createExperiment(`hist-${points}-${performance.now()}`);
  const id = (await store.createRun({ experimentId: exp })).info.run_id;
  const t0 = performance.now();
  for (let s0 = 0; s0 < points; s0 += 1000) {
    const metrics = [];
    for (let s = s0; s < Math.min(points, s0 + 1000); s++)
      metrics.push({ key: 'loss', value: 1 / (1 + s), timestamp: baseTs + s, step: s });
    await store.logBatch(id, { metrics });
  }
  const writeMs = performance.now() - t0;
  let n = 0;
  const readers = {
    arrays: async () => (n = (await store.getMetricHistoryArrays(id, 'loss')).values.length),
    objects: async () => (n = (await store.getMetricHistory(id, 'loss')).items.length),
    raw: () =>
      store.db.metricChunks
        .where('[run_id+key+chunk]')
        .between([id, 'loss', 0], [id, 'loss', Infinity])
        .toArray(),
  };
  // Round-robin, after one warm-up of each: right after a large write IndexedDB is still busy
  // (its storage compacts in the background), and measuring one reader after another would charge
  // that to whichever ran first.
  const xs = { arrays: [], objects: [], raw: [] };
  for (const fn of Object.values(readers)) await fn();
  for (let i = 0; i < reps; i++) {
    for (const [name, fn] of Object.entries(readers)) {
      const t = performance.now();
      await fn();
      xs[name].push(performance.now() - t);
    }
  }
  const arrays = stats(xs.arrays);
  const objects = stats(xs.objects);
  const raw = stats(xs.raw);
  return { points, writeMs, arrays, objects, raw, check: n };
}

/** The RunRow the store would hold for a spec (checked against an API-made row before use). */
export function installRowBuilder() {
  globalThis.benchRow = (spec, runId, experimentId, artifactLocation) => {
    const ts = spec.startTime;
    return {
      run_id: runId,
      experiment_id: experimentId,
      run_name: spec.name,
      user_id: '',
      status: 'RUNNING',
      start_time: ts,
      end_time: null,
      artifact_uri: `${artifactLocation.replace(/\/$/, '')}/${runId}/artifacts`,
      lifecycle_stage: 'active',
      deleted_time: null,
      version: 0,
      metrics: new Map(Object.entries(spec.metrics)),
      metricInfo: new Map(
        Object.keys(spec.metrics).map((k) => [
          k,
          { timestamp: ts, step: 0, count: 1, maxTimestamp: ts, monotonic: true },
        ]),
      ),
      params: new Map(Object.entries(spec.params)),
      tags: new Map([...Object.entries(spec.tags), ['mlflow.runName', spec.name]]),
      inputs: [],
    };
  };
}

/**
 * Grows experiment `experimentId` to `to` runs: the first `apiRuns` through createRun + logBatch,
 * the rest as bulk rows of the same shape (runs + one metric chunk per key) in chunks.
 */
export async function populateRuns({ experimentId, from, to, apiRuns, chunk }) {
  const { store } = globalThis.tracklab;
  const spec = globalThis.runSpec;
  const t0 = performance.now();
  const apiTo = Math.min(to, Math.max(from, apiRuns));
  for (let i = from; i < apiTo; i++) {
    const s = spec(i);
    const tags = Object.entries(s.tags).map(([key, value]) => ({ key, value }));
    const run = await store.createRun({
      experimentId,
      runName: s.name,
      startTime: s.startTime,
      tags,
    });
    await store.logBatch(run.info.run_id, {
      metrics: Object.entries(s.metrics).map(([key, value]) => ({
        key,
        value,
        timestamp: s.startTime,
        step: 0,
      })),
      params: Object.entries(s.params).map(([key, value]) => ({ key, value })),
    });
  }
  const apiMs = performance.now() - t0;
  const { artifact_location: location } = await store.getExperiment(experimentId);
  // Shape check: the bulk row for run 0 must equal the row the API wrote for it (ids aside).
  const apiRow = await store.db.runs
    .where('experiment_id')
    .equals(experimentId)
    .filter((r) => r.run_name === 'run-0')
    .first();
  if (apiRow) {
    const built = globalThis.benchRow(spec(0), apiRow.run_id, experimentId, location);
    built.version = apiRow.version;
    const norm = (r) => JSON.stringify(r, (_, v) => (v instanceof Map ? [...v].sort() : v));
    if (norm(built) !== norm(apiRow))
      throw new Error(`bulk row shape differs:\n${norm(built)}\n${norm(apiRow)}`);
  }
  const t1 = performance.now();
  for (let c = apiTo; c < to; c += chunk) {
    const rows = [];
    const chunks = [];
    for (let i = c; i < Math.min(to, c + chunk); i++) {
      const s = spec(i);
      const id = crypto.randomUUID().replace(/-/g, '');
      rows.push(globalThis.benchRow(s, id, experimentId, location));
      for (const [key, value] of Object.entries(s.metrics)) {
        chunks.push({
          run_id: id,
          key,
          chunk: 0,
          steps: new Float64Array([0]),
          timestamps: new Float64Array([s.startTime]),
          values: new Float64Array([value]),
        });
      }
    }
    await store.db.transaction(
      'rw',
      store.db.runs,
      store.db.metricChunks,
      store.db.meta,
      async () => {
        // Stamp the rows as the store does (run-cache.ts), so its search cache sees them.
        const version = ((await store.db.meta.get('runsVersion'))?.value ?? 0) + 1;
        await store.db.meta.put({ key: 'runsVersion', value: version });
        for (const row of rows) row.version = version;
        await store.db.runs.bulkAdd(rows);
        await store.db.metricChunks.bulkAdd(chunks);
      },
    );
  }
  return { apiRuns: apiTo - from, apiMs, bulkRuns: to - apiTo, bulkMs: performance.now() - t1 };
}

/** Times searchRuns (one warm-up, then `reps`), plus the bare IndexedDB read of the same rows. */
export async function timeSearch({ experimentId, request, reps }) {
  const { store } = globalThis.tracklab;
  const { stats } = globalThis.benchUtil;
  const req = { ...request, experimentIds: [experimentId] };
  const Store = store.constructor;
  const coldSearch = async () => {
    const fresh = new Store({ name: store.db.name });
    const t = performance.now();
    const result = await fresh.searchRuns(req);
    const ms = performance.now() - t;
    await fresh.whenIdle();
    fresh.close();
    return { ms, result };
  };
  // First search ever: no packed snapshot yet, so every run row is read (and a snapshot written).
  await store.db.searchSnapshots.delete(experimentId);
  const never = await coldSearch();
  // First search after reopening the page: a new store instance (empty memory cache) reads the
  // experiment's packed snapshot plus the rows changed since.
  const cold = [];
  let first = never.result;
  for (let i = 0; i < 3; i++) {
    const r = await coldSearch();
    cold.push(r.ms);
    first = r.result;
  }
  await store.searchRuns(req);
  const xs = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await store.searchRuns(req);
    xs.push(performance.now() - t);
  }
  const read = [];
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    n = (await store.db.runs.where('experiment_id').anyOf([experimentId]).toArray()).length;
    read.push(performance.now() - t);
  }
  return {
    search: stats(xs),
    cold: stats(cold),
    firstEver: never.ms,
    rawRead: stats(read),
    rows: n,
    returned: first.items.length,
    firstNames: first.items.slice(0, 10).map((r) => r.info.run_name),
  };
}
