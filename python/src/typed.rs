//! Intakes from typed Arrow columns, read by the crate's own reader.
//!
//! A row is read as the JSON value it stands for (`rows.rs`: a column is a key, a struct
//! an object, a list an array, a date `YYYY-MM-DD`, a null an unanswered question), in
//! place, by the crate's [`mr::Intake::from_deserializer`], with no list of the intake's
//! fields here: a field added to the intake is read from Arrow with no edit, and every
//! problem is reported at once at the intake's own paths.

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use massage_rules as mr;
use pyo3::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::columns::*;
use crate::errors::*;
use crate::rows::{Column, Row, practitioner_column, readable, repeated_name};

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
    // An answer given both flat and in the struct is left where it is, so the reader
    // refuses the flat one by name: two answers to one question are never settled by
    // taking either.
    for key in ["licensed", "medical_massage_trained"] {
        let Some(Value::Object(p)) = intake.get("practitioner") else {
            continue;
        };
        if p.contains_key(key) {
            continue;
        }
        if let Some(answer) = intake.remove(key)
            && let Some(Value::Object(p)) = intake.get_mut("practitioner")
        {
            p.insert(key.into(), answer);
        }
    }
    for (list, into) in [("findings", "location"), ("conditions", "locations")] {
        let Some(Value::Array(items)) = intake.get_mut(list) else {
            continue;
        };
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            // Likewise a place given both ways stays as given, and is refused.
            if item.contains_key(into) || !item.contains_key("part") {
                continue;
            }
            let mut location = Map::new();
            for key in ["part", "side"] {
                if let Some(v) = item.remove(key) {
                    location.insert(key.into(), v);
                }
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

/// A batch of typed columns, checked and with its columns resolved once
/// ([`Column`]), ready to be read row by row.
pub(crate) struct TypedBatch<'a> {
    batch: &'a RecordBatch,
    columns: Vec<Column<'a>>,
    flat: bool,
    practitioner: Option<usize>,
}

impl<'a> TypedBatch<'a> {
    pub(crate) fn new(batch: &'a RecordBatch) -> PyResult<Self> {
        let fields = batch.schema_ref().fields();
        if let Some(name) = repeated_name(fields) {
            return Err(raise_kind(
                "invalid_input",
                format!("column {name:?} is given twice: an intake has one answer to a question"),
            ));
        }
        if let Some(f) = fields.iter().find(|f| !readable(f.data_type())) {
            return Err(raise_kind(
                "invalid_input",
                format!(
                    "column {:?} holds {}: an intake's columns are strings, integers, dates, \
                     booleans, lists and structs",
                    f.name(),
                    f.data_type()
                ),
            ));
        }
        Ok(TypedBatch {
            batch,
            columns: batch
                .columns()
                .iter()
                .map(|c| Column::new(c.as_ref()))
                .collect(),
            flat: is_flat(fields),
            practitioner: practitioner_column(fields),
        })
    }

    /// Each row, in order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = TypedRow<'_>> {
        let fields: &[arrow_schema::FieldRef] = self.batch.schema_ref().fields();
        (0..self.batch.num_rows()).map(move |row| {
            let row = Row::new(fields, &self.columns, self.practitioner, row);
            if !self.flat {
                return TypedRow::Nested(row);
            }
            TypedRow::Flat(
                Value::deserialize(row)
                    .map_err(|e| mr::Error::json(serde::de::Error::custom(e)))
                    .map(|mut value| {
                        if let Value::Object(intake) = &mut value {
                            unflatten(intake);
                        }
                        value
                    }),
            )
        })
    }
}

/// One row of typed columns, ready for the crate's reader: the intake's own shape read in
/// place, or the flat form of 0.1 made into it.
pub(crate) enum TypedRow<'a> {
    Nested(Row<'a>),
    Flat(Result<Value, mr::Error>),
}

impl TypedRow<'_> {
    /// The crate's [`mr::read::summarize_from`]: read, checked once, summarized.
    pub(crate) fn summary(self, protocol: &mr::Protocol, plan: bool) -> Result<Decided, mr::Error> {
        match self {
            TypedRow::Nested(row) => mr::read::summarize_from(protocol, row, plan),
            TypedRow::Flat(value) => mr::read::summarize_from(protocol, &value?, plan),
        }
    }
}

/// Whether the columns are in the flat form of 0.1.
fn is_flat(fields: &[arrow_schema::FieldRef]) -> bool {
    let item_has = |name: &str, keys: &[&str]| {
        fields.iter().any(|f| {
            f.name() == name
                && matches!(f.data_type(), DataType::List(item) | DataType::LargeList(item)
                    if matches!(item.data_type(), DataType::Struct(s)
                        if s.iter().any(|k| keys.contains(&k.name().as_str()))))
        })
    };
    fields
        .iter()
        .any(|f| f.name() == "licensed" || f.name() == "medical_massage_trained")
        || item_has("findings", &["part", "side"])
        || item_has("conditions", &["part", "side"])
}
