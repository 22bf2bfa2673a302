"""What the Optuna interop scripts share: Tracklab's distribution JSON as Optuna's distributions,
and a study rebuilt from Tracklab's JSON shape (direction, distributions, trials as
{params, value})."""

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import create_trial


def dist(d):
    if d["type"] == "categorical":
        return CategoricalDistribution(d["choices"])
    cls = FloatDistribution if d["type"] == "float" else IntDistribution
    return cls(d["low"], d["high"], log=d["log"], step=d["step"])


def study_of(s):
    study = optuna.create_study(direction=s["direction"])
    dists = {k: dist(v) for k, v in s["distributions"].items()}
    for t in s["trials"]:
        study.add_trial(create_trial(params=t["params"], distributions=dists, value=t["value"]))
    return study
