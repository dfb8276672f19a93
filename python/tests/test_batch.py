"""Arrow batches: a batch of N rows answers as N single calls would, a bad row gets its
problems while the others are decided, and the same function runs from PyArrow, Polars,
DuckDB and Ray Data."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import massage_rules as mr
from conftest import intake, sample_intakes

REQUIRED = bool(os.environ.get("MASSAGE_RULES_REQUIRE_PYTHON"))


def optional(name: str) -> Any:
    """An optional package: its absence skips the test, except in CI."""
    if REQUIRED:
        return __import__(name)
    return pytest.importorskip(name)


def table(intakes: List[Any]) -> pa.Table:
    return pa.table({"intake": [i if i is None or isinstance(i, str) else json.dumps(i) for i in intakes]})


@settings(max_examples=100, deadline=None)
@given(st.lists(intake(), max_size=40), st.sampled_from(["seed", "conservative"]))
def test_a_batch_of_n_rows_equals_n_calls(intakes: List[Dict[str, Any]], name: str) -> None:
    protocol = mr.Protocol.seed() if name == "seed" else mr.Protocol.conservative()
    result = mr.screen_batch(table(intakes), protocol)
    assert result.schema.equals(mr.screen_batch_schema())
    rows = result.to_pylist()
    assert [r["row"] for r in rows] == list(range(len(intakes)))
    for d, row in zip(intakes, rows):
        assert row["protocol"] == protocol.stamp
        try:
            s = mr.screen(d, protocol)
        except mr.MassageRulesError as e:
            assert row["outcome"] is None and row["error"] == e.message
            assert [p["path"] for p in row["problems"]] == [p.path for p in e.problems]
            continue
        assert row["error"] is None and row["problems"] == []
        assert row["outcome"] == s.outcome
        assert row["avoid"] == s.avoid
        assert row["unanswered"] == s.unanswered
        assert row["rules"] == [r.rule for r in s.reasons]
        assert len(row["reasons"]) == len(s.reasons)
        if s.allows_session:
            assert row["first_session_pressure"] == mr.plan(d, protocol).first_session_pressure
        else:
            assert row["first_session_pressure"] is None and row["sessions_per_week"] is None


def test_a_bad_row_gets_its_problems_and_the_rest_are_decided() -> None:
    good = sample_intakes()
    rows = [good[0], "{not json", None, {"assessed_on": "2026-11-27", "age": 250,
            "findings": [], "practitioner": {}}, good[1]]
    out = mr.screen_batch(table(rows)).to_pylist()
    assert out[0]["outcome"] and out[4]["outcome"]
    assert out[1]["error"].startswith("invalid JSON")
    assert out[2]["error"] == "the intake is null"
    assert {p["path"] for p in out[3]["problems"]} >= {"age"}
    # A problem is written as everywhere else: path, problem, message, detail.
    assert all(p["problem"] and p["message"].startswith(p["path"]) for p in out[3]["problems"])


def test_batches_of_every_arrow_shape() -> None:
    t = table(sample_intakes())
    want = mr.screen_batch(t).column("outcome").to_pylist()
    # A record batch, a reader, large strings, string views, several chunks.
    assert mr.screen_batch(t.to_batches()[0]).column("outcome").to_pylist() == want
    assert mr.screen_batch(pa.RecordBatchReader.from_batches(t.schema, t.to_batches())).column("outcome").to_pylist() == want
    large = t.cast(pa.schema([pa.field("intake", pa.large_string())]))
    assert mr.screen_batch(large).column("outcome").to_pylist() == want
    chunked = pa.concat_tables([t.slice(0, 3), t.slice(3)])
    assert mr.screen_batch(chunked).column("row").to_pylist() == list(range(len(want)))
    # Another column name.
    renamed = t.rename_columns(["json"])
    assert mr.screen_batch(renamed, column="json").column("outcome").to_pylist() == want


def test_a_column_of_the_wrong_type_or_missing_is_an_exception() -> None:
    with pytest.raises(mr.InvalidInputError, match="not strings"):
        mr.screen_batch(pa.table({"intake": [1, 2, 3]}))
    with pytest.raises(mr.InvalidInputError, match="no column"):
        mr.screen_batch(pa.table({"other": ["{}"]}))
    with pytest.raises(mr.InvalidTypeError):
        mr.screen_batch([{"intake": "{}"}])
    with pytest.raises(mr.InvalidTypeError):
        mr.compare_batch(table([]), "seed", "conservative")  # type: ignore[arg-type]


def test_compare_batch_marks_what_differs() -> None:
    intakes = sample_intakes() + [{
        "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "history": "none",
        "findings": [{"contraindication": "blood_clot", "location": {"part": "lower_leg", "side": "left"}}],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}]
    out = mr.compare_batch(table(intakes), mr.Protocol.seed(), mr.Protocol.conservative())
    assert out.schema.equals(mr.compare_batch_schema())
    rows = out.to_pylist()
    last = rows[-1]
    assert last["a_outcome"] == "restricted" and last["b_outcome"] == "needs_approval"
    assert last["differs"] is True
    for r in rows:
        if r["error"] is None:
            assert r["differs"] == (
                (r["a_outcome"], r["a_avoid"], r["a_unanswered"], r["a_rules"], r["a_sessions_per_week"])
                != (r["b_outcome"], r["b_avoid"], r["b_unanswered"], r["b_rules"], r["b_sessions_per_week"])
            ) or r["differs"]


def test_care_plan_batch() -> None:
    requests = [json.dumps({"intake": d}) for d in sample_intakes()] + ["{}"]
    out = mr.care_plan_batch(pa.table({"request": requests}))
    assert out.schema.equals(mr.care_plan_batch_schema())
    rows = out.to_pylist()
    for text, row in zip(requests[:-1], rows):
        care = mr.care_plan(text)
        assert row["care_plan"] == care.to_json()
        assert row["sessions"] == len(care.session_dates)
    assert rows[-1]["error"] is not None and rows[-1]["problems"]


def test_polars() -> None:
    pl = optional("polars")
    df = pl.DataFrame({"intake": [json.dumps(d) for d in sample_intakes()]})
    want = mr.screen_batch(table(sample_intakes())).column("outcome").to_pylist()
    # Straight from a DataFrame (the Arrow PyCapsule interface), and inside a lazy query.
    assert mr.screen_batch(df).column("outcome").to_pylist() == want
    schema = pl.from_arrow(mr.screen_batch_schema().empty_table()).schema
    out = (
        df.lazy()
        .map_batches(lambda frame: pl.from_arrow(mr.screen_batch(frame)), schema=schema)
        .collect()
    )
    assert out["outcome"].to_list() == want


def test_duckdb() -> None:
    duckdb = optional("duckdb")
    con = duckdb.connect()
    intakes = pa.table({"intake": [json.dumps(d) for d in sample_intakes()]})
    con.register("intakes", intakes)
    decided = mr.screen_batch(con.sql("select intake from intakes").arrow())
    con.register("decided", decided)
    counts = dict(con.sql("select outcome, count(*) from decided group by outcome").fetchall())
    assert sum(counts.values()) == intakes.num_rows


def test_ray_data_on_a_local_cluster(tmp_path: Any, monkeypatch: Any) -> None:
    ray = optional("ray")
    import ray.data

    # Ray's workers start in the driver's directory: not the source folder, whose
    # `massage_rules/` has no native module, but the installed package.
    monkeypatch.chdir(tmp_path)
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        rows = [json.dumps(d) for d in sample_intakes()] * 50
        ds = ray.data.from_arrow(pa.table({"intake": rows}))
        mapped = ds.map_batches(mr.screen_batch, batch_format="pyarrow", batch_size=64)
        out = pa.concat_tables(ray.get(mapped.to_arrow_refs()))
        want = mr.screen_batch(pa.table({"intake": rows})).column("outcome").to_pylist()
        assert sorted(out.column("outcome").to_pylist(), key=str) == sorted(want, key=str)
        assert out.num_rows == len(rows)
    finally:
        ray.shutdown()


def typed_table(intakes: List[Dict[str, Any]]) -> pa.Table:
    """The intakes as typed columns (typed_intake_batch_schema): the intake's own shape."""
    import datetime

    def col(key: str) -> List[Any]:
        return [i.get(key) for i in intakes]

    return pa.Table.from_pydict(
        {
            "assessed_on": [datetime.date.fromisoformat(i["assessed_on"]) for i in intakes],
            "age": col("age"),
            "pregnant": col("pregnant"),
            "practitioner": [{"licensed": i["practitioner"].get("licensed"),
                              "medical_massage_trained": i["practitioner"].get("medical_massage_trained"),
                              "certified_techniques": i["practitioner"].get("certified_techniques")}
                             for i in intakes],
            "history": col("history"),
            "pain_tolerance": col("pain_tolerance"),
            "goals": [i.get("goals", []) for i in intakes],
            "findings": [
                [{"contraindication": f["contraindication"], "location": f.get("location")}
                 for f in i["findings"]]
                for i in intakes
            ],
            "conditions": [
                [{"condition": c["condition"], "acuity": c["acuity"],
                  "locations": c.get("locations"),
                  "onset": datetime.date.fromisoformat(c["onset"]) if c.get("onset") else None}
                 for c in i.get("conditions", [])]
                for i in intakes
            ],
        },
        schema=mr.typed_intake_batch_schema(),
    )


def flat_table(intakes: List[Dict[str, Any]]) -> pa.Table:
    """The intakes in the flat typed form of 0.1: practitioner answers as columns, a
    finding's part and side in the finding."""
    import datetime

    return pa.Table.from_pydict({
        "assessed_on": [datetime.date.fromisoformat(i["assessed_on"]) for i in intakes],
        "age": [i.get("age") for i in intakes],
        "pregnant": [i.get("pregnant") for i in intakes],
        "licensed": [i["practitioner"].get("licensed") for i in intakes],
        "medical_massage_trained": [i["practitioner"].get("medical_massage_trained") for i in intakes],
        "history": [i.get("history") for i in intakes],
        "findings": pa.array([
            [{"contraindication": f["contraindication"],
              "part": (f.get("location") or {}).get("part"),
              "side": (f.get("location") or {}).get("side")} for f in i["findings"]]
            for i in intakes
        ], pa.list_(pa.struct([("contraindication", pa.string()), ("part", pa.string()),
                               ("side", pa.string())]))),
    })


@settings(max_examples=100, deadline=None)
@given(st.lists(intake(), min_size=1, max_size=40))
def test_typed_columns_decide_as_json_does(intakes: List[Dict[str, Any]]) -> None:
    typed = mr.screen_batch(typed_table(intakes)).drop_columns(["error", "problems"])
    json_rows = mr.screen_batch(table(intakes)).drop_columns(["error", "problems"])
    assert typed.to_pylist() == json_rows.to_pylist()


@settings(max_examples=50, deadline=None)
@given(st.lists(intake(), min_size=1, max_size=20))
def test_the_flat_typed_form_decides_as_json_does(intakes: List[Dict[str, Any]]) -> None:
    # The flat form has no conditions, goals or pain tolerance columns: compare with the
    # same intakes in JSON without them.
    bare = [{k: v for k, v in i.items() if k not in ("conditions", "goals", "pain_tolerance")}
            for i in intakes]
    bare = [dict(b, practitioner={k: v for k, v in b["practitioner"].items()
                                  if k != "certified_techniques"}) for b in bare]
    flat = mr.screen_batch(flat_table(bare)).drop_columns(["error", "problems"])
    json_rows = mr.screen_batch(table(bare)).drop_columns(["error", "problems"])
    assert flat.to_pylist() == json_rows.to_pylist()


def widened(t: pa.DataType) -> pa.DataType:
    """The same shape in Arrow's other forms: large strings, large lists, date64."""
    if pa.types.is_string(t):
        return pa.large_string()
    if pa.types.is_date32(t):
        return pa.date64()
    if pa.types.is_list(t):
        return pa.large_list(widened(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, widened(f.type)) for f in t])
    return t


@settings(max_examples=50, deadline=None)
@given(st.lists(intake(), min_size=2, max_size=20))
def test_typed_columns_of_every_arrow_form_and_slice_decide_alike(intakes: List[Dict[str, Any]]) -> None:
    # Each column form is read by its own path: strings, lists and dates of the common
    # forms, and the large, view, date64 and null-typed forms; a slice reads its rows at
    # their offsets.
    plain = typed_table(intakes)
    want = mr.screen_batch(plain).drop_columns(["row", "error", "problems"]).to_pylist()
    wide = plain.cast(pa.schema([pa.field(f.name, widened(f.type)) for f in plain.schema]))
    got = mr.screen_batch(wide).drop_columns(["row", "error", "problems"]).to_pylist()
    assert got == want
    views = plain.set_column(
        plain.schema.get_field_index("pregnant"), "pregnant",
        plain.column("pregnant").cast(pa.string_view()))
    assert mr.screen_batch(views).drop_columns(["row", "error", "problems"]).to_pylist() == want
    if all(i.get("pain_tolerance") is None for i in intakes):
        nulls = plain.set_column(plain.schema.get_field_index("pain_tolerance"), "pain_tolerance",
                                 pa.nulls(plain.num_rows))
        assert mr.screen_batch(nulls).drop_columns(["row", "error", "problems"]).to_pylist() == want
    sliced = mr.screen_batch(plain.slice(1)).drop_columns(["row", "error", "problems"]).to_pylist()
    assert sliced == want[1:]


def test_a_typed_column_the_schema_does_not_list_is_read_as_the_intakes_field() -> None:
    # No field list in the door: approvals given as a column reach the crate's reader.
    import datetime

    day = pa.array([datetime.date(2026, 11, 27)])
    findings = pa.array([[]], pa.list_(pa.struct([("contraindication", pa.string())])))
    base = {"assessed_on": day, "findings": findings}
    assert mr.screen_batch(pa.table(base)).to_pylist()[0]["outcome"] == "needs_answers"
    approvals = pa.array([[{"covers": ["nonsense_word"]}]])
    bad = mr.screen_batch(pa.table(dict(base, approvals=approvals))).to_pylist()[0]
    assert bad["outcome"] is None
    assert any(p["path"].startswith("approvals[0].covers") for p in bad["problems"]), bad


def test_typed_columns_report_bad_words_at_their_paths() -> None:
    good = {"assessed_on": "2026-11-27", "findings": [], "practitioner": {"licensed": "yes",
            "medical_massage_trained": "maybe"}, "goals": ["flying"]}
    out = mr.screen_batch(typed_table([good])).to_pylist()[0]
    paths = {p["path"] for p in out["problems"]}
    assert {"practitioner.medical_massage_trained", "goals[0]"} <= paths
    assert out["outcome"] is None
    # A column left out is unanswered, not "no"; the findings are required, as in JSON.
    day = pa.array([__import__("datetime").date(2026, 11, 27)])
    bare = pa.table({"assessed_on": day})
    row = mr.screen_batch(bare).to_pylist()[0]
    assert row["outcome"] is None and [p["path"] for p in row["problems"]] == ["findings"]
    examined = pa.table({"assessed_on": day, "findings": pa.array([[]], pa.list_(
        pa.struct([("contraindication", pa.string()), ("part", pa.string()), ("side", pa.string())])))})
    row = mr.screen_batch(examined).to_pylist()[0]
    assert row["outcome"] == "needs_answers" and "pregnancy" in row["unanswered"]


@settings(max_examples=50, deadline=None)
@given(st.lists(intake(), max_size=30))
def test_a_batch_gives_the_columns_asked_for_and_the_same_values(intakes: List[Dict[str, Any]]) -> None:
    full = mr.screen_batch(table(intakes)).to_pylist()
    asked = ["outcome", "avoid", "unanswered", "rules", "protocol", "error"]
    narrow = mr.screen_batch(table(intakes), columns=asked)
    assert narrow.column_names == asked
    for f, n in zip(full, narrow.to_pylist()):
        assert n == {k: f[k] for k in asked}
    # Typed columns too, in the order asked.
    some = mr.screen_batch(table(intakes), columns=["sessions_per_week", "row"])
    assert some.column_names == ["sessions_per_week", "row"]
    assert some.column("sessions_per_week").to_pylist() == [f["sessions_per_week"] for f in full]


def test_each_column_asked_alone_or_reversed_is_the_full_batchs_column() -> None:
    """A column not asked for is not written at all: each one asked alone, and all of
    them in reverse order, still reads as the full batch's, valid, invalid and null rows
    alike."""
    rows = [json.dumps(i) for i in sample_intakes()]
    rows += ['{"assessed_on": "2026-11-27", "age": 250, "goals": ["flying"]}', None, "{not json"]
    data = pa.table({"intake": pa.array(rows, pa.string())})
    full = mr.screen_batch(data)
    for name in full.column_names:
        alone = mr.screen_batch(data, columns=[name])
        assert alone.column_names == [name]
        assert alone.column(name).to_pylist() == full.column(name).to_pylist(), name
    assert mr.screen_batch(data, columns=[]).num_rows == len(rows)
    backwards = list(reversed(full.column_names))
    assert mr.screen_batch(data, columns=backwards).to_pylist() == [
        {k: row[k] for k in backwards} for row in full.to_pylist()
    ]


def test_an_unknown_column_asked_for_is_an_error() -> None:
    with pytest.raises(mr.InvalidInputError, match="no column"):
        mr.screen_batch(table([sample_intakes()[0]]), columns=["outcome", "nope"])
    with pytest.raises(mr.InvalidTypeError):
        mr.screen_batch(table([sample_intakes()[0]]), columns="outcome")  # type: ignore[arg-type]


def test_typed_answers_given_twice_are_refused_never_settled() -> None:
    import datetime

    day = pa.array([datetime.date(2026, 11, 27)])
    empty = pa.array([[]], pa.list_(pa.struct([("contraindication", pa.string())])))
    # A repeated column: the batch is refused, not read by taking one of the two.
    twice = pa.Table.from_arrays([day, empty, pa.array(["no"]), pa.array(["yes"])],
                                 names=["assessed_on", "findings", "pregnant", "pregnant"])
    with pytest.raises(mr.InvalidInputError):
        mr.screen_batch(twice)
    # A licence answered flat and in the struct, differently: refused at the flat one.
    both = pa.table({"assessed_on": day, "findings": empty, "licensed": pa.array(["yes"]),
                     "practitioner": pa.array([{"licensed": "no"}])})
    row = mr.screen_batch(both).to_pylist()[0]
    assert row["outcome"] is None and "licensed" in {p["path"] for p in row["problems"]}
    # A finding's place given both ways: refused, not dropped.
    findings = pa.array([[{"contraindication": "open_wound", "part": "neck",
                           "location": {"part": "forearm", "side": "left"}}]])
    row = mr.screen_batch(pa.table({"assessed_on": day, "findings": findings})).to_pylist()[0]
    assert row["outcome"] is None and any("findings[0]" in p["path"] for p in row["problems"])


def test_a_null_practitioner_is_unanswered_and_a_date_off_the_calendar_is_refused() -> None:
    import datetime

    day = pa.array([datetime.date(2026, 11, 27)])
    empty = pa.array([[]], pa.list_(pa.struct([("contraindication", pa.string())])))
    practitioner = pa.array([None], pa.struct([("licensed", pa.string())]))
    row = mr.screen_batch(pa.table({"assessed_on": day, "findings": empty,
                                    "practitioner": practitioner})).to_pylist()[0]
    assert row["outcome"] == "needs_answers" and "licence" in row["unanswered"]
    far = pa.array([10**9], pa.date32())
    row = mr.screen_batch(pa.table({"assessed_on": far, "findings": empty})).to_pylist()[0]
    assert row["outcome"] is None and "assessed_on" in {p["path"] for p in row["problems"]}
