"""Validates FHIR R4 resources with an independent implementation: the fhir.resources
package (pydantic models of R4B, which R4 resources of these types conform to).

Usage: validate.py DIR. Every DIR/*.json is a resource, or a list of resources; exits 1
with the problems when one does not validate, 77 when fhir.resources is missing."""
import importlib
import json
import pathlib
import sys

try:
    importlib.import_module("fhir.resources.R4B")
except ImportError:
    print("fhir.resources is not installed (pip install fhir.resources)")
    sys.exit(77)

failed = 0
count = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    doc = json.loads(path.read_text())
    for resource in doc if isinstance(doc, list) else [doc]:
        kind = resource["resourceType"]
        module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
        model = getattr(module, kind)
        try:
            model.model_validate(resource)
            count += 1
        except Exception as e:  # pydantic's ValidationError, with every problem
            failed += 1
            print(f"{path.name}: {kind}: {e}")
print(f"{count} resources valid, {failed} invalid")
sys.exit(1 if failed else 0)
