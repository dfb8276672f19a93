//! Intakes from typed Arrow columns, read by the crate's own reader.
//!
//! A row becomes the JSON value it stands for, column by column and field by field,
//! without a list of the intake's fields here: a column is a key, a struct is an object, a
//! list is an array, a date is `YYYY-MM-DD`, a null is an unanswered question (the key is
//! left out). The crate's [`mr::Intake::from_value`] reads it, as it reads JSON text, so
//! a field added to the intake is read from Arrow with no edit here, and every problem is
//! reported at once at the intake's own paths.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use massage_rules as mr;
use pyo3::prelude::*;
use serde_json::{Map, Value};

use crate::columns::*;
use crate::errors::*;

/// The typed columns an intake may be given in instead of JSON: the intake's own fields
/// and shape (`assessed_on` date32, `age` int64, answers and words as strings, lists as
/// lists, objects as structs). Any column of the intake may be added (`approvals`, a
/// condition's `onset`, ...) and any left out: a column left out, or a null, is an
/// unanswered question, never a "no". The flat form of 0.1 (`licensed` and
/// `medical_massage_trained` as columns; `part` and `side` in a finding or condition) is
/// read too.
pub(crate) fn typed_schema() -> SchemaRef {
    let text = |name: &str| Field::new(name, DataType::Utf8, true);
    let strukt = |fields: Vec<Field>| DataType::Struct(Fields::from(fields));
    let location = || strukt(vec![text("part"), text("side")]);
    Arc::new(Schema::new(vec![
        Field::new("assessed_on", DataType::Date32, false),
        Field::new("age", DataType::Int64, true),
        text("pregnant"),
        Field::new(
            "practitioner",
            strukt(vec![
                text("licensed"),
                text("medical_massage_trained"),
                list_of("certified_techniques", DataType::Utf8),
            ]),
            true,
        ),
        text("history"),
        text("pain_tolerance"),
        list_of("goals", DataType::Utf8),
        list_of(
            "findings",
            strukt(vec![
                text("contraindication"),
                Field::new("location", location(), true),
            ]),
        ),
        list_of(
            "conditions",
            strukt(vec![
                text("condition"),
                text("acuity"),
                list_of("locations", location()),
                Field::new("onset", DataType::Date32, true),
            ]),
        ),
    ]))
}

/// A column's values as JSON, a row each (`None` for a null).
fn values_of(array: &dyn Array, name: &str) -> PyResult<Vec<Option<Value>>> {
    fn each<T: Into<Value>>(
        array: &dyn Array,
        mut get: impl FnMut(usize) -> T,
    ) -> Vec<Option<Value>> {
        (0..array.len())
            .map(|i| (!array.is_null(i)).then(|| get(i).into()))
            .collect()
    }
    fn day(days: i64) -> Value {
        jiff::civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(days))
            .map_or(Value::Null, |d| Value::String(d.to_string()))
    }
    Ok(match array.data_type() {
        DataType::Null => vec![None; array.len()],
        DataType::Boolean => {
            let a = array.as_boolean();
            each(array, |i| a.value(i))
        }
        DataType::Int8 => each(array, |i| array.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => each(array, |i| array.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => each(array, |i| array.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => each(array, |i| array.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => each(array, |i| array.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => each(array, |i| array.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => each(array, |i| array.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => each(array, |i| array.as_primitive::<UInt64Type>().value(i)),
        DataType::Date32 => {
            let a = array.as_primitive::<Date32Type>();
            each(array, |i| day(i64::from(a.value(i))))
        }
        DataType::Date64 => {
            let a = array.as_primitive::<Date64Type>();
            each(array, |i| day(a.value(i).div_euclid(86_400_000)))
        }
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            each(array, |i| a.value(i))
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            each(array, |i| a.value(i))
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            each(array, |i| a.value(i))
        }
        DataType::List(_) => {
            let list = array.as_list::<i32>();
            let items = values_of(list.values().as_ref(), name)?;
            let offsets = list.value_offsets();
            lists(array, &items, |i| {
                offsets[i] as usize..offsets[i + 1] as usize
            })
        }
        DataType::LargeList(_) => {
            let list = array.as_list::<i64>();
            let items = values_of(list.values().as_ref(), name)?;
            let offsets = list.value_offsets();
            lists(array, &items, |i| {
                offsets[i] as usize..offsets[i + 1] as usize
            })
        }
        DataType::Struct(fields) => {
            let structs = array.as_struct();
            let columns = fields
                .iter()
                .zip(structs.columns())
                .map(|(f, c)| Ok((f.name().as_str(), values_of(c.as_ref(), f.name())?)))
                .collect::<PyResult<Vec<_>>>()?;
            (0..array.len())
                .map(|i| (!array.is_null(i)).then(|| Value::Object(object(&columns, i))))
                .collect()
        }
        other => {
            return Err(raise_kind(
                "invalid_input",
                format!(
                    "column {name:?} holds {other}: an intake's columns are strings, integers, \
                     dates, booleans, lists and structs"
                ),
            ));
        }
    })
}

fn lists(
    array: &dyn Array,
    items: &[Option<Value>],
    range: impl Fn(usize) -> std::ops::Range<usize>,
) -> Vec<Option<Value>> {
    (0..array.len())
        .map(|i| {
            (!array.is_null(i)).then(|| {
                // A null item stays in its place (as JSON null), so paths keep their index.
                Value::Array(
                    range(i)
                        .map(|k| items[k].clone().unwrap_or(Value::Null))
                        .collect(),
                )
            })
        })
        .collect()
}

/// Row `row` of named columns as an object; a null leaves its key out.
fn object(columns: &[(&str, Vec<Option<Value>>)], row: usize) -> Map<String, Value> {
    columns
        .iter()
        .filter_map(|(name, values)| Some(((*name).to_owned(), values[row].clone()?)))
        .collect()
}

/// The flat form of 0.1, in the intake's shape: `licensed` and `medical_massage_trained`
/// into `practitioner`; a finding's `part` and `side` into its `location`, a condition's
/// into its one `locations` entry.
///
/// As ever in typed columns, a column left out is unanswered: without practitioner
/// columns the practitioner's answers are unknown (JSON asks for the object itself).
fn unflatten(intake: &mut Map<String, Value>) {
    if !intake.contains_key("practitioner") {
        intake.insert("practitioner".into(), Value::Object(Map::new()));
    }
    for key in ["licensed", "medical_massage_trained"] {
        if let Some(answer) = intake.remove(key) {
            let practitioner = intake
                .entry("practitioner")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(p) = practitioner {
                p.entry(key).or_insert(answer);
            }
        }
    }
    for (list, into) in [("findings", "location"), ("conditions", "locations")] {
        let Some(Value::Array(items)) = intake.get_mut(list) else {
            continue;
        };
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            let part = item.remove("part");
            let side = item.remove("side");
            if item.contains_key(into) {
                continue;
            }
            let Some(part) = part else { continue };
            let mut location = Map::new();
            location.insert("part".into(), part);
            if let Some(side) = side {
                location.insert("side".into(), side);
            }
            let location = Value::Object(location);
            item.insert(
                into.into(),
                if into == "locations" {
                    Value::Array(vec![location])
                } else {
                    location
                },
            );
        }
    }
}

/// Each row of a batch in typed columns as an intake, or the problems that kept it from
/// being one (every problem at once, at the intake's field paths).
pub(crate) fn typed_intakes(batch: &RecordBatch) -> PyResult<Vec<Result<mr::Intake, mr::Error>>> {
    let schema = batch.schema();
    let columns = schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, c)| Ok((f.name().as_str(), values_of(c.as_ref(), f.name())?)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((0..batch.num_rows())
        .map(|row| {
            let mut intake = object(&columns, row);
            unflatten(&mut intake);
            mr::Intake::from_value(&Value::Object(intake))
        })
        .collect())
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
