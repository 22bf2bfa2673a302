// Evaluation as a person does it: train a binary model, evaluate its test predictions at a chosen
// threshold from the Run page, open the evaluation run and look at its plots (PNG and
// interactive), its metrics and its report; the two runs link to each other. Then a predictions
// file as scikit-learn people write it (y_true,y_pred,prob_1), with and without a positive class.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './seed';

async function trainBinary(page: Page) {
  await openApp(page, '/#/data');
  await page.getByRole('button', { name: /^breast-cancer/ }).click();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('8');
  await page.getByRole('button', { name: /^Start training/ }).click();
  const done = page.getByRole('status').filter({ hasText: 'Finished after' });
  await expect(done).toBeVisible({ timeout: 45_000 });
  await done.getByRole('link', { name: 'Open the run' }).click();
}

test('evaluates a trained model’s test predictions as a new run with plots and a report', async ({
  page,
}) => {
  await trainBinary(page);
  await expect(page).toHaveURL(/\/runs\/[0-9a-f]{32}$/);
  const trainedUrl = page.url();
  const panel = page.getByRole('region', { name: 'Evaluate' });
  await expect(panel.getByLabel('Evaluate', { exact: true })).toHaveValue('predictions/test.csv');
  await panel.getByLabel('Threshold').fill('1.5');
  await expect(panel.getByRole('alert')).toHaveText('The threshold must lie between 0 and 1.');
  await expect(panel.getByRole('button', { name: 'Evaluate' })).toBeDisabled();
  await panel.getByLabel('Threshold').fill('0.3');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  const status = panel.getByRole('status');
  await expect(status).toContainText(
    /Evaluated: accuracy_score 0\.\d+, f1_score 0\.\d+, roc_auc 0\.\d+/,
    {
      timeout: 20_000,
    },
  );
  await expect(panel.getByRole('list', { name: 'Evaluations of this run' })).toContainText(
    /evaluate-/,
  );
  await status.getByRole('link', { name: 'Open the evaluation run' }).click();

  // The evaluation run: linked back, with its params, metrics, dataset and artifacts.
  await expect(page.getByRole('heading', { level: 1, name: /^evaluate-/ })).toBeVisible();
  const params = page.getByRole('table', { name: 'Parameters' });
  await expect(params.getByRole('row', { name: /threshold/ })).toContainText('0.3');
  const metrics = page.getByRole('region', { name: 'Metrics' });
  for (const key of ['roc_auc', 'log_loss', 'brier_score', 'true_positives'])
    await expect(metrics.getByRole('rowheader', { name: key, exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: /Dataset inputs/ })).toContainText('evaluation');

  const files = page.getByRole('navigation', { name: 'Artifact files' });
  await files.getByRole('button', { name: 'plots', exact: true }).click();
  await files.getByRole('button', { name: /roc_curve\.png/ }).click();
  const image = page.getByRole('img', { name: 'Artifact plots/roc_curve.png' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
  await files.getByRole('button', { name: /confusion_matrix\.json/ }).click();
  const chart = page.getByRole('figure', { name: 'Chart confusion_matrix.json' });
  await expect(chart.locator('svg.main-svg').first()).toBeVisible({ timeout: 15_000 });
  await expect(chart).toContainText('benign');
  await page.getByRole('region', { name: 'Artifacts' }).screenshot({
    path: 'test-results/screenshots/evaluation-chart.png',
  });

  await files.getByRole('button', { name: /report\.html/ }).click();
  const report = page.frameLocator('iframe[title="Preview of report.html"]');
  await expect(report.getByRole('heading', { level: 1 })).toContainText('Evaluation of');
  await expect(report.getByRole('table', { name: 'Metrics' })).toContainText('roc_auc');
  await expect(report.getByRole('img', { name: /ROC curve/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/evaluation-run.png', fullPage: true });

  await page
    .getByRole('link', { name: /^[0-9a-f]{8}$/ })
    .first()
    .click();
  await expect(page).toHaveURL(trainedUrl);
  await expect(
    page.getByRole('list', { name: 'Evaluations of this run' }).getByRole('link'),
  ).toHaveCount(1);

  // A predictions file from scikit-learn: the metrics (sklearn: accuracy 0.8, F1 0.8, ROC AUC
  // 0.92) and the columns read are on screen.
  await panel.getByLabel('Evaluate', { exact: true }).selectOption('a predictions file…');
  await panel
    .getByLabel('Predictions CSV (true values, predicted classes or probabilities)')
    .setInputFiles({
      name: 'sklearn-predictions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'y_true,y_pred,prob_1\n1,1,0.92\n0,0,0.10\n1,1,0.81\n0,1,0.55\n1,0,0.35\n0,0,0.42\n1,1,0.77\n0,0,0.05\n1,1,0.66\n0,0,0.30\n',
      ),
    });
  await panel.getByLabel('Threshold').fill('0.5');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(status).toContainText('Evaluated: accuracy_score 0.8, f1_score 0.8, roc_auc 0.92.', {
    timeout: 20_000,
  });
  await expect(status).toContainText(
    'Columns used: true values "y_true"; P("1") "prob_1"; predicted classes "y_pred" (checked against them); positive class "1" (the greater label).',
  );
  await panel.screenshot({ path: 'test-results/screenshots/evaluate-predictions-file.png' });
  await panel.getByLabel('Positive class').fill('0');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(status).toContainText('; positive class "0".', { timeout: 20_000 });
  // Labels alone, as scikit-learn people write them for classification_report: every metric on
  // labels (sklearn: accuracy 0.6, F1 of "yes" 2/3), none on probabilities, and why.
  const predictionsFile = panel.getByLabel(
    'Predictions CSV (true values, predicted classes or probabilities)',
  );
  await panel.getByLabel('Positive class').fill('');
  await predictionsFile.setInputFiles({
    name: 'labels.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('label,prediction\nyes,yes\nno,yes\nyes,no\nno,no\nyes,yes\n'),
  });
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(status).toContainText('Evaluated: accuracy_score 0.6, f1_score 0.6667.', {
    timeout: 20_000,
  });
  await expect(status).toContainText(
    'Columns used: true values "label"; predicted classes "prediction" (labels only: no probability columns); positive class "yes" (the greater label).',
  );
  await expect(status.getByRole('listitem').filter({ hasText: 'ROC AUC' })).toContainText(
    'the file has no probability columns',
  );
  await panel.screenshot({ path: 'test-results/screenshots/evaluate-labels-only.png' });
  // Class numbers 0/1/2: a regression unless the task says classification (sklearn: accuracy
  // 0.6, weighted F1 0.6).
  await predictionsFile.setInputFiles({
    name: 'classes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('y_true,y_pred\n0,0\n1,2\n2,2\n1,1\n2,1\n'),
  });
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(status).toContainText('Evaluated: root_mean_squared_error', { timeout: 20_000 });
  await expect(status).toContainText('Task: classification in the Evaluate form');
  await panel.getByLabel('Task').selectOption('classification');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(status).toContainText('Evaluated: accuracy_score 0.6, f1_score 0.6.', {
    timeout: 20_000,
  });
  await panel.screenshot({ path: 'test-results/screenshots/evaluate-task-classification.png' });
  // None of these evaluations is of this run; the console computes the same without a run.
  await expect(
    page.getByRole('list', { name: 'Evaluations of this run' }).getByRole('link'),
  ).toHaveCount(1);
  const auc = await page.evaluate(
    () => window.tracklab!.computeMetrics('y_true,prob_1\n1,0.9\n0,0.2\n0,0.6\n').metrics.roc_auc,
  );
  expect(auc).toBe(1);
});

test('evaluates the model itself on its test split and on a dropped CSV, checked against its inputs', async ({
  page,
}) => {
  await openApp(page, '/#/data');
  await page.evaluate(() => window.tracklab!.client.createExperiment('evaluations'));
  await page.getByRole('button', { name: /^iris/ }).click();
  await page.getByRole('link', { name: /^Train a model on/ }).click();
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('20');
  await page.getByRole('button', { name: /^Start training/ }).click();
  const done = page.getByRole('status').filter({ hasText: 'Finished after' });
  await expect(done).toBeVisible({ timeout: 45_000 });
  await done.getByRole('link', { name: 'Open the run' }).click();

  const panel = page.getByRole('region', { name: 'Evaluate' });
  await expect(panel.getByLabel('Threshold')).toHaveCount(0); // multiclass: no threshold
  await panel.getByLabel('Evaluate', { exact: true }).selectOption('model:test');
  await panel.getByLabel('Log to experiment').selectOption({ label: 'evaluations' });
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByRole('status')).toContainText(/Evaluated: accuracy_score/, {
    timeout: 20_000,
  });

  await panel.getByLabel('Evaluate', { exact: true }).selectOption('model:file');
  await panel.getByLabel('Log to experiment').selectOption({ label: 'Default' });
  const chooser = panel.getByLabel("CSV with the model's columns and the target");
  await chooser.setInputFiles({
    name: 'no-target.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n5.1,3.5,1.4,0.2\n',
    ),
  });
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByRole('alert')).toHaveText(
    '"no-target.csv" has no "species" column: evaluating needs the true value of each row next to the model\'s inputs.',
  );
  await chooser.setInputFiles({
    name: 'labelled.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species\n5.1,3.5,1.4,0.2,setosa\n6.7,3.0,5.2,2.3,virginica\n5.9,3.0,4.2,1.5,versicolor\n',
    ),
  });
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByRole('status')).toContainText(/Evaluated: accuracy_score/, {
    timeout: 20_000,
  });
  await expect(
    panel.getByRole('list', { name: 'Evaluations of this run' }).getByRole('link'),
  ).toHaveCount(2);
  await panel.screenshot({ path: 'test-results/screenshots/evaluate-panel.png' });
  // One evaluation went to the chosen experiment, the other to the run's own.
  const links = panel.getByRole('list', { name: 'Evaluations of this run' }).getByRole('link');
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(new Set(hrefs.map((h) => h?.split('/runs/')[0])).size).toBe(2);
  await panel.getByRole('status').getByRole('link', { name: 'Open the evaluation run' }).click();
  // Wait for the evaluation run's page: the training run's params also start with "data".
  await expect(page.getByRole('heading', { level: 1, name: /^evaluate-/ })).toBeVisible();
  const params = page.getByRole('table', { name: 'Parameters' });
  await expect(params.getByRole('row', { name: /^data / })).toContainText('labelled.csv');
  await expect(params.getByRole('row', { name: /^model / })).toContainText(
    /^.*runs:\/[0-9a-f]{32}\/model/,
  );
  await expect(page.getByRole('region', { name: /Dataset inputs/ })).toContainText('labelled.csv');
});
