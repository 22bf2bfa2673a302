"""MLflow side of Tracklab's benchmarks: times MlflowClient against a running mlflow server.

Usage: python mlflow_bench.py URL DB_PATH SPECS.json SIZES REPS LOG_BUDGET_S
  The first API_RUNS runs go through MlflowClient (create_run + log_batch); the rest are inserted
  in bulk into the server's SQLite file with MLflow's own table models (the REST path writes ~10
  runs/s here, far too slow for 10k runs), and a bulk run is checked against an API one.
  SPECS.json: {"runs": [spec, ...], "search": {...}, "logging": {...}, "base_ts": int}
  (spec = bench/data.js runSpec(i)). Progress goes to stderr, one JSON object to stdout.
"""
import json
import math
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from mlflow.entities import Metric, Param
from mlflow.store.tracking.dbmodels.models import SqlLatestMetric, SqlMetric, SqlParam, SqlRun, SqlTag
from mlflow.tracking import MlflowClient
from sqlalchemy import create_engine

API_RUNS = 50


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def bench_log_batch(client, cfg, base_ts, budget_s):
    exp = client.create_experiment("bench-log-batch")
    run_ids = [client.create_run(exp).info.run_id for _ in range(cfg["runs"])]
    batches = []
    for r, rid in enumerate(run_ids):
        for s0 in range(0, cfg["steps"], cfg["stepsPerBatch"]):
            ms = [
                Metric(f"m{k}", math.sin(s * 0.01 + k) + r * 0.001, base_ts + s, s)
                for s in range(s0, s0 + cfg["stepsPerBatch"])
                for k in range(cfg["keys"])
            ]
            batches.append((rid, ms))
    points = sum(len(ms) for _, ms in batches)
    log(f"log_batch: {len(batches)} batches, {points} points")
    times = []
    t0 = time.perf_counter()
    for rid, ms in batches:
        if time.perf_counter() - t0 > budget_s:
            break
        t = time.perf_counter()
        client.log_batch(rid, metrics=ms, synchronous=True)
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - t0
    got = len(client.get_metric_history(run_ids[0], "m0"))
    done = len(times)
    log(f"log_batch: {done} batches in {total:.1f} s")
    return {"points": done * len(batches[0][1]), "batches": done, "planned_batches": len(batches),
            "planned_points": points, "total_s": total,
            "median_batch_ms": statistics.median(times) * 1000, "check_history_m0": got}


def populate(client, exp, specs):
    def one(spec):
        run = client.create_run(exp, start_time=spec["startTime"], tags=spec["tags"],
                                run_name=spec["name"])
        metrics = [Metric(k, v, spec["startTime"], 0) for k, v in spec["metrics"].items()]
        params = [Param(k, v) for k, v in spec["params"].items()]
        client.log_batch(run.info.run_id, metrics=metrics, params=params, synchronous=True)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one, specs))


def bulk_insert(db_path, exp, artifact_root, user_id, specs):
    engine = create_engine(f"sqlite:///{db_path}")
    runs, tags, params, metrics = [], [], [], []
    for spec in specs:
        rid = uuid.uuid4().hex
        ts = spec["startTime"]
        runs.append(dict(run_uuid=rid, name=spec["name"], source_type="UNKNOWN", source_name="",
                         entry_point_name="", user_id=user_id, status="RUNNING", start_time=ts,
                         end_time=None, deleted_time=None, source_version="",
                         lifecycle_stage="active", artifact_uri=f"{artifact_root}/{rid}/artifacts",
                         experiment_id=int(exp)))
        tags += [dict(run_uuid=rid, key=k, value=v) for k, v in spec["tags"].items()]
        tags.append(dict(run_uuid=rid, key="mlflow.runName", value=spec["name"]))
        params += [dict(run_uuid=rid, key=k, value=v) for k, v in spec["params"].items()]
        metrics += [dict(run_uuid=rid, key=k, value=v, timestamp=ts, step=0, is_nan=False)
                    for k, v in spec["metrics"].items()]
    with engine.begin() as conn:
        conn.execute(SqlRun.__table__.insert(), runs)
        conn.execute(SqlTag.__table__.insert(), tags)
        conn.execute(SqlParam.__table__.insert(), params)
        conn.execute(SqlMetric.__table__.insert(), metrics)
        conn.execute(SqlLatestMetric.__table__.insert(), metrics)
    engine.dispose()


def shape(run):
    d = run.data
    return (sorted(d.tags), sorted(d.params), sorted(d.metrics), run.info.status,
            run.info.lifecycle_stage, run.info.user_id or "")


def bench_search(client, db_path, specs, sizes, reps, search):
    exp = client.create_experiment("bench-search")
    out = []
    have = 0
    for size in sizes:
        t = time.perf_counter()
        api_to = min(size, max(have, API_RUNS))
        populate(client, exp, specs[have:api_to])
        if api_to < size:
            template = client.search_runs([exp], filter_string="attributes.run_name = 'run-0'")[0]
            root = client.get_experiment(exp).artifact_location
            bulk_insert(db_path, exp, root, template.info.user_id, specs[api_to:size])
        log(f"populated {size} runs ({size - have} in {time.perf_counter() - t:.1f} s)")
        have = size
        args = dict(filter_string=search["filterString"], order_by=search["orderBy"],
                    max_results=search["maxResults"])
        first = client.search_runs([exp], **args)  # warm-up
        if size > API_RUNS:
            api = client.search_runs([exp], filter_string="attributes.run_name = 'run-0'")[0]
            bulk = client.search_runs([exp], filter_string=f"attributes.run_name = 'run-{size - 1}'")[0]
            if shape(api) != shape(bulk):
                raise SystemExit(f"bulk run differs from API run: {shape(api)} vs {shape(bulk)}")
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            client.search_runs([exp], **args)
            times.append((time.perf_counter() - t) * 1000)
        log(f"search_runs over {size}: median {statistics.median(times):.0f} ms")
        out.append({"runs": size, "times_ms": times, "median_ms": statistics.median(times),
                    "matched": len(first), "first_names": [r.info.run_name for r in first[:10]]})
    return out


def main():
    url, db_path, specs_path, sizes = sys.argv[1:5]
    reps, budget_s = int(sys.argv[5]), float(sys.argv[6])
    with open(specs_path) as f:
        data = json.load(f)
    client = MlflowClient(tracking_uri=url)
    result = {"log_batch": bench_log_batch(client, data["logging"], data["base_ts"], budget_s)}
    sizes = [int(s) for s in sizes.split(",")]
    result["search"] = bench_search(client, db_path, data["runs"], sizes, reps, data["search"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
