"""Checks CDS Hooks 2.0 responses independently of the service's code: the card rules of
the specification ("CDS Service Response": summary under 140 characters, indicator, source
label, suggestions with selectionBehavior, actions with type, description and a resource
for create and update, overrideReasons with a display) and, with fhir.resources, that
every FHIR resource in an action and every Coding is valid FHIR R4.

Usage: validate_cards.py DIR. Every DIR/*.json is a response ({"cards": [...]}). Exits 1
with the problems, 77 when fhir.resources is missing."""
import importlib
import json
import pathlib
import re
import sys

try:
    importlib.import_module("fhir.resources.R4B")
    from fhir.resources.R4B.coding import Coding
except ImportError:
    print("fhir.resources is not installed (pip install fhir.resources)")
    sys.exit(77)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
problems = []
cards_seen = 0
resources = 0


def problem(where, text):
    problems.append(f"{where}: {text}")


def coding(where, value, need_display):
    try:
        Coding.model_validate(value)
    except Exception as e:  # pydantic's ValidationError
        problem(where, f"not a FHIR Coding: {e}")
    if need_display and not value.get("display"):
        problem(where, "a Coding without a display")


def resource(where, value):
    global resources
    kind = value.get("resourceType")
    if not isinstance(kind, str):
        problem(where, "no resourceType")
        return
    module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
    try:
        getattr(module, kind).model_validate(value)
        resources += 1
    except Exception as e:
        problem(where, f"{kind} is not valid FHIR R4: {e}")


for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    response = json.loads(path.read_text())
    cards = response.get("cards")
    if not isinstance(cards, list):
        problem(path.name, "no cards array")
        continue
    uuids = [c.get("uuid") for c in cards if "uuid" in c]
    if len(set(uuids)) != len(uuids):
        problem(path.name, "two cards share a uuid")
    for i, card in enumerate(cards):
        cards_seen += 1
        at = f"{path.name} cards[{i}]"
        summary = card.get("summary")
        if not isinstance(summary, str) or not summary.strip() or len(summary) >= 140:
            problem(at, f"summary must be a non-empty string under 140 characters: {summary!r}")
        if re.search(r"\b[a-z]+_[a-z_]+\b", summary or ""):
            problem(at, f"summary has a snake_case word: {summary!r}")
        if card.get("indicator") not in ("info", "warning", "critical"):
            problem(at, f"indicator {card.get('indicator')!r}")
        if "uuid" in card and not UUID.match(card["uuid"]):
            problem(at, f"uuid {card['uuid']!r} is not a UUID")
        if "detail" in card and not isinstance(card["detail"], str):
            problem(at, "detail is not (markdown) text")
        source = card.get("source")
        if not isinstance(source, dict) or not isinstance(source.get("label"), str) or not source["label"].strip():
            problem(at, "source.label is required")
        elif "topic" in source:
            coding(f"{at}.source.topic", source["topic"], True)
            if "_" in source["topic"].get("display", ""):
                problem(at, "topic.display is not words")
        suggestions = card.get("suggestions", [])
        if suggestions and card.get("selectionBehavior") not in ("at-most-one", "any"):
            problem(at, "suggestions without a selectionBehavior")
        for j, s in enumerate(suggestions):
            sat = f"{at}.suggestions[{j}]"
            if not isinstance(s.get("label"), str) or not s["label"].strip():
                problem(sat, "label is required")
            if "uuid" in s and not UUID.match(s["uuid"]):
                problem(sat, "uuid is not a UUID")
            for k, action in enumerate(s.get("actions", [])):
                aat = f"{sat}.actions[{k}]"
                if action.get("type") not in ("create", "update", "delete"):
                    problem(aat, f"type {action.get('type')!r}")
                if not isinstance(action.get("description"), str):
                    problem(aat, "description is required")
                if action.get("type") in ("create", "update"):
                    if not isinstance(action.get("resource"), dict):
                        problem(aat, "create and update carry a resource")
                    else:
                        resource(aat, action["resource"])
        for j, reason in enumerate(card.get("overrideReasons", [])):
            coding(f"{at}.overrideReasons[{j}]", reason, True)

for p in problems:
    print(p)
print(f"{cards_seen} cards, {resources} resources; {len(problems)} problems")
sys.exit(1 if problems else 0)
