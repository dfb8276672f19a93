//! A row of Arrow columns as a serde [`Deserializer`]: a column is a key, a struct an
//! object, a list an array, a date `YYYY-MM-DD`, a string a string, and a null an absent
//! key (an unanswered question). The crate's own `Deserialize` reads it in place, with
//! nothing built in between; it holds no list of the intake's fields.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, FieldRef};
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
    // Hours, not a `Span` of days: no span arithmetic, and a count past the calendar's
    // range is an error, never a panic.
    let date = days
        .checked_mul(24)
        .map(jiff::SignedDuration::from_hours)
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

/// Whether row `i` of `a` is null (a column of the null type has no null buffer, and
/// every row of it is null).
fn null_at(a: &dyn Array, i: usize) -> bool {
    a.data_type() == &DataType::Null || a.is_null(i)
}

/// One value: row `row` of `array`.
#[derive(Clone, Copy)]
pub(crate) struct Cell<'a> {
    array: &'a dyn Array,
    row: usize,
}

/// Named columns at one row, as an object: the columns of a batch, or a struct's fields.
/// `practitioner`, when set, adds an empty `practitioner` object (typed columns leave the
/// practitioner's answers unanswered when no column gives them).
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    fields: &'a [FieldRef],
    columns: &'a [ArrayRef],
    row: usize,
    empty_practitioner: bool,
}

impl<'a> Row<'a> {
    /// Row `row` of a batch whose `practitioner` column, if any, is column
    /// `practitioner` ([`practitioner_column`], found once for the batch).
    pub(crate) fn new(
        fields: &'a [FieldRef],
        columns: &'a [ArrayRef],
        practitioner: Option<usize>,
        row: usize,
    ) -> Self {
        // No practitioner column, or a null in it: the practitioner's answers are unknown.
        let empty_practitioner = practitioner.is_none_or(|c| null_at(columns[c].as_ref(), row));
        Row {
            fields,
            columns,
            row,
            empty_practitioner,
        }
    }
}

impl<'de> de::Deserializer<'de> for Cell<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (a, i) = (self.array, self.row);
        let data_type = a.data_type();
        // A column of the null type has no null buffer: every row of it is null.
        if data_type == &DataType::Null || a.is_null(i) {
            return visitor.visit_unit();
        }
        match data_type {
            DataType::Boolean => visitor.visit_bool(a.as_boolean().value(i)),
            DataType::Int8 => visitor.visit_i64(a.as_primitive::<Int8Type>().value(i).into()),
            DataType::Int16 => visitor.visit_i64(a.as_primitive::<Int16Type>().value(i).into()),
            DataType::Int32 => visitor.visit_i64(a.as_primitive::<Int32Type>().value(i).into()),
            DataType::Int64 => visitor.visit_i64(a.as_primitive::<Int64Type>().value(i)),
            DataType::UInt8 => visitor.visit_u64(a.as_primitive::<UInt8Type>().value(i).into()),
            DataType::UInt16 => visitor.visit_u64(a.as_primitive::<UInt16Type>().value(i).into()),
            DataType::UInt32 => visitor.visit_u64(a.as_primitive::<UInt32Type>().value(i).into()),
            DataType::UInt64 => visitor.visit_u64(a.as_primitive::<UInt64Type>().value(i)),
            DataType::Date32 => day(a.as_primitive::<Date32Type>().value(i).into(), visitor),
            DataType::Date64 => {
                let ms = a.as_primitive::<Date64Type>().value(i);
                day(ms.div_euclid(86_400_000), visitor)
            }
            DataType::Utf8 => visitor.visit_borrowed_str(a.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => visitor.visit_borrowed_str(a.as_string::<i64>().value(i)),
            DataType::Utf8View => visitor.visit_borrowed_str(a.as_string_view().value(i)),
            DataType::List(_) => visitor.visit_seq(Items::of(a.as_list::<i32>(), i)),
            DataType::LargeList(_) => visitor.visit_seq(Items::of(a.as_list::<i64>(), i)),
            DataType::Struct(fields) => {
                let s = a.as_struct();
                visitor.visit_map(Entries {
                    fields,
                    columns: s.columns(),
                    row: i,
                    next: 0,
                    empty_practitioner: false,
                })
            }
            other => Err(de::Error::custom(format!("a column of {other}"))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if null_at(self.array, self.row) {
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
        match self.array.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                if !null_at(self.array, self.row) =>
            {
                let text: &'de str = match self.array.data_type() {
                    DataType::Utf8 => self.array.as_string::<i32>().value(self.row),
                    DataType::LargeUtf8 => self.array.as_string::<i64>().value(self.row),
                    _ => self.array.as_string_view().value(self.row),
                };
                let _ = (name, variants);
                visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(text))
            }
            _ => self.deserialize_any(visitor),
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
    array: &'a dyn Array,
    next: usize,
    end: usize,
}

impl<'a> Items<'a> {
    /// The items of row `i` of a list column.
    fn of<O: arrow_array::OffsetSizeTrait>(
        list: &'a arrow_array::GenericListArray<O>,
        i: usize,
    ) -> Self {
        let o = list.value_offsets();
        Items {
            array: list.values().as_ref(),
            next: o[i].as_usize(),
            end: o[i + 1].as_usize(),
        }
    }
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
            array: self.array,
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
    columns: &'a [ArrayRef],
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
        while self.next < self.fields.len() && null_at(self.columns[self.next].as_ref(), self.row) {
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
                array: self.columns[self.next].as_ref(),
                row: self.row,
            };
            self.next += 1;
            return seed.deserialize(cell);
        }
        self.empty_practitioner = false;
        seed.deserialize(Empty)
    }
}
