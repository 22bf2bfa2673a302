"""Optuna 4.9's PED-ANOVA importances for hand-made studies (JSON in argv[1], JSON out), for
tuning-importance.test.ts. Each study: direction, distributions (Tracklab's JSON shape), trials
as {params, value}, the evaluator's options camelCased, and get_param_importances' normalize,
params and target (negate: the value negated)."""

import json
import re
import sys
import warnings

import optuna
from optuna.importance import PedAnovaImportanceEvaluator
from optuna_common import study_of

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")


def snake(name):
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def main():
    with open(sys.argv[1]) as f:
        studies = json.load(f)
    out = []
    for s in studies:
        study = study_of(s)
        evaluator = PedAnovaImportanceEvaluator(**{snake(k): v for k, v in s.get("options", {}).items()})
        more = {}
        if s.get("params"):
            more["params"] = s["params"]
        if s.get("negate"):
            more["target"] = lambda t: -t.value
        importances = optuna.importance.get_param_importances(
            study, evaluator=evaluator, normalize=bool(s.get("normalize")), **more
        )
        out.append([[k, v] for k, v in importances.items()])
    print(json.dumps(out))


main()
