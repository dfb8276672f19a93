//! Batches: screening, comparing and planning every row, the GIL released.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Int64Builder, ListBuilder, StringBuilder, UInt32Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use massage_rules as mr;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PySchema, PyTable};

use crate::columns::*;
use crate::errors::*;
use crate::protocol::*;
use crate::typed::*;

pub(crate) fn screen_one_batch(
    protocol: &mr::Protocol,
    batch: &RecordBatch,
    column: &str,
    first_row: i64,
    wanted: &Wanted,
) -> PyResult<RecordBatch> {
    let stamp = protocol.stamp().to_string();
    // Only the columns asked for are sized and written: `row` is column 0 of the
    // schema, the decisions 1 to 8, the errors 9 and 10.
    let asked = |column: usize| wanted.keep.contains(&column);
    let mask = |columns: std::ops::Range<usize>| {
        columns
            .enumerate()
            .filter(|&(_, c)| asked(c))
            .fold(0u16, |m, (bit, _)| m | (1 << bit))
    };
    let rows = batch.num_rows();
    let mut row = Int64Builder::with_capacity(if asked(0) { rows } else { 0 });
    let mut decisions = DecisionColumns::only(rows, mask(1..9));
    decisions.sentences = wanted.sentences;
    let mut errors = Errors::only(rows, mask(9..11) as u8);
    let plan = wanted.plan;
    // Each row is decided and written at once: no list of every row's decision is kept.
    let with_row = asked(0);
    let mut write = |i: usize, made: Option<Result<Decided, mr::Error>>| {
        if with_row {
            row.append_value(first_row + i as i64);
        }
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
    };
    // Typed columns when there is no JSON column but an assessment date.
    if batch.column_by_name(column).is_none() && batch.column_by_name("assessed_on").is_some() {
        for (i, row) in TypedBatch::new(batch)?.rows().enumerate() {
            write(i, Some(row.summary(protocol, plan)));
        }
    } else {
        for (i, text) in text_column(batch, column)?.into_iter().enumerate() {
            write(i, text.map(|t| mr::read::summarize_json(protocol, t, plan)));
        }
    }
    let mut columns: Vec<Option<ArrayRef>> = vec![Some(Arc::new(row.finish()))];
    columns.extend(decisions.finish());
    columns.extend(errors.finish());
    let kept: Vec<ArrayRef> = (wanted.keep.iter())
        .filter_map(|&c| columns.get_mut(c).and_then(Option::take))
        .collect();
    screen_schema()
        .project(&wanted.keep)
        .and_then(|schema| {
            // The row count is given, so that no column asked for is still a batch of
            // `rows` rows, as projecting to no column gave before.
            let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
            RecordBatch::try_new_with_options(Arc::new(schema), kept, &options)
        })
        .map_err(|e| raise_kind("invalid_input", e.to_string()))
}

/// Screens every row of an Arrow table or stream (any object with `__arrow_c_stream__`
/// or `__arrow_c_array__`): the column `column` holds each intake's JSON. Returns a table
/// of decisions, one row per input row; a bad row gets its error and problems and the
/// others are decided. With `columns`, only those columns, in that order: asked only for
/// screening columns, no session plan or course is made, and without `reasons` no
/// sentence is written.
#[pyfunction]
#[pyo3(signature = (data, protocol=None, column="intake", columns=None))]
pub(crate) fn screen_batch(
    py: Python<'_>,
    data: AnyRecordBatch,
    protocol: Option<&PyProtocol>,
    column: &str,
    columns: Option<Vec<String>>,
) -> PyResult<PyTable> {
    let protocol = protocol_or_seed(protocol);
    let wanted = Wanted::of(columns.as_deref())?;
    let schema = Arc::new(
        screen_schema()
            .project(&wanted.keep)
            .map_err(|e| raise_kind("invalid_input", e.to_string()))?,
    );
    let batches = read_batches(data)?;
    let out = py.detach(|| {
        let mut first = 0i64;
        let mut out = Vec::with_capacity(batches.len());
        for batch in &batches {
            out.push(screen_one_batch(&protocol, batch, column, first, &wanted)?);
            first += batch.num_rows() as i64;
        }
        Ok::<_, PyErr>(out)
    })?;
    PyTable::try_new(out, schema)
}

/// Both protocols' decisions for every row, and whether they differ.
#[pyfunction]
#[pyo3(signature = (data, a, b, column="intake"))]
pub(crate) fn compare_batch(
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
            let (mut da, mut db) = (
                DecisionColumns::new(texts.len()),
                DecisionColumns::new(texts.len()),
            );
            let mut differs = BooleanBuilder::with_capacity(texts.len());
            let mut errors = Errors::new(texts.len());
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
                        differs.append_value(x.differs_from(&y));
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
            columns.extend(da.finish().into_iter().flatten());
            columns.extend(db.finish().into_iter().flatten());
            columns.push(Arc::new(differs.finish()));
            columns.extend(errors.finish().into_iter().flatten());
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
pub(crate) fn care_plan_batch(
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
            let mut errors = Errors::new(texts.len());
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
            columns.extend(errors.finish().into_iter().flatten());
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
pub(crate) fn screen_batch_schema() -> PySchema {
    PySchema::new(screen_schema())
}

/// The Arrow schema of what `compare_batch` returns.
#[pyfunction]
pub(crate) fn compare_batch_schema() -> PySchema {
    PySchema::new(compare_schema())
}

/// The Arrow schema of what `care_plan_batch` returns.
#[pyfunction]
pub(crate) fn care_plan_batch_schema() -> PySchema {
    PySchema::new(care_plan_schema())
}

/// The Arrow schema of typed intake columns (read when there is no JSON column).
#[pyfunction]
pub(crate) fn typed_intake_batch_schema() -> PySchema {
    PySchema::new(typed_schema())
}

/// The Arrow schema a batch of intakes is read with: one string column of JSON.
#[pyfunction]
pub(crate) fn intake_batch_schema() -> PySchema {
    PySchema::new(Arc::new(Schema::new(vec![Field::new(
        "intake",
        DataType::Utf8,
        false,
    )])))
}
