"""mlflow.search_runs() as a DataFrame, printed as JSON (for runs-table.test.ts): its columns,
and each row with times as epoch ms, NaN as "NaN" and None as null."""
import json
import math
import sys

import mlflow


def cell(v):
    if v is None:
        return None
    if hasattr(v, "value") and hasattr(v, "tz"):  # a pandas Timestamp
        return None if str(v) == "NaT" else int(v.value // 1_000_000)
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        return v
    return v


def main(tracking_uri, experiment_id, filter_string, order_by):
    mlflow.set_tracking_uri(tracking_uri)
    df = mlflow.search_runs(
        experiment_ids=[experiment_id], filter_string=filter_string, order_by=[order_by]
    )
    # Column by column (iterrows would turn a param's None into a row Series' NaN).
    rows = [{c: cell(df[c].iloc[i]) for c in df.columns} for i in range(len(df))]
    print(json.dumps({"columns": list(df.columns), "rows": rows}))


if __name__ == "__main__":
    main(*sys.argv[1:])
