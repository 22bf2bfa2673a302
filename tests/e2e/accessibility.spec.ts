// axe-core on the pages a person works in — experiments, runs, a run, a study, models, a model
// with its history, Compare, Promote best, Scripts — with data in them: no serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, seedExperiment } from './seed';

async function violations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('no serious or critical axe violation on the main pages', async ({ page }) => {
  test.setTimeout(120_000);
  // Opened at '/', so the first page below ('/#/') is a new URL: going to the very URL a page is on
  // is a reload in Chromium, and axe once ran on the old document while the new one loaded.
  await openApp(page, '/');
  const experimentId = await seedExperiment(page, 'axe', [
    { name: 'a', metrics: { val_auc: 0.8 }, params: { lr: 0.1 } },
    { name: 'b', metrics: { val_auc: 0.9 }, params: { lr: 0.01 } },
  ]);
  const { runId, studyRunId, both } = await page.evaluate(async (exp) => {
    const { client, registry, tuning } = window.tracklab!;
    const run = (await client.searchRuns({ experimentIds: [exp] })).items[0];
    const runId = run.info.run_id;
    await client.logArtifact(runId, 'model/MLmodel', new TextEncoder().encode('flavors: {}\n'));
    await registry.createRegisteredModel('axe-model');
    const v = await registry.createModelVersion({
      name: 'axe-model',
      source: `${run.info.artifact_uri}/model`,
      runId,
    });
    await registry.transitionModelVersionStage('axe-model', v.version, 'Staging', false);
    await registry.setRegisteredModelAlias('axe-model', 'champion', v.version);
    const study = await tuning.createStudy({
      studyName: 'axe study',
      direction: 'minimize',
      sampler: new tuning.samplers.RandomSampler({ seed: 1 }),
    });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', -2, 2);
        const k = t.suggestCategorical('k', ['a', 'b']);
        for (let s = 0; s < 3; s++) t.report(x * x + s, s);
        return x * x + (k === 'a' ? 0 : 1);
      },
      { nTrials: 12 },
    );
    const all = (await client.searchRuns({ experimentIds: [exp] })).items;
    return { runId, studyRunId: study.studyRunId!, both: all.map((r) => r.info.run_id).join(',') };
  }, experimentId);

  const pages: [string, string, () => Promise<void>][] = [
    ['experiments', '/#/', () => expect(page.getByRole('link', { name: 'axe' })).toBeVisible()],
    [
      'runs',
      `/#/experiments/${experimentId}`,
      () => expect(page.getByRole('link', { name: 'b', exact: true })).toBeVisible(),
    ],
    [
      'run',
      `/#/experiments/${experimentId}/runs/${runId}`,
      () => expect(page.getByRole('heading', { level: 1 })).toBeVisible(),
    ],
    [
      'study',
      `/#/experiments/0/runs/${studyRunId}`,
      () => expect(page.getByRole('table', { name: 'Trials' })).toBeVisible(),
    ],
    [
      'models',
      '/#/models',
      () => expect(page.getByRole('link', { name: 'axe-model' })).toBeVisible(),
    ],
    [
      'model',
      '/#/models/axe-model',
      () => expect(page.getByRole('table', { name: 'History' })).toBeVisible(),
    ],
    [
      'compare',
      `/#/compare/${both}`,
      async () => {
        await expect(page.getByRole('table', { name: 'Differences' })).toBeVisible();
        // The relations plots are built when scrolled into view: check them too.
        await page.getByRole('img', { name: /line chart by step/ }).waitFor();
        await page
          .getByRole('heading', { name: 'How the params relate to a metric' })
          .scrollIntoViewIfNeeded();
        await expect(page.getByLabel('Relate to', { exact: true })).toBeVisible();
      },
    ],
    [
      'promote',
      '/#/promote',
      () => expect(page.getByRole('checkbox', { name: 'axe' })).toBeVisible(),
    ],
    ['scripts', '/#/scripts', () => expect(page.getByLabel('Code')).toBeVisible()],
    ['settings', '/#/settings', () => expect(page.getByLabel('Server URL')).toBeVisible()],
    [
      'sync',
      '/#/sync',
      () => expect(page.getByRole('heading', { name: 'Sync with MLflow' })).toBeVisible(),
    ],
  ];
  const found: Record<string, string[]> = {};
  for (const [name, path, ready] of pages) {
    await page.goto(path);
    await page.waitForLoadState('load');
    await ready();
    found[name] = await violations(page);
  }
  expect(found).toEqual(Object.fromEntries(pages.map(([name]) => [name, []])));
});
