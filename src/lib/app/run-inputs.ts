/**
 * What a training run records about its data, in MLflow's shape: the data configuration as params
 * (what was learned from, and how it was prepared) and one dataset input per split, each with its
 * own digest, as MLflow logs `from_pandas` splits.
 */
import { datasetDigest, type DatasetRecord } from '$lib/data/library';
import type { DataChoice, PreparedData, SplitName } from '$lib/data/prepare';
import { TAGS, type DatasetInput } from '$lib/tracking';
import { colspecType } from '$lib/training/mlmodel';

/** MLflow's longest param value; a long feature list is cut to fit and points to config.json. */
const PARAM_LIMIT = 6000;

/** Data-config params: what was learned from, and how it was prepared. */
export function dataParams(choice: DataChoice, data: PreparedData, dataset: DatasetRecord) {
  const features = data.pre.features.map((f) => f.name);
  let list = features.join(',');
  if (list.length > PARAM_LIMIT) {
    const more = ` … (+${features.length} columns; see config.json)`;
    list = list.slice(0, PARAM_LIMIT - more.length) + more;
  }
  return {
    dataset: dataset.name,
    dataset_digest: dataset.digest,
    target: choice.target,
    task: choice.task,
    features: list,
    n_features: String(features.length),
    input_width: String(data.pre.width),
    train_rows: String(data.splits.train.y.length),
    validation_rows: String(data.splits.validation.y.length),
    test_rows: String(data.splits.test.y.length),
    dropped_rows: String(data.droppedRows),
    validation_fraction: String(choice.split.validation),
    test_fraction: String(choice.split.test),
    split_seed: String(choice.split.seed),
    impute: choice.impute,
    standardize: String(choice.standardize),
    max_levels: String(choice.maxLevels),
    min_level_count: String(choice.minCount),
  };
}

/** MLflow's column-based schema for a dataset input. */
function schemaOf(dataset: DatasetRecord): string {
  return JSON.stringify({
    mlflow_colspec: dataset.profiles.map((p) => ({
      type: colspecType(p.kind),
      name: p.name,
      required: p.missing === 0,
    })),
  });
}

const CONTEXT: Record<SplitName, string> = {
  train: 'training',
  validation: 'validation',
  test: 'test',
};

/** One dataset input per split, each with its own digest (as MLflow logs from_pandas splits). */
export async function datasetInputs(
  dataset: DatasetRecord,
  data: PreparedData,
): Promise<DatasetInput[]> {
  const out: DatasetInput[] = [];
  for (const split of ['train', 'validation', 'test'] as SplitName[]) {
    const rows = data.splits[split].rows;
    if (!rows.length) continue;
    const bytes = new Uint8Array(
      rows.buffer.slice(rows.byteOffset, rows.byteOffset + rows.byteLength) as ArrayBuffer,
    );
    const seed = new TextEncoder().encode(`${dataset.sha256}:${split}:`);
    const both = new Uint8Array(seed.length + bytes.length);
    both.set(seed);
    both.set(bytes, seed.length);
    const digest = await datasetDigest(both);
    out.push({
      tags: [{ key: TAGS.datasetContext, value: CONTEXT[split] }],
      dataset: {
        name: dataset.name,
        digest,
        source_type: dataset.sourceType === 'bundled' ? 'http' : 'local',
        source: JSON.stringify(
          dataset.sourceType === 'bundled' ? { url: dataset.source } : { uri: dataset.source },
        ),
        schema: schemaOf(dataset),
        profile: JSON.stringify({
          num_rows: rows.length,
          num_elements: rows.length * dataset.columns.length,
        }),
      },
    });
  }
  return out;
}
