"""Optuna 4.9's PED-ANOVA importances for hand-made studies (JSON in argv[1], JSON out), for
tuning-importance.test.ts. Each study: direction, distributions (Tracklab's JSON shape), trials
as {params, value}, and the evaluator's options camelCased."""

import json
import re
import sys
import warnings

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.importance import PedAnovaImportanceEvaluator
from optuna.trial import create_trial

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")


def dist(d):
    if d["type"] == "categorical":
        return CategoricalDistribution(d["choices"])
    cls = FloatDistribution if d["type"] == "float" else IntDistribution
    return cls(d["low"], d["high"], log=d["log"], step=d["step"])


def snake(name):
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def main():
    with open(sys.argv[1]) as f:
        studies = json.load(f)
    out = []
    for s in studies:
        study = optuna.create_study(direction=s["direction"])
        dists = {k: dist(v) for k, v in s["distributions"].items()}
        for t in s["trials"]:
            study.add_trial(create_trial(params=t["params"], distributions=dists, value=t["value"]))
        evaluator = PedAnovaImportanceEvaluator(**{snake(k): v for k, v in s.get("options", {}).items()})
        importances = optuna.importance.get_param_importances(study, evaluator=evaluator, normalize=False)
        out.append([[k, v] for k, v in importances.items()])
    print(json.dumps(out))


main()
