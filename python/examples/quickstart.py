"""Screens the crate's sample intakes, one at a time and as one Arrow batch.

    python python/examples/quickstart.py
"""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict, List

import pyarrow as pa

import massage_rules as mr

ROOT = pathlib.Path(__file__).resolve().parents[2]


def samples() -> List[Dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((ROOT / "examples/data").glob("*.json"))]


def main() -> None:
    protocol = mr.Protocol.seed()
    for intake in samples():
        screening = mr.screen(intake, protocol)
        print(repr(screening))
        for reason in screening.reasons:
            print(f"    {reason.rule} ({reason.seed}): {reason.effect}")
    batch = pa.table({"intake": [json.dumps(i) for i in samples()]})
    decided = mr.screen_batch(batch, protocol)
    print(decided.select(["row", "outcome", "first_session_pressure", "sessions_per_week"]))
    try:
        mr.screen({"assessed_on": "2026-11-27", "age": 250, "findings": [], "practitioner": {}})
    except mr.InvalidInputError as e:
        for problem in e.problems:
            print(f"{problem.path}: {problem.message}")


if __name__ == "__main__":
    main()
