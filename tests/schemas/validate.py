"""Checks documents against the crate's JSON Schemas with an independent validator (the
jsonschema package, draft 2020-12, formats checked).

Usage: validate.py SCHEMAS DOCS. DOCS/<kind>/*.json must validate against
SCHEMAS/<kind>.json; DOCS/invalid/<kind>/*.json must not. Exits 1 on a mismatch, 77 when
jsonschema is missing."""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed (pip install jsonschema)")
    sys.exit(77)

schemas, docs = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
bad = 0
counts = {}
for kind_dir in sorted(p for p in docs.iterdir() if p.is_dir() and p.name != "invalid"):
    schema = json.loads((schemas / f"{kind_dir.name}.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for doc in sorted(kind_dir.glob("*.json")):
        errors = list(validator.iter_errors(json.loads(doc.read_text())))
        counts[kind_dir.name] = counts.get(kind_dir.name, 0) + 1
        if errors:
            bad += 1
            print(f"{kind_dir.name}/{doc.name}: {errors[0].message} at {list(errors[0].absolute_path)}")
for kind_dir in sorted((docs / "invalid").iterdir()):
    schema = json.loads((schemas / f"{kind_dir.name}.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for doc in sorted(kind_dir.glob("*.json")):
        if validator.is_valid(json.loads(doc.read_text())):
            bad += 1
            print(f"invalid/{kind_dir.name}/{doc.name}: accepted, but it is broken")
print(f"checked {counts}; {bad} mismatches")
sys.exit(1 if bad else 0)
