//! Arrow helpers: string columns, problem and list fields, the decision columns and the
//! batches' schemas.

use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, Float64Builder, ListBuilder, StringBuilder, StructBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use massage_rules as mr;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;

use crate::errors::*;

// ---- Arrow batches -------------------------------------------------------------------

/// The text of one string column of a batch, row by row (`None` for a null).
pub(crate) fn text_column<'a>(
    batch: &'a RecordBatch,
    column: &str,
) -> PyResult<Vec<Option<&'a str>>> {
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

pub(crate) fn problem_fields() -> Fields {
    Fields::from(vec![
        Field::new("path", DataType::Utf8, false),
        Field::new("problem", DataType::Utf8, true),
        Field::new("message", DataType::Utf8, false),
        Field::new("detail", DataType::Utf8, true),
    ])
}

pub(crate) fn list_of(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        true,
    )
}

/// The columns a batch's error and problems are written to.
pub(crate) struct Errors {
    pub(crate) error: StringBuilder,
    pub(crate) problems: ListBuilder<StructBuilder>,
    /// Which of the two columns are written (bit 0 `error`, bit 1 `problems`).
    keep: u8,
}

impl Errors {
    pub(crate) fn new(rows: usize) -> Self {
        Errors::only(rows, u8::MAX)
    }

    /// Only the columns whose bits are set in `keep` (bit 0 `error`, bit 1 `problems`).
    pub(crate) fn only(rows: usize, keep: u8) -> Self {
        let rows_of = |column: u8| if keep & (1 << column) != 0 { rows } else { 0 };
        let fields = problem_fields();
        let builders: Vec<Box<dyn ArrayBuilder>> = vec![
            Box::new(StringBuilder::new()),
            Box::new(StringBuilder::new()),
            Box::new(StringBuilder::new()),
            Box::new(StringBuilder::new()),
        ];
        Errors {
            error: StringBuilder::with_capacity(rows_of(0), 0),
            problems: ListBuilder::with_capacity(StructBuilder::new(fields, builders), rows_of(1)),
            keep,
        }
    }

    pub(crate) fn fields() -> [Field; 2] {
        [
            Field::new("error", DataType::Utf8, true),
            list_of("problems", DataType::Struct(problem_fields())),
        ]
    }

    pub(crate) fn ok(&mut self) {
        if self.keep & 1 != 0 {
            self.error.append_null();
        }
        if self.keep & 2 != 0 {
            self.problems.append(true);
        }
    }

    pub(crate) fn failed(&mut self, err: &mr::Error) {
        if self.keep & 1 != 0 {
            self.error.append_value(err.to_string());
        }
        if self.keep & 2 == 0 {
            return;
        }
        for (path, kind, message, detail) in problems_of(err) {
            let row = self.problems.values();
            row.field_builder::<StringBuilder>(0)
                .expect("path")
                .append_value(path);
            row.field_builder::<StringBuilder>(1)
                .expect("problem")
                .append_option(kind);
            row.field_builder::<StringBuilder>(2)
                .expect("message")
                .append_value(message);
            row.field_builder::<StringBuilder>(3)
                .expect("detail")
                .append_option(detail);
            row.append(true);
        }
        self.problems.append(true);
    }

    pub(crate) fn missing(&mut self, what: &str) {
        if self.keep & 1 != 0 {
            self.error.append_value(format!("the {what} is null"));
        }
        if self.keep & 2 != 0 {
            self.problems.append(true);
        }
    }

    /// The columns, `None` for one not kept.
    pub(crate) fn finish(mut self) -> [Option<ArrayRef>; 2] {
        let keep = self.keep;
        [
            (keep & 1 != 0).then(|| Arc::new(self.error.finish()) as ArrayRef),
            (keep & 2 != 0).then(|| Arc::new(self.problems.finish()) as ArrayRef),
        ]
    }
}

pub(crate) fn append_list<'a>(
    list: &mut ListBuilder<StringBuilder>,
    items: impl IntoIterator<Item = &'a str>,
) {
    for item in items {
        list.values().append_value(item);
    }
    list.append(true);
}

/// What one intake comes to: the crate's [`mr::care::DecisionSummary`].
pub(crate) type Decided = mr::care::DecisionSummary;

pub(crate) fn decide(protocol: &mr::Protocol, text: &str) -> Result<Decided, mr::Error> {
    mr::read::summarize_json(protocol, text, true)
}

/// The columns a screening batch was asked for: which to keep, and so what to make.
pub(crate) struct Wanted {
    /// Indices of the kept columns in [`screen_schema`], in the order asked.
    pub(crate) keep: Vec<usize>,
    /// A session plan and a course are made (`first_session_pressure`,
    /// `sessions_per_week`).
    pub(crate) plan: bool,
    /// The reasons are written as sentences (`reasons`).
    pub(crate) sentences: bool,
}

impl Wanted {
    /// From the names asked for (every column when `None`); an unknown name is an error
    /// that lists the columns there are.
    pub(crate) fn of(names: Option<&[String]>) -> PyResult<Wanted> {
        let schema = screen_schema();
        let all: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let Some(names) = names else {
            return Ok(Wanted {
                keep: (0..all.len()).collect(),
                plan: true,
                sentences: true,
            });
        };
        let mut keep = Vec::with_capacity(names.len());
        for name in names {
            match all.iter().position(|c| c == name) {
                Some(i) if !keep.contains(&i) => keep.push(i),
                Some(_) => {}
                None => {
                    return Err(raise_kind(
                        "invalid_input",
                        format!(
                            "no column {name:?} in a screening batch (its columns: {})",
                            all.join(", ")
                        ),
                    ));
                }
            }
        }
        let asks = |c: &str| names.iter().any(|n| n == c);
        Ok(Wanted {
            keep,
            plan: asks("first_session_pressure") || asks("sessions_per_week"),
            sentences: asks("reasons"),
        })
    }
}

/// The columns of one protocol's decisions.
pub(crate) struct DecisionColumns {
    pub(crate) outcome: StringBuilder,
    pub(crate) avoid: ListBuilder<StringBuilder>,
    pub(crate) unanswered: ListBuilder<StringBuilder>,
    pub(crate) reasons: ListBuilder<StringBuilder>,
    pub(crate) rules: ListBuilder<StringBuilder>,
    pub(crate) pressure: StringBuilder,
    pub(crate) per_week: Float64Builder,
    pub(crate) protocol: StringBuilder,
    /// Whether the reasons are written as sentences (only when the column is asked for).
    pub(crate) sentences: bool,
    /// The columns written, a bit each in the order of [`fields`](Self::fields): a
    /// column not asked for is neither sized nor written.
    keep: u16,
    /// A row's reasons, derived once for both the sentences and the rules (kept from row
    /// to row, so it is allocated once a batch).
    row_reasons: Vec<mr::screening::Reason>,
}

impl DecisionColumns {
    /// Columns with room for `rows` rows (and their words), so a batch is written
    /// without growing them.
    pub(crate) fn new(rows: usize) -> Self {
        DecisionColumns::only(rows, u16::MAX)
    }

    /// Only the columns whose bits are set in `keep` (in the order of
    /// [`fields`](Self::fields)), each with room for `rows` rows and their words.
    pub(crate) fn only(rows: usize, keep: u16) -> Self {
        let rows_of = |column: u16| if keep & (1 << column) != 0 { rows } else { 0 };
        let words = |column: u16, per_row: usize, bytes: usize| {
            let rows = rows_of(column);
            StringBuilder::with_capacity(rows * per_row, rows * per_row * bytes)
        };
        // Room for what a row usually writes, and no more: a column that needs more
        // grows. Room reserved and never written still counts in the heap a batch leaves
        // behind when it is freed, and past glibc's largest trim threshold (64 MiB) that
        // heap goes back to the kernel after every batch, so the next batch faults in
        // every page of its output again (a 200,000-row batch: 12,500 faults, a tenth of
        // its time).
        DecisionColumns {
            sentences: true,
            outcome: words(0, 1, 12),
            avoid: ListBuilder::with_capacity(words(1, 1, 12), rows_of(1)),
            // Most intakes answer every question: no word.
            unanswered: ListBuilder::with_capacity(words(2, 0, 12), rows_of(2)),
            // One sentence of some 150 characters a row, as a rule.
            reasons: ListBuilder::with_capacity(words(3, 1, 160), rows_of(3)),
            // One rule a row, as a rule, named in a few letters (`local`, `age`).
            rules: ListBuilder::with_capacity(words(4, 1, 8), rows_of(4)),
            pressure: words(5, 1, 8),
            per_week: Float64Builder::with_capacity(rows_of(6)),
            protocol: words(7, 1, 8),
            keep,
            row_reasons: Vec::new(),
        }
    }

    fn has(&self, column: u16) -> bool {
        self.keep & (1 << column) != 0
    }

    pub(crate) fn fields(prefix: &str) -> Vec<Field> {
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

    pub(crate) fn push(&mut self, decided: Option<&Decided>, stamp: &str) {
        match decided {
            Some(d) => {
                let s = &d.screening;
                if self.has(0) {
                    self.outcome.append_value(s.outcome.name());
                }
                if self.has(1) {
                    append_list(&mut self.avoid, s.avoid.iter().map(|r| r.name()));
                }
                if self.has(2) {
                    append_list(&mut self.unanswered, s.unanswered.iter().map(|q| q.name()));
                }
                let (reasons_column, rules_column) = (self.has(3), self.has(4));
                let reasons = &mut self.row_reasons;
                reasons.clear();
                if reasons_column || rules_column {
                    reasons.extend(s.reasons());
                }
                if reasons_column && self.sentences {
                    // Each sentence written straight into the column's buffer.
                    for reason in reasons.iter() {
                        let values = self.reasons.values();
                        let _ = reason.write_to(values);
                        values.append_value("");
                    }
                    self.reasons.append(true);
                } else if reasons_column {
                    self.reasons.append_null();
                }
                if rules_column {
                    append_list(&mut self.rules, reasons.iter().map(|r| r.rule.name()));
                }
                if self.has(5) {
                    self.pressure
                        .append_option(d.first_session_pressure.map(|p| p.name()));
                }
                if self.has(6) {
                    self.per_week.append_option(d.sessions_per_week);
                }
            }
            None => {
                if self.has(0) {
                    self.outcome.append_null();
                }
                for (column, list) in [
                    (1, &mut self.avoid),
                    (2, &mut self.unanswered),
                    (3, &mut self.reasons),
                    (4, &mut self.rules),
                ] {
                    if self.keep & (1 << column) != 0 {
                        list.append_null();
                    }
                }
                if self.has(5) {
                    self.pressure.append_null();
                }
                if self.has(6) {
                    self.per_week.append_null();
                }
            }
        }
        if self.has(7) {
            self.protocol.append_value(stamp);
        }
    }

    /// The columns, `None` for one not kept.
    pub(crate) fn finish(mut self) -> [Option<ArrayRef>; 8] {
        let keep = self.keep;
        let kept = |column: u16, array: ArrayRef| (keep & (1 << column) != 0).then_some(array);
        [
            kept(0, Arc::new(self.outcome.finish())),
            kept(1, Arc::new(self.avoid.finish())),
            kept(2, Arc::new(self.unanswered.finish())),
            kept(3, Arc::new(self.reasons.finish())),
            kept(4, Arc::new(self.rules.finish())),
            kept(5, Arc::new(self.pressure.finish())),
            kept(6, Arc::new(self.per_week.finish())),
            kept(7, Arc::new(self.protocol.finish())),
        ]
    }
}

pub(crate) fn screen_schema() -> SchemaRef {
    let mut fields = vec![Field::new("row", DataType::Int64, false)];
    fields.extend(DecisionColumns::fields(""));
    fields.extend(Errors::fields());
    Arc::new(Schema::new(fields))
}

pub(crate) fn compare_schema() -> SchemaRef {
    let mut fields = vec![Field::new("row", DataType::Int64, false)];
    fields.extend(DecisionColumns::fields("a_"));
    fields.extend(DecisionColumns::fields("b_"));
    fields.push(Field::new("differs", DataType::Boolean, true));
    fields.extend(Errors::fields());
    Arc::new(Schema::new(fields))
}

pub(crate) fn care_plan_schema() -> SchemaRef {
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

pub(crate) fn read_batches(data: AnyRecordBatch) -> PyResult<Vec<RecordBatch>> {
    let reader = data.into_reader()?;
    reader.collect::<Result<Vec<_>, _>>().map_err(|e| {
        raise_kind(
            "invalid_input",
            format!("the Arrow data could not be read: {e}"),
        )
    })
}
