// Two tabs of one browser editing the registry and the experiment list at once: MLflow's last
// writer wins where its semantics say so (an alias moves, a stage changes, a name is replaced), both
// tabs show the result live without a reload, a write to something else is never lost, and a name
// clash is refused with MLflow's message.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app';
import { twoTabs } from './tabs';

/** A registered model with two versions of one run, made from the console; returns its name. */
async function seedModel(page: Page): Promise<string> {
  await openApp(page);
  return page.evaluate(async () => {
    const { client, registry } = window.tracklab!;
    const name = `shared model ${Date.now()}`;
    const experimentId = await client.createExperiment(`registry ${Date.now()}`);
    const run = await client.createRun(experimentId, { runName: 'source' });
    await client.setTerminated(run.info.run_id, 'FINISHED');
    await registry.createRegisteredModel(name);
    for (let i = 0; i < 2; i++) {
      const source = `runs:/${run.info.run_id}/model`;
      await registry.createModelVersion({ name, source, runId: run.info.run_id });
    }
    return name;
  });
}

const versionRow = (page: Page, name: string, v: number) =>
  page.getByRole('table', { name: `Versions of ${name}` }).getByRole('row', {
    name: new RegExp(`^Version ${v}`),
  });

async function setAlias(page: Page, alias: string, version: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Set an alias' });
  await form.getByLabel('Alias').fill(alias);
  await form.getByLabel('Version').selectOption(version);
  await form.getByRole('button', { name: 'Set alias' }).click();
}

test("a model's alias and stages set from two tabs: the last writer wins, both tabs show it live, nothing else lost", async ({
  page,
}) => {
  const name = await seedModel(page);
  const [a, b] = await twoTabs(page, `/#/models/${encodeURIComponent(name)}`);

  await setAlias(a, 'champion', '1');
  await expect(versionRow(b, name, 1)).toContainText('@champion');
  // MLflow moves an alias: B pointing it at version 2 takes it off version 1, in both tabs.
  await setAlias(b, 'champion', '2');
  for (const tab of [a, b]) {
    await expect(versionRow(tab, name, 2)).toContainText('@champion');
    await expect(versionRow(tab, name, 1)).not.toContainText('@champion');
  }
  // Two different aliases set at the same moment: both kept.
  await Promise.all([setAlias(a, 'canary', '1'), setAlias(b, 'stable', '2')]);
  for (const tab of [a, b]) {
    await expect(versionRow(tab, name, 1)).toContainText('@canary');
    await expect(versionRow(tab, name, 2)).toContainText('@stable');
  }

  // Stages: both tabs promote a version to Production, archiving the one there: the later wins.
  await a.getByLabel('Stage of version 1').selectOption('Production');
  await expect(b.getByLabel('Stage of version 1')).toHaveValue('Production');
  await b.getByLabel(/Archive the versions already in Staging or Production/).check();
  await b.getByLabel('Stage of version 2').selectOption('Production');
  for (const tab of [a, b]) {
    await expect(tab.getByLabel('Stage of version 2')).toHaveValue('Production');
    await expect(tab.getByLabel('Stage of version 1')).toHaveValue('Archived');
  }
  // Different versions moved at once, without archiving: both moves kept.
  await b.getByLabel(/Archive the versions already in Staging or Production/).uncheck();
  await Promise.all([
    a.getByLabel('Stage of version 1').selectOption('Staging'),
    b.getByLabel('Stage of version 2').selectOption('Staging'),
  ]);
  for (const tab of [a, b]) {
    await expect(tab.getByLabel('Stage of version 1')).toHaveValue('Staging');
    await expect(tab.getByLabel('Stage of version 2')).toHaveValue('Staging');
  }
  const stored = await a.evaluate(async (name) => {
    const r = window.tracklab!.registry;
    const model = await r.getRegisteredModel(name);
    return model.aliases.map((x) => `${x.alias}:${x.version}`).sort();
  }, name);
  expect(stored).toEqual(['canary:1', 'champion:2', 'stable:2']);
});

test('an experiment renamed in two tabs: the last name wins and shows in both; a clash is refused with a message', async ({
  page,
}) => {
  await openApp(page);
  const stamp = Date.now();
  const [first, other] = [`shared ${stamp}`, `other ${stamp}`];
  await page.evaluate(
    async (names) => {
      for (const n of names) await window.tracklab!.client.createExperiment(n);
    },
    [first, other],
  );
  const [a, b] = await twoTabs(page, '/');
  const link = (tab: Page, n: string) => tab.getByRole('link', { name: n, exact: true });

  // B opens the rename box on the old name, A renames meanwhile, then B saves its name.
  await b.getByRole('button', { name: `Rename ${first}` }).click();
  await a.getByRole('button', { name: `Rename ${first}` }).click();
  await a.getByLabel(`New name for ${first}`).fill(`${first} A`);
  await a.getByLabel(`New name for ${first}`).press('Enter');
  await expect(link(a, `${first} A`)).toBeVisible();
  await b.getByRole('textbox', { name: /^New name for/ }).fill(`${first} B`);
  await b.getByRole('textbox', { name: /^New name for/ }).press('Enter');
  for (const tab of [a, b]) {
    await expect(link(tab, `${first} B`)).toBeVisible();
    await expect(link(tab, `${first} A`)).toHaveCount(0);
  }

  // A name the other tab just took is refused with MLflow's message, and nothing is renamed.
  await a.getByRole('button', { name: `Rename ${other}` }).click();
  await a.getByLabel(`New name for ${other}`).fill(`${first} B`);
  await a.getByLabel(`New name for ${other}`).press('Enter');
  await expect(a.getByRole('alert')).toContainText(`${first} B`);
  await expect(a.getByRole('alert')).toContainText(/already exists/i);
  await expect(link(b, other)).toBeVisible();
});
