"""Real Optuna's pruning decisions for the scenarios in a JSON file (argv[1]), as JSON on stdout.

Used by tuning-pruners.test.ts to pin Tracklab's pruners to Optuna 4.9's. Each scenario names a
pruner (its options camelCased, as Tracklab's), a direction, the trials' reported curves and a
schedule: a list of trial indices, each one the next report of that trial (the first one asks
Optuna for the trial, so trials are numbered in order). After each report the pruner is asked; a
pruned trial is told PRUNED and its later reports are skipped, and a trial whose last report is
not pruned is told its last value (Optuna makes that FAIL when it is NaN). Values are JSON numbers
or the strings "nan", "inf" and "-inf". Output per scenario: the decisions [trial, step, pruned],
the final states, each trial's rung system attrs, and (Hyperband) the trial numbers the sampler
would be given at each decision.
"""

import json
import math
import re
import sys
import warnings

import optuna
from optuna.pruners import _filter_study
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")


def snake(name):
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def number(x):
    """A float for JSON: non-finite as the strings the test reads back."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def make_pruner(spec):
    """A pruner from its class name and camelCased options; PatientPruner's wrapped one too."""
    options = {snake(k): v for k, v in spec["options"].items()}
    if spec["name"] == "PatientPruner":
        wrapped = options.pop("wrapped_pruner", None)
        options["wrapped_pruner"] = make_pruner(wrapped) if wrapped else None
    return getattr(optuna.pruners, spec["name"])(**options)


def run(scenario):
    pruner = make_pruner(scenario["pruner"])
    study = optuna.create_study(
        study_name=scenario["studyName"],
        direction=scenario["direction"],
        sampler=optuna.samplers.RandomSampler(seed=0),
        pruner=pruner,
    )
    curves = scenario["trials"]
    trials = []
    reported = [0] * len(curves)
    ended = [False] * len(curves)
    decisions = []
    filtered = []
    for i in scenario["schedule"]:
        if ended[i]:
            continue
        if reported[i] == 0:
            trial = study.ask()
            assert trial.number == i == len(trials), (trial.number, i)
            trials.append(trial)
        trial = trials[i]
        step, value = curves[i][reported[i]]
        value = float(value)
        reported[i] += 1
        trial.report(value, step)
        # Percentile pruners return numpy bools.
        pruned = bool(trial.should_prune())
        decisions.append([i, step, pruned])
        if isinstance(pruner, optuna.pruners.HyperbandPruner):
            frozen = study._storage.get_trial(trial._trial_id)
            view = _filter_study(study, frozen)
            filtered.append([t.number for t in view.get_trials(deepcopy=False)])
        if pruned:
            study.tell(trial, state=TrialState.PRUNED)
            ended[i] = True
        elif reported[i] == len(curves[i]):
            study.tell(trial, value)
            ended[i] = True
    finished = study.get_trials(deepcopy=False)
    return {
        "decisions": decisions,
        "states": [t.state.name for t in finished],
        "rungs": [
            {k: number(v) for k, v in t.system_attrs.items() if k.startswith("completed_rung_")}
            for t in finished
        ],
        "filtered": filtered,
    }


with open(sys.argv[1]) as f:
    scenarios = json.load(f)
json.dump({name: run(s) for name, s in scenarios.items()}, sys.stdout)
