/**
 * Differential search: one scenario written to the local store and to a real mlflow server; every
 * filter × ordering must return the same runs in the same order from both, and a filter the server
 * rejects must be rejected locally too. The server is the reference (docs/mlflow-compat.md).
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { isMlflowError, type Run, type TrackingStore, type ViewType } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { RestStore } from '$lib/tracking/rest/rest-store';
import { writeScenario, type Scenario } from './search-scenario';
import { EXTENSION_FILTERS, FILTERS, INVALID_FILTERS, ORDERINGS } from './search-cases';

interface Side {
  store: TrackingStore;
  scenario: Scenario;
}

type Outcome = { indices: number[]; next: boolean } | { error: string };

const indexOf = (run: Run) => Number(run.data.tags.find((t) => t.key === 'scenario.index')?.value);

async function search(
  side: Side,
  filter: string | ((s: Scenario) => string),
  orderBy: string[],
  options: { viewType?: ViewType; experiments?: number[]; maxResults?: number; page?: number } = {},
): Promise<Outcome> {
  const filterString = typeof filter === 'function' ? filter(side.scenario) : filter;
  const experimentIds = (options.experiments ?? [0]).map((i) => side.scenario.experimentIds[i]);
  try {
    let token: string | undefined;
    let result;
    for (let page = 0; page <= (options.page ?? 0); page++) {
      result = await side.store.searchRuns({
        experimentIds,
        filterString,
        orderBy,
        runViewType: options.viewType,
        maxResults: options.maxResults ?? 1000,
        pageToken: token,
      });
      token = result.next_page_token;
      if (!token) break;
    }
    return { indices: result!.items.map(indexOf), next: Boolean(token) };
  } catch (e) {
    if (isMlflowError(e)) return { error: e.error_code };
    throw e;
  }
}

describe('differential search: local store vs mlflow server', () => {
  let local: Side;
  let remote: Side;
  const prefix = `diff-${Date.now()}`;

  beforeAll(async () => {
    const localStore = new DexieStore({ name: prefix });
    const remoteStore = new RestStore({ baseUrl: inject('mlflowUrl') });
    const [l, r] = await Promise.all([
      writeScenario(localStore, prefix),
      writeScenario(remoteStore, prefix),
    ]);
    local = { store: localStore, scenario: l };
    remote = { store: remoteStore, scenario: r };
  }, 300_000);

  it('has at least 60 filters and 200 runs', () => {
    expect(FILTERS.length).toBeGreaterThanOrEqual(60);
    expect(local.scenario.runIds.length).toBeGreaterThanOrEqual(200);
  });

  FILTERS.forEach((filter, i) => {
    const label = typeof filter === 'function' ? filter.toString() : filter || '(empty)';
    it(`filter ${i}: ${label}`, async () => {
      // Each filter runs under three orderings, rotating through the list.
      for (let k = 0; k < 3; k++) {
        const orderBy = ORDERINGS[(i + k * 7) % ORDERINGS.length];
        const views: ViewType[] = ['ACTIVE_ONLY', 'ALL', 'DELETED_ONLY'];
        const options = { viewType: views[(i + k) % 3], experiments: k === 2 ? [0, 1, 2] : [0] };
        const expected = await search(remote, filter, orderBy, options);
        const actual = await search(local, filter, orderBy, options);
        expect(actual, `order_by ${JSON.stringify(orderBy)} ${JSON.stringify(options)}`).toEqual(
          expected,
        );
        expect('error' in expected, 'a valid MLflow filter').toBe(false);
      }
    });
  });

  INVALID_FILTERS.forEach((filter) => {
    it(`rejected by both: ${filter}`, async () => {
      expect(await search(remote, filter, [])).toEqual({ error: 'INVALID_PARAMETER_VALUE' });
      expect(await search(local, filter, [])).toEqual({ error: 'INVALID_PARAMETER_VALUE' });
    });
  });

  EXTENSION_FILTERS.forEach((filter) => {
    it(`an extension the server rejects and Tracklab accepts: ${filter}`, async () => {
      expect(await search(remote, filter, [])).toEqual({ error: 'INVALID_PARAMETER_VALUE' });
      expect(await search(local, filter, [])).toHaveProperty('indices');
    });
  });

  it('pages the same way', async () => {
    for (const orderBy of [[], ['metrics.acc DESC'], ['params.optimizer', 'metrics.loss ASC']]) {
      for (const page of [0, 1, 3]) {
        const options = { maxResults: 7, page, experiments: [0, 1] };
        expect(await search(local, "params.optimizer LIKE '%a%'", orderBy, options)).toEqual(
          await search(remote, "params.optimizer LIKE '%a%'", orderBy, options),
        );
      }
    }
  });

  it('extensions: OR and parentheses mean the union and grouping of what the server returns', async () => {
    const a = "params.optimizer = 'adam'";
    const b = 'metrics.acc > 0.8';
    const c = "tags.team = 'a'";
    const order = ['metrics.acc DESC'];
    const [ra, rb, rc] = [
      await search(remote, a, order),
      await search(remote, b, order),
      await search(remote, c, order),
    ];
    const all = await search(remote, '', order);
    const pick = (keep: (i: number) => boolean) => ({
      indices: (all as { indices: number[] }).indices.filter(keep),
      next: false,
    });
    const has = (o: Outcome, i: number) => 'indices' in o && o.indices.includes(i);
    expect(await search(remote, `${a} OR ${b}`, order)).toEqual({
      error: 'INVALID_PARAMETER_VALUE',
    });
    expect(await search(local, `${a} OR ${b}`, order)).toEqual(
      pick((i) => has(ra, i) || has(rb, i)),
    );
    expect(await search(local, `(${a} OR ${b}) AND ${c}`, order)).toEqual(
      pick((i) => (has(ra, i) || has(rb, i)) && has(rc, i)),
    );
    expect(await search(local, `${c} AND (${a} or ${b})`, order)).toEqual(
      pick((i) => (has(ra, i) || has(rb, i)) && has(rc, i)),
    );
  });

  it('extension: numeric comparison of params agrees with exact string matches', async () => {
    expect(await search(remote, 'params.lr > 0.005', [])).toEqual({
      error: 'INVALID_PARAMETER_VALUE',
    });
    const asNumber = await search(local, 'params.lr = 0.001', ['start_time ASC']);
    const strings = await Promise.all(
      ["'0.001'", "'0.0010'", "'1e-3'"].map((v) =>
        search(remote, `params.lr = ${v}`, ['start_time ASC']),
      ),
    );
    const union = strings.flatMap((o) => ('indices' in o ? o.indices : [])).sort((x, y) => x - y);
    expect(asNumber).toEqual({ indices: union, next: false });
  });
});
