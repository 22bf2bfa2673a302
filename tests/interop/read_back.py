"""Reads one run back with MLflow's own Python client and prints it as JSON (for read-back.test.ts)."""
import json
import math
import sys

from mlflow import MlflowClient


def number(x):
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    return x


def main(tracking_uri, run_id, experiment_name):
    client = MlflowClient(tracking_uri=tracking_uri)
    run = client.get_run(run_id)
    experiment = client.get_experiment_by_name(experiment_name)
    found = client.search_runs(
        [experiment.experiment_id],
        filter_string="metrics.acc > 0.5 and params.optimizer = 'adam'",
        order_by=["metrics.acc DESC"],
    )
    local = client.download_artifacts(run_id, "model/config.json")
    with open(local, encoding="utf-8") as f:
        config = json.load(f)
    print(
        json.dumps(
            {
                "name": run.info.run_name,
                "status": run.info.status,
                "params": dict(run.data.params),
                "tags": {k: v for k, v in run.data.tags.items() if not k.startswith("mlflow.") or k == "mlflow.runName"},
                "metrics": {k: number(v) for k, v in run.data.metrics.items()},
                "history": [[m.step, number(m.value)] for m in client.get_metric_history(run_id, "loss")],
                "artifacts": sorted(f.path for f in client.list_artifacts(run_id, "model")),
                "config": config,
                "found": [r.info.run_name for r in found],
                "datasets": [[d.dataset.name, d.dataset.digest] for d in run.inputs.dataset_inputs],
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
