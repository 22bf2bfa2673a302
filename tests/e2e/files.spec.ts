// Export and import as files (issue 14), as a person does it: in one browser profile, export
// every experiment as a Tracklab archive from the Sync page (a real download); in a second,
// separate profile (its own IndexedDB), choose that file, see what it holds, import it, and find
// every run with its params, tags, full metric histories, artifacts and nesting. Importing the
// same file again adds nothing. The mlruns export downloads a zip with MLflow's layout and imports
// the same way. No MLflow server is involved: this works offline.
import { expect, test, type Page } from '@playwright/test';
import { openApp, seedExperiment } from './seed';
import { seedRealisticRun } from './seed-run';

/** Every run of every active experiment, by experiment and run name (ids differ between profiles). */
async function dump(page: Page) {
  return page.evaluate(async () => {
    const client = window.tracklab!.client;
    const out: Record<string, unknown> = {};
    const experiments = (await client.searchExperiments({ viewType: 'ACTIVE_ONLY' })).items;
    for (const e of experiments) {
      const runs = (await client.searchRuns({ experimentIds: [e.experiment_id], maxResults: 1000 }))
        .items;
      const names = new Map(runs.map((r) => [r.info.run_id, r.info.run_name]));
      for (const run of runs) {
        const id = run.info.run_id;
        const history: Record<string, [number, number, number][]> = {};
        for (const m of run.data.metrics)
          history[m.key] = (await client.getMetricHistory(id, m.key)).map((p) => [
            p.timestamp,
            p.step,
            p.value,
          ]);
        const artifacts: Record<string, number> = {};
        const dirs: (string | undefined)[] = [undefined];
        while (dirs.length)
          for (const f of await client.listArtifacts(id, dirs.pop()))
            if (f.is_dir) dirs.push(f.path);
            else artifacts[f.path] = (await client.downloadArtifact(id, f.path)).length;
        const parent = run.data.tags.find((t) => t.key === 'mlflow.parentRunId')?.value;
        out[`${e.name}/${run.info.run_name}`] = {
          status: run.info.status,
          start: run.info.start_time,
          end: run.info.end_time ?? null,
          parent: parent ? names.get(parent) : null,
          params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
          tags: Object.fromEntries(
            run.data.tags
              .filter((t) => !t.key.startsWith('tracklab.source') && t.key !== 'mlflow.parentRunId')
              .map((t) => [t.key, t.value]),
          ),
          // MLflow's file store keeps no order among a run's inputs: compared as a set.
          inputs: run.inputs.dataset_inputs
            .map(
              (d) =>
                `${d.dataset.name}/${d.dataset.digest}/${d.dataset.source}/${d.tags.map((t) => `${t.key}=${t.value}`).join(',')}`,
            )
            .sort(),
          history,
          artifacts,
        };
      }
    }
    return out;
  });
}

async function exportAs(page: Page, format: RegExp): Promise<string> {
  await page.getByRole('radio', { name: format }).check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^tracklab-(archive|mlruns)-\d{8}-\d{4}\.zip$/);
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

test('export a Tracklab archive in one profile, import it in another, nothing lost', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await openApp(page, '/#/');
  await seedRealisticRun(page);
  await seedExperiment(page, 'e2e-files-study', [
    { name: 'study', params: { sampler: 'tpe' }, metrics: { best_auc: 0.91 } },
    { name: 'trial-0', parent: 0, params: { lr: '0.01' }, metrics: { val_auc: 0.88 } },
    { name: 'trial-0-fold-0', parent: 1, metrics: { fold_auc: 0.87 } },
    { name: 'trial-1', parent: 0, params: { lr: '0.1' }, metrics: { val_auc: 0.91 } },
  ]);
  const before = await dump(page);
  expect(Object.keys(before).length).toBe(6);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByRole('heading', { name: 'Export and import files' })).toBeVisible();
  const archive = await exportAs(page, /Tracklab archive/);
  await expect(page.getByRole('status').filter({ hasText: 'Exported' })).toContainText(
    /Exported 2 experiments, 6 runs, [\d,]+ points/,
  );
  const mlruns = await exportAs(page, /MLflow mlruns folder/);

  // A second profile: nothing of the first one's IndexedDB.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await openApp(page2, '/#/sync');
  expect(Object.keys(await dump(page2))).toEqual([]);
  await page2.getByLabel('Archive to import (.zip)').setInputFiles(archive);
  await expect(page2.getByText(/a Tracklab archive with 2 experiments, 6 runs/)).toBeVisible();
  await page2.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page2.getByText(/Imported: 6 runs added, 0 updated, 0 already here/)).toBeVisible();
  expect(await dump(page2)).toEqual(before);

  // The same file again: nothing new.
  await page2.getByLabel('Archive to import (.zip)').setInputFiles([]);
  await page2.getByLabel('Archive to import (.zip)').setInputFiles(archive);
  await page2.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page2.getByText(/Imported: 0 runs added, 0 updated, 6 already here/)).toBeVisible();
  expect(await dump(page2)).toEqual(before);
  await other.close();

  // The mlruns export imports into a third profile the same way.
  const third = await browser.newContext();
  const page3 = await third.newPage();
  await openApp(page3, '/#/sync');
  await page3.getByLabel('Archive to import (.zip)').setInputFiles(mlruns);
  await expect(page3.getByText(/an MLflow mlruns folder with 2 experiments, 6 runs/)).toBeVisible();
  await page3.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page3.getByText(/Imported: 6 runs added/)).toBeVisible();
  expect(await dump(page3)).toEqual(before);
  await third.close();
});

test('a file that is not an archive gets a message saying what it is not', async ({ page }) => {
  await openApp(page, '/#/sync');
  await page.getByLabel('Archive to import (.zip)').setInputFiles({
    name: 'runs.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('run,loss\n1,0.5\n'),
  });
  await expect(page.getByRole('alert')).toContainText('runs.csv: This file is not a zip archive');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
});
