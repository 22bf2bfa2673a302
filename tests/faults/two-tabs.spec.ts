// Two tabs of one browser (one context, so one origin and one IndexedDB) writing the same things at
// once: a run's note (a conflict is caught and offered as keep mine / keep theirs / merge), a
// model's alias and stage and an experiment's name (MLflow's last writer wins, shown live in both
// tabs, and no write to something else lost), and a newer build upgrading the database while an
// older tab has it open (the old tab closes, says to reload, and the upgrade is not blocked).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp } from './app';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

async function twoTabs(page: Page, path: string): Promise<[Page, Page]> {
  await openApp(page, path);
  const other = await page.context().newPage();
  await openApp(other, path);
  return [page, other];
}

/** A finished run with a note, made from the console; returns its page's path. */
async function seedNotedRun(page: Page, note: string): Promise<{ path: string; runId: string }> {
  await openApp(page);
  return page.evaluate(async (note) => {
    const client = window.tracklab!.client;
    const experimentId = await client.createExperiment(`notes ${Date.now()}`);
    const run = await client.createRun(experimentId, { runName: 'noted run' });
    const runId = run.info.run_id;
    await client.setTag(runId, 'mlflow.note.content', note);
    await client.setTerminated(runId, 'FINISHED');
    return { path: `/#/experiments/${experimentId}/runs/${runId}`, runId };
  }, note);
}

const storedNote = (page: Page, runId: string) =>
  page.evaluate(
    async (runId) =>
      (await window.tracklab!.client.getRun(runId)).data.tags.find(
        (t) => t.key === 'mlflow.note.content',
      )?.value,
    runId,
  );

const notesOf = (page: Page) => page.getByRole('region', { name: 'Notes' });

async function startEditing(page: Page): Promise<Locator> {
  await notesOf(page).getByRole('button', { name: 'Edit note' }).click();
  return notesOf(page).getByRole('textbox', { name: 'Note' });
}

async function saveNote(page: Page, text: string): Promise<void> {
  const box = await startEditing(page);
  await box.fill(text);
  await notesOf(page).getByRole('button', { name: 'Save' }).click();
  await expect(box).toHaveCount(0);
}

const BASE = ['Run 7', 'lr 0.01', 'batch 32', 'loss flat', 'try dropout'].join('\n');

test('a note saved in one tab is never overwritten unseen by the other: merge, keep mine, keep theirs', async ({
  page,
}) => {
  const { path, runId } = await seedNotedRun(page, BASE);
  const [a, b] = await twoTabs(page, path);

  // Not editing: B shows A's save live.
  await saveNote(a, BASE.replace('Run 7', 'Run 7 (baseline)'));
  await expect(notesOf(b).getByText('Run 7 (baseline)')).toBeVisible();
  const base = BASE.replace('Run 7', 'Run 7 (baseline)');

  // Both edit different lines from the same note; A saves first, B is told before saving.
  const boxA = await startEditing(a);
  const boxB = await startEditing(b);
  await boxA.fill(base.replace('lr 0.01', 'lr 0.003'));
  await boxB.fill(base.replace('try dropout', 'try dropout 0.2'));
  await notesOf(a).getByRole('button', { name: 'Save' }).click();
  await expect(boxA).toHaveCount(0);
  await expect(notesOf(b).getByRole('status')).toContainText(
    'This note was changed in another tab since you started editing',
  );
  await notesOf(b).getByRole('button', { name: 'Save' }).click();
  const dialog = notesOf(b).getByRole('alertdialog', {
    name: 'This note was changed in another tab',
  });
  await expect(dialog.getByRole('region', { name: 'Your version' })).toContainText(
    'try dropout 0.2',
  );
  await expect(dialog.getByRole('region', { name: 'Saved in the other tab' })).toContainText(
    'lr 0.003',
  );
  await shot(b, 'note-conflict');
  // Nothing of A's save was lost by B's attempt.
  expect(await storedNote(b, runId)).toBe(base.replace('lr 0.01', 'lr 0.003'));

  await dialog.getByRole('button', { name: 'Merge' }).click();
  const merged = base.replace('lr 0.01', 'lr 0.003').replace('try dropout', 'try dropout 0.2');
  await expect(boxB).toHaveValue(merged);
  await expect(notesOf(b).getByRole('status')).toContainText('Merged: the changes from both tabs');
  await notesOf(b).getByRole('button', { name: 'Save' }).click();
  await expect(boxB).toHaveCount(0);
  expect(await storedNote(a, runId)).toBe(merged);
  await expect(notesOf(a).getByText('try dropout 0.2')).toBeVisible();

  // The same line changed in both: the merge marks it, and saving waits until it is settled.
  await startEditing(a);
  await startEditing(b);
  await boxA.fill(merged.replace('batch 32', 'batch 64'));
  await boxB.fill(merged.replace('batch 32', 'batch 16'));
  await notesOf(a).getByRole('button', { name: 'Save' }).click();
  await expect(boxA).toHaveCount(0);
  await notesOf(b).getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(boxB).toHaveValue(/<<<<<<< your version\nbatch 16\n=======\nbatch 64\n>>>>>>> /);
  await expect(notesOf(b).getByRole('status')).toContainText('One place was changed in both tabs');
  await shot(b, 'note-merge-marked');
  await notesOf(b).getByRole('button', { name: 'Save' }).click();
  await expect(notesOf(b).getByRole('alert')).toContainText('delete the marker lines, then save');
  expect(await storedNote(b, runId)).toBe(merged.replace('batch 32', 'batch 64'));
  const settled = merged.replace('batch 32', 'batch 48');
  await boxB.fill(settled);
  await notesOf(b).getByRole('button', { name: 'Save' }).click();
  await expect(boxB).toHaveCount(0);
  await expect(notesOf(a).getByText('batch 48')).toBeVisible();

  // Keep theirs drops my edit; keep mine saves it over theirs, knowingly.
  await startEditing(a);
  await startEditing(b);
  await boxA.fill('from A');
  await boxB.fill('from B');
  await notesOf(a).getByRole('button', { name: 'Save' }).click();
  await notesOf(b).getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('button', { name: 'Keep theirs' }).click();
  await expect(notesOf(b).getByText('from A')).toBeVisible();
  expect(await storedNote(b, runId)).toBe('from A');

  await startEditing(a);
  await startEditing(b);
  await boxA.fill('A again');
  await boxB.fill('B wins');
  await notesOf(a).getByRole('button', { name: 'Save' }).click();
  await notesOf(b).getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await expect(boxB).toHaveCount(0);
  await expect(notesOf(a).getByText('B wins')).toBeVisible();
  expect(await storedNote(a, runId)).toBe('B wins');
});

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

/** Opens `name` one native version above the current one from `page`, as a newer build would. */
function upgradeFrom(page: Page, name: string) {
  return page.evaluate(async (name) => {
    const found = (await indexedDB.databases()).find((d) => d.name === name);
    if (!found?.version) throw new Error(`no database ${name}`);
    const version = found.version + 1;
    return new Promise<{ version: number; stores: string[]; blocked: boolean }>(
      (resolve, reject) => {
        let blocked = false;
        const req = indexedDB.open(name, version);
        req.onblocked = () => (blocked = true);
        req.onupgradeneeded = () => req.result.createObjectStore(`added-in-${version}`);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const stores = [...req.result.objectStoreNames];
          req.result.close();
          resolve({ version, stores, blocked });
        };
      },
    );
  }, name);
}

test('a newer build upgrading the database: the old tab closes, asks for a reload, and loses nothing', async ({
  page,
}) => {
  await openApp(page, '/#/data');
  const kept = `kept ${Date.now()}`;
  await page.evaluate((n) => window.tracklab!.client.createExperiment(n), kept);
  // IndexedDB's version of each database is Dexie's (the schema's) times ten.
  const before = await page.evaluate(async () => {
    const app = window.tracklab! as unknown as Record<
      'store' | 'datasets',
      { db: { verno: number } }
    >;
    const found = new Map((await indexedDB.databases()).map((d) => [d.name, d.version]));
    return [
      [found.get('tracklab'), app.store.db.verno * 10],
      [found.get('tracklab-datasets'), app.datasets.db.verno * 10],
    ];
  });
  for (const [stored, built] of before) expect(stored).toBe(built);
  await expect(page.getByRole('button', { name: /^iris/ })).toBeVisible();

  const newer = await page.context().newPage();
  await newer.goto('/favicon.svg'); // a document of the same origin that opens no database
  for (const name of ['tracklab', 'tracklab-datasets']) {
    const upgraded = await upgradeFrom(newer, name);
    expect(upgraded.blocked).toBe(false);
    expect(upgraded.stores).toContain(`added-in-${upgraded.version}`);
  }
  const banner = page.getByRole('alert').filter({ hasText: 'Tracklab was updated in another tab' });
  await expect(banner).toContainText('reload it to carry on');
  await shot(page, 'reload-banner');
  // The old tab writes nothing into the newer layout.
  const write = await page.evaluate(() =>
    window.tracklab!.client.createExperiment('written by the old build').then(
      () => 'saved',
      (e: Error) => e.name,
    ),
  );
  expect(write).not.toBe('saved');

  await banner.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => !!window.tracklab);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.goto('/#/');
  await expect(page.getByRole('link', { name: kept, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'written by the old build' })).toHaveCount(0);
});
