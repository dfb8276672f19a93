"""Shared helpers: generated intakes (hypothesis) and the crate's own answers."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
from typing import Any, Dict, List

from hypothesis import strategies as st

ROOT = pathlib.Path(__file__).resolve().parents[2]

PARTS = ["head", "neck", "upper_back", "lower_back", "chest", "abdomen", "hip",
         "shoulder", "forearm", "hand", "thigh", "knee", "lower_leg", "foot"]
PAIRED = {"shoulder", "forearm", "hand", "thigh", "knee", "lower_leg", "foot"}
REGIONAL = ["infection", "acute_inflammation", "skin_condition", "open_wound", "cancer",
            "blood_clot"]
CONDITIONS = ["back_pain", "neck_pain", "stress", "anxiety", "muscle_spasm", "strain",
              "sprain", "swelling", "post_operative", "chronic_inflammation"]
ACUITIES = ["acute", "injury", "chronic", "ongoing"]
ANSWERS = ["yes", "no", "unknown"]
PRESSURES = ["light", "moderate", "firm", "deep"]
GOALS = ["relaxation", "stress_reduction", "pain_relief", "mobility"]


def location() -> st.SearchStrategy[Dict[str, Any]]:
    return st.sampled_from(PARTS).flatmap(
        lambda part: st.fixed_dictionaries(
            {"part": st.just(part), "side": st.sampled_from(["left", "right"])}
        ) if part in PAIRED else st.just({"part": part})
    )


def intake() -> st.SearchStrategy[Dict[str, Any]]:
    """Intakes, valid and not: ages past 130, unknown answers, findings anywhere."""
    return st.fixed_dictionaries(
        {
            "assessed_on": st.dates(
                min_value=__import__("datetime").date(2020, 1, 1),
                max_value=__import__("datetime").date(2030, 12, 31),
            ).map(lambda d: d.isoformat()),
            "findings": st.lists(
                st.fixed_dictionaries(
                    {"contraindication": st.sampled_from(REGIONAL), "location": location()}
                ),
                max_size=3,
            ),
            "practitioner": st.fixed_dictionaries(
                {"licensed": st.sampled_from(ANSWERS),
                 "medical_massage_trained": st.sampled_from(ANSWERS)}
            ),
        },
        optional={
            "age": st.integers(min_value=0, max_value=140),
            "pregnant": st.sampled_from(ANSWERS),
            "history": st.just("none"),
            "pain_tolerance": st.sampled_from(PRESSURES),
            "goals": st.lists(st.sampled_from(GOALS), max_size=2, unique=True),
            "conditions": st.lists(
                st.fixed_dictionaries(
                    {"condition": st.sampled_from(CONDITIONS),
                     "acuity": st.sampled_from(ACUITIES)}
                ),
                max_size=2,
            ),
        },
    )


def rust_answers(intakes: List[str], protocol: str = "seed") -> List[str]:
    """The crate's own answers (examples/decide_jsonl), one JSON line per intake."""
    exe = os.environ.get("MASSAGE_RULES_DECIDE")
    if not exe:
        target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        exe = str(target / "debug" / "examples" / "decide_jsonl")
        if not pathlib.Path(exe).exists():
            subprocess.run(["cargo", "build", "-q", "--example", "decide_jsonl"],
                           cwd=ROOT, check=True)
    out = subprocess.run([exe, protocol], input="\n".join(intakes) + "\n",
                         capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def sample_intakes() -> List[Dict[str, Any]]:
    """The crate's sample intakes (examples/data)."""
    return [json.loads(p.read_text()) for p in sorted((ROOT / "examples/data").glob("*.json"))]
