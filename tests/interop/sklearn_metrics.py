"""scikit-learn's values for the prediction sets in a JSON file (argv[1]), as JSON on stdout.

Used by evaluation-metrics.test.ts to pin Tracklab's metrics to sklearn's. Multiclass scores are
one-vs-rest over every class (labels=range(K)): with a class absent from the labels sklearn 1.9
warns and gives NaN for ROC AUC (JSON null, which Tracklab must match with null) and 0.0 for that
class's average precision. The present-class means are the means of sklearn's per-class values
over the classes present. Each case also lists the warnings sklearn gave.
"""

import json
import math
import sys
import warnings

import numpy as np
from sklearn import metrics as M
from sklearn.calibration import calibration_curve
from sklearn.preprocessing import label_binarize



def clean(x):
    """Arrays to lists; non-finite numbers (roc_curve's inf threshold) to None for JSON."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(v) for v in x]
    if isinstance(x, (np.integer, int)):
        return int(x)
    x = float(x)
    return x if math.isfinite(x) else None


def classification(case):
    k = len(case["classes"])
    y = np.array(case["labels"])
    scores = np.array(case["scores"], dtype=np.float64)
    pred = np.array(case["predicted"])
    labels = list(range(k))
    out = {
        "accuracy": M.accuracy_score(y, pred),
        "balanced_accuracy": M.balanced_accuracy_score(y, pred),
        "confusion_matrix": M.confusion_matrix(y, pred, labels=labels),
        "log_loss": M.log_loss(y, scores, labels=labels),
        "brier": M.brier_score_loss(y, scores, labels=labels)
        if k > 2
        else M.brier_score_loss(y, scores, pos_label=1),
    }
    averages = ["binary"] if k == 2 else ["macro", "weighted", "micro"]
    if k == 2:
        averages += ["macro", "weighted", "micro"]
    for avg in averages:
        p, r, f, _ = M.precision_recall_fscore_support(
            y, pred, labels=labels, average=avg, zero_division="warn"
        )
        out[f"prf_{avg}"] = [p, r, f]
    report = M.classification_report(y, pred, labels=labels, output_dict=True)
    out["report"] = [
        [report[str(c)][m] for m in ("precision", "recall", "f1-score", "support")]
        for c in labels
    ]
    present = sorted(set(y.tolist()))
    if k == 2:
        out["roc_auc"] = M.roc_auc_score(y, scores)
        out["average_precision"] = M.average_precision_score(y, scores)
        for drop in (True, False):
            fpr, tpr, thr = M.roc_curve(y, scores, drop_intermediate=drop)
            out[f"roc_curve_{str(drop).lower()}"] = [fpr, tpr, thr]
        out["pr_curve"] = list(M.precision_recall_curve(y, scores))
        out["calibration"] = list(calibration_curve(y, scores, n_bins=10, strategy="uniform"))
    else:
        out["roc_auc"] = M.roc_auc_score(
            y, scores, multi_class="ovr", average="macro", labels=labels
        )
        per_class = M.roc_auc_score(y, scores, multi_class="ovr", average=None, labels=labels)
        out["roc_auc_per_class"] = per_class
        out["roc_auc_present_classes"] = np.nanmean(per_class)
        binarized = label_binarize(y, classes=labels)
        out["average_precision"] = M.average_precision_score(binarized, scores, average="macro")
        ap = M.average_precision_score(binarized, scores, average=None)
        out["average_precision_per_class"] = ap
        out["average_precision_present_classes"] = np.mean(ap[present])
    return out


def regression(case):
    y = np.array(case["actual"], dtype=np.float64)
    p = np.array(case["predicted"], dtype=np.float64)
    return {
        "mse": M.mean_squared_error(y, p),
        "rmse": M.root_mean_squared_error(y, p),
        "mae": M.mean_absolute_error(y, p),
        "mape": M.mean_absolute_percentage_error(y, p),
        "max_error": M.max_error(y, p),
        "r2": M.r2_score(y, p),
        "explained_variance": M.explained_variance_score(y, p),
    }


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    result = {}
    for name, c in cases.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = classification(c) if c["kind"] == "classification" else regression(c)
        out = clean(out)
        out["warnings"] = sorted({str(w.message) for w in caught})
        result[name] = out
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
