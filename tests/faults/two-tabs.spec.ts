// Two tabs of one browser (one context, so one origin and one IndexedDB) writing the same run note
// at once (a conflict is caught and offered as keep mine / keep theirs / merge), and a newer build
// upgrading the database while an older tab has it open (the old tab closes, says to reload, and
// the upgrade is not blocked). The registry and experiment names: two-tabs-registry.spec.ts.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp } from './app';
import { shot, twoTabs } from './tabs';

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
  await notesOf(page).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(box).toHaveCount(0);
}

const BASE = ['Run 7', 'lr 0.01', 'batch 32', 'loss flat', 'try dropout'].join('\n');

/** Both tabs open a note's editor, A saves `fromA`, then B tries `fromB`: B's save is refused. */
async function bothEdit(a: Page, b: Page, fromA: string, fromB: string) {
  const boxA = await startEditing(a);
  const boxB = await startEditing(b);
  await boxA.fill(fromA);
  await boxB.fill(fromB);
  await notesOf(a).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(boxA).toHaveCount(0);
  await expect(notesOf(b).getByRole('status')).toContainText(
    'This note was changed in another tab since you started editing',
  );
  await notesOf(b).getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = notesOf(b).getByRole('alertdialog', {
    name: 'This note was changed in another tab',
  });
  await expect(dialog).toBeVisible();
  return { boxB, dialog };
}

async function notedRunInTwoTabs(page: Page) {
  const { path, runId } = await seedNotedRun(page, BASE);
  const [a, b] = await twoTabs(page, path);
  return { a, b, runId };
}

test('a note saved in another tab shows live, and a save over it is refused and merged', async ({
  page,
}) => {
  const { a, b, runId } = await notedRunInTwoTabs(page);
  // Not editing: B shows A's save live.
  const base = BASE.replace('Run 7', 'Run 7 (baseline)');
  await saveNote(a, base);
  await expect(notesOf(b).getByText('Run 7 (baseline)')).toBeVisible();

  // Both edit different lines from the same note: B is told before saving, then refused.
  const fromA = base.replace('lr 0.01', 'lr 0.003');
  const { boxB, dialog } = await bothEdit(a, b, fromA, base.replace('try dropout', 'dropout 0.2'));
  await expect(dialog.getByRole('region', { name: 'Your version' })).toContainText('dropout 0.2');
  await expect(dialog.getByRole('region', { name: 'Saved in the other tab' })).toContainText(
    'lr 0.003',
  );
  await shot(b, 'note-conflict');
  expect(await storedNote(b, runId)).toBe(fromA); // nothing of A's save lost

  await dialog.getByRole('button', { name: 'Merge' }).click();
  const merged = fromA.replace('try dropout', 'dropout 0.2');
  await expect(boxB).toHaveValue(merged);
  await expect(notesOf(b).getByRole('status')).toContainText('Merged: the changes from both tabs');
  await notesOf(b).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(boxB).toHaveCount(0);
  expect(await storedNote(a, runId)).toBe(merged);
  await expect(notesOf(a).getByText('dropout 0.2')).toBeVisible();
});

test('a line changed in both tabs is marked by the merge, and saving waits until it is settled', async ({
  page,
}) => {
  const { a, b, runId } = await notedRunInTwoTabs(page);
  const fromA = BASE.replace('batch 32', 'batch 64');
  const { boxB, dialog } = await bothEdit(a, b, fromA, BASE.replace('batch 32', 'batch 16'));
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(boxB).toHaveValue(/<<<<<<< your version\nbatch 16\n=======\nbatch 64\n>>>>>>> /);
  await expect(notesOf(b).getByRole('status')).toContainText('One place was changed in both tabs');
  await shot(b, 'note-merge-marked');
  await notesOf(b).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(notesOf(b).getByRole('alert')).toContainText('delete the marker lines, then save');
  expect(await storedNote(b, runId)).toBe(fromA);

  await boxB.fill(BASE.replace('batch 32', 'batch 48'));
  await notesOf(b).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(boxB).toHaveCount(0);
  await expect(notesOf(a).getByText('batch 48')).toBeVisible();
});

test('keep theirs drops my edit; keep mine saves it over theirs, knowingly', async ({ page }) => {
  const { a, b, runId } = await notedRunInTwoTabs(page);
  const first = await bothEdit(a, b, 'from A', 'from B');
  await first.dialog.getByRole('button', { name: 'Keep theirs' }).click();
  await expect(first.boxB).toHaveCount(0);
  await expect(notesOf(b).getByText('from A')).toBeVisible();
  expect(await storedNote(b, runId)).toBe('from A');

  const second = await bothEdit(a, b, 'A again', 'B wins');
  await second.dialog.getByRole('button', { name: 'Keep mine' }).click();
  await expect(second.boxB).toHaveCount(0);
  await expect(notesOf(a).getByText('B wins')).toBeVisible();
  expect(await storedNote(a, runId)).toBe('B wins');
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
