"""Optuna's side of the tuning bench (bench/tune.js): best values per sampler, function and seed,
and the time per suggestion at 1,000 finished trials × 10 parameters. JSON in argv[1], JSON out;
progress on stderr."""

import json
import math
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")

A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [
    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
    [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
    [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
]
ALPHA = [1.0, 1.2, 3.0, 3.2]


def branin(t):
    x, y = t.suggest_float("x", -5, 10), t.suggest_float("y", 0, 15)
    return (y - 5.1 / (4 * math.pi**2) * x**2 + 5 / math.pi * x - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x) + 10


def hartmann6(t):
    xs = [t.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (xs[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6}


def sampler(name, seed):
    if name == "TPESampler":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "RandomSampler":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "CmaEsSampler":
        return optuna.samplers.CmaEsSampler(seed=seed)
    raise ValueError(name)


def studies(r):
    best, ms = [], []
    for seed in r["seeds"]:
        started = time.perf_counter()
        s = optuna.create_study(sampler=sampler(r["sampler"], seed))
        s.optimize(FUNCTIONS[r["fn"]], n_trials=r["nTrials"])
        ms.append((time.perf_counter() - started) * 1000)
        best.append(s.best_value)
    print(f"{r['sampler']} {r['fn']}: done", file=sys.stderr)
    return {"best": best, "ms": ms}


def cost(r):
    import random

    rnd = random.Random(1)
    names = [f"p{i}" for i in range(r["params"])]
    s = optuna.create_study(sampler=sampler(r["sampler"], 7))

    def value(p):
        return sum((p[n] - i / len(names)) ** 2 for i, n in enumerate(names))

    dists = {n: optuna.distributions.FloatDistribution(0, 1) for n in names}
    for _ in range(r["finished"]):
        params = {n: rnd.random() for n in names}
        s.add_trial(optuna.trial.create_trial(params=params, distributions=dists, value=value(params)))
    per_suggestion, per_trial = [], []
    for _ in range(r["suggestions"]):
        t = s.ask()
        p = {}
        trial_start = time.perf_counter()
        for n in names:
            t0 = time.perf_counter()
            p[n] = t.suggest_float(n, 0, 1)
            per_suggestion.append((time.perf_counter() - t0) * 1000)
        per_trial.append((time.perf_counter() - trial_start) * 1000)
        s.tell(t, value(p))
    print(f"{r['sampler']} cost: done", file=sys.stderr)
    return {"perSuggestion": per_suggestion, "perTrial": per_trial}


def main():
    with open(sys.argv[1]) as f:
        requests = json.load(f)
    out = [studies(r) if r["kind"] == "studies" else cost(r) for r in requests]
    print(json.dumps({"optuna": optuna.__version__, "results": out}))


main()
