// The model registry as a person uses it: name the model when training, add a version from the
// Run page, promote versions through the stages, point an alias at one, edit the description and
// delete a version, all in the real IndexedDB; everything survives a reload.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';

/** Every character a URL treats specially, and spaces: the name must survive the links. */
const NAME = 'iris #1 ?50% & co';
const XSS = '<img src=x onerror="window.__xss=1">';

async function trainRegistered(page: Page) {
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: /^iris/ }).click();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  const registerAs = page.getByLabel('Register the model as');
  const start = page.getByRole('button', { name: /^Start training/ });

  await registerAs.fill('iris/v1');
  await expect(page.getByRole('alert')).toHaveText(
    "Invalid model name 'iris/v1'. Names cannot contain '/' or ':'.",
  );
  await expect(start).toBeDisabled();

  await registerAs.fill(NAME);
  await expect(start).toBeEnabled();
  await start.click();
  const registered = page.getByRole('status').filter({ hasText: 'Registered as' });
  await expect(registered).toHaveText(`Registered as ${NAME}, version 1.`, { timeout: 45_000 });
  return registered;
}

test('registers a trained model, adds a version from its run, promotes it and sets an alias', async ({
  page,
}) => {
  const registered = await trainRegistered(page);
  await registered.getByRole('link', { name: NAME }).click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  const versions = page.getByRole('table', { name: `Versions of ${NAME}` });
  await expect(versions.getByRole('rowheader')).toHaveText(['Version 1']);
  await expect(page.getByLabel('Stage of version 1')).toHaveValue('None');

  // A registered version evaluates on its test split, as a run that names the version.
  const evaluate = page.getByRole('form', { name: 'Evaluation settings' });
  await expect(evaluate.getByLabel('Version')).toHaveValue('1');
  await expect(evaluate.getByLabel('Threshold')).toHaveCount(0); // iris: multiclass
  await evaluate.getByRole('button', { name: 'Evaluate' }).click();
  const evaluated = page.getByRole('status').filter({ hasText: 'evaluated on its test split' });
  await expect(evaluated).toContainText(/Version 1 evaluated on its test split: accuracy_score/, {
    timeout: 20_000,
  });
  await evaluated.getByRole('link', { name: 'Open the evaluation run' }).click();
  await expect(
    page.getByRole('table', { name: 'Parameters' }).getByRole('row', { name: /^model/ }),
  ).toContainText(`models:/${NAME}/1`);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();

  // The source run links back to the run, whose page lists the version and adds another.
  await versions.getByRole('link').click();
  const panel = page.getByRole('region', { name: 'Model registry' });
  await expect(panel.getByRole('list')).toHaveText(`${NAME} version 1`);
  await panel.getByLabel('Model name').fill(NAME);
  await panel.getByRole('button', { name: 'Add a version' }).click();
  await expect(panel.getByRole('status')).toHaveText(`Registered as ${NAME}, version 2.`);
  await expect(panel.getByRole('listitem')).toHaveCount(2);
  await panel.getByLabel('Model name').fill('latest:best');
  await expect(panel.getByRole('alert')).toContainText("Names cannot contain '/' or ':'");
  await expect(panel.getByRole('button', { name: 'Register model' })).toBeDisabled();

  await panel.getByRole('listitem').first().getByRole('link', { name: NAME }).click();
  await expect(versions.getByRole('rowheader')).toHaveText(['Version 2', 'Version 1']);

  // Stages: 2 to Production, 1 to Staging, then 1 to Production archiving the one there.
  const notice = page.getByRole('status');
  await page.getByLabel('Stage of version 2').selectOption('Production');
  await expect(notice).toHaveText('Version 2 moved to Production.');
  await page.getByLabel('Stage of version 1').selectOption('Staging');
  await expect(notice).toHaveText('Version 1 moved to Staging.');
  await page.getByLabel(/Archive the versions already in Staging or Production/).check();
  await page.getByLabel('Stage of version 1').selectOption('Production');
  await expect(notice).toHaveText('Version 1 moved to Production; the others there are archived.');
  await expect(page.getByLabel('Stage of version 2')).toHaveValue('Archived');

  // Aliases: a reserved one is refused with MLflow's message; champion points at version 1.
  const aliasForm = page.getByRole('form', { name: 'Set an alias' });
  await aliasForm.getByLabel('Alias').fill('latest');
  await aliasForm.getByLabel('Version').selectOption('1');
  await aliasForm.getByRole('button', { name: 'Set alias' }).click();
  await expect(page.getByRole('alert')).toContainText("'latest' alias name (case insensitive)");
  await aliasForm.getByLabel('Alias').fill('champion');
  await aliasForm.getByRole('button', { name: 'Set alias' }).click();
  await expect(notice).toHaveText('@champion now points at version 1.');
  await expect(versions.getByRole('row', { name: /^Version 1/ })).toContainText('@champion');

  // The description is text, never markup.
  await page.getByRole('button', { name: 'Edit description' }).click();
  await page.getByRole('textbox', { name: 'Description' }).fill(`Iris classifier ${XSS}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(notice).toHaveText('Description saved.');
  await expect(page.getByText(`Iris classifier ${XSS}`)).toBeVisible();

  // Tags: set, shown, removed; a key MLflow refuses is refused with its message.
  const tagForm = page.getByRole('form', { name: 'Set a tag' });
  await tagForm.getByLabel('Key').fill('team');
  await tagForm.getByLabel('Value').fill('vision');
  await tagForm.getByRole('button', { name: 'Set tag' }).click();
  await expect(notice).toHaveText('Tag team set.');
  const tags = page.getByRole('region', { name: 'Tags' });
  await expect(tags.getByRole('listitem')).toHaveText([/team = vision/]);
  await tagForm.getByLabel('Key').fill('x'.repeat(251));
  await tagForm.getByRole('button', { name: 'Set tag' }).click();
  await expect(page.getByRole('alert')).toContainText('exceeds the maximum length of 250');
  await tags.getByRole('button', { name: 'Remove tag team' }).click();
  await expect(tags).toContainText('No tags.');

  // Deleting asks first; version 2 goes, version 1 stays.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete version 2' }).click();
  await expect(versions.getByRole('rowheader')).toHaveText(['Version 1']);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await expect(page.getByLabel('Stage of version 1')).toHaveValue('Production');
  const byAlias = await page.evaluate(
    (name) => window.tracklab!.registry.getModelVersionByAlias(name, 'champion'),
    NAME,
  );
  expect(byAlias).toMatchObject({ version: '1', current_stage: 'Production' });

  // From the console, as with mlflow.evaluate: the alias and the stage name version 1, which the
  // runs record, keeping the URI asked for beside it.
  const viaConsole = await page.evaluate(async (name) => {
    const app = window.tracklab!;
    const out = [];
    for (const model of [`models:/${name}@champion`, `models:/${name}/Production`]) {
      const result = await app.evaluate({ model, evaluators: ['default'] });
      const run = await app.client.getRun(result.runId);
      const tag = (key: string) => run.data.tags.find((t) => t.key === key)?.value;
      out.push({
        accuracy: result.metrics.accuracy_score,
        model: tag('tracklab.evaluated_model'),
        requested: tag('tracklab.evaluated_model_requested'),
      });
    }
    return out;
  }, NAME);
  expect(viaConsole.map((r) => [r.model, r.requested])).toEqual([
    [`models:/${NAME}/1`, `models:/${NAME}@champion`],
    [`models:/${NAME}/1`, `models:/${NAME}/Production`],
  ]);
  expect(viaConsole[0].accuracy).toBeGreaterThan(0);
  expect(viaConsole[1].accuracy).toBe(viaConsole[0].accuracy);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Models' })
    .click();
  const row = page.getByRole('table', { name: 'Registered models' }).getByRole('row', {
    name: new RegExp(`^${NAME.replace(/[?]/g, '\\?')}`),
  });
  await expect(row.getByRole('cell')).toHaveText([
    'Version 1',
    '—',
    'Version 1',
    '@champion → v1',
    /./,
  ]);
});

test('the Models page says how to register a model when there is none, and a missing model is named', async ({
  page,
}) => {
  await openApp(page, '/#/models');
  await expect(page.getByRole('heading', { name: 'No registered models yet' })).toBeVisible();
  await openApp(page, '/#/models/nothing~20here');
  await expect(page.getByRole('heading', { name: 'Model not found' })).toBeVisible();
  await expect(page.getByText('There is no registered model named nothing here')).toBeVisible();
});
