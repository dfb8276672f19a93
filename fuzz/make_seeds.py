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
# A timed request in New York across the March 2027 change, with a Sunday window around
# the gap (the appointment_book target plans the same request).
timed = json.loads((root / "fuzz/fuzz_targets/timed_request.json").read_text())
put("care_request_json", "timed_new_york.json", json.dumps(timed))
put("capi_json", "request-timed_new_york.json", json.dumps(timed))
put("appointment_book", "three.json", json.dumps({
    "resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Appointment", "id": "a", "status": "proposed",
                      "start": "2027-03-04T09:00:00-05:00", "end": "2027-03-04T10:00:00-05:00"}},
        {"resource": {"resourceType": "Appointment", "id": "b", "status": "proposed",
                      "start": "2027-03-14T02:30:00-04:00", "minutesDuration": 30}},
        {"resource": {"resourceType": "Appointment", "id": "c", "status": "proposed",
                      "start": "2027-03-09T14:00:00Z", "end": "2027-03-09T15:00:00Z"}}]}))
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
# Responses to the intake questionnaire: one per sample, from a minimal template.
for p in intakes:
    intake = json.loads(p.read_text())
    items = [{"linkId": "assessed_on", "answer": [{"valueDate": intake["assessed_on"]}]},
             {"linkId": "findings_examined", "answer": [{"valueCoding": {"code": "yes"}}]}]
    if "age" in intake:
        items.append({"linkId": "age", "answer": [{"valueInteger": intake["age"]}]})
    for f in intake.get("findings", []):
        loc = f.get("location", {})
        if isinstance(loc, str):
            loc = {"part": loc}
        sub = [{"linkId": "findings.contraindication", "answer": [{"valueCoding": {"code": f["contraindication"]}}]},
               {"linkId": "findings.location.part", "answer": [{"valueCoding": {"code": loc.get("part", "head")}}]}]
        if loc.get("side"):
            sub.append({"linkId": "findings.location.side", "answer": [{"valueCoding": {"code": loc["side"]}}]})
        items.append({"linkId": "findings", "item": sub})
    items.append({"linkId": "history", "item": [
        {"linkId": "history." + h, "answer": [{"valueCoding": {"code": "no"}}]}
        for h in ["anticoagulants", "corticosteroids", "osteoporosis", "reduced_sensation", "varicose_veins", "fever"]]})
    items.append({"linkId": "practitioner", "item": [
        {"linkId": "practitioner.licensed", "answer": [{"valueCoding": {"code": "yes"}}]},
        {"linkId": "practitioner.medical_massage_trained", "answer": [{"valueCoding": {"code": "yes"}}]}]})
    put("questionnaire_response", p.name, json.dumps({
        "resourceType": "QuestionnaireResponse", "status": "completed",
        "questionnaire": "https://github.com/massage-rules/massage-rules/fhir/Questionnaire/massage-intake|3",
        "item": items}))
put("icd10_codes", "referral", "M54.50,M54.5,S16.1XXA,S39.012S,G20,Q99.9,m17.11")
print(f"seeds written under {seeds}")
