"""scikit-learn side of bench/evaluate.js: the same binary metrics on the same million rows.

Reads labels then scores as little-endian float64 from the file given, times roc_auc_score
alone and the whole set Tracklab's evaluateClassifier computes, and prints one JSON object.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn import metrics as M


def main():
    path, reps = sys.argv[1], int(sys.argv[2])
    raw = np.fromfile(path, dtype="<f8")
    n = raw.size // 2
    y = raw[:n].astype(np.int64)
    p = raw[n:]
    auc_ms, all_ms = [], []
    values = {}
    for _ in range(reps):
        t = time.perf_counter()
        M.roc_auc_score(y, p)
        auc_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        pred = (p >= 0.5).astype(np.int64)
        values = {
            "accuracy_score": M.accuracy_score(y, pred),
            "balanced_accuracy_score": M.balanced_accuracy_score(y, pred),
            "precision_score": M.precision_score(y, pred),
            "recall_score": M.recall_score(y, pred),
            "f1_score": M.f1_score(y, pred),
            "confusion_matrix": M.confusion_matrix(y, pred).tolist(),
            "roc_auc": M.roc_auc_score(y, p),
            "average_precision": M.average_precision_score(y, p),
            "log_loss": M.log_loss(y, p, labels=[0, 1]),
            "brier_score": M.brier_score_loss(y, p),
        }
        all_ms.append((time.perf_counter() - t) * 1000)
    print(
        json.dumps(
            {
                "rows": int(n),
                "aucMs": auc_ms,
                "allMs": all_ms,
                "values": values,
                "sklearn": sklearn.__version__,
                "numpy": np.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
