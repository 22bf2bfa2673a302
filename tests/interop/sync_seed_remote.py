"""Logs a small lab with MLflow's own Python client (fluent API), for sync-pull.test.ts: a parent
run with two nested children (one with a grandchild), histories with a NaN, params, tags, text
and JSON artifacts, a dataset input. Prints the experiment id."""
import math
import sys

import mlflow
import pandas as pd


def main(tracking_uri, name):
    mlflow.set_tracking_uri(tracking_uri)
    experiment_id = mlflow.create_experiment(name, tags={"team": "nlp"})
    with mlflow.start_run(experiment_id=experiment_id, run_name="sweep"):
        mlflow.log_param("search", "grid")
        for i, lr in enumerate([0.1, 0.01]):
            with mlflow.start_run(experiment_id=experiment_id, run_name=f"lr-{lr}", nested=True):
                mlflow.log_params({"lr": lr, "epochs": 5})
                mlflow.set_tag("stage", "trial")
                for step in range(5):
                    mlflow.log_metric("loss", 1.0 / (step + 1 + i), step=step)
                mlflow.log_metric("val_loss", math.nan if i else 0.25, step=4)
                mlflow.log_text(f"lr={lr}\n", "notes/trial.txt")
                mlflow.log_dict({"lr": lr, "layers": [8, 8]}, "config.json")
                if i == 1:
                    df = pd.DataFrame({"x": [1.0, 2.0], "y": [0, 1]})
                    mlflow.log_input(mlflow.data.from_pandas(df, name="toy"), context="training")
                    with mlflow.start_run(experiment_id=experiment_id, run_name="refit", nested=True):
                        mlflow.log_metric("loss", 0.05, step=0)
    print(experiment_id)


if __name__ == "__main__":
    main(*sys.argv[1:])
