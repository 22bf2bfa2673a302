"""Dumps the runs of the named experiments with MLflow's own Python client, in the shape of
src/lib/sync/lab.ts dumpStore (ids replaced by run names), and the best run by a metric as
mlflow.search_runs orders it (for sync-push.test.ts)."""
import json
import math
import sys
import tempfile

import mlflow
from mlflow import MlflowClient

SOURCE_TAGS = {"tracklab.source_run_id", "tracklab.source", "mlflow.parentRunId", "tracklab.evaluated_run_id"}


def js_number(x):
    """The value as JavaScript's String() writes it."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if float(x).is_integer() and abs(x) < 1e21:
        return str(int(x))
    return repr(float(x))


def main(tracking_uri, best_metric, model, *names):
    client = MlflowClient(tracking_uri=tracking_uri)
    mlflow.set_tracking_uri(tracking_uri)
    runs = []
    experiment_ids = []
    for name in names:
        experiment = client.get_experiment_by_name(name)
        if experiment is None:
            continue
        experiment_ids.append(experiment.experiment_id)
        runs += [(r, name) for r in client.search_runs([experiment.experiment_id], max_results=1000)]
    by_id = {r.info.run_id: r.info.run_name for r, _ in runs}
    out = {}
    for run, experiment in runs:
        run_id = run.info.run_id
        tags = {k: v for k, v in run.data.tags.items() if k not in SOURCE_TAGS}
        history = {}
        for key in run.data.metrics:
            points = client.get_metric_history(run_id, key)
            history[key] = sorted(
                ([m.timestamp, m.step, js_number(m.value)] for m in points),
                key=lambda p: (p[0], p[1], p[2]),
            )
        artifacts = {}
        with tempfile.TemporaryDirectory() as tmp:
            stack = [None]
            while stack:
                for f in client.list_artifacts(run_id, stack.pop()):
                    if f.is_dir:
                        stack.append(f.path)
                    else:
                        local = client.download_artifacts(run_id, f.path, tmp)
                        with open(local, encoding="utf-8") as fh:
                            artifacts[f.path] = fh.read()
        parent = run.data.tags.get("mlflow.parentRunId")
        evaluated = run.data.tags.get("tracklab.evaluated_run_id")
        out[run.info.run_name] = {
            "experiment": experiment,
            "status": run.info.status,
            "start_time": run.info.start_time,
            "end_time": run.info.end_time,
            "user_id": run.info.user_id,
            "parent": by_id.get(parent, f"missing {parent}") if parent else None,
            "evaluated": by_id.get(evaluated, f"missing {evaluated}") if evaluated else None,
            "params": dict(run.data.params),
            "tags": tags,
            "history": history,
            "inputs": sorted(
                f"{d.dataset.name}/{d.dataset.digest}/"
                + next((t.value for t in d.tags if t.key == "mlflow.data.context"), "")
                for d in run.inputs.dataset_inputs
            ),
            "artifacts": artifacts,
        }
    best = mlflow.search_runs(experiment_ids=experiment_ids, order_by=[f"metrics.{best_metric} DESC"])
    champion = client.get_model_version_by_alias(model, "champion")
    versions = client.search_model_versions(f"name = '{model}'")
    registered = client.get_registered_model(model)
    print(
        json.dumps(
            {
                "runs": out,
                "best": best.iloc[0]["tags.mlflow.runName"],
                "count": len(best),
                "model": {
                    "champion": [champion.version, by_id.get(champion.run_id, champion.run_id)],
                    "stages": sorted([v.version, v.current_stage] for v in versions),
                    "aliases": dict(registered.aliases),
                },
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
