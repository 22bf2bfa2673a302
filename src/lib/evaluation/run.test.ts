import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient, TAGS, tagValue } from '../tracking';
import { DexieStore } from '../tracking/dexie/dexie-store';
import { evaluateClassifier, NO_PROBABILITIES } from './evaluate';
import { evaluate } from './run';

const TEST_INPUT = {
  tags: [{ key: 'mlflow.data.context', value: 'test' }],
  dataset: { name: 'cancer', digest: 'abc123', source_type: 'http', source: '{}' },
};

async function trainedRun(csv: string, path = 'predictions/test.csv') {
  const client = new MlflowClient(new DexieStore({ name: `eval-${Math.random()}` }));
  const run = await client.createRun('0', { runName: 'mlp' });
  await client.logInputs(run.info.run_id, [TEST_INPUT]);
  await client.logArtifact(run.info.run_id, path, csv);
  return { client, runId: run.info.run_id };
}

const BINARY = [
  'row,diagnosis,prediction,proba_benign,proba_malignant',
  '0,benign,benign,0.9,0.1',
  '1,benign,malignant,0.4,0.6',
  '2,malignant,malignant,0.2,0.8',
  '3,malignant,benign,0.65,0.35',
  '4,benign,benign,0.7,0.3',
].join('\n');

describe('evaluate', () => {
  it('logs a binary evaluation as its own run, linked to the evaluated run', async () => {
    const { client, runId } = await trainedRun(BINARY);
    const result = await evaluate({ client }, { runId, threshold: 0.5 });
    const run = await client.getRun(result.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.info.run_name).toBe('evaluate-mlp');
    expect(tagValue(run.data.tags, TAGS.evaluatedRun)).toBe(runId);
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      evaluated_run_id: runId,
      predictions: 'predictions/test.csv',
      task: 'binary',
      target: 'diagnosis',
      threshold: '0.5',
    });
    const expected = evaluateClassifier({
      classes: ['benign', 'malignant'],
      labels: [0, 0, 1, 1, 0],
      scores: [0.1, 0.6, 0.8, 0.35, 0.3],
    });
    expect(result.metrics).toEqual(expected.metrics);
    const logged = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
    expect(logged).toEqual(expected.metrics);
    expect(run.inputs.dataset_inputs).toEqual([
      { tags: [{ key: 'mlflow.data.context', value: 'evaluation' }], dataset: TEST_INPUT.dataset },
    ]);
    const files = (await client.listArtifacts(result.runId, 'plots')).map((f) => f.path).sort();
    expect(files).toEqual([
      'plots/calibration_curve.json',
      'plots/confusion_matrix.json',
      'plots/precision_recall_curve.json',
      'plots/roc_curve.json',
    ]);
    expect(Object.keys(result.artifacts).sort()).toEqual([
      'calibration_curve_plotly',
      'confusion_matrix_plotly',
      'metrics',
      'precision_recall_curve_plotly',
      'report',
      'roc_curve_plotly',
    ]);
    expect(result.artifacts.report).toBe(`${run.info.artifact_uri}/report.html`);
    const json = JSON.parse(
      new TextDecoder().decode(await client.downloadArtifact(result.runId, 'metrics.json')),
    );
    expect(json.confusion_matrix).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(json.threshold).toBe(0.5);
  });

  it("tags the evaluation run with the tab's session, so a closed tab's run can be closed", async () => {
    const { client, runId } = await trainedRun(BINARY);
    const tagged = await evaluate({ client, session: 'tab-1' }, { runId });
    expect(tagValue((await client.getRun(tagged.runId)).data.tags, TAGS.session)).toBe('tab-1');
    const plain = await evaluate({ client }, { runId });
    expect(tagValue((await client.getRun(plain.runId)).data.tags, TAGS.session)).toBeUndefined();
  });

  it('moves the metrics with the threshold', async () => {
    const { client, runId } = await trainedRun(BINARY);
    const strict = await evaluate({ client }, { runId, threshold: 0.7 });
    expect(strict.metrics).toMatchObject({ true_positives: 1, false_positives: 0 });
    const loose = await evaluate({ client }, { runId, threshold: 0.3 });
    expect(loose.metrics).toMatchObject({ true_positives: 2, false_positives: 2 });
    expect(loose.metrics.roc_auc).toBe(strict.metrics.roc_auc);
    // 0 and 1 are thresholds too, as in scikit-learn: every row positive, or only P = 1.
    const all = await evaluate({ client }, { runId, threshold: 0 });
    expect(all.metrics).toMatchObject({ true_positives: 2, false_positives: 3, recall_score: 1 });
    const none = await evaluate({ client }, { runId, threshold: 1 });
    expect(none.metrics).toMatchObject({
      true_positives: 0,
      false_positives: 0,
      precision_score: 0,
    });
    expect(none.warnings).toContain(
      'precision is ill-defined and set to 0.0 for "malignant" (no predicted rows), as scikit-learn does',
    );
    for (const threshold of [1.5, -0.1, NaN])
      await expect(evaluate({ client }, { runId, threshold })).rejects.toThrow(
        `The threshold must lie between 0 and 1; got ${threshold}.`,
      );
  });

  it('evaluates a regression and a multiclass model, saying what is undefined', async () => {
    const reg = await trainedRun('row,mpg,prediction\n0,20,21\n1,30,28\n2,25,25.5\n');
    const r = await evaluate({ client: reg.client }, { runId: reg.runId });
    expect(r.metrics.root_mean_squared_error).toBeCloseTo(Math.sqrt((1 + 4 + 0.25) / 3), 12);
    expect((await reg.client.listArtifacts(r.runId, 'plots')).map((f) => f.path).sort()).toEqual([
      'plots/error_histogram.json',
      'plots/predicted_vs_actual.json',
      'plots/residuals.json',
    ]);
    const multi = await trainedRun(
      [
        'row,species,prediction,proba_a,proba_b,proba_c',
        '0,a,a,0.8,0.1,0.1',
        '1,a,b,0.3,0.6,0.1',
        '2,b,b,0.1,0.8,0.1',
      ].join('\n'),
    );
    const m = await evaluate({ client: multi.client }, { runId: multi.runId });
    expect(m.warnings).toContain('classes absent from the labels: "c"');
    expect(m.warnings).toContain('classes absent from the predictions: "c"');
    expect(m.metrics.accuracy_score).toBeCloseTo(2 / 3, 12);
  });

  it('refuses bad predictions before creating a run, naming the row', async () => {
    const { client, runId } = await trainedRun(
      'row,diagnosis,prediction,proba_benign,proba_malignant\n0,benign,benign,0.9,1.7\n',
    );
    await expect(evaluate({ client }, { runId })).rejects.toThrow(
      'Row 2 of the predictions file: "1.7" in column "proba_malignant" is not a probability between 0 and 1.',
    );
    await expect(
      evaluate({ client }, { runId, predictions: 'predictions/val.csv' }),
    ).rejects.toThrow(
      `Run ${runId} has no predictions/val.csv artifact (it has predictions/test.csv).`,
    );
    expect((await client.searchRuns({ experimentIds: ['0'] })).items).toHaveLength(1);
  });

  it('evaluates a scikit-learn file, recording the columns it read and the positive class', async () => {
    const { client } = await trainedRun(BINARY);
    const text = 'y_true,y_pred,prob_1\n1,1,0.9\n0,0,0.2\n0,1,0.6\n1,0,0.4\n1,1,0.7\n';
    const result = await evaluate(
      { client },
      { predictions: { name: 'sklearn.csv', text }, experimentId: '0' },
    );
    expect(result.columnsUsed).toBe(
      'true values "y_true"; P("1") "prob_1"; predicted classes "y_pred" (checked against them); positive class "1" (the greater label)',
    );
    expect(result.positive).toEqual({ label: '1', given: false });
    expect(result.metrics).toMatchObject({ true_positives: 2, false_positives: 1, roc_auc: 5 / 6 });
    const params = async (runId: string) =>
      Object.fromEntries((await client.getRun(runId)).data.params.map((p) => [p.key, p.value]));
    expect(await params(result.runId)).toMatchObject({
      task: 'binary',
      target: 'y_true',
      prediction_column: 'y_pred',
      probability_columns: 'prob_1',
      pos_label: '1',
    });
    const zero = await evaluate(
      { client },
      { predictions: { name: 'sklearn.csv', text }, experimentId: '0', posLabel: '0' },
    );
    expect(await params(zero.runId)).toMatchObject({ pos_label: '0' });
    // Class 0 positive: P(0) = 1 - prob_1 >= 0.5 for the rows at 0.2 and 0.4, one of them right.
    expect(zero.metrics).toMatchObject({ true_positives: 1, false_positives: 1, roc_auc: 5 / 6 });
    expect(zero.columnsUsed).toContain('positive class "0"');
    const json = JSON.parse(
      new TextDecoder().decode(await client.downloadArtifact(zero.runId, 'metrics.json')),
    );
    expect(json.positive).toEqual({ label: '0', given: true });
    expect(json.columns.probabilities).toEqual([{ column: 'prob_1', class: '1' }]);
  });

  it('logs no ROC AUC for a class absent from the labels, says why, and logs the present-class mean', async () => {
    const text = [
      'y,yhat,p_a,p_b,p_c',
      'a,a,0.7,0.2,0.1',
      'b,b,0.2,0.5,0.3',
      'a,b,0.3,0.4,0.3',
      'b,b,0.1,0.6,0.3',
    ].join('\n');
    const { client } = await trainedRun(BINARY);
    const result = await evaluate({ client }, { predictions: { name: 'abc.csv', text } });
    expect(result.metrics.roc_auc).toBeUndefined();
    expect(result.metrics.roc_auc_ovr_present_classes).toBe(1);
    expect(result.warnings).toContain(
      'ROC AUC is undefined: "c" is absent from the labels, so its one-vs-rest AUC is undefined (scikit-learn 1.9 returns NaN and warns); roc_auc_ovr_present_classes is the mean over the 2 classes present',
    );
    const json = JSON.parse(
      new TextDecoder().decode(await client.downloadArtifact(result.runId, 'metrics.json')),
    );
    expect(json.metrics.roc_auc).toBeNull();
    const report = new TextDecoder().decode(
      await client.downloadArtifact(result.runId, 'report.html'),
    );
    expect(report).toMatch(/roc_auc<\/th><td class="num">undefined/);
  });

  it('logs a file of labels alone: label metrics, the others null with the reason, no curves', async () => {
    const { client } = await trainedRun(BINARY);
    const text = 'label,prediction\nyes,yes\nno,yes\nyes,no\nno,no\nyes,yes\n';
    const result = await evaluate({ client }, { predictions: { name: 'labels.csv', text } });
    expect(result.metrics).toMatchObject({
      true_positives: 2,
      false_positives: 1,
      example_count: 5,
    });
    expect(result.metrics.roc_auc).toBeUndefined();
    expect(result.warnings).toContain(NO_PROBABILITIES);
    const run = await client.getRun(result.runId);
    expect(run.info.status).toBe('FINISHED');
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toEqual({
      predictions: 'labels.csv',
      task: 'binary',
      target: 'label',
      prediction_column: 'prediction',
      pos_label: 'yes',
    });
    expect((await client.listArtifacts(result.runId, 'plots')).map((f) => f.path)).toEqual([
      'plots/confusion_matrix.json',
    ]);
    const json = JSON.parse(
      new TextDecoder().decode(await client.downloadArtifact(result.runId, 'metrics.json')),
    );
    for (const name of ['roc_auc', 'average_precision', 'log_loss', 'brier_score'])
      expect(json.metrics[name], name).toBeNull();
    expect(json.columns).toEqual({ truth: 'label', prediction: 'prediction', probabilities: [] });
    expect(json.threshold).toBeUndefined();
    const report = new TextDecoder().decode(
      await client.downloadArtifact(result.runId, 'report.html'),
    );
    expect(report).toMatch(/log_loss<\/th><td class="num">undefined/);
    expect(report).toContain('the file has no probability columns');
    expect(report).not.toContain('Threshold');
    // Numbers asked for as classes: the run records the model type.
    const numbers = await evaluate(
      { client },
      { predictions: { name: 'n.csv', text: 'y,yhat\n0,1\n1,1\n2,0\n' }, modelType: 'classifier' },
    );
    const numbersRun = await client.getRun(numbers.runId);
    expect(numbersRun.data.params).toEqual(
      expect.arrayContaining([
        { key: 'model_type', value: 'classifier' },
        { key: 'task', value: 'multiclass' },
      ]),
    );
  });

  it('evaluates a dropped predictions file as a dataset of its own', async () => {
    const { client } = await trainedRun(BINARY);
    const result = await evaluate(
      { client },
      { predictions: { name: 'scored.csv', text: BINARY }, experimentId: '0' },
    );
    const run = await client.getRun(result.runId);
    expect(run.info.run_name).toBe('evaluate-scored');
    expect(tagValue(run.data.tags, TAGS.evaluatedRun)).toBeUndefined();
    expect(run.inputs.dataset_inputs[0].dataset).toMatchObject({
      name: 'scored.csv',
      source_type: 'local',
    });
    expect(run.inputs.dataset_inputs[0].dataset.digest).toMatch(/^[0-9a-f]{16}$/);
  });
});
