//! The native half of the `massage_rules` Python package: every decision of the crate, one
//! intake (JSON text) or an Arrow batch at a time. The Python half (`massage_rules/`) gives
//! the typed results, the exceptions and the stubs; this module only wraps the crate.
//!
//! The GIL is released while the rules run: for a batch, from the first row to the last.

use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    StructBuilder, UInt32Builder,
};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use massage_rules as mr;
use massage_rules::research::VariantFile;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PySchema, PyTable};

create_exception!(
    _native,
    NativeError,
    PyException,
    "An error of the rules: args are (kind, message, problems); the package raises it as \
     its own exception classes."
);

/// A problem as the exceptions carry it: (path, kind, message, detail).
type ProblemTuple = (String, Option<String>, String, Option<String>);

fn kind_name<T: serde::Serialize>(kind: &T) -> Option<String> {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

fn problems_of(err: &mr::Error) -> Vec<ProblemTuple> {
    err.document()
        .problems
        .into_iter()
        .map(|p| {
            (
                p.path,
                p.problem.as_ref().and_then(kind_name),
                p.message,
                p.detail,
            )
        })
        .collect()
}

/// The package's exception class for an error kind (`massage_rules.InvalidInputError`,
/// ...), with every problem as a `massage_rules.Problem`; `NativeError` if the package
/// cannot be imported (the module used on its own).
fn package_error(kind: &str, message: String, problems: Vec<ProblemTuple>) -> PyErr {
    Python::attach(|py| {
        let class = match kind {
            "invalid_json" => "InvalidJsonError",
            "invalid_input" => "InvalidInputError",
            "invalid_protocol" => "InvalidProtocolError",
            "not_cleared" => "NotClearedError",
            "no_course" => "NoCourseError",
            "no_schedule" => "NoScheduleError",
            "invalid_progress" => "InvalidProgressError",
            _ => "MassageRulesError",
        };
        let made = py.import("massage_rules").and_then(|package| {
            let problem = package.getattr("Problem")?;
            let list = problems
                .iter()
                .map(|p| problem.call1(p.clone()))
                .collect::<PyResult<Vec<_>>>()?;
            package.getattr(class)?.call1((message.clone(), list))
        });
        match made {
            Ok(instance) => PyErr::from_value(instance),
            Err(_) => NativeError::new_err((kind.to_owned(), message, problems)),
        }
    })
}

fn raise(err: mr::Error) -> PyErr {
    package_error(err.kind().name(), err.to_string(), problems_of(&err))
}

fn raise_kind(kind: &str, message: String) -> PyErr {
    package_error(kind, message, Vec::new())
}

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| raise(mr::Error::json(e)))
}

/// A protocol: every threshold and pairing of the rules, versioned. Immutable.
#[pyclass(name = "Protocol", module = "massage_rules", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyProtocol {
    inner: Arc<mr::Protocol>,
}

impl PyProtocol {
    fn of(protocol: mr::Protocol) -> Self {
        PyProtocol {
            inner: Arc::new(protocol),
        }
    }
}

fn protocol_or_seed(protocol: Option<&PyProtocol>) -> Arc<mr::Protocol> {
    match protocol {
        Some(p) => p.inner.clone(),
        None => Arc::new(mr::Protocol::seed()),
    }
}

#[pymethods]
impl PyProtocol {
    /// The seed protocol, the default.
    #[staticmethod]
    fn seed() -> Self {
        PyProtocol::of(mr::Protocol::seed())
    }

    /// The conservative protocol: blood clots and cancer need a physician's approval.
    #[staticmethod]
    fn conservative() -> Self {
        PyProtocol::of(mr::Protocol::conservative())
    }

    /// Reads and validates a protocol from its JSON.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        py.detach(|| mr::Protocol::from_json(text))
            .map(PyProtocol::of)
            .map_err(raise)
    }

    /// A variant shipped with the crate, by name (see `variant_names`).
    #[staticmethod]
    fn builtin_variant(name: &str) -> PyResult<Self> {
        let file = VariantFile::builtin(name).ok_or_else(|| {
            raise_kind(
                "invalid_protocol",
                format!(
                    "no built-in variant {name:?}; the variants are {}",
                    VariantFile::BUILTIN.join(", ")
                ),
            )
        })?;
        file.load().map(PyProtocol::of).map_err(raise)
    }

    /// The names of the variants shipped with the crate.
    #[staticmethod]
    fn variant_names() -> Vec<&'static str> {
        VariantFile::BUILTIN.to_vec()
    }

    /// Loads a variant file (RFC 6902 / RFC 7386 patches of a built-in protocol).
    #[staticmethod]
    fn from_variant_file(py: Python<'_>, text: &str) -> PyResult<Self> {
        py.detach(|| VariantFile::load_builtin_based(text))
            .map(PyProtocol::of)
            .map_err(raise)
    }

    /// This protocol changed by a variant file written against it.
    fn apply_variant(&self, py: Python<'_>, text: &str) -> PyResult<Self> {
        py.detach(|| VariantFile::from_json(text).and_then(|v| v.apply(&self.inner)))
            .map(PyProtocol::of)
            .map_err(raise)
    }

    /// What differs between this protocol's rules and `other`'s, as JSON.
    fn diff_json(&self, other: &PyProtocol) -> PyResult<String> {
        json(&self.inner.diff(&other.inner))
    }

    /// What differs, in words, one change a line.
    fn diff_text(&self, other: &PyProtocol) -> String {
        self.inner.diff(&other.inner).to_string()
    }

    /// The protocol as JSON.
    fn to_json(&self) -> PyResult<String> {
        json(&*self.inner)
    }

    /// The protocol's id.
    #[getter]
    fn id(&self) -> String {
        self.inner.id.to_string()
    }

    /// The protocol's version.
    #[getter]
    fn version(&self) -> u32 {
        self.inner.version
    }

    /// A title for people.
    #[getter]
    fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// `id@version`, as every decision names its protocol.
    #[getter]
    fn stamp(&self) -> String {
        self.inner.stamp().to_string()
    }

    fn __repr__(&self) -> String {
        format!("Protocol({}: {})", self.inner.stamp(), self.inner.title)
    }
}

/// The screening of an intake (JSON), as JSON.
#[pyfunction]
#[pyo3(signature = (intake_json, protocol=None))]
fn screen_json(
    py: Python<'_>,
    intake_json: &str,
    protocol: Option<&PyProtocol>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| mr::screen_json(&protocol, intake_json))
        .map_err(raise)
}

/// The session plan for an intake the screening clears, as JSON.
#[pyfunction]
#[pyo3(signature = (intake_json, protocol=None))]
fn plan_json(py: Python<'_>, intake_json: &str, protocol: Option<&PyProtocol>) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| {
        let intake = mr::Intake::from_json(intake_json)?;
        let screened = mr::Screened::new(&protocol, &intake).map_err(mr::Error::from)?;
        let clearance = screened.clearance().map_err(mr::Error::from)?;
        serde_json::to_string(&mr::plan(&clearance)).map_err(mr::Error::json)
    })
    .map_err(raise)
}

/// The care plan for a care request (JSON), as JSON.
#[pyfunction]
#[pyo3(signature = (request_json, protocol=None))]
fn care_plan_json(
    py: Python<'_>,
    request_json: &str,
    protocol: Option<&PyProtocol>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| mr::care_plan_json(&protocol, request_json))
        .map_err(raise)
}

/// The claims for a coding request (JSON), as JSON.
#[pyfunction]
#[pyo3(signature = (coding_json, protocol=None))]
fn claims_json(
    py: Python<'_>,
    coding_json: &str,
    protocol: Option<&PyProtocol>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| mr::claims_json(&protocol, coding_json))
        .map_err(raise)
}

/// The intake Questionnaire (FHIR R4), as JSON.
#[pyfunction]
fn questionnaire_json() -> PyResult<String> {
    json(&mr::export::fhir::questionnaire())
}

/// An intake (JSON) as a FHIR QuestionnaireResponse, as JSON.
#[pyfunction]
fn questionnaire_response_json(py: Python<'_>, intake_json: &str) -> PyResult<String> {
    let intake = py
        .detach(|| mr::Intake::from_json(intake_json))
        .map_err(raise)?;
    json(&mr::export::fhir::questionnaire_response(&intake))
}

/// The intake (JSON) a FHIR QuestionnaireResponse (JSON) holds.
#[pyfunction]
fn intake_from_questionnaire_response_json(
    py: Python<'_>,
    response_json: &str,
) -> PyResult<String> {
    let intake = py
        .detach(|| mr::read::intake_from_questionnaire_response_json(response_json))
        .map_err(raise)?;
    json(&intake)
}

/// The care plan for a request (JSON) as a FHIR CarePlan, as JSON.
#[pyfunction]
#[pyo3(signature = (request_json, protocol=None, patient=None))]
fn care_plan_fhir_json(
    py: Python<'_>,
    request_json: &str,
    protocol: Option<&PyProtocol>,
    patient: Option<String>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    let care = py
        .detach(|| {
            let request = mr::CareRequest::from_json(request_json)?;
            mr::care_plan(&protocol, &request).map_err(mr::Error::from)
        })
        .map_err(raise)?;
    let context = mr::export::fhir::FhirContext { patient };
    json(&mr::export::fhir::care_plan_resource(&care, &context))
}

/// The screening of an intake (JSON) as FHIR DetectedIssues, as a JSON list.
#[pyfunction]
#[pyo3(signature = (intake_json, protocol=None, patient=None))]
fn detected_issues_json(
    py: Python<'_>,
    intake_json: &str,
    protocol: Option<&PyProtocol>,
    patient: Option<String>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    let intake = py
        .detach(|| mr::Intake::from_json(intake_json))
        .map_err(raise)?;
    let screened = mr::Screened::new(&protocol, &intake).map_err(|e| raise(mr::Error::from(e)))?;
    let context = mr::export::fhir::FhirContext { patient };
    json(&mr::export::fhir::detected_issues(&screened, &context))
}

/// The CDS Hooks appointment-book check: the proposed Appointments (a FHIR Bundle, JSON)
/// against the care plan of a request (JSON) and the client's appointments already on the
/// books (`booked_json`, a FHIR search Bundle, JSON, or None), as the hook's response
/// (JSON cards).
#[pyfunction]
#[pyo3(signature = (request_json, bundle_json, protocol=None, booked_json=None))]
fn appointment_book_check_json(
    py: Python<'_>,
    request_json: &str,
    bundle_json: &str,
    protocol: Option<&PyProtocol>,
    booked_json: Option<&str>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| {
        let cards = mr::export::cds_hooks::appointment_book_check_json(
            &protocol,
            request_json,
            bundle_json,
            booked_json,
        )?;
        Ok::<_, mr::Error>(cards.to_string())
    })
    .map_err(raise)
}

// ---- Arrow batches -------------------------------------------------------------------

/// The text of one string column of a batch, row by row (`None` for a null).
fn text_column<'a>(batch: &'a RecordBatch, column: &str) -> PyResult<Vec<Option<&'a str>>> {
    let Some(array) = batch.column_by_name(column) else {
        return Err(raise_kind(
            "invalid_input",
            format!(
                "the batch has no column {column:?} (its columns: {})",
                batch
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().collect(),
        DataType::Utf8View => array.as_string_view().iter().collect(),
        other => {
            return Err(raise_kind(
                "invalid_input",
                format!("column {column:?} holds {other}, not strings of JSON"),
            ));
        }
    })
}

fn problem_fields() -> Fields {
    Fields::from(vec![
        Field::new("path", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, true),
        Field::new("detail", DataType::Utf8, true),
    ])
}

fn list_of(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        true,
    )
}

/// The columns a batch's error and problems are written to.
struct Errors {
    error: StringBuilder,
    problems: ListBuilder<StructBuilder>,
}

impl Errors {
    fn new() -> Self {
        let fields = problem_fields();
        let builders: Vec<Box<dyn ArrayBuilder>> = vec![
            Box::new(StringBuilder::new()),
            Box::new(StringBuilder::new()),
            Box::new(StringBuilder::new()),
        ];
        Errors {
            error: StringBuilder::new(),
            problems: ListBuilder::new(StructBuilder::new(fields, builders)),
        }
    }

    fn fields() -> [Field; 2] {
        [
            Field::new("error", DataType::Utf8, true),
            list_of("problems", DataType::Struct(problem_fields())),
        ]
    }

    fn ok(&mut self) {
        self.error.append_null();
        self.problems.append(true);
    }

    fn failed(&mut self, err: &mr::Error) {
        self.error.append_value(err.to_string());
        for (path, kind, _, detail) in problems_of(err) {
            let row = self.problems.values();
            row.field_builder::<StringBuilder>(0)
                .expect("path")
                .append_value(path);
            row.field_builder::<StringBuilder>(1)
                .expect("kind")
                .append_option(kind);
            row.field_builder::<StringBuilder>(2)
                .expect("detail")
                .append_option(detail);
            row.append(true);
        }
        self.problems.append(true);
    }

    fn missing(&mut self, what: &str) {
        self.error.append_value(format!("the {what} is null"));
        self.problems.append(true);
    }

    fn finish(mut self) -> [ArrayRef; 2] {
        [
            Arc::new(self.error.finish()),
            Arc::new(self.problems.finish()),
        ]
    }
}

fn append_list<'a>(
    list: &mut ListBuilder<StringBuilder>,
    items: impl IntoIterator<Item = &'a str>,
) {
    for item in items {
        list.values().append_value(item);
    }
    list.append(true);
}

/// What one intake comes to: its screening, and for a cleared one the first session's
/// pressure and the course's first frequency.
struct Decided {
    screening: mr::Screening,
    pressure: Option<mr::vocabulary::Pressure>,
    per_week: Option<f64>,
}

fn decide(protocol: &mr::Protocol, text: &str) -> Result<Decided, mr::Error> {
    decide_intake(protocol, &mr::Intake::from_json(text)?)
}

/// The columns of one protocol's decisions.
struct DecisionColumns {
    outcome: StringBuilder,
    avoid: ListBuilder<StringBuilder>,
    unanswered: ListBuilder<StringBuilder>,
    reasons: ListBuilder<StringBuilder>,
    rules: ListBuilder<StringBuilder>,
    pressure: StringBuilder,
    per_week: Float64Builder,
    protocol: StringBuilder,
}

impl DecisionColumns {
    fn new() -> Self {
        DecisionColumns {
            outcome: StringBuilder::new(),
            avoid: ListBuilder::new(StringBuilder::new()),
            unanswered: ListBuilder::new(StringBuilder::new()),
            reasons: ListBuilder::new(StringBuilder::new()),
            rules: ListBuilder::new(StringBuilder::new()),
            pressure: StringBuilder::new(),
            per_week: Float64Builder::new(),
            protocol: StringBuilder::new(),
        }
    }

    fn fields(prefix: &str) -> Vec<Field> {
        let name = |n: &str| format!("{prefix}{n}");
        vec![
            Field::new(name("outcome"), DataType::Utf8, true),
            list_of(&name("avoid"), DataType::Utf8),
            list_of(&name("unanswered"), DataType::Utf8),
            list_of(&name("reasons"), DataType::Utf8),
            list_of(&name("rules"), DataType::Utf8),
            Field::new(name("first_session_pressure"), DataType::Utf8, true),
            Field::new(name("sessions_per_week"), DataType::Float64, true),
            Field::new(name("protocol"), DataType::Utf8, false),
        ]
    }

    fn push(&mut self, decided: Option<&Decided>, stamp: &str) {
        match decided {
            Some(d) => {
                let s = &d.screening;
                self.outcome.append_value(s.outcome.name());
                append_list(&mut self.avoid, s.avoid.iter().map(|r| r.name()));
                append_list(&mut self.unanswered, s.unanswered.iter().map(|q| q.name()));
                let reasons: Vec<String> = s.reasons().map(|r| r.to_string()).collect();
                append_list(&mut self.reasons, reasons.iter().map(String::as_str));
                append_list(&mut self.rules, s.reasons().map(|r| r.rule.name()));
                self.pressure.append_option(d.pressure.map(|p| p.name()));
                self.per_week.append_option(d.per_week);
            }
            None => {
                self.outcome.append_null();
                self.avoid.append_null();
                self.unanswered.append_null();
                self.reasons.append_null();
                self.rules.append_null();
                self.pressure.append_null();
                self.per_week.append_null();
            }
        }
        self.protocol.append_value(stamp);
    }

    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.outcome.finish()),
            Arc::new(self.avoid.finish()),
            Arc::new(self.unanswered.finish()),
            Arc::new(self.reasons.finish()),
            Arc::new(self.rules.finish()),
            Arc::new(self.pressure.finish()),
            Arc::new(self.per_week.finish()),
            Arc::new(self.protocol.finish()),
        ]
    }
}

fn screen_schema() -> SchemaRef {
    let mut fields = vec![Field::new("row", DataType::Int64, false)];
    fields.extend(DecisionColumns::fields(""));
    fields.extend(Errors::fields());
    Arc::new(Schema::new(fields))
}

fn compare_schema() -> SchemaRef {
    let mut fields = vec![Field::new("row", DataType::Int64, false)];
    fields.extend(DecisionColumns::fields("a_"));
    fields.extend(DecisionColumns::fields("b_"));
    fields.push(Field::new("differs", DataType::Boolean, true));
    fields.extend(Errors::fields());
    Arc::new(Schema::new(fields))
}

fn care_plan_schema() -> SchemaRef {
    let mut fields = vec![
        Field::new("row", DataType::Int64, false),
        Field::new("outcome", DataType::Utf8, true),
        Field::new("care_plan", DataType::Utf8, true),
        Field::new("sessions", DataType::UInt32, true),
        Field::new("first_session", DataType::Utf8, true),
        Field::new("last_session", DataType::Utf8, true),
        list_of("held_back", DataType::Utf8),
        Field::new("protocol", DataType::Utf8, false),
    ];
    fields.extend(Errors::fields());
    Arc::new(Schema::new(fields))
}

fn read_batches(data: AnyRecordBatch) -> PyResult<Vec<RecordBatch>> {
    let reader = data.into_reader()?;
    reader.collect::<Result<Vec<_>, _>>().map_err(|e| {
        raise_kind(
            "invalid_input",
            format!("the Arrow data could not be read: {e}"),
        )
    })
}

// ---- typed columns -------------------------------------------------------------------

/// Typed columns an intake may be given in instead of JSON: `assessed_on` (date32, or an
/// ISO string), `age` (int64 or int32), `pregnant`, `licensed`,
/// `medical_massage_trained`, `history` and `pain_tolerance` (strings: `yes`/`no`/
/// `unknown`, `none`, a pressure), `goals` (list of strings), `findings` (list of structs
/// `contraindication`, `part`, `side`) and `conditions` (list of structs `condition`,
/// `acuity`, `part`, `side`). A column left out is an unanswered question, never a "no".
fn typed_schema() -> SchemaRef {
    let text = |name: &str| Field::new(name, DataType::Utf8, true);
    let strukt = |names: &[&str]| {
        DataType::Struct(Fields::from(
            names.iter().map(|n| text(n)).collect::<Vec<_>>(),
        ))
    };
    Arc::new(Schema::new(vec![
        Field::new("assessed_on", DataType::Date32, false),
        Field::new("age", DataType::Int64, true),
        text("pregnant"),
        text("licensed"),
        text("medical_massage_trained"),
        text("history"),
        text("pain_tolerance"),
        list_of("goals", DataType::Utf8),
        list_of("findings", strukt(&["contraindication", "part", "side"])),
        list_of(
            "conditions",
            strukt(&["condition", "acuity", "part", "side"]),
        ),
    ]))
}

fn strings_of<'a>(array: &'a dyn Array, name: &str) -> PyResult<Vec<Option<&'a str>>> {
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().collect(),
        DataType::Utf8View => array.as_string_view().iter().collect(),
        other => {
            return Err(raise_kind(
                "invalid_input",
                format!("column {name:?} holds {other}, not strings"),
            ));
        }
    })
}

fn word<T: mr::vocabulary::Vocabulary>(
    text: Option<&str>,
    path: String,
    problems: &mut Vec<mr::problem::Problem>,
) -> Option<T> {
    let text = text?;
    match T::from_name(text) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(mr::problem::Problem::with_detail(
                path,
                mr::problem::ProblemKind::UnknownName,
                e.to_string(),
            ));
            None
        }
    }
}

/// A list-of-struct column's rows as (offsets, child string columns by name).
struct StructList<'a> {
    list: &'a arrow_array::ListArray,
    fields: Vec<(String, Vec<Option<&'a str>>)>,
}

impl<'a> StructList<'a> {
    fn of(array: &'a dyn Array, name: &str) -> PyResult<Self> {
        let DataType::List(_) = array.data_type() else {
            return Err(raise_kind(
                "invalid_input",
                format!(
                    "column {name:?} holds {}, not a list of structs",
                    array.data_type()
                ),
            ));
        };
        let list = array.as_list::<i32>();
        let values = list.values();
        let DataType::Struct(fields) = values.data_type() else {
            return Err(raise_kind(
                "invalid_input",
                format!(
                    "column {name:?} is a list of {}, not of structs",
                    values.data_type()
                ),
            ));
        };
        let structs = values.as_struct();
        let mut out = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            out.push((
                f.name().clone(),
                strings_of(structs.column(i).as_ref(), f.name())?,
            ));
        }
        Ok(StructList { list, fields: out })
    }

    fn rows(&self, row: usize) -> std::ops::Range<usize> {
        if self.list.is_null(row) {
            return 0..0;
        }
        let offsets = self.list.value_offsets();
        offsets[row] as usize..offsets[row + 1] as usize
    }

    fn get(&self, field: &str, at: usize) -> Option<&'a str> {
        self.fields
            .iter()
            .find(|(n, _)| n == field)
            .and_then(|(_, v)| v[at])
    }
}

fn location(
    list: &StructList<'_>,
    at: usize,
    path: &str,
    problems: &mut Vec<mr::problem::Problem>,
) -> Option<mr::intake::Location> {
    let part =
        word::<mr::vocabulary::BodyPart>(list.get("part", at), format!("{path}.part"), problems)?;
    let side = word::<mr::vocabulary::Side>(list.get("side", at), format!("{path}.side"), problems);
    Some(mr::intake::Location { part, side })
}

/// Each row of a batch in typed columns as an intake, or the problems that kept it from
/// being one (every problem at once, at the intake's field paths).
fn typed_intakes(batch: &RecordBatch) -> PyResult<Vec<Result<mr::Intake, mr::Error>>> {
    use arrow_array::types::{Date32Type, Int32Type, Int64Type};
    let n = batch.num_rows();
    let column = |name: &str| batch.column_by_name(name).map(|a| a.as_ref());
    let texts = |name: &str| -> PyResult<Option<Vec<Option<&str>>>> {
        column(name).map(|a| strings_of(a, name)).transpose()
    };
    let days: Vec<Option<jiff::civil::Date>> = match column("assessed_on") {
        None => {
            return Err(raise_kind(
                "invalid_input",
                "typed intakes need an assessed_on column (or give JSON in an intake column)"
                    .into(),
            ));
        }
        Some(a) if a.data_type() == &DataType::Date32 => a
            .as_primitive::<Date32Type>()
            .iter()
            .map(|d| {
                d.and_then(|d| {
                    jiff::civil::date(1970, 1, 1)
                        .checked_add(jiff::Span::new().days(i64::from(d)))
                        .ok()
                })
            })
            .collect(),
        Some(a) => strings_of(a, "assessed_on")?
            .into_iter()
            .map(|t| t.and_then(|t| t.parse().ok()))
            .collect(),
    };
    let ages: Vec<Option<i64>> = match column("age") {
        None => vec![None; n],
        Some(a) if a.data_type() == &DataType::Int64 => {
            a.as_primitive::<Int64Type>().iter().collect()
        }
        Some(a) if a.data_type() == &DataType::Int32 => a
            .as_primitive::<Int32Type>()
            .iter()
            .map(|v| v.map(i64::from))
            .collect(),
        Some(a) => {
            return Err(raise_kind(
                "invalid_input",
                format!("column \"age\" holds {}, not int64 or int32", a.data_type()),
            ));
        }
    };
    let pregnant = texts("pregnant")?;
    let licensed = texts("licensed")?;
    let trained = texts("medical_massage_trained")?;
    let history = texts("history")?;
    let tolerance = texts("pain_tolerance")?;
    let goals = match column("goals") {
        None => None,
        Some(a) => {
            let DataType::List(_) = a.data_type() else {
                return Err(raise_kind(
                    "invalid_input",
                    "column \"goals\" is not a list of strings".into(),
                ));
            };
            let list = a.as_list::<i32>();
            Some((list, strings_of(list.values().as_ref(), "goals")?))
        }
    };
    let findings = column("findings")
        .map(|a| StructList::of(a, "findings"))
        .transpose()?;
    let conditions = column("conditions")
        .map(|a| StructList::of(a, "conditions"))
        .transpose()?;
    fn at<'a>(v: &Option<Vec<Option<&'a str>>>, row: usize) -> Option<&'a str> {
        v.as_ref().and_then(|v| v[row])
    }
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let mut problems = Vec::new();
        // As in JSON, the findings are required: a region nobody examined is not clear.
        if findings.is_none() {
            problems.push(mr::problem::Problem::with_detail(
                "findings",
                mr::problem::ProblemKind::MissingField,
                "a findings column is needed (empty lists for clients with none)",
            ));
        }
        let Some(assessed_on) = days[row] else {
            problems.push(mr::problem::Problem::new(
                "assessed_on",
                mr::problem::ProblemKind::InvalidDate,
            ));
            out.push(Err(mr::Error::from(mr::intake::IntakeError::new(problems))));
            continue;
        };
        if !problems.is_empty() {
            out.push(Err(mr::Error::from(mr::intake::IntakeError::new(problems))));
            continue;
        }
        let answer = |text: Option<&str>, path: &str, problems: &mut Vec<_>| {
            word::<mr::vocabulary::Answer>(text, path.to_owned(), problems)
                .unwrap_or(mr::vocabulary::Answer::Unknown)
        };
        let age = ages[row].map(|a| u32::try_from(a).unwrap_or(u32::MAX));
        let mut intake = mr::Intake {
            assessed_on,
            age,
            pregnant: answer(at(&pregnant, row), "pregnant", &mut problems),
            approvals: Vec::new(),
            findings: Vec::new(),
            conditions: Vec::new(),
            goals: Default::default(),
            pain_tolerance: word(at(&tolerance, row), "pain_tolerance".into(), &mut problems),
            history: match at(&history, row) {
                Some("none") => mr::intake::MedicalHistory::none(),
                None => mr::intake::MedicalHistory::default(),
                Some(other) => {
                    problems.push(mr::problem::Problem::with_detail(
                        "history",
                        mr::problem::ProblemKind::UnknownName,
                        format!("{other:?}: a typed history column is \"none\" or null"),
                    ));
                    mr::intake::MedicalHistory::default()
                }
            },
            practitioner: mr::intake::Practitioner {
                licensed: answer(at(&licensed, row), "practitioner.licensed", &mut problems),
                medical_massage_trained: answer(
                    at(&trained, row),
                    "practitioner.medical_massage_trained",
                    &mut problems,
                ),
                certified_techniques: None,
            },
        };
        if let Some((list, values)) = &goals
            && !list.is_null(row)
        {
            let offsets = list.value_offsets();
            for (k, i) in (offsets[row] as usize..offsets[row + 1] as usize).enumerate() {
                if let Some(goal) =
                    word::<mr::vocabulary::Goal>(values[i], format!("goals[{k}]"), &mut problems)
                {
                    intake.goals.insert(goal);
                }
            }
        }
        if let Some(list) = &findings {
            for (k, i) in list.rows(row).enumerate() {
                let path = format!("findings[{k}]");
                let c = word::<mr::vocabulary::Contraindication>(
                    list.get("contraindication", i),
                    format!("{path}.contraindication"),
                    &mut problems,
                );
                let location = location(list, i, &format!("{path}.location"), &mut problems);
                if let Some(contraindication) = c {
                    intake.findings.push(mr::intake::Finding {
                        contraindication,
                        location,
                    });
                }
            }
        }
        if let Some(list) = &conditions {
            for (k, i) in list.rows(row).enumerate() {
                let path = format!("conditions[{k}]");
                let condition = word::<mr::vocabulary::Condition>(
                    list.get("condition", i),
                    format!("{path}.condition"),
                    &mut problems,
                );
                let acuity = word::<mr::vocabulary::Acuity>(
                    list.get("acuity", i),
                    format!("{path}.acuity"),
                    &mut problems,
                );
                let locations = if list.get("part", i).is_some() {
                    location(list, i, &format!("{path}.locations[0]"), &mut problems)
                        .into_iter()
                        .collect()
                } else {
                    Vec::new()
                };
                if let (Some(condition), Some(acuity)) = (condition, acuity) {
                    intake.conditions.push(mr::intake::ConditionEntry {
                        condition,
                        acuity,
                        locations,
                        onset: None,
                    });
                }
            }
        }
        out.push(if problems.is_empty() {
            Ok(intake)
        } else {
            Err(mr::Error::from(mr::intake::IntakeError::new(problems)))
        });
    }
    Ok(out)
}

fn decide_intake(protocol: &mr::Protocol, intake: &mr::Intake) -> Result<Decided, mr::Error> {
    let screened = mr::Screened::new(protocol, intake)?;
    let screening = *screened.screening();
    let (mut pressure, mut per_week) = (None, None);
    if let Ok(clearance) = screened.clearance() {
        let session = mr::plan(&clearance);
        pressure = Some(session.first_session_pressure);
        if let Ok(course) = mr::Course::start(&clearance, &session, None) {
            per_week = course.phases.get(usize::from(course.phase)).map(|rule| {
                match rule.per {
                    mr::vocabulary::Period::Week => f64::from(rule.sessions),
                    // A month is 52/12 weeks.
                    mr::vocabulary::Period::Month => f64::from(rule.sessions) * 12.0 / 52.0,
                }
            });
        }
    }
    Ok(Decided {
        screening,
        pressure,
        per_week,
    })
}

fn screen_one_batch(
    protocol: &mr::Protocol,
    batch: &RecordBatch,
    column: &str,
    first_row: i64,
) -> PyResult<RecordBatch> {
    let stamp = protocol.stamp().to_string();
    let mut row = Int64Builder::with_capacity(batch.num_rows());
    let mut decisions = DecisionColumns::new();
    let mut errors = Errors::new();
    // Typed columns when there is no JSON column but an assessment date.
    let decided: Vec<Option<Result<Decided, mr::Error>>> = if batch.column_by_name(column).is_none()
        && batch.column_by_name("assessed_on").is_some()
    {
        typed_intakes(batch)?
            .into_iter()
            .map(|r| Some(r.and_then(|intake| decide_intake(protocol, &intake))))
            .collect()
    } else {
        text_column(batch, column)?
            .into_iter()
            .map(|t| t.map(|t| decide(protocol, t)))
            .collect()
    };
    for (i, made) in decided.into_iter().enumerate() {
        row.append_value(first_row + i as i64);
        match made {
            Some(Ok(d)) => {
                decisions.push(Some(&d), &stamp);
                errors.ok();
            }
            Some(Err(e)) => {
                decisions.push(None, &stamp);
                errors.failed(&e);
            }
            None => {
                decisions.push(None, &stamp);
                errors.missing(column);
            }
        }
    }
    let mut columns: Vec<ArrayRef> = vec![Arc::new(row.finish())];
    columns.extend(decisions.finish());
    columns.extend(errors.finish());
    RecordBatch::try_new(screen_schema(), columns)
        .map_err(|e| raise_kind("invalid_input", e.to_string()))
}

/// Screens every row of an Arrow table or stream (any object with `__arrow_c_stream__`
/// or `__arrow_c_array__`): the column `column` holds each intake's JSON. Returns a table
/// of decisions, one row per input row; a bad row gets its error and problems and the
/// others are decided.
#[pyfunction]
#[pyo3(signature = (data, protocol=None, column="intake"))]
fn screen_batch(
    py: Python<'_>,
    data: AnyRecordBatch,
    protocol: Option<&PyProtocol>,
    column: &str,
) -> PyResult<PyTable> {
    let protocol = protocol_or_seed(protocol);
    let batches = read_batches(data)?;
    let out = py.detach(|| {
        let mut first = 0i64;
        let mut out = Vec::with_capacity(batches.len());
        for batch in &batches {
            out.push(screen_one_batch(&protocol, batch, column, first)?);
            first += batch.num_rows() as i64;
        }
        Ok::<_, PyErr>(out)
    })?;
    PyTable::try_new(out, screen_schema())
}

/// Both protocols' decisions for every row, and whether they differ.
#[pyfunction]
#[pyo3(signature = (data, a, b, column="intake"))]
fn compare_batch(
    py: Python<'_>,
    data: AnyRecordBatch,
    a: &PyProtocol,
    b: &PyProtocol,
    column: &str,
) -> PyResult<PyTable> {
    let (pa, pb) = (a.inner.clone(), b.inner.clone());
    let batches = read_batches(data)?;
    let out = py.detach(|| {
        let (sa, sb) = (pa.stamp().to_string(), pb.stamp().to_string());
        let mut first = 0i64;
        let mut out = Vec::with_capacity(batches.len());
        for batch in &batches {
            let texts = text_column(batch, column)?;
            let mut row = Int64Builder::with_capacity(texts.len());
            let (mut da, mut db) = (DecisionColumns::new(), DecisionColumns::new());
            let mut differs = BooleanBuilder::with_capacity(texts.len());
            let mut errors = Errors::new();
            for (i, text) in texts.iter().enumerate() {
                row.append_value(first + i as i64);
                let Some(text) = text else {
                    da.push(None, &sa);
                    db.push(None, &sb);
                    differs.append_null();
                    errors.missing(column);
                    continue;
                };
                match (decide(&pa, text), decide(&pb, text)) {
                    (Ok(x), Ok(y)) => {
                        let mut xs = x.screening;
                        xs.protocol = y.screening.protocol;
                        differs.append_value(
                            xs != y.screening
                                || x.pressure != y.pressure
                                || x.per_week != y.per_week,
                        );
                        da.push(Some(&x), &sa);
                        db.push(Some(&y), &sb);
                        errors.ok();
                    }
                    (Err(e), _) | (_, Err(e)) => {
                        da.push(None, &sa);
                        db.push(None, &sb);
                        differs.append_null();
                        errors.failed(&e);
                    }
                }
            }
            let mut columns: Vec<ArrayRef> = vec![Arc::new(row.finish())];
            columns.extend(da.finish());
            columns.extend(db.finish());
            columns.push(Arc::new(differs.finish()));
            columns.extend(errors.finish());
            out.push(
                RecordBatch::try_new(compare_schema(), columns)
                    .map_err(|e| raise_kind("invalid_input", e.to_string()))?,
            );
            first += batch.num_rows() as i64;
        }
        Ok::<_, PyErr>(out)
    })?;
    PyTable::try_new(out, compare_schema())
}

/// The care plan of every row: the column `column` holds each care request's JSON.
#[pyfunction]
#[pyo3(signature = (data, protocol=None, column="request"))]
fn care_plan_batch(
    py: Python<'_>,
    data: AnyRecordBatch,
    protocol: Option<&PyProtocol>,
    column: &str,
) -> PyResult<PyTable> {
    let protocol = protocol_or_seed(protocol);
    let batches = read_batches(data)?;
    let out = py.detach(|| {
        let stamp = protocol.stamp().to_string();
        let mut first = 0i64;
        let mut out = Vec::with_capacity(batches.len());
        for batch in &batches {
            let texts = text_column(batch, column)?;
            let mut row = Int64Builder::with_capacity(texts.len());
            let mut outcome = StringBuilder::new();
            let mut plan = StringBuilder::new();
            let mut sessions = UInt32Builder::new();
            let mut first_day = StringBuilder::new();
            let mut last_day = StringBuilder::new();
            let mut held = ListBuilder::new(StringBuilder::new());
            let mut stamps = StringBuilder::new();
            let mut errors = Errors::new();
            for (i, text) in texts.iter().enumerate() {
                row.append_value(first + i as i64);
                stamps.append_value(&stamp);
                let made = text.map(|t| {
                    mr::care_plan_json(&protocol, t).and_then(|j| {
                        serde_json::from_str::<mr::CarePlan>(&j)
                            .map(|c| (j, c))
                            .map_err(mr::Error::json)
                    })
                });
                match made {
                    Some(Ok((j, care))) => {
                        outcome.append_value(care.screening.outcome.name());
                        plan.append_value(j);
                        let dates: Vec<_> = care
                            .schedule
                            .as_ref()
                            .map(|s| s.dates().collect())
                            .unwrap_or_default();
                        sessions.append_value(dates.len() as u32);
                        first_day.append_option(dates.first().map(|d| d.to_string()));
                        last_day.append_option(dates.last().map(|d| d.to_string()));
                        let holds: Vec<String> =
                            care.held_back.iter().map(|h| h.to_string()).collect();
                        append_list(&mut held, holds.iter().map(String::as_str));
                        errors.ok();
                    }
                    other => {
                        outcome.append_null();
                        plan.append_null();
                        sessions.append_null();
                        first_day.append_null();
                        last_day.append_null();
                        held.append_null();
                        match other {
                            Some(Err(e)) => errors.failed(&e),
                            _ => errors.missing(column),
                        }
                    }
                }
            }
            let mut columns: Vec<ArrayRef> = vec![
                Arc::new(row.finish()),
                Arc::new(outcome.finish()),
                Arc::new(plan.finish()),
                Arc::new(sessions.finish()),
                Arc::new(first_day.finish()),
                Arc::new(last_day.finish()),
                Arc::new(held.finish()),
                Arc::new(stamps.finish()),
            ];
            columns.extend(errors.finish());
            out.push(
                RecordBatch::try_new(care_plan_schema(), columns)
                    .map_err(|e| raise_kind("invalid_input", e.to_string()))?,
            );
            first += batch.num_rows() as i64;
        }
        Ok::<_, PyErr>(out)
    })?;
    PyTable::try_new(out, care_plan_schema())
}

/// The Arrow schema of what `screen_batch` returns.
#[pyfunction]
fn screen_batch_schema() -> PySchema {
    PySchema::new(screen_schema())
}

/// The Arrow schema of what `compare_batch` returns.
#[pyfunction]
fn compare_batch_schema() -> PySchema {
    PySchema::new(compare_schema())
}

/// The Arrow schema of what `care_plan_batch` returns.
#[pyfunction]
fn care_plan_batch_schema() -> PySchema {
    PySchema::new(care_plan_schema())
}

/// The Arrow schema of typed intake columns (read when there is no JSON column).
#[pyfunction]
fn typed_intake_batch_schema() -> PySchema {
    PySchema::new(typed_schema())
}

/// The Arrow schema a batch of intakes is read with: one string column of JSON.
#[pyfunction]
fn intake_batch_schema() -> PySchema {
    PySchema::new(Arc::new(Schema::new(vec![Field::new(
        "intake",
        DataType::Utf8,
        false,
    )])))
}

/// The library's version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    m.add_class::<PyProtocol>()?;
    m.add_function(wrap_pyfunction!(screen_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan_json, m)?)?;
    m.add_function(wrap_pyfunction!(care_plan_json, m)?)?;
    m.add_function(wrap_pyfunction!(claims_json, m)?)?;
    m.add_function(wrap_pyfunction!(questionnaire_json, m)?)?;
    m.add_function(wrap_pyfunction!(questionnaire_response_json, m)?)?;
    m.add_function(wrap_pyfunction!(
        intake_from_questionnaire_response_json,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(care_plan_fhir_json, m)?)?;
    m.add_function(wrap_pyfunction!(detected_issues_json, m)?)?;
    m.add_function(wrap_pyfunction!(appointment_book_check_json, m)?)?;
    m.add_function(wrap_pyfunction!(screen_batch, m)?)?;
    m.add_function(wrap_pyfunction!(compare_batch, m)?)?;
    m.add_function(wrap_pyfunction!(care_plan_batch, m)?)?;
    m.add_function(wrap_pyfunction!(screen_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(compare_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(care_plan_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(intake_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(typed_intake_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
