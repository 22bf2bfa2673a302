"""Reads back an evaluation run Tracklab logged to the server, with MLflow's own API, and
recomputes its metrics with scikit-learn from the evaluated run's predictions on the server.
Prints JSON."""
import json
import sys

import numpy as np
import pandas as pd
from mlflow import MlflowClient
from sklearn import metrics as M


def main(tracking_uri, run_id, evaluated_run_id):
    client = MlflowClient(tracking_uri=tracking_uri)
    run = client.get_run(run_id)
    preds = pd.read_csv(client.download_artifacts(evaluated_run_id, "predictions/test.csv"))
    classes = [c[len("proba_"):] for c in preds.columns if c.startswith("proba_")]
    y = preds.iloc[:, 1].astype(str).map({c: i for i, c in enumerate(classes)}).to_numpy()
    scores = preds[[f"proba_{c}" for c in classes]].to_numpy(dtype=np.float64)
    with open(client.download_artifacts(run_id, "metrics.json"), encoding="utf-8") as f:
        logged = json.load(f)
    print(
        json.dumps(
            {
                "status": run.info.status,
                "tags": {k: v for k, v in run.data.tags.items() if k.startswith("tracklab.")},
                "params": run.data.params,
                "metrics": run.data.metrics,
                "contexts": [
                    next(t.value for t in d.tags if t.key == "mlflow.data.context")
                    for d in run.inputs.dataset_inputs
                ],
                "files": sorted(
                    f.path
                    for top in client.list_artifacts(run_id)
                    for f in ([top] if not top.is_dir else client.list_artifacts(run_id, top.path))
                ),
                "metrics_json_keys": sorted(logged),
                "sklearn": {
                    "accuracy_score": M.accuracy_score(y, scores.argmax(axis=1)),
                    "roc_auc": M.roc_auc_score(
                        y, scores, multi_class="ovr", average="macro", labels=list(range(len(classes)))
                    ),
                    "log_loss": M.log_loss(y, scores, labels=list(range(len(classes)))),
                },
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
