#!/usr/bin/env python3
"""Writes seed inputs for every target under fuzz/seeds/<target>/ from the project's
sample data (examples/data, protocols/): the starting points the committed corpora grow
from."""
import json
import pathlib
import shutil

root = pathlib.Path(__file__).resolve().parent.parent
seeds = root / "fuzz/seeds"
shutil.rmtree(seeds, ignore_errors=True)
intakes = sorted((root / "examples/data").glob("*.json"))
protocols = sorted((root / "protocols").glob("*.json"))
variants = sorted((root / "protocols/variants").glob("*.json"))


def put(target, name, text):
    d = seeds / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text)


for p in intakes:
    text = p.read_text()
    intake = json.loads(text)
    put("intake_json", p.name, text)
    put("capi_json", p.name, text)
    request = {"intake": intake, "start": intake["assessed_on"],
               "availability": {"weekdays": ["tuesday", "friday"], "unavailable": [intake["assessed_on"]]},
               "baseline": {"measure": "pain", "value": 7}}
    put("care_request_json", p.name, json.dumps(request))
    put("capi_json", "request-" + p.name, json.dumps(request))
put("cohort_jsonl", "examples.jsonl",
    "\n".join(json.dumps(json.loads(p.read_text())) for p in intakes) + "\n")
for p in protocols:
    put("protocol_json", p.name, p.read_text())
for p in variants:
    put("variant_file", p.name, p.read_text())
put("variant_file", "merge.json", json.dumps({
    "id": "older-70", "version": 1, "title": "t", "base": {"id": "seed", "version": 3},
    "merge": {"screening": {"older_adult_from": 70}}}))
put("intake_typed", "zeros", "\0" * 64)
print(f"seeds written under {seeds}")
