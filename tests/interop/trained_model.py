"""Reads back a run that Tracklab's train use case logged to the server, with MLflow's own API:
the MLmodel file (flavors, signature), the dataset inputs and the predictions file. Prints JSON."""
import json
import sys

import pandas as pd
from mlflow import MlflowClient
from mlflow.models import Model


def main(tracking_uri, run_id):
    client = MlflowClient(tracking_uri=tracking_uri)
    run = client.get_run(run_id)
    local = client.download_artifacts(run_id, "model")
    model = Model.load(local)
    predictions = pd.read_csv(client.download_artifacts(run_id, "predictions/test.csv"))
    with open(f"{local}/model.json", encoding="utf-8") as f:
        model_json = json.load(f)
    print(
        json.dumps(
            {
                "status": run.info.status,
                "flavors": sorted(model.flavors),
                "tfjs": model.flavors["tfjs"],
                "run_id": model.run_id,
                "inputs": model.signature.inputs.input_names(),
                "outputs": model.signature.outputs.input_names(),
                "files": sorted(f.path for f in client.list_artifacts(run_id, "model")),
                "contexts": [
                    next(t.value for t in d.tags if t.key == "mlflow.data.context") for d in run.inputs.dataset_inputs
                ],
                "loss_steps": [m.step for m in client.get_metric_history(run_id, "loss")],
                "params": {k: run.data.params[k] for k in ("model_type", "optimizer", "target", "task")},
                "prediction_columns": list(predictions.columns),
                "prediction_rows": len(predictions),
                "model_format": model_json["format"],
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
