//! Intakes from typed Arrow columns.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use massage_rules as mr;
use pyo3::prelude::*;

use crate::columns::*;
use crate::errors::*;

// ---- typed columns -------------------------------------------------------------------

/// Typed columns an intake may be given in instead of JSON: `assessed_on` (date32, or an
/// ISO string), `age` (int64 or int32), `pregnant`, `licensed`,
/// `medical_massage_trained`, `history` and `pain_tolerance` (strings: `yes`/`no`/
/// `unknown`, `none`, a pressure), `goals` (list of strings), `findings` (list of structs
/// `contraindication`, `part`, `side`) and `conditions` (list of structs `condition`,
/// `acuity`, `part`, `side`). A column left out is an unanswered question, never a "no".
pub(crate) fn typed_schema() -> SchemaRef {
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

pub(crate) fn strings_of<'a>(array: &'a dyn Array, name: &str) -> PyResult<Vec<Option<&'a str>>> {
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

pub(crate) fn word<T: mr::vocabulary::Vocabulary>(
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
pub(crate) struct StructList<'a> {
    pub(crate) list: &'a arrow_array::ListArray,
    pub(crate) fields: Vec<(String, Vec<Option<&'a str>>)>,
}

impl<'a> StructList<'a> {
    pub(crate) fn of(array: &'a dyn Array, name: &str) -> PyResult<Self> {
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

    pub(crate) fn rows(&self, row: usize) -> std::ops::Range<usize> {
        if self.list.is_null(row) {
            return 0..0;
        }
        let offsets = self.list.value_offsets();
        offsets[row] as usize..offsets[row + 1] as usize
    }

    pub(crate) fn get(&self, field: &str, at: usize) -> Option<&'a str> {
        self.fields
            .iter()
            .find(|(n, _)| n == field)
            .and_then(|(_, v)| v[at])
    }
}

pub(crate) fn location(
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
pub(crate) fn typed_intakes(batch: &RecordBatch) -> PyResult<Vec<Result<mr::Intake, mr::Error>>> {
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
    pub(crate) fn at<'a>(v: &Option<Vec<Option<&'a str>>>, row: usize) -> Option<&'a str> {
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

pub(crate) fn decide_intake(
    protocol: &mr::Protocol,
    intake: &mr::Intake,
) -> Result<Decided, mr::Error> {
    decide_intake_with(protocol, intake, true)
}

/// The crate's [`mr::care::summarize`]: the session plan and the course only when `plan`
/// (a batch that asked only for screening columns makes neither).
pub(crate) fn decide_intake_with(
    protocol: &mr::Protocol,
    intake: &mr::Intake,
    plan: bool,
) -> Result<Decided, mr::Error> {
    let s = mr::care::summarize(protocol, intake, plan)?;
    Ok(Decided {
        screening: s.screening,
        pressure: s.first_session_pressure,
        per_week: s.sessions_per_week,
    })
}
