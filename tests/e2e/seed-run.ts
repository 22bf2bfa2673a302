// Seeds one realistic trained run through the console API (window.tracklab), as the training use
// case would log it: params, per-epoch metrics with system metrics, tags and a note, the dataset
// splits as inputs, and artifacts (plots, model files, config, predictions).
import type { Page } from '@playwright/test';

export async function seedRealisticRun(
  page: Page,
): Promise<{ experimentId: string; runId: string }> {
  return page.evaluate(async () => {
    const client = window.tracklab!.client;
    const experimentId = await client.createExperiment('iris-classifier');
    const start = Date.UTC(2025, 4, 12, 9, 0, 0);
    // A sibling, so the runs list has more than one row.
    await client.createRun(experimentId, { runName: 'sgd-baseline', startTime: start - 600_000 });
    const run = await client.createRun(experimentId, {
      runName: 'mlp-adam-lr0.01',
      startTime: start,
      tags: { 'mlflow.user': 'ada', 'mlflow.source.type': 'LOCAL' },
    });
    const runId = run.info.run_id;
    await client.logParams(runId, {
      model: 'mlp',
      hidden_units: '64,32',
      activation: 'relu',
      optimizer: 'adam',
      learning_rate: 0.01,
      batch_size: 32,
      epochs: 30,
      early_stopping_patience: 5,
      validation_split: 0.2,
      seed: 42,
      backend: 'wasm',
      target: 'species',
    });
    const metrics = [];
    for (let step = 0; step < 30; step++) {
      const t = start + step * 2100;
      const loss = 1.1 * Math.exp(-step / 7) + 0.06 + 0.015 * Math.sin(step);
      const val = 1.15 * Math.exp(-step / 8) + 0.11 + 0.03 * Math.cos(step * 1.3);
      metrics.push(
        { key: 'loss', value: loss, timestamp: t, step },
        { key: 'val_loss', value: val, timestamp: t, step },
        {
          key: 'accuracy',
          value: Math.min(0.99, 0.35 + 0.64 * (1 - Math.exp(-step / 5))),
          timestamp: t,
          step,
        },
        {
          key: 'val_accuracy',
          value: Math.min(0.97, 0.33 + 0.6 * (1 - Math.exp(-step / 6))),
          timestamp: t,
          step,
        },
        {
          key: 'system/cpu_utilization_percentage',
          value: 55 + 20 * Math.sin(step / 3),
          timestamp: t,
          step,
        },
        { key: 'system/memory_usage_megabytes', value: 310 + step * 1.5, timestamp: t, step },
      );
    }
    await client.logBatch(runId, { metrics });
    await client.setTags(runId, {
      'tracklab.backend': 'wasm',
      'tracklab.model_type': 'MLP classifier',
      'mlflow.note.content':
        'Adam with lr 0.01 converges in ~20 epochs.\nNext: try dropout 0.2 and a smaller batch.',
      'mlflow.log-model.history': '[{"artifact_path":"model","flavors":{"tfjs":{}}}]',
    });
    const colspec = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
      .map((name) => ({ type: 'double', name, required: true }))
      .concat([{ type: 'string', name: 'species', required: true }]);
    const splits: [string, string, number][] = [
      ['training', '8f1c2a9e4b7d3c10', 96],
      ['validation', '2b9e77c1d04fa2e3', 24],
      ['test', 'c3a1f08e5d6b9a72', 30],
    ];
    await client.logInputs(
      runId,
      splits.map(([context, digest, rows]) => ({
        tags: [{ key: 'mlflow.data.context', value: context }],
        dataset: {
          name: 'iris',
          digest,
          source_type: 'http',
          source: JSON.stringify({ url: 'https://archive.ics.uci.edu/dataset/53/iris' }),
          schema: JSON.stringify({ mlflow_colspec: colspec }),
          profile: JSON.stringify({ num_rows: rows, num_elements: rows * 5 }),
        },
      })),
    );
    // A real PNG plot, drawn here.
    const canvas = new OffscreenCanvas(640, 400);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 640, 400);
    ctx.strokeStyle = '#2563eb';
    ctx.lineWidth = 3;
    ctx.beginPath();
    for (let x = 0; x < 560; x += 4) ctx.lineTo(60 + x, 60 + 300 * (1 - Math.exp(-x / 90)));
    ctx.stroke();
    ctx.fillStyle = '#111';
    ctx.font = '16px sans-serif';
    ctx.fillText('loss by epoch', 60, 36);
    const png = new Uint8Array(await (await canvas.convertToBlob()).arrayBuffer());
    await client.logArtifact(runId, 'plots/loss.png', png);
    await client.logArtifact(runId, 'plots/accuracy.png', png);
    await client.logText(
      runId,
      [
        'artifact_path: model',
        'flavors:',
        '  tfjs:',
        '    format: layers-model',
        '    model_file: model.json',
        '    tfjs_version: 4.22.0',
        `run_id: ${runId}`,
        'signature:',
        '  inputs: \'[{"type": "double", "name": "sepal_length"}, {"type": "double", "name": "sepal_width"}]\'',
        '  outputs: \'[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]\'',
        "utc_time_created: '2025-05-12 09:01:03.000000'",
        '',
      ].join('\n'),
      'model/MLmodel',
    );
    await client.logDict(
      runId,
      { format: 'layers-model', modelTopology: { layers: 3 } },
      'model/model.json',
    );
    await client.logArtifact(runId, 'model/weights.bin', new Uint8Array(23_812));
    await client.logDict(
      runId,
      { features: ['sepal_length', 'sepal_width'], scale: [5.8, 3.1] },
      'model/preprocessor.json',
    );
    await client.logText(
      runId,
      JSON.stringify({ model: { kind: 'mlp', hidden: [64, 32] }, fit: { epochs: 30, batch: 32 } }),
      'config.json',
    );
    const species = ['setosa', 'versicolor', 'virginica'];
    const rows = ['row,species,prediction,proba_setosa,proba_versicolor,proba_virginica'];
    for (let i = 0; i < 30; i++) {
      const y = species[i % 3];
      const p = species[(i * 7) % 11 === 0 ? (i + 1) % 3 : i % 3];
      rows.push(`${i * 5},${y},${p},${(0.9 - (i % 3) * 0.4).toFixed(3)},0.050,0.050`);
    }
    await client.logText(runId, `${rows.join('\n')}\n`, 'predictions/test.csv');
    await client.logText(runId, `${rows.slice(0, 25).join('\n')}\n`, 'predictions/val.csv');
    await client.setTerminated(runId, 'FINISHED', start + 63_400);
    return { experimentId, runId };
  });
}
