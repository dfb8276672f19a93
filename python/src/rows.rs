//! A row of Arrow columns as a serde [`Deserializer`]: a column is a key, a struct an
//! object, a list an array, a date `YYYY-MM-DD`, a string a string, and a null an absent
//! key (an unanswered question). The crate's own `Deserialize` reads it in place, with
//! nothing built in between; it holds no list of the intake's fields.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, StringArray};
use arrow_buffer::{ArrowNativeType, NullBuffer};
use arrow_schema::{DataType, FieldRef, Fields};
use serde::de::value::{BorrowedStrDeserializer, Error};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// A name given twice among `fields` or the fields of any struct in them: a repeated key,
/// which an intake never resolves by taking one of the two.
pub(crate) fn repeated_name(fields: &[FieldRef]) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    for f in fields {
        if !seen.insert(f.name().as_str()) {
            return Some(f.name().clone());
        }
        let mut inner = f.data_type();
        while let DataType::List(item) | DataType::LargeList(item) = inner {
            inner = item.data_type();
        }
        if let DataType::Struct(children) = inner
            && let Some(name) = repeated_name(children)
        {
            return Some(format!("{}.{name}", f.name()));
        }
    }
    None
}

/// Whether a column of this type can be read as part of an intake.
pub(crate) fn readable(data_type: &DataType) -> bool {
    match data_type {
        DataType::Null
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Date32
        | DataType::Date64
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View => true,
        DataType::List(item) | DataType::LargeList(item) => readable(item.data_type()),
        DataType::Struct(fields) => fields.iter().all(|f| readable(f.data_type())),
        _ => false,
    }
}

/// A day count since 1970-01-01 as `YYYY-MM-DD`; one past the calendar's range is
/// written as what it is, which the crate's date reader refuses at its path (never read
/// as an unknown date).
fn day<'de, V: Visitor<'de>>(days: i64, visitor: V) -> Result<V::Value, Error> {
    // Seconds, not a `Span` of days: no span arithmetic, and a count past the calendar's
    // range is an error, never a panic (`from_secs` takes any `i64`).
    let date = days
        .checked_mul(86_400)
        .map(jiff::SignedDuration::from_secs)
        .and_then(|hours| jiff::civil::date(1970, 1, 1).checked_add(hours).ok());
    match date {
        // Years 0 to 9999, the only ones the crate reads: the digits, on the stack.
        Some(d) if (0..=9999).contains(&d.year()) => {
            let mut text = *b"0000-00-00";
            for (at, width, mut n) in [
                (0, 4, d.year() as u16),
                (5, 2, d.month() as u16),
                (8, 2, d.day() as u16),
            ] {
                for byte in text[at..at + width].iter_mut().rev() {
                    *byte = b'0' + (n % 10) as u8;
                    n /= 10;
                }
            }
            visitor.visit_str(std::str::from_utf8(&text).unwrap_or_default())
        }
        Some(d) => visitor.visit_string(d.to_string()),
        None => visitor.visit_string(format!("day {days} from 1970-01-01")),
    }
}

/// Which column of a batch is `practitioner` (column names are unique: a repeated one is
/// refused before rows are read).
pub(crate) fn practitioner_column(fields: &[FieldRef]) -> Option<usize> {
    fields.iter().position(|f| f.name() == "practitioner")
}

/// A column resolved once for a batch: its array as its concrete type where rows are read
/// often (strings, dates, lists, structs), its nulls, and the columns inside a list or a
/// struct. Reading a cell then asks no array for its type.
pub(crate) struct Column<'a> {
    array: &'a dyn Array,
    nulls: Option<&'a NullBuffer>,
    /// A column of the null type has no null buffer: every row of it is null.
    all_null: bool,
    kind: Kind<'a>,
}

enum Kind<'a> {
    Str(&'a StringArray),
    Date32(&'a [i32]),
    List(&'a [i32], Box<Column<'a>>),
    LargeList(&'a [i64], Box<Column<'a>>),
    Struct(&'a Fields, Vec<Column<'a>>),
    /// Any other readable type, read through the array itself.
    Leaf,
}

impl<'a> Column<'a> {
    pub(crate) fn new(array: &'a dyn Array) -> Self {
        let kind = match array.data_type() {
            DataType::Utf8 => Kind::Str(array.as_string::<i32>()),
            DataType::Date32 => Kind::Date32(array.as_primitive::<Date32Type>().values()),
            DataType::List(_) => {
                let list = array.as_list::<i32>();
                Kind::List(
                    list.value_offsets(),
                    Box::new(Column::new(list.values().as_ref())),
                )
            }
            DataType::LargeList(_) => {
                let list = array.as_list::<i64>();
                Kind::LargeList(
                    list.value_offsets(),
                    Box::new(Column::new(list.values().as_ref())),
                )
            }
            DataType::Struct(fields) => Kind::Struct(
                fields,
                array
                    .as_struct()
                    .columns()
                    .iter()
                    .map(|c| Column::new(c.as_ref()))
                    .collect(),
            ),
            _ => Kind::Leaf,
        };
        Column {
            array,
            nulls: array.nulls(),
            all_null: array.data_type() == &DataType::Null,
            kind,
        }
    }

    /// Whether row `i` is null.
    fn is_null(&self, i: usize) -> bool {
        self.all_null || self.nulls.is_some_and(|n| n.is_null(i))
    }
}

/// One value: row `row` of a column.
#[derive(Clone, Copy)]
pub(crate) struct Cell<'a> {
    column: &'a Column<'a>,
    row: usize,
}

/// Named columns at one row, as an object: the columns of a batch, or a struct's fields.
/// `practitioner`, when set, adds an empty `practitioner` object (typed columns leave the
/// practitioner's answers unanswered when no column gives them).
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    fields: &'a [FieldRef],
    columns: &'a [Column<'a>],
    row: usize,
    empty_practitioner: bool,
}

impl<'a> Row<'a> {
    /// Row `row` of a batch whose `practitioner` column, if any, is column
    /// `practitioner` ([`practitioner_column`], found once for the batch).
    pub(crate) fn new(
        fields: &'a [FieldRef],
        columns: &'a [Column<'a>],
        practitioner: Option<usize>,
        row: usize,
    ) -> Self {
        // No practitioner column, or a null in it: the practitioner's answers are unknown.
        let empty_practitioner = practitioner.is_none_or(|c| columns[c].is_null(row));
        Row {
            fields,
            columns,
            row,
            empty_practitioner,
        }
    }
}

/// A cell of a type read through its array: booleans, integers, `date64`, large and view
/// strings.
fn leaf<'de, V: Visitor<'de>>(a: &'de dyn Array, i: usize, visitor: V) -> Result<V::Value, Error> {
    match a.data_type() {
        DataType::Boolean => visitor.visit_bool(a.as_boolean().value(i)),
        DataType::Int8 => visitor.visit_i64(a.as_primitive::<Int8Type>().value(i).into()),
        DataType::Int16 => visitor.visit_i64(a.as_primitive::<Int16Type>().value(i).into()),
        DataType::Int32 => visitor.visit_i64(a.as_primitive::<Int32Type>().value(i).into()),
        DataType::Int64 => visitor.visit_i64(a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => visitor.visit_u64(a.as_primitive::<UInt8Type>().value(i).into()),
        DataType::UInt16 => visitor.visit_u64(a.as_primitive::<UInt16Type>().value(i).into()),
        DataType::UInt32 => visitor.visit_u64(a.as_primitive::<UInt32Type>().value(i).into()),
        DataType::UInt64 => visitor.visit_u64(a.as_primitive::<UInt64Type>().value(i)),
        DataType::Date64 => {
            let ms = a.as_primitive::<Date64Type>().value(i);
            day(ms.div_euclid(86_400_000), visitor)
        }
        DataType::LargeUtf8 => visitor.visit_borrowed_str(a.as_string::<i64>().value(i)),
        DataType::Utf8View => visitor.visit_borrowed_str(a.as_string_view().value(i)),
        other => Err(de::Error::custom(format!("a column of {other}"))),
    }
}

impl<'de> de::Deserializer<'de> for Cell<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (c, i) = (self.column, self.row);
        if c.is_null(i) {
            return visitor.visit_unit();
        }
        match &c.kind {
            Kind::Str(strings) => visitor.visit_borrowed_str(strings.value(i)),
            Kind::Date32(days) => day(days[i].into(), visitor),
            Kind::List(offsets, items) => visitor.visit_seq(Items {
                column: items,
                next: offsets[i].as_usize(),
                end: offsets[i + 1].as_usize(),
            }),
            Kind::LargeList(offsets, items) => visitor.visit_seq(Items {
                column: items,
                next: offsets[i].as_usize(),
                end: offsets[i + 1].as_usize(),
            }),
            Kind::Struct(fields, columns) => visitor.visit_map(Entries {
                fields,
                columns,
                row: i,
                next: 0,
                empty_practitioner: false,
            }),
            Kind::Leaf => leaf(c.array, i, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.column.is_null(self.row) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (c, i) = (self.column, self.row);
        let text: Option<&'de str> = match (&c.kind, c.array.data_type()) {
            _ if c.is_null(i) => None,
            (Kind::Str(strings), _) => Some(strings.value(i)),
            (Kind::Leaf, DataType::LargeUtf8) => Some(c.array.as_string::<i64>().value(i)),
            (Kind::Leaf, DataType::Utf8View) => Some(c.array.as_string_view().value(i)),
            _ => None,
        };
        let _ = (name, variants);
        match text {
            Some(text) => visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(text)),
            None => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

impl<'de> de::Deserializer<'de> for Row<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Entries {
            fields: self.fields,
            columns: self.columns,
            row: self.row,
            next: 0,
            empty_practitioner: self.empty_practitioner,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

/// The items of a list.
struct Items<'a> {
    column: &'a Column<'a>,
    next: usize,
    end: usize,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.end {
            return Ok(None);
        }
        let cell = Cell {
            column: self.column,
            row: self.next,
        };
        self.next += 1;
        seed.deserialize(cell).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.end - self.next)
    }
}

/// The non-null fields of a row, as an object's entries.
struct Entries<'a> {
    fields: &'a [FieldRef],
    columns: &'a [Column<'a>],
    row: usize,
    next: usize,
    empty_practitioner: bool,
}

/// The empty object given for an absent practitioner.
struct Empty;

impl<'de> MapAccess<'de> for Empty {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _: K) -> Result<Option<K::Value>, Error> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("no value"))
    }
}

impl<'de> de::Deserializer<'de> for Empty {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Empty)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while self.next < self.fields.len() && self.columns[self.next].is_null(self.row) {
            self.next += 1;
        }
        if self.next < self.fields.len() {
            let name: &'de str = self.fields[self.next].name();
            return seed
                .deserialize(BorrowedStrDeserializer::new(name))
                .map(Some);
        }
        if self.empty_practitioner {
            return seed
                .deserialize(BorrowedStrDeserializer::new("practitioner"))
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        if self.next < self.fields.len() {
            let cell = Cell {
                column: &self.columns[self.next],
                row: self.row,
            };
            self.next += 1;
            return seed.deserialize(cell);
        }
        self.empty_practitioner = false;
        seed.deserialize(Empty)
    }
}
