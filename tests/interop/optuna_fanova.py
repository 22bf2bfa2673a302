"""Optuna 4.9's fANOVA importances for hand-made studies (JSON in argv[1], JSON out), with the
trees of the random forest it fitted and the search space it decomposed over, for
tuning-importance.test.ts: the decomposition is checked tree for tree, the whole method by its
results."""

import json
import sys
import warnings

import optuna
from optuna._transform import _SearchSpaceTransform
from optuna.importance import FanovaImportanceEvaluator
from optuna.importance._base import _get_distributions
from optuna_common import study_of

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")


def main():
    with open(sys.argv[1]) as f:
        studies = json.load(f)
    out = []
    for s in studies:
        study = study_of(s)
        evaluator = FanovaImportanceEvaluator(seed=s["seed"])
        importances = optuna.importance.get_param_importances(study, evaluator=evaluator, normalize=False)
        distributions = _get_distributions(study, params=None)
        non_single = {k: d for k, d in distributions.items() if not d.single()}
        trans = _SearchSpaceTransform(non_single, transform_log=False, transform_step=False)
        trees = [
            {
                "feature": e.tree_.feature.tolist(),
                "threshold": e.tree_.threshold.tolist(),
                "left": e.tree_.children_left.tolist(),
                "right": e.tree_.children_right.tolist(),
                "value": e.tree_.value[:, 0, 0].tolist(),
            }
            for e in evaluator._evaluator._forest.estimators_
        ]
        out.append(
            {
                "importances": [[k, v] for k, v in importances.items()],
                "names": list(non_single.keys()),
                "bounds": trans.bounds.tolist(),
                "columns": [c.tolist() for c in trans.column_to_encoded_columns],
                "trees": trees,
            }
        )
    print(json.dumps(out))


main()
