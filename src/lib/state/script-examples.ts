/** Snippets the Scripts panel ships: the seed's compare_runs.py flow, and reading a study. */
export interface Snippet {
  name: string;
  code: string;
}

const COMPARE_RUNS = `// compare_runs.py, in JavaScript: rank the runs of every experiment by a metric,
// register the best run's model, move it to Staging and name it @champion.
// (mlflow.search_runs(experiment_ids=[...], order_by=[f"{metric} DESC"]) -> searchRunsTable)
const metric = 'val_accuracy';
const modelName = 'best-model';

const experiments = (await client.searchExperiments({})).items;
const table = await client.searchRunsTable({
  experimentIds: experiments.map((e) => e.experiment_id),
  filterString: \`metrics.\${metric} > 0\`,
  orderBy: [\`metrics.\${metric} DESC\`],
});
print(\`\${table.rows.length} runs with \${metric}; the top 5:\`);
for (const row of table.rows.slice(0, 5))
  print(row['tags.mlflow.runName'], row[\`metrics.\${metric}\`]);

// The best run that has a model to register.
let version;
for (const row of table.rows) {
  const files = await client.listArtifacts(row.run_id, 'model');
  if (!files.some((f) => f.path === 'model/MLmodel')) continue;
  try {
    await registry.createRegisteredModel(modelName);
  } catch (e) {
    if (e.error_code !== 'RESOURCE_ALREADY_EXISTS') throw e;
  }
  version = await registry.createModelVersion({
    name: modelName,
    source: \`\${row.artifact_uri}/model\`,
    runId: row.run_id,
  });
  break;
}
if (!version) throw new Error('No run with a model to register: train one first.');
await registry.transitionModelVersionStage(modelName, version.version, 'Staging', true);
await registry.setRegisteredModelAlias(modelName, 'champion', version.version);
print(\`Registered \${modelName} version \${version.version} in Staging as @champion.\`);
return (await registry.history(modelName)).slice(-3).map((e) => \`\${e.kind} \${e.to ?? ''}\`);
`;

const STUDY_TRIALS = `// A tuning study's trials: its parent run, then each trial's run (mlflow.parentRunId),
// their params and value, best first.
const experiments = (await client.searchExperiments({})).items;
const ids = experiments.map((e) => e.experiment_id);
const studies = await client.searchRunsTable({
  experimentIds: ids,
  filterString: "tags.\`tracklab.run_kind\` = 'study'",
  orderBy: ['attributes.start_time DESC'],
});
if (!studies.rows.length) throw new Error('No study yet: run one on the Tune page.');
const study = studies.rows[0];
const direction = study['params.direction'];
print(\`Study \${study['tags.mlflow.runName']} (\${direction})\`);
const trials = await client.searchRunsTable({
  experimentIds: [study.experiment_id],
  filterString: \`tags.mlflow.parentRunId = '\${study.run_id}'\`,
  orderBy: [\`metrics.value \${direction === 'maximize' ? 'DESC' : 'ASC'}\`],
});
const params = trials.columns.filter((c) => c.startsWith('params.'));
for (const t of trials.rows.slice(0, 10))
  print(t['tags.mlflow.runName'], t.status, t['metrics.value'], params.map((p) => \`\${p.slice(7)}=\${t[p]}\`).join(' '));
return \`\${trials.rows.length} trials\`;
`;

export const EXAMPLES: readonly Snippet[] = [
  { name: 'Example: promote the best run (compare_runs.py)', code: COMPARE_RUNS },
  { name: "Example: a study's trials", code: STUDY_TRIALS },
];
