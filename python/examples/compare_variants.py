"""Compares the seed protocol with the Cherkin 2011 variant (ten one-hour sessions for
chronic low back pain) over a generated cohort, and draws how many clients change
outcome or frequency, by condition, to a PNG.

    python python/examples/compare_variants.py [N] [out.png]
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from typing import Any, Dict, List

import pyarrow as pa

import massage_rules as mr

CONDITIONS = ["back_pain", "neck_pain", "stress", "anxiety", "muscle_spasm", "strain",
              "sprain", "swelling", "chronic_inflammation", "headache"]
ACUITIES = ["acute", "injury", "chronic", "ongoing"]


def cohort(n: int, seed: int = 2011) -> List[Dict[str, Any]]:
    """A generated cohort: adults seen by a licensed, trained therapist, each with one
    condition of some acuity (so the course rows are what differs)."""
    rng = random.Random(seed)
    return [
        {
            "assessed_on": "2027-01-11",
            "age": rng.randint(18, 80),
            "pregnant": "no",
            "findings": [],
            "history": "none",
            "pain_tolerance": rng.choice(["light", "moderate", "firm"]),
            "conditions": [{"condition": rng.choice(CONDITIONS), "acuity": rng.choice(ACUITIES)}],
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"},
        }
        for _ in range(n)
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    out = sys.argv[2] if len(sys.argv) > 2 else "compare_variants.png"
    seed = mr.Protocol.seed()
    cherkin = mr.Protocol.builtin_variant("cherkin-2011-low-back-10")
    print(seed.diff_text(cherkin))
    intakes = cohort(n)
    table = pa.table({"intake": [json.dumps(i) for i in intakes]})
    compared = mr.compare_batch(table, seed, cherkin).to_pylist()
    changed_outcome: Counter[str] = Counter()
    changed_frequency: Counter[str] = Counter()
    for intake, row in zip(intakes, compared):
        condition = intake["conditions"][0]["condition"]
        if row["a_outcome"] != row["b_outcome"]:
            changed_outcome[condition] += 1
        if row["a_sessions_per_week"] != row["b_sessions_per_week"]:
            changed_frequency[condition] += 1
    differing = sum(1 for r in compared if r["differs"])
    print(f"{differing} of {n} clients differ; by condition (frequency): {dict(changed_frequency)}")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4))
    xs = range(len(CONDITIONS))
    ax.bar([x - 0.2 for x in xs], [changed_outcome[c] for c in CONDITIONS], width=0.4, label="outcome")
    ax.bar([x + 0.2 for x in xs], [changed_frequency[c] for c in CONDITIONS], width=0.4, label="sessions a week")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([c.replace("_", " ") for c in CONDITIONS], rotation=30, ha="right")
    ax.set_ylabel(f"clients (of {n})")
    ax.set_title(f"{seed.stamp} vs {cherkin.stamp}: who changes")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
