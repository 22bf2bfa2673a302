"""MLflow's side of sync-files.test.ts, against a server opened on an exported mlruns tree.

log <url> <experiment>      logs one more run (with a nested child, NaN, an artifact) with
                            MLflow's own client, so the tree holds runs MLflow wrote too
model <url> <model>         downloads models:/<model>@champion as a user would and prints its
                            files, to show the version's source link works
"""
import json
import os
import sys
import tempfile

import mlflow


def log(url, experiment):
    mlflow.set_tracking_uri(url)
    mlflow.set_experiment(experiment)
    with mlflow.start_run(run_name="from-python") as parent:
        mlflow.log_params({"lr": "0.5", "optimizer": "rmsprop"})
        for step in range(5):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metric("val_auc", float("nan"), step=5)
        mlflow.set_tag("written_by", "mlflow")
        mlflow.log_text("hello from python", "notes/readme.txt")
        with mlflow.start_run(run_name="from-python-child", nested=True):
            mlflow.log_metric("fold_auc", 0.75, step=0)
    print(json.dumps({"run_id": parent.info.run_id}))


def model(url, name):
    mlflow.set_tracking_uri(url)
    with tempfile.TemporaryDirectory() as tmp:
        path = mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}@champion", dst_path=tmp)
        files = {}
        for root, _, names in os.walk(path):
            for n in names:
                full = os.path.join(root, n)
                with open(full, encoding="utf-8") as fh:
                    files[os.path.relpath(full, path)] = fh.read()
    print(json.dumps(files))


if __name__ == "__main__":
    {"log": log, "model": model}[sys.argv[1]](*sys.argv[2:])
