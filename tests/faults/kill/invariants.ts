// What must hold when the app opens again after a fault: read from the store in a fresh page.
import { expect, type Page } from '@playwright/test';

export interface StoreState {
  runs: {
    id: string;
    name: string;
    status: string;
    error?: string;
    /** Points per metric key, and whether each history's steps are 0..n-1 without a gap. */
    metrics: Record<string, { points: number; contiguous: boolean }>;
    /** Artifacts whose bytes do not match their listed size (half-written). */
    brokenArtifacts: string[];
    artifacts: string[];
  }[];
  datasets: { sha256: string; name: string; intact: boolean }[];
  versions: { name: string; version: string; stage: string; runExists: boolean }[];
  aliases: Record<string, Record<string, string>>;
}

/** Reads everything the invariants are about, through the app's own console API. */
export function readState(page: Page): Promise<StoreState> {
  return page.evaluate(async () => {
    const { client, registry, datasets } = window.tracklab!;
    const experiments = await client.searchExperiments({ viewType: 'ALL', maxResults: 50000 });
    const ids = experiments.items.map((e) => e.experiment_id);
    const found = ids.length
      ? await client.searchRuns({ experimentIds: ids, runViewType: 'ALL', maxResults: 50000 })
      : { items: [] };
    const listAll = async (runId: string, path?: string): Promise<string[]> => {
      const out: string[] = [];
      for (const f of await client.listArtifacts(runId, path))
        out.push(...(f.is_dir ? await listAll(runId, f.path) : [f.path]));
      return out;
    };
    const runs = [];
    for (const run of found.items) {
      const id = run.info.run_id;
      const metrics: Record<string, { points: number; contiguous: boolean }> = {};
      for (const m of run.data.metrics) {
        const history = await client.getMetricHistory(id, m.key);
        const steps = [...new Set(history.map((p) => p.step))].sort((a, b) => a - b);
        metrics[m.key] = {
          points: history.length,
          contiguous: steps.every((s, i) => s === steps[0] + i),
        };
      }
      const artifacts = await listAll(id);
      const brokenArtifacts: string[] = [];
      for (const path of artifacts) {
        const listed = (
          await client.listArtifacts(id, path.split('/').slice(0, -1).join('/'))
        ).find((f) => f.path === path)!;
        const bytes = await client.downloadArtifact(id, path).catch(() => null);
        if (!bytes || bytes.length !== listed.file_size) brokenArtifacts.push(path);
      }
      const tag = (k: string) => run.data.tags.find((t) => t.key === k)?.value;
      runs.push({
        id,
        name: run.info.run_name,
        status: run.info.status,
        error: tag('tracklab.error'),
        metrics,
        artifacts,
        brokenArtifacts,
      });
    }
    const sets = [];
    for (const d of await datasets.list()) {
      const bytes = await datasets.bytes(d.sha256).catch(() => null);
      let intact = false;
      if (bytes && bytes.length === d.size) {
        const hash = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
        const hex = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
        intact = hex === d.sha256;
      }
      sets.push({ sha256: d.sha256, name: d.name, intact });
    }
    const versions = [];
    const aliases: Record<string, Record<string, string>> = {};
    const models = await registry.searchRegisteredModels({ maxResults: 1000 });
    for (const m of models.items) {
      aliases[m.name] = Object.fromEntries((m.aliases ?? []).map((a) => [a.alias, a.version]));
      const vs = await registry.searchModelVersions({ filterString: `name = '${m.name}'` });
      for (const v of vs.items) {
        const runExists = await client.getRun(v.run_id!).then(
          () => true,
          () => false,
        );
        versions.push({ name: m.name, version: v.version, stage: v.current_stage, runExists });
      }
    }
    return { runs, datasets: sets, versions, aliases };
  });
}

/**
 * Waits until the app has closed every run left running (it does at start, and any open tab
 * does when a run's training tab is gone), then checks what every fault must leave behind.
 */
export async function expectConsistent(page: Page): Promise<StoreState> {
  let state = await readState(page);
  await expect
    .poll(
      async () => {
        state = await readState(page);
        return state.runs.filter((r) => r.status === 'RUNNING').map((r) => r.name);
      },
      { timeout: 30_000, message: 'no run may stay RUNNING after a fault' },
    )
    .toEqual([]);
  for (const run of state.runs) {
    if (run.status !== 'FINISHED')
      expect(run.error, `run ${run.name} (${run.status}) must say why`).toBeTruthy();
    expect(run.brokenArtifacts, `run ${run.name}: half-written artifacts listed`).toEqual([]);
    for (const [key, m] of Object.entries(run.metrics))
      expect(m.contiguous, `run ${run.name}: ${key} has a gap in its steps`).toBe(true);
  }
  for (const d of state.datasets) expect(d.intact, `dataset ${d.name} is damaged`).toBe(true);
  for (const v of state.versions)
    expect(v.runExists, `${v.name} v${v.version} points to a missing run`).toBe(true);
  return state;
}
