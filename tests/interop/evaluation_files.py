"""Predictions files as scikit-learn people write them, and scikit-learn's metrics for them.

`write DIR`: fits scikit-learn models on its bundled data sets, writes their predictions with
pandas in the shapes Tracklab must read (y_true,y_pred,prob_1 with pandas' index; label,
prediction,proba_<positive> with string labels; -1/1 labels; one y_score column; prob_0..prob_2
with string labels; an iris file whose test rows lack a class, p_<class>; and labels alone, no
probabilities: y_true,y_pred with iris names, label,prediction with cancer names, and iris class
numbers 0/1/2 to be read with modelType "classifier") and prints, per file and positive class,
the metrics scikit-learn gives, None where it has none (no probabilities: no ROC AUC).
`read URL RUN_ID...`: the params and metrics of the evaluation runs Tracklab logged, as MLflow's
client reads them back. Prints JSON.
"""

import json
import os
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn import metrics as M
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import label_binarize
from sklearn.utils.multiclass import unique_labels


def fitted(loader, keep=None):
    data = loader()
    x, y = data.data, data.target
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.4, random_state=0)
    if keep is not None:
        x_test, y_test = x_test[np.isin(y_test, keep)], y_test[np.isin(y_test, keep)]
    model = LogisticRegression(max_iter=5000).fit(x_train, y_train)
    return data.target_names, y_test, model.predict(x_test), model.predict_proba(x_test)


def binary_reference(y, proba_pos, pred, pos, neg):
    """What scikit-learn gives for two classes with `pos` the positive one."""
    p, r, f, _ = M.precision_recall_fscore_support(y, pred, pos_label=pos, average="binary")
    tn, fp, fn, tp = M.confusion_matrix(y, pred, labels=[neg, pos]).ravel()
    return {
        "accuracy_score": M.accuracy_score(y, pred),
        "precision_score": p,
        "recall_score": r,
        "f1_score": f,
        "true_negatives": int(tn),
        "false_positives": int(fp),
        "false_negatives": int(fn),
        "true_positives": int(tp),
        "roc_auc": M.roc_auc_score(y == pos, proba_pos),
        "average_precision": M.average_precision_score(y, proba_pos, pos_label=pos),
        "log_loss": M.log_loss(y == pos, proba_pos),
        "brier_score": M.brier_score_loss(y, proba_pos, pos_label=pos),
    }


PROBABILITY_METRICS = ("roc_auc", "average_precision", "log_loss", "brier_score")


def label_reference(y, pred, pos=None, neg=None):
    """What scikit-learn gives from labels alone, over the union of true and predicted labels."""
    labels = unique_labels(y, pred)
    ref = {
        "example_count": len(y),
        "accuracy_score": M.accuracy_score(y, pred),
        "balanced_accuracy_score": M.balanced_accuracy_score(y, pred),
        **{name: None for name in PROBABILITY_METRICS},
    }
    for average in ("macro", "weighted"):
        p, r, f, _ = M.precision_recall_fscore_support(y, pred, labels=labels, average=average)
        ref.update({f"precision_{average}": p, f"recall_{average}": r, f"f1_{average}": f})
    if pos is None:  # multiclass: the headline scores are the weighted ones
        p, r, f, _ = M.precision_recall_fscore_support(y, pred, labels=labels, average="weighted")
    else:
        p, r, f, _ = M.precision_recall_fscore_support(y, pred, pos_label=pos, average="binary")
        tn, fp, fn, tp = M.confusion_matrix(y, pred, labels=[neg, pos]).ravel()
        ref.update(true_negatives=int(tn), false_positives=int(fp))
        ref.update(false_negatives=int(fn), true_positives=int(tp))
    ref.update(precision_score=p, recall_score=r, f1_score=f)
    return ref


def write(folder):
    warnings.simplefilter("ignore")  # recorded where they matter, below
    files = {}
    names, y, pred, proba = fitted(load_breast_cancer)  # 0 malignant, 1 benign

    df = pd.DataFrame({"y_true": y, "y_pred": pred, "prob_1": proba[:, 1]})
    df.to_csv(os.path.join(folder, "binary_numeric.csv"))  # with pandas' unnamed index
    files["binary_numeric"] = {
        "default": binary_reference(y, proba[:, 1], pred, 1, 0),
        "pos_label": {"0": binary_reference(y, proba[:, 0], pred, 0, 1)},
    }

    text = names[y]
    pred_text = names[pred]
    df = pd.DataFrame({"label": text, "prediction": pred_text, "proba_malignant": proba[:, 0]})
    df.to_csv(os.path.join(folder, "binary_strings.csv"), index=False)
    files["binary_strings"] = {
        # "malignant" > "benign": the greater label is the default positive class.
        "default": binary_reference(text, proba[:, 0], pred_text, "malignant", "benign"),
        "pos_label": {
            "benign": binary_reference(text, proba[:, 1], pred_text, "benign", "malignant")
        },
    }

    signed, pred_signed = np.where(y == 1, 1, -1), np.where(pred == 1, 1, -1)
    df = pd.DataFrame({"target": signed, "pred": pred_signed, "p_1": proba[:, 1]})
    df.to_csv(os.path.join(folder, "binary_signed.csv"), index=False)
    files["binary_signed"] = {"default": binary_reference(signed, proba[:, 1], pred_signed, 1, -1)}

    yes = np.where(y == 1, "yes", "no")
    df = pd.DataFrame({"y_true": yes, "y_score": proba[:, 1]})
    df.to_csv(os.path.join(folder, "binary_score.csv"), index=False)
    # No predicted classes in the file: they are P("yes") >= 0.5, Tracklab's default threshold.
    at_half = np.where(proba[:, 1] >= 0.5, "yes", "no")
    files["binary_score"] = {"default": binary_reference(yes, proba[:, 1], at_half, "yes", "no")}

    for name, keep in (("multiclass_positional", None), ("multiclass_absent", [0, 1])):
        names, y, pred, proba = fitted(load_iris, keep)
        df = pd.DataFrame({"y_true": names[y], "y_pred": names[pred]})
        for c in range(3):
            # predict_proba's column c, by position; where a class is in no row, only its name
            # can say which column is its.
            df[f"prob_{c}" if keep is None else f"p_{names[c]}"] = proba[:, c]
        df.to_csv(os.path.join(folder, f"{name}.csv"), index=False)
        labels = [0, 1, 2]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            auc = M.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=labels)
        per_class = M.roc_auc_score(y, proba, multi_class="ovr", average=None, labels=labels)
        present = sorted(set(y.tolist()))
        ap = M.average_precision_score(label_binarize(y, classes=labels), proba, average=None)
        files[name] = {
            "default": {
                "accuracy_score": M.accuracy_score(y, pred),
                "f1_score": M.f1_score(y, pred, average="weighted", labels=labels),
                "roc_auc": None if np.isnan(auc) else auc,
                "roc_auc_ovr_present_classes": np.nanmean(per_class),
                "average_precision": float(np.mean(ap)),
                "average_precision_present_classes": float(np.mean(ap[present])),
                "log_loss": M.log_loss(y, proba, labels=labels),
            },
            "sklearn_warned": sorted({str(w.message) for w in caught}),
        }

    # Labels alone, as people write them for classification_report and confusion_matrix.
    names, y, pred, _ = fitted(load_iris)
    df = pd.DataFrame({"y_true": names[y], "y_pred": names[pred]})
    df.to_csv(os.path.join(folder, "labels_strings.csv"), index=False)
    files["labels_strings"] = {"default": label_reference(names[y], names[pred])}
    df = pd.DataFrame({"y_true": y, "y_pred": pred})
    df.to_csv(os.path.join(folder, "labels_numbers.csv"), index=False)
    # Class numbers 0/1/2 are read as a regression unless the model type says classifier.
    files["labels_numbers"] = {"default": label_reference(y, pred), "model_type": "classifier"}
    names, y, pred, _ = fitted(load_breast_cancer)
    text, pred_text = names[y], names[pred]
    df = pd.DataFrame({"label": text, "prediction": pred_text})
    df.to_csv(os.path.join(folder, "labels_binary.csv"), index=False)
    files["labels_binary"] = {
        "default": label_reference(text, pred_text, "malignant", "benign"),
        "pos_label": {"benign": label_reference(text, pred_text, "benign", "malignant")},
    }
    print(json.dumps(files, default=float))


def read(url, run_ids):
    from mlflow import MlflowClient  # only here: importing mlflow takes seconds

    client = MlflowClient(tracking_uri=url)
    runs = {}
    for run_id in run_ids:
        run = client.get_run(run_id)
        runs[run_id] = {"params": run.data.params, "metrics": run.data.metrics}
    print(json.dumps(runs))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        read(sys.argv[2], sys.argv[3:])
