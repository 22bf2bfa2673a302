// Real files as people have them: a ';'-separated export with decimal commas, R's export with every
// name in single quotes, scikit-learn's raw file whose first line is not a header, and a renamed
// PNG. Each is dropped on the Data page as a person does; the first three train a short model and
// the outcome is read on screen. Screenshots of the notes, the header error with its buttons and
// the binary advice: test-results/real-files/*.png.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';
import { drop } from './drop';

const OUT = 'test-results/real-files';

/** A seeded stream of numbers in [0, 1), so every file is the same on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Heights (m) and weights (kg) with decimal commas; `heavy` is yes when the weight is high. */
function decimalCommaFile(rows = 300): string {
  const r = random(7);
  const lines = ['height;weight;city;heavy'];
  for (let i = 0; i < rows; i++) {
    const height = 1.5 + r() * 0.45;
    const weight = 45 + (height - 1.5) * 60 + r() * 40;
    const city = ['Lyon', 'Porto', 'Köln'][i % 3];
    const heavy = weight + (r() - 0.5) * 6 > 82 ? 'yes' : 'no';
    lines.push(
      `${height.toFixed(2).replace('.', ',')};${weight.toFixed(1).replace('.', ',')};${city};${heavy}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** As R's write.table(quote = "'") writes: every name and text cell in single quotes. */
function singleQuotedFile(rows = 240): string {
  const r = random(11);
  const lines = ["'age','income','region','vote'"];
  for (let i = 0; i < rows; i++) {
    const age = 20 + Math.floor(r() * 50);
    const income = Math.round(20000 + r() * 60000);
    const region = ["'North, East'", "'South'", "O'Neill county"][i % 3];
    const vote = income + (r() - 0.5) * 8000 > 50000 ? "'yes'" : "'no'";
    lines.push(`${age},${income},${region},${vote}`);
  }
  return lines.join('\n') + '\n';
}

/** scikit-learn's raw layout: `n_samples,n_features,class names`, then features and class index. */
function sklearnRawFile(rows = 200): string {
  const r = random(3);
  const lines = [`${rows},4,malignant,benign`];
  for (let i = 0; i < rows; i++) {
    const label = i % 2;
    const f = [0, 1, 2, 3].map((k) => (label * (1 + k * 0.5) + r() * 1.2).toFixed(3));
    lines.push(`${f.join(',')},${label}`);
  }
  return lines.join('\n') + '\n';
}

/** The first bytes of a real PNG file (a 1×1 image's signature and header chunk). */
const PNG = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
  0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];

async function trainShort(page: Page, epochs = 40): Promise<string> {
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByRole('button', { name: /^Start training/ }).click();
  const done = page.getByRole('status').filter({ hasText: 'Finished after' });
  await expect(done).toBeVisible({ timeout: 45_000 });
  return (await done.textContent()) ?? '';
}

const metric = (text: string, name: string) => {
  const m = new RegExp(`${name} (-?\\d+\\.\\d+)`).exec(text);
  if (!m) throw new Error(`no ${name} in "${text}"`);
  return Number(m[1]);
};

test('decimal commas are read as numbers, said so, and the model learns from them', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page, '/#/data');
  await drop(page, 'bmi.csv', decimalCommaFile());
  await expect(page.getByRole('heading', { level: 2, name: 'bmi' })).toBeVisible();
  const notes = page.getByRole('list', { name: 'Notes on reading the file' });
  await expect(notes).toContainText(
    'Read decimal commas as numbers in columns "height", "weight" (1,5 as 1.5).',
  );
  await expect(page.getByLabel('Type of height')).toHaveValue('numeric');
  await expect(page.getByRole('img', { name: /Histogram of weight/ })).toBeVisible();
  await page.getByRole('radio', { name: 'Use heavy as the target' }).check();
  await notes.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/decimal-comma-notes.png`, fullPage: true });

  // Read as text, forcing Numeric loses every cell: said with examples, and training waits.
  await page.getByLabel('Decimal separator').selectOption('point');
  await expect(page.getByLabel('Type of height')).toHaveValue('categorical');
  await page.getByLabel('Type of height').selectOption('numeric');
  const rowNote = page.getByRole('note').filter({ hasText: '"height" is set to Numeric' });
  await expect(rowNote).toContainText('300 of its 300 values are not numbers (e.g. "1,');
  await expect(rowNote).toContainText('choose Decimal separator › Comma');
  await rowNote.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/numeric-loss-data.png`, fullPage: true });
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  const loss = page.getByRole('group', { name: 'Values lost to Numeric' });
  await expect(loss).toContainText('300 of its 300 values are not numbers');
  await expect(page.getByRole('button', { name: /^Start training/ })).toBeDisabled();
  await page.screenshot({ path: `${OUT}/numeric-loss-train.png`, fullPage: true });
  await loss.getByRole('checkbox', { name: 'Train with these values as missing' }).check();
  await expect(page.getByRole('button', { name: /^Start training/ })).toBeEnabled();

  // Back to reading the commas: the numbers return, and the model learns from them.
  await page.getByRole('link', { name: 'Change the data or target' }).click();
  await page.getByLabel('Decimal separator').selectOption('auto');
  await expect(page.getByRole('img', { name: /Histogram of height, from 1\.5/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Values lost to Numeric' })).toHaveCount(0);
  const outcome = await trainShort(page);
  expect(metric(outcome, 'test_auc')).toBeGreaterThan(0.85);

  // The choice is the record's: a reload reads the file the same way.
  await page.getByRole('link', { name: 'Change the data or target' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Data' })).toBeVisible();
  await page.reload();
  await page.waitForFunction(() => !!window.tracklab);
  await expect(page.getByRole('heading', { level: 2, name: 'bmi' })).toBeVisible();
  await expect(page.getByLabel('Decimal separator')).toHaveValue('auto');
  await expect(page.getByLabel('Type of weight')).toHaveValue('numeric');
});

test("a single-quoted header loses its quotes in names, cells and the model's inputs", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page, '/#/data');
  await drop(page, 'votes.csv', singleQuotedFile());
  await expect(page.getByRole('heading', { level: 2, name: 'votes' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Notes on reading the file' })).toContainText(
    "Every column name is in single quotes ('age'): the names and cells are read without them.",
  );
  await expect(page.getByRole('radio', { name: 'Use vote as the target' })).toBeChecked();
  await expect(page.getByRole('table', { name: 'Preview' })).toContainText('North, East');
  await expect(page.getByRole('table', { name: 'Preview' })).toContainText("O'Neill county");
  await expect(page.getByRole('table', { name: 'Preview' })).not.toContainText("'South'");
  await page.screenshot({ path: `${OUT}/single-quoted-notes.png`, fullPage: true });

  const outcome = await trainShort(page);
  expect(metric(outcome, 'test_auc')).toBeGreaterThan(0.8);
  await page.getByRole('link', { name: 'Open the run' }).click();
  const panel = page.getByRole('region', { name: 'Predict with this model' });
  await expect(panel.getByLabel('income', { exact: true })).toBeVisible();
  await expect(panel.getByLabel("'income'")).toHaveCount(0);
});

test("scikit-learn's raw file: line 1 is named as the culprit, and the offered fix trains", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: /^iris/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'iris' })).toBeVisible();

  await drop(page, 'breast_cancer.csv', sklearnRawFile());
  const error = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(error).toContainText('breast_cancer.csv could not be loaded.');
  await expect(error).toContainText(
    'Line 1 has 4 fields, but all 200 lines after it have 5 (comma-separated): line 1 is not the header of this table.',
  );
  await expect(error).not.toContainText('Row 2');
  // The open dataset's panel gives way to the error about the new file.
  await expect(page.getByRole('heading', { level: 2, name: 'iris' })).toHaveCount(0);
  await page.screenshot({ path: `${OUT}/header-error.png`, fullPage: true });

  await error.getByRole('button', { name: 'Skip line 1; no header row' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'breast_cancer' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Notes on reading the file' })).toContainText(
    '0 = malignant, 1 = benign',
  );
  await expect(page.getByLabel('Header', { exact: true })).toHaveValue('2');
  await expect(page.getByRole('radio', { name: 'Use column_5 as the target' })).toBeChecked();
  await expect(page.getByLabel('Task')).toHaveValue('binary');
  await page.screenshot({ path: `${OUT}/headerless-read.png`, fullPage: true });
  const outcome = await trainShort(page);
  expect(metric(outcome, 'test_auc')).toBeGreaterThan(0.9);
  // The run's config names how the file was read, so evaluating it later reads the same table.
  const read = await page.evaluate(async () => {
    const c = window.tracklab!.client;
    const [run] = (await c.searchRuns({ experimentIds: ['0'] })).items;
    const config = await c.downloadArtifact(run.info.run_id, 'config.json');
    return JSON.parse(new TextDecoder().decode(config)).data.read;
  });
  expect(read).toEqual({ skip: 1, header: false, decimal: 'auto', delimiter: ',', quoteChar: '"' });
});

test('a renamed PNG is named as an image, and the open dataset closes', async ({ page }) => {
  await openApp(page, '/#/data');
  await drop(page, 'good.csv', 'x,label\n1,a\n2,b\n3,a\n');
  await expect(page.getByRole('heading', { level: 2, name: 'good' })).toBeVisible();
  await drop(page, 'data.csv', PNG);
  const error = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(error).toContainText(
    'data.csv could not be loaded. This is a PNG image, not a text file of rows and columns.',
  );
  await expect(error).not.toContainText('iconv');
  await expect(page.getByRole('heading', { level: 2, name: 'good' })).toHaveCount(0);
  await page.screenshot({ path: `${OUT}/binary-advice.png`, fullPage: true });
  expect((await page.evaluate(() => window.tracklab!.datasets.list())).map((d) => d.name)).toEqual([
    'good',
  ]);
});

test('an all-missing target shows its refusal alone: no task, no "left out" note', async ({
  page,
}) => {
  await openApp(page, '/#/data');
  await drop(page, 'gaps.csv', 'x,nothing,label\n1,,a\n2,NA,b\n3,,a\n4,,b\n');
  await page.getByRole('radio', { name: 'Use nothing as the target' }).check();
  await expect(page.getByRole('alert')).toContainText(
    'Every value of the target "nothing" is missing.',
  );
  await expect(page.getByLabel('Task')).toHaveCount(0);
  await expect(page.getByText('left out of training')).toHaveCount(0);
  await page
    .getByRole('link', { name: /^Train a model on/ })
    .evaluate((a: HTMLAnchorElement) => a.click());
  await expect(page.getByText(/Learning nothing from gaps/)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Start training/ })).toBeDisabled();
  await page.screenshot({ path: `${OUT}/empty-target-train.png`, fullPage: true });
});
