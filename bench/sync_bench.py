"""MLflow side of the sync benchmark (bench/sync.js): MlflowClient logs the lab Tracklab pushes.

Usage: python sync_bench.py URL SPEC.json EXPERIMENT WARMUP_EXPERIMENT
  SPEC.json: {"keys": [...], "steps": int, "runs": [run, ...]} as bench/sync.js writes it, each
  run {"name", "startTime", "endTime", "params": {}, "tags": {}, "values": [[per step] per key],
  "artifacts": [{"path", "text"}]}. The same data Tracklab pushes, value for value and byte for
  byte. The first two runs are logged untimed into WARMUP_EXPERIMENT (this process's imports,
  the HTTP session, the artifact client); then every run is logged into EXPERIMENT, timed from
  the first create_run to the last set_terminated: per run create_run (tags, name, start time),
  log_batch of at most 1,000 entities a call (the params with the first metrics), log_text for each
  artifact, set_terminated. The metric objects are built before the clock starts, as a training
  script holds its numbers in memory. Progress goes to stderr, one JSON object to stdout.
"""
import json
import os
import re
import sys
import time
from urllib.parse import urlparse

import requests
from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient

ENTITIES_PER_BATCH = 1000
PARAMS_PER_BATCH = 100


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# Every request MLflow's client makes goes through a requests.Session (tracking calls and the
# proxied artifact uploads alike): counted by endpoint, with the time spent in them.
NET = {"requests": 0, "wait_s": 0.0, "by_endpoint": {}}
_request = requests.Session.request


def _counted(self, method, url, *args, **kwargs):
    m = re.search(r"/api/2\.0/(mlflow-artifacts|mlflow/[^/]+/[^/?]+)", url)
    name = f"{method} {m.group(1) if m else urlparse(url).path}"
    NET["requests"] += 1
    NET["by_endpoint"][name] = NET["by_endpoint"].get(name, 0) + 1
    t = time.perf_counter()
    try:
        return _request(self, method, url, *args, **kwargs)
    finally:
        NET["wait_s"] += time.perf_counter() - t


requests.Session.request = _counted


def prepare(spec):
    """Each run's batches: step-major points (all keys of a step together), params first."""
    keys, steps = spec["keys"], spec["steps"]
    out = []
    for run in spec["runs"]:
        t0 = run["startTime"]
        points = [Metric(key, run["values"][k][s], t0 + s * 1000, s)
                  for s in range(steps) for k, key in enumerate(keys)]
        params = [Param(k, v) for k, v in run["params"].items()]
        assert len(params) <= PARAMS_PER_BATCH
        # At most 1,000 entities (metrics, params and tags together) a request.
        first = ENTITIES_PER_BATCH - len(params)
        batches = [(points[:first], params)] + [
            (points[i:i + ENTITIES_PER_BATCH], [])
            for i in range(first, len(points), ENTITIES_PER_BATCH)]
        out.append((run, batches))
    return out


def log_runs(client, experiment_id, prepared):
    ids = []
    for run, batches in prepared:
        rid = client.create_run(experiment_id, start_time=run["startTime"], tags=run["tags"],
                                run_name=run["name"]).info.run_id
        for metrics, params in batches:
            client.log_batch(rid, metrics=metrics, params=params, synchronous=True)
        for a in run["artifacts"]:
            client.log_text(rid, a["text"], a["path"])
        client.set_terminated(rid, "FINISHED", run["endTime"])
        ids.append(rid)
    return ids


def artifact_files(client, rid, path=None):
    out = []
    for f in client.list_artifacts(rid, path):
        out += artifact_files(client, rid, f.path) if f.is_dir else [f.path]
    return out


def main():
    url, spec_path, name, warmup_name = sys.argv[1:5]
    # set_terminated prints "View run … at" links (after a get_run, kept: it is what users get);
    # they go nowhere, so stdout is the JSON alone.
    out, sys.stdout = sys.stdout, open(os.devnull, "w")
    with open(spec_path) as f:
        spec = json.load(f)
    client = MlflowClient(tracking_uri=url)
    prepared = prepare(spec)

    log_runs(client, client.create_experiment(warmup_name), prepared[:2])

    exp = client.create_experiment(name)
    NET.update(requests=0, wait_s=0.0, by_endpoint={})
    t = time.perf_counter()
    ids = log_runs(client, exp, prepared)
    seconds = time.perf_counter() - t
    net = {"requests": NET["requests"], "wait_ms": NET["wait_s"] * 1000,
           "by_endpoint": dict(NET["by_endpoint"])}

    # What the server holds, read back (untimed).
    count, token = 0, None
    while True:
        page = client.search_runs([exp], max_results=1000, page_token=token)
        count += len(page)
        token = page.token
        if not token:
            break
    first = client.get_run(ids[0])
    points = sum(len(client.get_metric_history(ids[0], k)) for k in spec["keys"])
    log(f"{len(ids)} runs in {seconds:.1f} s")
    print(json.dumps({
        "ms": seconds * 1000,
        "runs": count,
        "first": {"points": points, "status": first.info.status,
                  "params": len(first.data.params), "artifacts": artifact_files(client, ids[0])},
        "net": net,
    }), file=out)


if __name__ == "__main__":
    main()
