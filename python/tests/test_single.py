"""One intake at a time: the Python answers are the crate's answers, byte for byte, and
every error is an exception that carries every problem."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import massage_rules as mr
from conftest import intake, rust_answers, sample_intakes


@settings(max_examples=200, deadline=None)
@given(st.lists(intake(), min_size=1, max_size=20), st.sampled_from(["seed", "conservative"]))
def test_python_answers_are_the_crates_byte_for_byte(intakes: List[Dict[str, Any]], name: str) -> None:
    protocol = mr.Protocol.seed() if name == "seed" else mr.Protocol.conservative()
    texts = [json.dumps(i) for i in intakes]
    expected = rust_answers(texts, name)
    assert len(expected) == len(texts)
    for d, text, want in zip(intakes, texts, expected):
        try:
            got_dict = mr.screen(d, protocol).to_json()
            got_text = mr.screen(text, protocol).to_json()
            got_bytes = mr.screen(text.encode(), protocol).to_json()
        except mr.MassageRulesError as e:
            doc = json.loads(want)
            assert "error" in doc, want
            assert e.kind == doc["error"]
            assert [p.path for p in e.problems] == [p["path"] for p in doc.get("problems", [])]
            continue
        assert got_dict == got_text == got_bytes == want


def test_typed_results_read_their_json() -> None:
    s = mr.screen({"assessed_on": "2026-11-27", "age": 70, "pregnant": "no", "findings": [],
                   "history": "none",
                   "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}})
    assert s.outcome == "needs_approval"
    assert s.protocol == "seed@4"
    assert s.reasons[0].rule == "age" and s.reasons[0].seed == "L134"
    assert not s.allows_session
    assert "needs_approval" in repr(s)
    assert s.to_dict()["outcome"] == "needs_approval"
    assert s == mr.Screening(s.to_json())


def test_plan_care_plan_and_claims() -> None:
    for d in sample_intakes():
        s = mr.screen(d)
        if s.allows_session:
            p = mr.plan(d)
            assert p.minutes > 0 and p.techniques
        else:
            with pytest.raises(mr.NotClearedError):
                mr.plan(d)
        care = mr.care_plan({"intake": d})
        assert care.outcome == s.outcome
        assert care.screening == s
        if s.allows_session and not care.held_back:
            assert care.session_dates
    c = mr.claims({"request": {"intake": sample_intakes()[2]}, "diagnoses": ["M54.50"]})
    assert "Claims(" in repr(c)


def test_timed_care_plans_carry_zoned_times() -> None:
    care = mr.care_plan({
        "intake": {"assessed_on": "2027-03-01", "age": 45, "pregnant": "no", "findings": [],
                   "history": "none", "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
                   "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
        "timing": {"time_zone": "America/New_York",
                   "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
                             "thursday": [{"start": "09:00", "end": "17:00"}]}},
    })
    starts = [a["start"] for a in care.appointments]
    assert "2027-03-04T09:00:00-05:00[America/New_York]" in starts
    assert "2027-03-15T09:00:00-04:00[America/New_York]" in starts


def test_the_booking_check_counts_what_is_booked() -> None:
    request = {
        "intake": {"assessed_on": "2027-03-01", "age": 45, "pregnant": "no", "findings": [],
                   "history": "none", "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
                   "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
        "timing": {"time_zone": "America/New_York",
                   "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
                             "thursday": [{"start": "09:00", "end": "17:00"}]}},
    }

    def bundle(kind: str, status: str, id: str, hour: int) -> Dict[str, Any]:
        return {"resourceType": "Bundle", "type": kind, "entry": [{"resource": {
            "resourceType": "Appointment", "id": id, "status": status,
            "start": f"2027-03-04T{hour:02}:00:00-05:00", "end": f"2027-03-04T{hour + 1:02}:00:00-05:00"}}]}

    proposed = bundle("collection", "proposed", "new", 9)
    alone = mr.appointment_book_check(request, proposed)
    assert [c["indicator"] for c in alone["cards"]] == ["info"]
    clash = mr.appointment_book_check(request, proposed, booked=bundle("searchset", "booked", "b7", 14))
    assert clash["cards"][0]["indicator"] == "warning"
    assert "the booked appointment b7" in clash["cards"][0]["detail"]
    with pytest.raises(mr.InvalidInputError):
        mr.appointment_book_check(request, proposed, booked={"resourceType": 7})


def test_fhir_in_and_out() -> None:
    d = sample_intakes()[0]
    response = mr.questionnaire_response(d)
    assert response["resourceType"] == "QuestionnaireResponse"
    assert mr.screen(mr.intake_from_questionnaire_response(response)) == mr.screen(d)
    assert mr.questionnaire()["resourceType"] == "Questionnaire"
    assert mr.care_plan_fhir({"intake": d}, patient="Patient/1")["resourceType"] == "CarePlan"
    assert all(r["resourceType"] == "DetectedIssue" for r in mr.detected_issues(d))


def test_an_invalid_intake_reports_every_problem_at_once() -> None:
    with pytest.raises(mr.InvalidInputError) as caught:
        mr.screen({"assessed_on": "2026-11-27", "age": 250, "findings": [
            {"contraindication": "open_wound", "location": {"part": "forearm"}}],
            "practitioner": {}, "nonsense": 1})
    paths = {p.path for p in caught.value.problems}
    assert {"age", "findings[0].location.side", "nonsense"} <= paths
    assert isinstance(caught.value, ValueError)
    assert all(p.problem and p.kind == p.problem for p in caught.value.problems)
    # The same problems as the crate's error document writes them, field for field.
    with pytest.raises(mr.InvalidInputError) as again:
        mr.screen(json.dumps({"assessed_on": "2026-11-27", "age": 250, "findings": [],
                              "practitioner": {}}))
    e = again.value
    assert [p._asdict() for p in e.problems] == [
        {"path": "age", "problem": "age_out_of_range", "message": e.problems[0].message,
         "detail": e.problems[0].detail}]
    assert e.problems[0].message.startswith("age: ")


def test_every_error_kind_of_the_crate_is_an_exception_class() -> None:
    from massage_rules import _native

    kinds = _native.error_kinds()
    assert "invalid_input" in kinds and "not_moved" in kinds
    for kind in kinds:
        cls = getattr(mr, "".join(w.title() for w in kind.split("_")) + "Error")
        assert issubclass(cls, mr.MassageRulesError) and cls.kind == kind


@pytest.mark.parametrize(
    "bad, error",
    [
        (None, mr.InvalidTypeError),
        (42, mr.InvalidTypeError),
        (3.5, mr.InvalidTypeError),
        (object(), mr.InvalidTypeError),
        (b"\xff\xfe{", mr.InvalidJsonError),
        ("{", mr.InvalidJsonError),
        ("[]", mr.InvalidInputError),
        ({"assessed_on": float("nan")}, mr.InvalidJsonError),
        ("x" * (2 << 20), mr.MassageRulesError),
        ("[" * 100_000, mr.MassageRulesError),
    ],
)
def test_bad_input_is_an_exception_never_a_crash(bad: Any, error: type) -> None:
    with pytest.raises(error):
        mr.screen(bad)
    with pytest.raises(mr.MassageRulesError):
        mr.care_plan(bad)


def test_a_protocol_argument_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(TypeError):
        mr.screen(sample_intakes()[0], "seed")  # type: ignore[arg-type]


def test_protocols_and_variants() -> None:
    seed, conservative = mr.Protocol.seed(), mr.Protocol.conservative()
    assert seed.stamp == "seed@4" and conservative.id == "conservative"
    assert mr.Protocol.from_json(seed.to_json()) == seed
    assert "blood_clot" in seed.diff_text(conservative)
    assert json.loads(seed.diff_json(conservative))["changes"]
    names = mr.Protocol.variant_names()
    assert "cherkin-2011-low-back-10" in names
    for name in names:
        assert mr.Protocol.builtin_variant(name).id == name
    with pytest.raises(mr.InvalidProtocolError):
        mr.Protocol.builtin_variant("no-such-variant")
    with pytest.raises(mr.InvalidProtocolError) as caught:
        seed.apply_variant(json.dumps({
            "id": "broken", "version": 1, "title": "t", "base": {"id": "seed", "version": 4},
            "merge": {"screening": {"minor_under": 90}}}))
    assert caught.value.problems
    older = seed.apply_variant(json.dumps({
        "id": "older-70", "version": 1, "title": "Older adults from 70",
        "base": {"id": "seed", "version": 4}, "merge": {"screening": {"older_adult_from": 70}}}))
    assert older.stamp == "older-70@1"
    d = {"assessed_on": "2026-11-27", "age": 67, "pregnant": "no", "findings": [],
         "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}
    assert mr.screen(d, seed).outcome == "needs_approval"
    assert mr.screen(d, older).outcome == "cleared"


def test_reschedule_moves_by_the_rules_as_the_crate_does() -> None:
    d = {"assessed_on": "2027-03-01", "age": 45, "pregnant": "no", "findings": [],
         "history": "none", "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
         "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}
    care = mr.care_plan({"intake": d})
    first = care.session_dates[0]
    assert mr.reschedule(care, 0, first) == care
    assert mr.reschedule(care.to_json(), 0, first) == care
    with pytest.raises(mr.NotMovedError) as caught:
        mr.reschedule(care, 0, "2027-01-01")
    assert caught.value.kind == "not_moved"
    with pytest.raises(mr.InvalidInputError):
        mr.reschedule(care, 0, "soon")
    for bad in (-1, 1.5, "0", None, True):
        with pytest.raises(mr.InvalidTypeError):
            mr.reschedule(care, bad, first)  # type: ignore[arg-type]

