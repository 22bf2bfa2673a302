"""Writes the bundled datasets in static/datasets/ as plain CSV (run by hand; the output is committed).

usage: python scripts/make-datasets.py <vega-datasets package dir>
  - iris and breast cancer come from the installed scikit-learn (sklearn.datasets);
  - penguins and cars (auto MPG) from the vega-datasets npm package (npm pack vega-datasets@3.2.1).
Run with the interop venv's python, which has scikit-learn (a dependency of mlflow).
"""
import csv
import json
import sys
from pathlib import Path

from sklearn.datasets import load_breast_cancer, load_iris

OUT = Path(__file__).resolve().parent.parent / "static" / "datasets"


def write(name, header, rows):
    with open(OUT / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{name}.csv: {len(rows)} rows, {len(header)} columns")


def sklearn_set(name, bunch, target):
    names = [n.replace(" (cm)", "_cm").replace(" ", "_") for n in bunch.feature_names]
    rows = [[repr(float(v)) for v in x] + [bunch.target_names[y]] for x, y in zip(bunch.data, bunch.target)]
    write(name, names + [target], rows)


def vega_set(name, path, columns):
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = lambda v: "NA" if v is None else v
    write(name, [new for _, new in columns], [[cell(r.get(old)) for old, _ in columns] for r in records])


def main(vega_dir):
    OUT.mkdir(parents=True, exist_ok=True)
    sklearn_set("iris", load_iris(), "species")
    sklearn_set("breast-cancer", load_breast_cancer(), "diagnosis")
    vega_set("penguins", Path(vega_dir) / "data" / "penguins.json", [
        ("Species", "species"), ("Island", "island"), ("Beak Length (mm)", "bill_length_mm"),
        ("Beak Depth (mm)", "bill_depth_mm"), ("Flipper Length (mm)", "flipper_length_mm"),
        ("Body Mass (g)", "body_mass_g"), ("Sex", "sex"),
    ])
    vega_set("auto-mpg", Path(vega_dir) / "data" / "cars.json", [
        ("Name", "name"), ("Cylinders", "cylinders"), ("Displacement", "displacement"),
        ("Horsepower", "horsepower"), ("Weight_in_lbs", "weight_lbs"), ("Acceleration", "acceleration"),
        ("Year", "model_year"), ("Origin", "origin"), ("Miles_per_Gallon", "mpg"),
    ])


if __name__ == "__main__":
    main(sys.argv[1])
