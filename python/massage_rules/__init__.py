"""Medical-massage rules for Python: screening, session plans, care plans with dates or
timed appointments, claims and FHIR, one intake at a time or an Arrow batch at a time.

Every decision is made by the Rust crate ``massage-rules``; this package reads your
input (a ``dict`` or JSON text), hands it over, and gives the answer back as a typed
object whose ``to_json()`` is exactly the crate's JSON.

>>> import massage_rules as mr
>>> s = mr.screen({"assessed_on": "2026-11-27", "age": 70, "pregnant": "no",
...                "findings": [], "history": "none",
...                "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}})
>>> s.outcome
'needs_approval'
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, NamedTuple, Optional, TypeVar, Union

from . import _native
from ._native import Protocol

__all__ = [
    "Protocol",
    "Problem",
    "MassageRulesError",
    "InvalidJsonError",
    "InvalidInputError",
    "InvalidProtocolError",
    "NotClearedError",
    "NoCourseError",
    "NoScheduleError",
    "InvalidProgressError",
    "NotMovedError",
    "InvalidTypeError",
    "Reason",
    "Screening",
    "SessionPlan",
    "CarePlan",
    "Claims",
    "screen",
    "plan",
    "care_plan",
    "reschedule",
    "claims",
    "questionnaire",
    "questionnaire_response",
    "intake_from_questionnaire_response",
    "care_plan_fhir",
    "detected_issues",
    "appointment_book_check",
    "screen_batch",
    "compare_batch",
    "care_plan_batch",
    "screen_batch_schema",
    "compare_batch_schema",
    "care_plan_batch_schema",
    "intake_batch_schema",
    "typed_intake_batch_schema",
    "__version__",
]


def __dir__() -> List[str]:
    """The package's own names (PEP 562): not the helpers it imports."""
    return sorted(__all__)


__version__: str = _native.version()

#: What the functions take: a ``dict`` (or list), or its JSON as ``str`` or UTF-8 ``bytes``.
JsonInput = Union[str, bytes, Dict[str, Any], List[Any]]


class Problem(NamedTuple):
    """One problem of an input, at its path (``conditions[1].locations[0].side``), with
    the same fields as the crate's JSON writes: ``path``, ``problem`` (a stable
    snake_case kind), ``message`` and ``detail``."""

    path: str
    problem: Optional[str]
    message: str
    detail: Optional[str]

    @property
    def kind(self) -> Optional[str]:
        """The problem's kind: the earlier name of ``problem``."""
        return self.problem


class MassageRulesError(Exception):
    """Every error of the rules. ``kind`` names it (``invalid_input``, ...);
    ``problems`` lists every problem of the input at once, each at its path."""

    kind: str = "error"

    def __init__(self, message: str, problems: Optional[List[Problem]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: List[Problem] = list(problems or [])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, problems={len(self.problems)})"


class InvalidJsonError(MassageRulesError, ValueError):
    """The JSON could not be read (syntax, or a value of the wrong shape)."""

    kind = "invalid_json"


class InvalidInputError(MassageRulesError, ValueError):
    """The intake or request is invalid; ``problems`` names every problem."""

    kind = "invalid_input"


class InvalidProtocolError(MassageRulesError, ValueError):
    """The protocol (or a variant of it) is inconsistent or unknown."""

    kind = "invalid_protocol"


class NotClearedError(MassageRulesError):
    """The screening allows no session (``plan`` needs a cleared intake)."""

    kind = "not_cleared"


class NoCourseError(MassageRulesError):
    """No course can be started from the session plan."""

    kind = "no_course"


class NoScheduleError(MassageRulesError):
    """No schedule can be made."""

    kind = "no_schedule"


class InvalidProgressError(MassageRulesError):
    """A reassessment could not be taken."""

    kind = "invalid_progress"


class NotMovedError(MassageRulesError):
    """A session cannot move where it was asked to."""

    kind = "not_moved"


class InvalidTypeError(MassageRulesError, TypeError):
    """An argument of a type the rules cannot read (``None``, a number, ...)."""

    kind = "invalid_type"


_ERRORS: Dict[str, type] = {
    cls.kind: cls
    for cls in (
        InvalidJsonError,
        InvalidInputError,
        InvalidProtocolError,
        NotClearedError,
        NoCourseError,
        NoScheduleError,
        InvalidProgressError,
        NotMovedError,
    )
}

T = TypeVar("T")


def _call(fn: Callable[..., T], *args: Any) -> T:
    """Calls the native module, raising its errors as this package's exceptions."""
    try:
        return fn(*args)
    except _native.NativeError as e:
        kind, message, problems = e.args
        cls = _ERRORS.get(kind, MassageRulesError)
        raise cls(message, [Problem(*p) for p in problems]) from None


def _text(value: Any, name: str) -> str:
    """JSON text from a dict, a list, a str or UTF-8 bytes."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError as e:
            raise InvalidJsonError(f"{name} is not UTF-8: {e}") from None
    if isinstance(value, (dict, list)):
        try:
            return json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise InvalidJsonError(f"{name} cannot be written as JSON: {e}") from None
    raise InvalidTypeError(
        f"{name} must be a dict, or JSON as str or bytes, not {type(value).__name__}"
    )


def _protocol(protocol: Optional[Protocol]) -> Optional[Protocol]:
    if protocol is None or isinstance(protocol, Protocol):
        return protocol
    raise InvalidTypeError(
        f"protocol must be a massage_rules.Protocol or None, not {type(protocol).__name__}"
    )


class Document:
    """A decision as the crate wrote it: ``to_json()`` is its exact JSON, ``to_dict()``
    the same as Python objects."""

    __slots__ = ("_json", "_parsed")

    def __init__(self, text: str) -> None:
        self._json = text
        self._parsed: Optional[Dict[str, Any]] = None

    @property
    def _dict(self) -> Dict[str, Any]:
        # Parsed on first use: a caller that only stores or forwards the JSON pays nothing.
        if self._parsed is None:
            self._parsed = json.loads(self._json)
        return self._parsed

    def to_json(self) -> str:
        """The crate's JSON, byte for byte."""
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        """The document as Python objects (a fresh copy)."""
        result: Dict[str, Any] = json.loads(self._json)
        return result

    def __getitem__(self, key: str) -> Any:
        return self._dict[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and type(other) is type(self) and self._json == other._json

    def __hash__(self) -> int:
        return hash(self._json)


class Reason(NamedTuple):
    """One reason of a screening: the rule, what it concerns, its effect, and the seed
    lines behind it (``L134``)."""

    rule: str
    effect: str
    contraindication: Optional[str]
    question: Optional[str]
    region: Optional[str]
    seed: str

    @classmethod
    def _of(cls, r: Dict[str, Any]) -> "Reason":
        return cls(
            rule=r.get("rule", ""),
            effect=r.get("effect", ""),
            contraindication=r.get("contraindication"),
            question=r.get("question"),
            region=r.get("region"),
            seed=str(r.get("seed", "")),
        )


class Screening(Document):
    """What screening decided: the outcome, the regions to avoid, the questions to ask,
    and every reason with its rule and seed line."""

    __slots__ = ()

    @property
    def outcome(self) -> str:
        """``cleared``, ``restricted``, ``needs_answers``, ``needs_approval`` or
        ``not_permitted``."""
        return str(self._dict["outcome"])

    @property
    def protocol(self) -> str:
        """The protocol that decided, ``id@version``."""
        p = self._dict["protocol"]
        return f"{p['id']}@{p['version']}" if isinstance(p, dict) else str(p)

    @property
    def avoid(self) -> List[str]:
        """Body regions not to massage."""
        return list(self._dict.get("avoid", []))

    @property
    def unanswered(self) -> List[str]:
        """Intake questions to ask before deciding."""
        return list(self._dict.get("unanswered", []))

    @property
    def reasons(self) -> List[Reason]:
        """Every reason, with its rule and seed line."""
        return [Reason._of(r) for r in self._dict.get("reasons", [])]

    @property
    def allows_session(self) -> bool:
        """Whether a session may be given (cleared or restricted)."""
        return self.outcome in ("cleared", "restricted")

    def __repr__(self) -> str:
        avoid = f", avoid={self.avoid}" if self.avoid else ""
        ask = f", ask={self.unanswered}" if self.unanswered else ""
        return f"Screening({self.outcome}{avoid}{ask}, reasons={len(self._dict.get('reasons', []))}, {self.protocol})"


class SessionPlan(Document):
    """A session: ranked techniques with their regions, pressure and minutes."""

    __slots__ = ()

    @property
    def minutes(self) -> int:
        """The session's length."""
        return int(self._dict["minutes"])

    @property
    def techniques(self) -> List[str]:
        """The techniques, best first."""
        return [t["technique"] for t in self._dict.get("techniques", [])]

    @property
    def first_session_pressure(self) -> str:
        """The pressure of the first session."""
        return str(self._dict["first_session_pressure"])

    def __repr__(self) -> str:
        return f"SessionPlan({self.minutes} min: {', '.join(self.techniques)}; first at {self.first_session_pressure})"


class CarePlan(Document):
    """Screening, session plan, course and dates (or appointments), with everything held
    back and why."""

    __slots__ = ()

    @property
    def screening(self) -> Screening:
        """The screening."""
        return Screening(json.dumps(self._dict["screening"], separators=(",", ":")))

    @property
    def outcome(self) -> str:
        """The screening's outcome."""
        return str(self._dict["screening"]["outcome"])

    @property
    def session_dates(self) -> List[str]:
        """Every session's date (ISO 8601), in order."""
        schedule = self._dict.get("schedule") or {}
        return [d for p in schedule.get("phases", []) for d in p.get("dates", [])]

    @property
    def appointments(self) -> List[Dict[str, Any]]:
        """Every session's start and end in the clinic's zone (RFC 9557), for a request
        with a ``timing``; empty otherwise."""
        schedule = self._dict.get("schedule") or {}
        booked = schedule.get("appointments") or {}
        return list(booked.get("sessions", []))

    @property
    def held_back(self) -> List[Dict[str, Any]]:
        """What is held back, and why."""
        return list(self._dict.get("held_back", []))

    def __repr__(self) -> str:
        return f"CarePlan({self.outcome}, {len(self.session_dates)} sessions, {len(self.held_back)} held back)"


class Claims(Document):
    """The diagnoses read, the care plan, and each session's CPT codes and units."""

    __slots__ = ()

    @property
    def sessions(self) -> List[Dict[str, Any]]:
        """One coding per scheduled session."""
        return list(self._dict.get("sessions", []))

    def __repr__(self) -> str:
        mapped = len(self._dict.get("diagnoses", {}).get("mapped", []))
        return f"Claims({mapped} diagnoses mapped, {len(self.sessions)} sessions coded)"


def screen(intake: JsonInput, protocol: Optional[Protocol] = None) -> Screening:
    """Screens an intake (a dict, or its JSON): the outcome and every reason."""
    return Screening(_call(_native.screen_json, _text(intake, "intake"), _protocol(protocol)))


def plan(intake: JsonInput, protocol: Optional[Protocol] = None) -> SessionPlan:
    """The session plan for an intake the screening clears; ``NotClearedError``
    otherwise."""
    return SessionPlan(_call(_native.plan_json, _text(intake, "intake"), _protocol(protocol)))


def care_plan(request: JsonInput, protocol: Optional[Protocol] = None) -> CarePlan:
    """The care plan for a care request (``{"intake": ..., "start": ..., "timing": ...}``)."""
    return CarePlan(
        _call(_native.care_plan_json, _text(request, "request"), _protocol(protocol))
    )


def reschedule(plan: Union[CarePlan, JsonInput], session: int, to: str) -> CarePlan:
    """The care plan with one booked session (0-based, in course order) moved to ``to``: a
    local ``YYYY-MM-DDTHH:MM`` in the clinic's zone, or a date for a dated plan.
    ``NotMovedError`` names the rule that refuses a move."""
    if isinstance(session, bool) or not isinstance(session, int) or session < 0:
        raise InvalidTypeError(f"session must be a whole number from 0, not {session!r}")
    if not isinstance(to, str):
        raise InvalidTypeError(f"to must be a str, not {type(to).__name__}")
    text = plan.to_json() if isinstance(plan, CarePlan) else _text(plan, "plan")
    return CarePlan(_call(_native.reschedule_json, text, session, to))


def claims(coding_request: JsonInput, protocol: Optional[Protocol] = None) -> Claims:
    """Codes a coding request (``{"request": ..., "diagnoses": [...], "unit_rule": ...}``)."""
    return Claims(
        _call(_native.claims_json, _text(coding_request, "coding request"), _protocol(protocol))
    )


def questionnaire() -> Dict[str, Any]:
    """The intake Questionnaire (FHIR R4)."""
    result: Dict[str, Any] = json.loads(_call(_native.questionnaire_json))
    return result


def questionnaire_response(intake: JsonInput) -> Dict[str, Any]:
    """An intake as a FHIR QuestionnaireResponse."""
    result: Dict[str, Any] = json.loads(
        _call(_native.questionnaire_response_json, _text(intake, "intake"))
    )
    return result


def intake_from_questionnaire_response(response: JsonInput) -> Dict[str, Any]:
    """The intake a FHIR QuestionnaireResponse holds; every problem at once."""
    result: Dict[str, Any] = json.loads(
        _call(_native.intake_from_questionnaire_response_json, _text(response, "response"))
    )
    return result


def care_plan_fhir(
    request: JsonInput, protocol: Optional[Protocol] = None, patient: Optional[str] = None
) -> Dict[str, Any]:
    """The care plan as a FHIR CarePlan resource."""
    result: Dict[str, Any] = json.loads(
        _call(_native.care_plan_fhir_json, _text(request, "request"), _protocol(protocol), patient)
    )
    return result


def detected_issues(
    intake: JsonInput, protocol: Optional[Protocol] = None, patient: Optional[str] = None
) -> List[Dict[str, Any]]:
    """The screening as FHIR DetectedIssue resources."""
    result: List[Dict[str, Any]] = json.loads(
        _call(_native.detected_issues_json, _text(intake, "intake"), _protocol(protocol), patient)
    )
    return result


def appointment_book_check(
    request: JsonInput,
    appointments: JsonInput,
    protocol: Optional[Protocol] = None,
    booked: Optional[JsonInput] = None,
) -> Dict[str, Any]:
    """The CDS Hooks appointment-book response for proposed Appointments (a FHIR Bundle),
    counting the client's appointments already on the books (``booked``: the service's
    ``booked`` prefetch, a FHIR search Bundle) for one session a day and the frequency."""
    result: Dict[str, Any] = json.loads(
        _call(
            _native.appointment_book_check_json,
            _text(request, "request"),
            _text(appointments, "appointments"),
            _protocol(protocol),
            None if booked is None else _text(booked, "booked"),
        )
    )
    return result


def _to_arrow(table: Any) -> Any:
    """A pyarrow Table when pyarrow is installed; else the Arrow object itself (any
    library that reads the Arrow PyCapsule interface takes it)."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is an optional dependency
        return table
    return pa.table(table)


def _arrow_input(data: Any) -> Any:
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        return data
    # Polars before the PyCapsule interface, and anything with to_arrow().
    to_arrow = getattr(data, "to_arrow", None)
    if callable(to_arrow):
        return to_arrow()
    raise InvalidTypeError(
        f"expected Arrow data (a table, record batch or stream), not {type(data).__name__}"
    )


def screen_batch(
    data: Any,
    protocol: Optional[Protocol] = None,
    column: str = "intake",
    columns: Optional[List[str]] = None,
) -> Any:
    """Screens every row of Arrow data (a pyarrow Table or RecordBatch, a Polars
    DataFrame, a DuckDB result, a Ray batch: anything with ``__arrow_c_stream__``) whose
    column ``column`` holds each intake's JSON. Returns a pyarrow Table of decisions, one
    row per input row (``screen_batch_schema()``); a bad row gets ``error`` and
    ``problems`` and the rest are decided. The GIL is released meanwhile.

    ``columns`` keeps only those columns, in that order: asked only for screening columns
    (``outcome``, ``avoid``, ``unanswered``, ``rules``, ...), no session plan or course is
    made, and without ``reasons`` no sentence is written."""
    if columns is not None and (
        isinstance(columns, str) or not all(isinstance(c, str) for c in columns)
    ):
        raise InvalidTypeError("columns must be a list of column names")
    return _to_arrow(
        _call(
            _native.screen_batch,
            _arrow_input(data),
            _protocol(protocol),
            column,
            None if columns is None else list(columns),
        )
    )


def compare_batch(data: Any, a: Protocol, b: Protocol, column: str = "intake") -> Any:
    """Both protocols' decisions for every row, and whether they differ."""
    if not isinstance(a, Protocol) or not isinstance(b, Protocol):
        raise InvalidTypeError("a and b must be massage_rules.Protocol objects")
    return _to_arrow(_call(_native.compare_batch, _arrow_input(data), a, b, column))


def care_plan_batch(data: Any, protocol: Optional[Protocol] = None, column: str = "request") -> Any:
    """The care plan of every row whose column ``column`` holds a care request's JSON."""
    return _to_arrow(
        _call(_native.care_plan_batch, _arrow_input(data), _protocol(protocol), column)
    )


def screen_batch_schema() -> Any:
    """The Arrow schema ``screen_batch`` returns."""
    return _schema(_native.screen_batch_schema())


def compare_batch_schema() -> Any:
    """The Arrow schema ``compare_batch`` returns."""
    return _schema(_native.compare_batch_schema())


def care_plan_batch_schema() -> Any:
    """The Arrow schema ``care_plan_batch`` returns."""
    return _schema(_native.care_plan_batch_schema())


def intake_batch_schema() -> Any:
    """The Arrow schema a batch of intakes needs: a string column ``intake`` of JSON."""
    return _schema(_native.intake_batch_schema())


def typed_intake_batch_schema() -> Any:
    """The Arrow schema of typed intake columns, read when a batch has no JSON column:
    ``assessed_on`` (date32), ``age`` (int64), ``pregnant``, ``licensed``,
    ``medical_massage_trained``, ``history`` (``none``) and ``pain_tolerance`` (strings),
    ``goals`` (list of strings), ``findings`` (list of structs ``contraindication``,
    ``part``, ``side``) and ``conditions`` (list of structs ``condition``, ``acuity``,
    ``part``, ``side``). A column left out is an unanswered question, never a "no"."""
    return _schema(_native.typed_intake_batch_schema())


def _schema(schema: Any) -> Any:
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover
        return schema
    return pa.schema(schema)
