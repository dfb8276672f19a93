//! The pieces the crate's direct JSON writers are made of.
//!
//! serde_json sends every key and every word through its escaping scan and writes each in
//! several calls; an answer of the crate is mostly such short words (a care plan of 3.9 kB
//! holds about 300), so that is most of its writing time. The direct writers put each
//! fixed piece (`,"pressure":"`) in one copy and each word as it is: a vocabulary's names
//! are snake_case, seed references `L<n>-<m>`, dates `YYYY-MM-DD`, none of which JSON
//! escapes. Every writer built of these pieces is held to `serde_json::to_string` byte for
//! byte by a property test (`tests/json_writer.rs`); parts that are rare or free-form are
//! written by serde_json itself ([`Json::serde`]).

use jiff::civil::Date;
use serde::Serialize;

use crate::seed::SeedLines;

/// A JSON text being written.
pub(crate) struct Json<'a>(pub(crate) &'a mut String);

impl Json<'_> {
    /// Text written as it is: punctuation and keys.
    #[inline]
    pub(crate) fn raw(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    /// A word that JSON writes as it is (a vocabulary's name), in quotes.
    #[inline]
    pub(crate) fn word(&mut self, word: &str) -> &mut Self {
        self.0.reserve(word.len() + 2);
        self.0.push('"');
        self.0.push_str(word);
        self.0.push('"');
        self
    }

    /// Words as an array.
    pub(crate) fn words<'w>(&mut self, words: impl IntoIterator<Item = &'w str>) -> &mut Self {
        self.0.push('[');
        for (i, w) in words.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.word(w);
        }
        self.0.push(']');
        self
    }

    /// An integer.
    #[inline]
    pub(crate) fn int<I: itoa::Integer>(&mut self, n: I) -> &mut Self {
        self.0.push_str(itoa::Buffer::new().format(n));
        self
    }

    /// A seed reference, `"L<first>"` or `"L<first>-<last>"`, as it displays itself.
    pub(crate) fn seed(&mut self, lines: SeedLines) -> &mut Self {
        self.0.push_str("\"L");
        self.int(lines.first());
        if lines.last() != lines.first() {
            self.0.push('-');
            self.int(lines.last());
        }
        self.0.push('"');
        self
    }

    /// A date, `"YYYY-MM-DD"` (a year outside 0 to 9999 as jiff prints it).
    pub(crate) fn date(&mut self, date: Date) -> &mut Self {
        match super::forms::date_digits(&date) {
            Some(digits) => {
                self.0.reserve(12);
                self.0.push('"');
                // ASCII digits and '-', each its own char.
                digits.iter().for_each(|b| self.0.push(char::from(*b)));
                self.0.push('"');
                self
            }
            None => self.serde(&super::forms::Written(&date)),
        }
    }

    /// Dates as an array.
    pub(crate) fn dates(&mut self, dates: &[Date]) -> &mut Self {
        self.0.push('[');
        for (i, d) in dates.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.date(*d);
        }
        self.0.push(']');
        self
    }

    /// A value as serde_json writes it: the parts the direct writers leave to it.
    pub(crate) fn serde<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        // The crate's values always serialize (every map key is a string).
        self.0
            .push_str(&serde_json::to_string(value).unwrap_or_default());
        self
    }

    /// A list: `[`, each item written by `each` with commas between, `]`.
    pub(crate) fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Self, T),
    ) -> &mut Self {
        self.0.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            each(self, item);
        }
        self.0.push(']');
        self
    }
}
