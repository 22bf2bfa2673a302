"""MLflow's side of sync-files.test.ts, against a server opened on an exported mlruns tree.

log <url> <experiment>      logs one more run (with a nested child, NaN, an artifact) with
                            MLflow's own client, so the tree holds runs MLflow wrote too
model <url> <model>         downloads models:/<model>@champion as a user would and prints its
                            files, to show the version's source link works
filestore <dir> <name>      logs a small lab straight into <dir>/mlruns with no server (a
                            notebook's FileStore: artifacts beside the runs, file:// URIs)
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


def filestore(root, experiment):
    """Logs a small lab straight into a FileStore folder (no server), as a notebook with
    mlflow.set_tracking_uri("file:./mlruns") does: artifacts beside the runs, file:// URIs."""
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    uri = "file://" + os.path.abspath(os.path.join(root, "mlruns"))
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    experiment_id = mlflow.create_experiment(experiment, tags={"team": "notebook"})
    with mlflow.start_run(experiment_id=experiment_id, run_name="notebook-parent") as parent:
        mlflow.log_params({"lr": "0.1", "layers": "[64, 32]"})
        for step in range(4):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metric("val_auc", float("nan"), step=4)
        mlflow.log_metric("grad/norm", float("inf"), step=1)
        mlflow.set_tag("note", "hello: world\nline two")
        mlflow.log_text('{"layers": [64, 32]}', "model/model.json")
        with mlflow.start_run(experiment_id=experiment_id, run_name="notebook-child", nested=True):
            mlflow.log_metric("fold_auc", 0.75, step=0)
    client = mlflow.MlflowClient()
    client.create_registered_model(f"{experiment}-model", description="from a notebook")
    version = client.create_model_version(
        f"{experiment}-model", f"runs:/{parent.info.run_id}/model", run_id=parent.info.run_id
    )
    client.set_registered_model_alias(f"{experiment}-model", "champion", version.version)
    print(json.dumps({"uri": uri}))


if __name__ == "__main__":
    {"log": log, "model": model, "filestore": filestore}[sys.argv[1]](*sys.argv[2:])
