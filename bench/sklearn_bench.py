"""scikit-learn side of the training benchmark (bench/train.js).

Trains the MLP Tracklab trains (hidden (64, 64), ReLU, Adam lr 0.001, batch 256, no L2, no early
stopping) with MLPRegressor on the same CSV Tracklab reads, standardised the way Tracklab's
preprocessor does it (features and target, on the training rows), and times it two ways:

* fit(max_iter=epochs): the whole training as a person would run it;
* partial_fit once per epoch (one pass each, the optimiser kept between calls): per-epoch times,
  so the steady state (epochs 2..n) compares with Tracklab's per-epoch numbers.

Each variant runs `reps` times; the median is reported. Variants: float64 (what pandas gives you)
with the BLAS's default threads, and on one thread (tfjs-wasm here is single-threaded). Progress
goes to stderr; stdout is one JSON object.

Usage: python sklearn_bench.py DATA.csv EPOCHS REPS
"""

import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from threadpoolctl import threadpool_info, threadpool_limits


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def model(epochs, seed=42):
    return MLPRegressor(
        hidden_layer_sizes=(64, 64),
        activation="relu",
        solver="adam",
        alpha=0.0,
        batch_size=256,
        learning_rate_init=0.001,
        max_iter=epochs,
        shuffle=True,
        random_state=seed,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        early_stopping=False,
    )


def median(xs):
    return sorted(xs)[len(xs) // 2]


def run_variant(x, y, epochs, reps):
    rows = x.shape[0]
    fits = []
    losses = []
    for _ in range(reps):
        m = model(epochs)
        t0 = time.perf_counter()
        m.fit(x, y)
        fits.append(time.perf_counter() - t0)
        # sklearn's squared-error loss is half the MSE.
        losses.append(2 * m.loss_)
    per_epoch = []
    for _ in range(reps):
        m = model(epochs)
        times = []
        for _ in range(epochs):
            t0 = time.perf_counter()
            m.partial_fit(x, y)
            times.append(time.perf_counter() - t0)
        per_epoch.append(times)
    steady = [(rows * (epochs - 1)) / sum(t[1:]) for t in per_epoch]
    fit_s = median(fits)
    return {
        "fit_s": fits,
        "fit_median_s": fit_s,
        "fit_samples_per_sec": rows * epochs / fit_s,
        "epoch_s": per_epoch,
        "first_epoch_s": median([t[0] for t in per_epoch]),
        "steady_samples_per_sec": median(steady),
        "final_train_mse": median(losses),
    }


def main():
    path, epochs, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    x, y = data[:, :-1], data[:, -1]
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    y = (y - y.mean()) / y.std()
    log(f"{x.shape[0]:,} rows x {x.shape[1]} features, {epochs} epochs, {reps} reps per variant")
    out = {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "blas": [
            {k: i.get(k) for k in ("internal_api", "version", "num_threads")}
            for i in threadpool_info()
        ],
        "rows": int(x.shape[0]),
        "features": int(x.shape[1]),
        "epochs": epochs,
        "reps": reps,
    }
    out["float64"] = run_variant(x, y, epochs, reps)
    log(f"float64, default threads: fit {out['float64']['fit_median_s']:.2f} s")
    with threadpool_limits(limits=1):
        out["float64_1thread"] = run_variant(x, y, epochs, reps)
    log(f"float64, one thread: fit {out['float64_1thread']['fit_median_s']:.2f} s")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
