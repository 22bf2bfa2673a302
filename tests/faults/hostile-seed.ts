// Seeds the hostile corpus through the console API (window.tracklab.client and .registry), as a
// script in devtools, an import or a hostile server could: experiments, runs, params, tags,
// metrics, a note, dataset inputs, artifacts (names and contents), and registered models with
// descriptions, tags, versions and aliases. Plain data crosses into the page with page.evaluate.
import type { Page } from '@playwright/test';
import {
  HOSTILE_HTML,
  HOSTILE_JSON,
  HOSTILE_MARKDOWN,
  HOSTILE_PLOTLY,
  HOSTILE_SVG,
  KEY_PAYLOADS,
  PAYLOADS,
  hostileCsv,
} from './payloads';

export interface Seeded {
  experimentId: string;
  runId: string;
  /** The experiment's, the run's and the first model's names. */
  experimentName: string;
  runName: string;
  modelName: string;
  modelNames: string[];
  artifacts: string[];
}

export const EXPERIMENT_NAME = `Hostile ${PAYLOADS[1].value} \u202Edesrever`;
export const RUN_NAME = `${PAYLOADS[0].value} ${PAYLOADS[8].value}`;
/** Model names may not hold '/' or ':' (MLflow's rule), so only payloads without them. */
export const MODEL_NAMES = [
  PAYLOADS[1].value,
  ...KEY_PAYLOADS,
  PAYLOADS[8].value,
  PAYLOADS[16].value,
];

export async function seedHostile(page: Page): Promise<Seeded> {
  const values = PAYLOADS.map((p) => p.value);
  const files: Record<string, string> = {
    'report.html': HOSTILE_HTML,
    'plots/hostile.svg': HOSTILE_SVG,
    'plots/hostile-chart.json': HOSTILE_PLOTLY,
    'data.json': HOSTILE_JSON,
    'table.csv': hostileCsv(),
    'notes.txt': values.join('\n'),
    [`${PAYLOADS[1].value}.txt`]: values.join(' '),
    '__proto__/constructor.txt': 'prototype keys as folders',
    'evil\u202Egnp.txt': PAYLOADS[8].value,
  };
  return page.evaluate(
    async ({ values, keys, files, markdown, experimentName, runName, modelNames }) => {
      const { client, registry } = window.tracklab!;
      const experimentId = await client.createExperiment(experimentName);
      for (const [i, v] of values.entries()) {
        await client.createExperiment(`${v} #${i}`).catch(() => undefined);
        await client.setExperimentTag(experimentId, `tag${i}`, v);
      }
      for (const key of keys) await client.setExperimentTag(experimentId, key, key);
      const t0 = Date.UTC(2025, 4, 12, 9);
      const run = await client.createRun(experimentId, { runName, startTime: t0 });
      const runId = run.info.run_id;
      // Sibling runs named with each payload fill the runs table.
      for (const [i, v] of values.entries()) {
        const r = await client.createRun(experimentId, { runName: v, startTime: t0 + i });
        await client.logBatch(r.info.run_id, {
          params: keys.map((key) => ({ key, value: v })),
          metrics: keys.map((key, k) => ({ key, value: i + k, timestamp: t0, step: 0 })),
          tags: [{ key: 'payload', value: v }],
        });
        await client.setTerminated(r.info.run_id, 'FINISHED', t0 + 60_000);
      }
      const metrics = keys.flatMap((key, k) =>
        [0, 1, 2, 3].map((step) => ({ key, value: k + step / 4, timestamp: t0 + step, step })),
      );
      await client.logBatch(runId, {
        params: [
          ...keys.map((key, k) => ({ key, value: values[k] })),
          ...values.map((value, i) => ({ key: `p${i}`, value })),
        ],
        metrics,
        tags: [
          ...keys.map((key, k) => ({ key, value: values[k] })),
          ...values.map((value, i) => ({ key: `tag${i}`, value })),
          { key: 'mlflow.note.content', value: markdown },
        ],
      });
      await client.logInputs(runId, [
        {
          tags: [{ key: 'mlflow.data.context', value: values[0] }],
          dataset: { name: values[1], digest: 'd1g3st', source_type: 'local', source: values[3] },
        },
      ]);
      for (const [path, text] of Object.entries(files)) await client.logText(runId, text, path);
      await client.setTerminated(runId, 'FINISHED', t0 + 95_000);

      for (const name of modelNames) {
        await registry.createRegisteredModel(
          name,
          keys.map((key, k) => ({ key, value: values[k] })),
          `${markdown}\n\n${values.join('\n')}`,
        );
        const version = await registry.createModelVersion({
          name,
          source: `runs:/${runId}/model`,
          runId,
          tags: keys.map((key, k) => ({ key, value: values[k + 3] })),
          description: values.join(' '),
        });
        for (const alias of ['__proto__', 'constructor', 'prototype']) {
          await registry.setRegisteredModelAlias(name, alias, version.version);
        }
      }
      return {
        experimentId,
        runId,
        experimentName,
        runName,
        modelName: modelNames[0],
        modelNames,
        artifacts: Object.keys(files),
      };
    },
    {
      values,
      keys: KEY_PAYLOADS,
      files,
      markdown: HOSTILE_MARKDOWN,
      experimentName: EXPERIMENT_NAME,
      runName: RUN_NAME,
      modelNames: MODEL_NAMES,
    },
  );
}
