"""Screens a cohort with Ray Data: the same `screen_batch` on every worker of a cluster.

    python python/examples/ray_screen.py [N]

On a laptop this starts a local Ray with two workers; on a cluster, `ray.init()` (or
`RAY_ADDRESS`) joins it, and nothing else changes.
"""

from __future__ import annotations

import json
import sys
import time

import pyarrow as pa
import ray
import ray.data

import massage_rules as mr


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    intake = json.dumps({"assessed_on": "2027-01-11", "age": 45, "pregnant": "no",
                         "findings": [], "history": "none",
                         "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
                         "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}})
    table = pa.table({"intake": [intake] * n})
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True)
    started = time.perf_counter()
    ds = ray.data.from_arrow(table).map_batches(mr.screen_batch, batch_format="pyarrow",
                                                batch_size=8192)
    outcomes = ds.groupby("outcome").count().take_all()
    elapsed = time.perf_counter() - started
    print(outcomes)
    print(f"{n} intakes in {elapsed:.2f} s on Ray ({n / elapsed:,.0f} a second)")
    ray.shutdown()


if __name__ == "__main__":
    main()
