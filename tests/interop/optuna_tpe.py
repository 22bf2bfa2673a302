"""Real Optuna 4.9's TPE pieces and whole studies, for tuning-tpe.test.ts (JSON in argv[1], JSON out).

Each request is one of:
- parzen: a _ParzenEstimator over a search space and observations (internal form) gives its log
  density at given points and its draws from a seeded RandomState;
- split: _split_trials over hand-made trials (complete, pruned with curves, running);
- study: a seeded TPESampler (options camelCased as Tracklab's) minimising a named test function
  for n trials; every trial's params and value.
Non-finite numbers travel as the strings "nan", "inf" and "-inf".
"""

import json
import math
import re
import sys
import warnings

import numpy as np
import optuna
from optuna_common import dist
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import _split_trials, default_weights
from optuna.trial import TrialState, create_trial

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")


def snake(name):
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def enc(v):
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if v == math.inf:
        return "inf"
    if v == -math.inf:
        return "-inf"
    return v


def dec(v):
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(v, v) if isinstance(v, str) else v



def branin(x, y):
    return (y - 5.1 / (4 * math.pi**2) * x**2 + 5 / math.pi * x - 6) ** 2 + 10 * (
        1 - 1 / (8 * math.pi)
    ) * math.cos(x) + 10


H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [
    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
    [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
    [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
]
H6_ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(xs):
    return -sum(
        H6_ALPHA[i] * math.exp(-sum(H6_A[i][j] * (xs[j] - H6_P[i][j]) ** 2 for j in range(6)))
        for i in range(4)
    )


def objective(name):
    if name == "branin":
        return lambda t: branin(t.suggest_float("x", -5, 10), t.suggest_float("y", 0, 15))
    if name == "hartmann6":
        return lambda t: hartmann6([t.suggest_float(f"x{i}", 0, 1) for i in range(6)])
    if name == "mixed":
        # Every kind: log float, stepped float, int, log int, categorical, and a conditional.
        def f(t):
            lr = t.suggest_float("lr", 1e-4, 1e-1, log=True)
            drop = t.suggest_float("dropout", 0.0, 0.5, step=0.1)
            layers = t.suggest_int("layers", 1, 4)
            units = t.suggest_int("units", 8, 256, log=True)
            act = t.suggest_categorical("activation", ["relu", "tanh", "gelu"])
            extra = t.suggest_float("momentum", 0.5, 0.99) if act == "relu" else 0.7
            bias = {"relu": 0.0, "tanh": 0.3, "gelu": 0.1}[act]
            return (math.log10(lr) + 2.5) ** 2 + (drop - 0.2) ** 2 + abs(layers - 2) * 0.3 + (math.log2(units) - 6) ** 2 * 0.1 + bias + (extra - 0.9) ** 2
        return f
    raise ValueError(name)


def parzen(req):
    space = {k: dist(v) for k, v in req["space"].items()}
    obs = {k: np.asarray(v, dtype=float) for k, v in req["observations"].items()}
    params = _ParzenEstimatorParameters(
        prior_weight=req.get("priorWeight", 1.0),
        consider_magic_clip=req.get("considerMagicClip", True),
        consider_endpoints=req.get("considerEndpoints", False),
        weights=default_weights,
        multivariate=req["multivariate"],
        categorical_distance_func={},
    )
    mpe = _ParzenEstimator(obs, space, params)
    points = {k: np.asarray(v, dtype=float) for k, v in req["points"].items()}
    log_pdf = mpe.log_pdf(points)
    if req["seed"] < 0:
        return {"logPdf": [enc(float(v)) for v in log_pdf], "draws": {}}
    draws = mpe.sample(np.random.RandomState(req["seed"]), req["nDraws"])
    return {
        "logPdf": [enc(float(v)) for v in log_pdf],
        "draws": {k: [float(x) for x in v] for k, v in draws.items()},
    }


def split(req):
    study = optuna.create_study(direction=req["direction"])
    trials = []
    for t in req["trials"]:
        state = TrialState[t["state"]]
        iv = {int(s): dec(v) for s, v in t.get("intermediate", [])}
        ft = create_trial(
            state=TrialState.PRUNED if state == TrialState.RUNNING else state,
            value=dec(t["value"]) if state == TrialState.COMPLETE else None,
            intermediate_values=iv,
        )
        ft.state = state
        ft.number = t["number"]
        trials.append(ft)
    below, above = _split_trials(study, trials, req["nBelow"], False)
    return {"below": [t.number for t in below], "above": [t.number for t in above]}


def study(req):
    options = {snake(k): v for k, v in req.get("options", {}).items()}
    sampler = optuna.samplers.TPESampler(seed=req["seed"], **options)
    s = optuna.create_study(direction=req.get("direction", "minimize"), sampler=sampler)
    s.optimize(objective(req["objective"]), n_trials=req["nTrials"])
    return [{"params": t.params, "value": enc(t.value)} for t in s.trials]


def main():
    with open(sys.argv[1]) as f:
        requests = json.load(f)
    handlers = {"parzen": parzen, "split": split, "study": study}
    print(json.dumps([handlers[r["kind"]](r) for r in requests]))


main()
