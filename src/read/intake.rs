//! Reading intakes (and, for the care module, care requests) from JSON with every problem reported at once.
//!
//! serde stops at the first mistake. Here the JSON is first read as a tree (a syntax error
//! is an [`Error::Json`](crate::Error::Json) with serde_json's error as its source), then
//! each field is read on its own, so an unknown technique, an age of 250 and a forearm
//! without a side are reported together, each with its path. Fields that could not be
//! read are replaced by harmless placeholders so that the intake's own checks
//! ([`Intake::validate`]) still run on everything else, at the same paths.

use jiff::civil::{Date, date};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::tree::{Node, Object, Slot, Tape};

pub(crate) use super::duplicates::parse;
use super::fields;
use crate::intake::{
    ConditionEntry, Finding, HistoryFields, Intake, IntakeError, Location, MedicalHistory,
    PhysicianApproval, Practitioner,
};
use crate::limits::Limits;
use crate::problem::Problem;
use crate::problem::ProblemKind;
use crate::vocabulary::{
    Acuity, Answer, BodyPart, BodyRegion, Condition, Contraindication, Goal, History, Listed,
    Pressure, Side, Technique, Unknown,
};

impl Intake {
    /// Reads an intake from JSON and checks it, reporting every problem at once: unknown
    /// or missing fields, values of the wrong type, unknown words (with the valid ones),
    /// bad dates, and everything [`validate`](Intake::validate) finds, each with its path.
    ///
    /// ```
    /// use massage_rules::{Error, Intake};
    /// use massage_rules::problem::ProblemKind;
    /// let err = Intake::from_json(r#"{
    ///     "assessed_on": "2026-11-27", "age": 250, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "stress", "acuity": "ongoing"},
    ///                    {"condition": "strain", "acuity": "injury",
    ///                     "locations": [{"part": "forearm"}]}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes",
    ///                      "certified_techniques": ["swedish", "shiatsu"]}
    /// }"#).unwrap_err();
    /// let Error::Intake(invalid) = err else { panic!("{err}") };
    /// assert!(invalid.has("age", ProblemKind::AgeOutOfRange));
    /// assert!(invalid.has("conditions[1].locations[0].side", ProblemKind::MissingSide));
    /// assert!(invalid.has("practitioner.certified_techniques[1]", ProblemKind::UnknownName));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Intake, crate::Error> {
        too_long(json)?;
        // The common case first: a well-formed intake reads straight through serde (the
        // field-by-field reader accepts everything serde does, and reads it the same).
        if let Ok(intake) = serde_json::from_str::<Intake>(json) {
            intake.validate()?;
            return Ok(intake);
        }
        let (tape, mut reader) = parse::<Slot>(json)?;
        let intake = reader.intake(tape.root(), "");
        finish_checked(reader, intake, Intake::check)
    }
}

impl Intake {
    /// Reads an intake from a JSON value already in memory (a door that gets its input in
    /// another form, such as typed Arrow columns, builds one), as
    /// [`from_json`](Intake::from_json) reads text: every problem at once, at its path.
    ///
    /// ```
    /// use massage_rules::Intake;
    /// let value = serde_json::json!({"assessed_on": "2026-11-27", "age": 250, "findings": [],
    ///                                "goals": ["flying"]});
    /// let err = Intake::from_value(&value).unwrap_err();
    /// let paths: Vec<_> = err.document().problems.into_iter().map(|p| p.path).collect();
    /// assert!(paths.contains(&"age".to_owned()) && paths.contains(&"goals[0]".to_owned()));
    /// ```
    pub fn from_value(value: &Value) -> Result<Intake, crate::Error> {
        if let Ok(intake) = Intake::deserialize(value) {
            intake.validate()?;
            return Ok(intake);
        }
        let mut reader = Reader::default();
        let intake = reader.intake(Tape::from_value(value).root(), "");
        finish_checked(reader, intake, Intake::check)
    }
}

impl Intake {
    /// Reads an intake from any serde [`Deserializer`](serde::Deserializer) that can be
    /// read twice (a door's own rows, such as typed Arrow columns, without building JSON
    /// first): straight through serde when the input is well formed, and otherwise read
    /// again as a JSON value by [`from_value`](Intake::from_value), so every problem is
    /// reported at once, at its path, as for JSON text.
    ///
    /// ```
    /// use massage_rules::Intake;
    /// let value = serde_json::json!({"assessed_on": "2026-11-27", "findings": [],
    ///                                "practitioner": {}});
    /// let intake = Intake::from_deserializer(&value)?;
    /// assert_eq!(intake.assessed_on.to_string(), "2026-11-27");
    /// # Ok::<(), massage_rules::Error>(())
    /// ```
    pub fn from_deserializer<'de, D>(deserializer: D) -> Result<Intake, crate::Error>
    where
        D: serde::Deserializer<'de> + Clone,
    {
        if let Ok(intake) = Intake::deserialize(deserializer.clone()) {
            intake.validate()?;
            return Ok(intake);
        }
        let value = Value::deserialize(deserializer)
            .map_err(|e| crate::Error::json(serde::de::Error::custom(e)))?;
        Intake::from_value(&value)
    }
}

/// Refuses a JSON text longer than [`Limits::JSON_BYTES`] before reading it.
pub(crate) fn too_long(json: &str) -> Result<(), crate::Error> {
    if json.len() > Limits::JSON_BYTES {
        return Err(
            IntakeError::new(vec![Problem::too_long("$", json.len(), Limits::JSON_BYTES)]).into(),
        );
    }
    Ok(())
}

/// Joins what the reader found with what the value's own checks find, without repeating
/// a path and kind.
pub(crate) fn finish<T>(
    reader: Reader,
    value: T,
    validate: impl Fn(&T) -> Result<(), IntakeError>,
) -> Result<T, crate::Error> {
    finish_checked(reader, value, |value, problems| {
        if let Err(invalid) = validate(value) {
            problems.extend(invalid.problems);
        }
    })
}

/// [`finish`], for a value whose checks push their problems straight after the reader's.
pub(crate) fn finish_checked<T>(
    reader: Reader,
    value: T,
    check: impl Fn(&T, &mut Vec<Problem>),
) -> Result<T, crate::Error> {
    let mut problems = reader.problems;
    let mut more = reader.dropped;
    let read = problems.len();
    check(&value, &mut problems);
    // The checks' problems that repeat none kept before them, up to the limit, moved
    // down in place.
    let mut kept = read;
    for i in read..problems.len() {
        let (before, rest) = problems.split_at_mut(i);
        let p = &rest[0];
        if before[..kept]
            .iter()
            .any(|q| q.path == p.path && q.kind == p.kind)
        {
            continue;
        }
        if kept >= Limits::PROBLEMS {
            more += 1;
            continue;
        }
        problems.swap(kept, i);
        kept += 1;
    }
    problems.truncate(kept);
    if more > 0 {
        problems.push(Problem::too_many(more));
    }
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(IntakeError::new(problems).into())
    }
}

pub(crate) fn placeholder_intake() -> Intake {
    Intake {
        assessed_on: PLACEHOLDER_DATE,
        age: None,
        pregnant: Answer::Unknown,
        approvals: Vec::new(),
        findings: Vec::new(),
        conditions: Vec::new(),
        goals: Default::default(),
        pain_tolerance: None,
        history: MedicalHistory::default(),
        practitioner: Practitioner::default(),
    }
}

/// Stands in for a date that could not be read, so the other checks still run.
pub(crate) const PLACEHOLDER_DATE: Date = date(2000, 1, 1);

/// Reads JSON field by field, collecting every problem with its path.
#[derive(Default)]
pub(crate) struct Reader {
    pub(crate) problems: Vec<Problem>,
    /// Problems found past [`Limits::PROBLEMS`], counted but not kept: a hostile text
    /// cannot make the report larger than a bounded list.
    pub(crate) dropped: usize,
}

/// A field's path, written out only when a problem names it: most fields read have none.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At<'a> {
    /// `field` under `prefix` (as [`path_of`] joins them).
    Field(&'a str, &'a str),
    /// The item at an index of the list `field` under `prefix`.
    Item(&'a str, &'a str, usize),
}

impl From<At<'_>> for String {
    fn from(at: At<'_>) -> String {
        match at {
            At::Field(prefix, field) => path_of(prefix, field),
            At::Item(prefix, field, i) => {
                let mut digits = itoa::Buffer::new();
                let index = digits.format(i);
                // Sized for the index as well, so the path is made in one allocation.
                let mut path = path_with_room(prefix, field, index.len() + 2);
                path.push('[');
                path.push_str(index);
                path.push(']');
                path
            }
        }
    }
}

pub(crate) fn path_of(prefix: &str, field: &str) -> String {
    path_with_room(prefix, field, 0)
}

/// [`path_of`], with room for `more` bytes to be written after it.
fn path_with_room(prefix: &str, field: &str, more: usize) -> String {
    let mut path = String::with_capacity(prefix.len() + 1 + field.len() + more);
    path.push_str(prefix);
    if !prefix.is_empty() && !prefix.ends_with('.') {
        path.push('.');
    }
    path.push_str(field);
    path
}

pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Reader {
    pub(crate) fn push(
        &mut self,
        path: impl Into<String>,
        kind: ProblemKind,
        detail: Option<String>,
    ) {
        if self.full() {
            self.dropped += 1;
            return;
        }
        // However a problem was made, it repeats a bounded part of the input.
        let clip = |text: String| crate::limits::clip_to(text, crate::limits::ECHO_CHARS);
        self.problems.push(Problem {
            path: clip(path.into()),
            kind,
            detail: detail.map(clip),
        });
    }

    /// Whether the report is full ([`Limits::PROBLEMS`]): further problems are counted
    /// without their details being written.
    pub(crate) fn full(&self) -> bool {
        self.problems.len() >= Limits::PROBLEMS
    }

    /// An object with only the `known` fields; reports anything else.
    pub(crate) fn object<'v>(
        &mut self,
        value: Node<'v>,
        path: &str,
        known: &[&str],
    ) -> Option<Object<'v>> {
        let Node::Object(map) = value else {
            let at = if path.is_empty() {
                "$"
            } else {
                path.trim_end_matches('.')
            };
            self.push(
                at,
                ProblemKind::WrongType,
                Some(format!("expected an object, found {}", value.type_name())),
            );
            return None;
        };
        // In key order, as they always were reported; no list is made when all are known.
        let mut unknown: Vec<&str> = (map.keys()).filter(|key| !known.contains(key)).collect();
        unknown.sort_unstable();
        for key in unknown {
            if self.full() {
                self.dropped += 1;
                continue;
            }
            self.push(
                path_of(path, key),
                ProblemKind::UnknownField,
                Some(format!("expected one of: {}", known.join(", "))),
            );
        }
        Some(map)
    }

    /// Reads a value with serde, classifying a failure.
    pub(crate) fn read<T: DeserializeOwned>(
        &mut self,
        value: Node<'_>,
        path: impl Into<String>,
    ) -> Option<T> {
        match T::deserialize(&value.to_value()) {
            Ok(v) => Some(v),
            Err(e) => {
                let message = e.to_string();
                let kind = if message.contains("out of range") || message.contains("invalid value")
                {
                    ProblemKind::OutOfRange
                } else if std::any::type_name::<T>().contains("Date") {
                    ProblemKind::InvalidDate
                } else {
                    ProblemKind::WrongType
                };
                self.push(path, kind, Some(message));
                None
            }
        }
    }

    /// A field that must be there; a missing one is reported.
    fn present<'v>(&mut self, map: Object<'v>, prefix: &str, field: &str) -> Option<Node<'v>> {
        let found = map.get(field);
        if found.is_none() {
            self.push(At::Field(prefix, field), ProblemKind::MissingField, None);
        }
        found
    }

    pub(crate) fn optional<T: DeserializeOwned>(
        &mut self,
        map: Object<'_>,
        prefix: &str,
        field: &str,
    ) -> Option<T> {
        match map.get(field) {
            None | Some(Node::Null) => None,
            Some(v) => self.read(v, At::Field(prefix, field)),
        }
    }

    /// An optional date that may be given under one of several names; given under more
    /// than one, it is a [`DuplicateField`](ProblemKind::DuplicateField) and none is
    /// taken.
    fn aliased(&mut self, map: Object<'_>, prefix: &str, names: &[&str]) -> Option<Date> {
        let given: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| map.contains_key(n))
            .collect();
        if let [_, later @ ..] = given.as_slice()
            && !later.is_empty()
        {
            for name in later {
                self.push(
                    path_of(prefix, name),
                    ProblemKind::DuplicateField,
                    Some(format!("the same date as {:?}, given twice", given[0])),
                );
            }
            return None;
        }
        given
            .first()
            .and_then(|name| self.optional_date(map, prefix, name))
    }

    /// A calendar date, `YYYY-MM-DD` exactly.
    pub(crate) fn date(&mut self, value: Node<'_>, path: impl Into<String>) -> Option<Date> {
        match value {
            Node::Str(text) => match crate::vocabulary::forms::parse_date(text) {
                Ok(day) => Some(day),
                Err(message) => {
                    self.push(path, ProblemKind::InvalidDate, Some(message));
                    None
                }
            },
            other => {
                self.push(
                    path,
                    ProblemKind::WrongType,
                    Some(format!(
                        "expected a date (YYYY-MM-DD), found {}",
                        other.type_name()
                    )),
                );
                None
            }
        }
    }

    /// A date that must be there.
    pub(crate) fn required_date(
        &mut self,
        map: Object<'_>,
        prefix: &str,
        field: &str,
    ) -> Option<Date> {
        let value = self.present(map, prefix, field)?;
        self.date(value, At::Field(prefix, field))
    }

    /// A date that may be absent or null.
    pub(crate) fn optional_date(
        &mut self,
        map: Object<'_>,
        prefix: &str,
        field: &str,
    ) -> Option<Date> {
        match map.get(field) {
            None | Some(Node::Null) => None,
            Some(v) => self.date(v, At::Field(prefix, field)),
        }
    }

    /// A word of a vocabulary; an unknown one is reported with the valid words.
    pub(crate) fn word<T: Listed>(
        &mut self,
        value: Node<'_>,
        path: impl Into<String>,
    ) -> Option<T> {
        let Node::Str(text) = value else {
            self.push(
                path,
                ProblemKind::WrongType,
                Some(format!(
                    "expected a {} name, found {}",
                    T::KIND,
                    value.type_name()
                )),
            );
            return None;
        };
        match T::lookup(text) {
            Some(v) => Some(v),
            None if self.full() => {
                self.dropped += 1;
                None
            }
            None => {
                let names = T::names();
                let mut detail = String::with_capacity(text.len() + 64 + names.len());
                let unknown = Unknown {
                    kind: T::KIND,
                    word: text,
                };
                let _ = std::fmt::Write::write_fmt(&mut detail, format_args!("{unknown}"));
                detail.push_str("; expected one of: ");
                detail.push_str(names);
                self.push(path, ProblemKind::UnknownName, Some(detail));
                None
            }
        }
    }

    pub(crate) fn required_word<T: Listed>(
        &mut self,
        map: Object<'_>,
        prefix: &str,
        field: &str,
    ) -> Option<T> {
        let value = self.present(map, prefix, field)?;
        self.word(value, At::Field(prefix, field))
    }

    /// A list of vocabulary words (a set), each checked on its own.
    pub(crate) fn words<T>(&mut self, map: Object<'_>, prefix: &str, field: &str) -> T::Set
    where
        T: Listed,
    {
        match map.get(field) {
            None => T::Set::default(),
            Some(Node::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| self.word::<T>(v, At::Item(prefix, field, i)))
                .collect(),
            Some(other) => {
                self.push(
                    At::Field(prefix, field),
                    ProblemKind::WrongType,
                    Some(format!(
                        "expected a list of {} names, found {}",
                        T::KIND,
                        other.type_name()
                    )),
                );
                T::Set::default()
            }
        }
    }

    /// Each element of a list, read by `element`.
    pub(crate) fn list<T>(
        &mut self,
        map: Object<'_>,
        prefix: &str,
        field: &str,
        required: bool,
        element: impl Fn(&mut Self, Node<'_>, String) -> T,
    ) -> Vec<T> {
        match map.get(field) {
            None if required => {
                self.push(At::Field(prefix, field), ProblemKind::MissingField, None);
                Vec::new()
            }
            None => Vec::new(),
            Some(Node::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| element(self, v, At::Item(prefix, field, i).into()))
                .collect(),
            Some(other) => {
                self.push(
                    At::Field(prefix, field),
                    ProblemKind::WrongType,
                    Some(format!("expected a list, found {}", other.type_name())),
                );
                Vec::new()
            }
        }
    }

    /// A yes / no / unknown answer: a word, a boolean or null.
    pub(crate) fn answer(&mut self, map: Object<'_>, prefix: &str, field: &str) -> Answer {
        match map.get(field) {
            None | Some(Node::Null) => Answer::Unknown,
            Some(Node::Bool(b)) => Answer::from_bool(b),
            Some(v) => self
                .word(v, At::Field(prefix, field))
                .unwrap_or(Answer::Unknown),
        }
    }

    pub(crate) fn intake(&mut self, value: Node<'_>, prefix: &str) -> Intake {
        let Some(map) = self.object(value, prefix, fields::of::<Intake>()) else {
            return placeholder_intake();
        };
        let assessed_on = self.required_date(map, prefix, "assessed_on");
        let age = match map.get("age") {
            None | Some(Node::Null) => None,
            Some(Node::Number(n)) => match n.as_u64() {
                Some(age) => Some(u32::try_from(age).unwrap_or(u32::MAX)),
                None => {
                    self.push(
                        path_of(prefix, "age"),
                        ProblemKind::OutOfRange,
                        Some(format!("{n} is not a whole number of years")),
                    );
                    None
                }
            },
            Some(other) => {
                self.push(
                    path_of(prefix, "age"),
                    ProblemKind::WrongType,
                    Some(format!("expected a number, found {}", other.type_name())),
                );
                None
            }
        };
        let pregnant = self.answer(map, prefix, "pregnant");
        let approvals = self.list(map, prefix, "approvals", false, Self::approval);
        let findings = self.list(map, prefix, "findings", true, Self::finding);
        let conditions = self.list(map, prefix, "conditions", false, Self::condition);
        let goals = self.words::<Goal>(map, prefix, "goals");
        let pain_tolerance = match map.get("pain_tolerance") {
            None | Some(Node::Null) => None,
            Some(v) => self.word::<Pressure>(v, At::Field(prefix, "pain_tolerance")),
        };
        let history = match map.get("history") {
            None | Some(Node::Null) => MedicalHistory::default(),
            Some(v) => self.history(v, &path_of(prefix, "history")),
        };
        let practitioner = match map.get("practitioner") {
            Some(v) => self.practitioner(v, &path_of(prefix, "practitioner")),
            None => {
                self.push(
                    path_of(prefix, "practitioner"),
                    ProblemKind::MissingField,
                    None,
                );
                Practitioner::default()
            }
        };
        let mut conditions = conditions;
        if assessed_on.is_none() {
            // Without the assessment day an onset cannot be checked against it: only the
            // date's own problem is reported.
            for entry in &mut conditions {
                entry.onset = None;
            }
        }
        Intake {
            assessed_on: assessed_on.unwrap_or(PLACEHOLDER_DATE),
            age,
            pregnant,
            approvals,
            findings,
            conditions,
            goals,
            pain_tolerance,
            history,
            practitioner,
        }
    }

    /// The medical history: `"none"`, or an object of answers and places.
    pub(crate) fn history(&mut self, value: Node<'_>, path: &str) -> MedicalHistory {
        if let Node::Str(word) = value {
            if word == "none" {
                return MedicalHistory::none();
            }
            self.push(
                path,
                ProblemKind::UnknownName,
                Some(format!(
                    "unknown medical history {word:?}; expected \"none\" or an object"
                )),
            );
            return MedicalHistory::default();
        }
        let Some(map) = self.object(value, path, fields::of::<HistoryFields>()) else {
            return MedicalHistory::default();
        };
        let mut history = MedicalHistory::default();
        for &item in History::ALL {
            let answer = self.answer(map, path, item.name());
            history.set(item, answer);
        }
        let place = |r: &mut Self, v: Node<'_>, p: String| {
            r.location(v, p).unwrap_or(Location::new(BodyPart::Head))
        };
        history.reduced_sensation_at = self.list(map, path, "reduced_sensation_at", false, place);
        history.varicose_veins_at = self.list(map, path, "varicose_veins_at", false, place);
        history
    }

    pub(crate) fn approval(&mut self, value: Node<'_>, path: String) -> PhysicianApproval {
        let mut approval = PhysicianApproval {
            // A placeholder that covers something, so no second problem is made up.
            covers: Contraindication::Minor.into(),
            given_on: None,
            valid_until: None,
            physician: None,
        };
        if let Some(map) = self.object(value, &path, fields::of::<PhysicianApproval>()) {
            if map.contains_key("covers") {
                let before = self.problems.len();
                let covers = self.words::<Contraindication>(map, &path, "covers");
                // An empty set because nothing could be read is not an empty approval.
                if !covers.is_empty() || self.problems.len() == before {
                    approval.covers = covers;
                }
            } else {
                self.push(path_of(&path, "covers"), ProblemKind::MissingField, None);
            }
            // `approved_on` and `issued_on` are other words for the same field.
            approval.given_on = self.aliased(map, &path, &["given_on", "approved_on", "issued_on"]);
            approval.valid_until = self.optional_date(map, &path, "valid_until");
            approval.physician = self.optional(map, &path, "physician");
        }
        approval
    }

    pub(crate) fn finding(&mut self, value: Node<'_>, path: String) -> Finding {
        let mut finding = Finding {
            contraindication: Contraindication::Infection,
            location: Some(Location::new(BodyPart::Head)),
        };
        if let Some(map) = self.object(value, &path, fields::of::<Finding>()) {
            if let Some(c) = self.required_word(map, &path, "contraindication") {
                finding.contraindication = c;
            }
            finding.location = match map.get("location") {
                None | Some(Node::Null) => None,
                Some(v) => Some(
                    self.location(v, path_of(&path, "location"))
                        .unwrap_or(Location::new(BodyPart::Head)),
                ),
            };
        }
        finding
    }

    pub(crate) fn condition(&mut self, value: Node<'_>, path: String) -> ConditionEntry {
        let mut entry = ConditionEntry {
            condition: Condition::Stress,
            acuity: Acuity::Chronic,
            locations: Vec::new(),
            onset: None,
        };
        if let Some(map) = self.object(value, &path, fields::of::<ConditionEntry>()) {
            if let Some(c) = self.required_word(map, &path, "condition") {
                entry.condition = c;
            }
            if let Some(a) = self.required_word(map, &path, "acuity") {
                entry.acuity = a;
            }
            entry.locations = self.list(map, &path, "locations", false, |r, v, p| {
                r.location(v, p).unwrap_or(Location::new(BodyPart::Head))
            });
            entry.onset = self.aliased(map, &path, &["onset", "injured_on", "operated_on"]);
        }
        entry
    }

    /// A location: a region's or a part's name, or `{"part", "side"}`.
    pub(crate) fn location(&mut self, value: Node<'_>, path: String) -> Option<Location> {
        match value {
            Node::Str(name) => {
                if let Some(location) = Location::from_name(name) {
                    Some(location)
                } else {
                    self.push(
                        path,
                        ProblemKind::UnknownName,
                        Some(format!(
                            "unknown body region or part {name:?}; expected a region ({}) or a \
                             part ({})",
                            BodyRegion::names(),
                            BodyPart::names()
                        )),
                    );
                    None
                }
            }
            Node::Object(_) => {
                let map = self.object(value, &path, &["part", "side"])?;
                let part = self.required_word::<BodyPart>(map, &path, "part");
                let side = match map.get("side") {
                    None | Some(Node::Null) => None,
                    Some(v) => Some(self.word::<Side>(v, At::Field(&path, "side"))),
                };
                match (part, side) {
                    (Some(part), None) => Some(Location::new(part)),
                    (Some(part), Some(Some(side))) => Some(Location::sided(part, side)),
                    // A side that could not be read: leave the side check out.
                    (Some(part), Some(None)) if part.is_paired() => {
                        Some(Location::sided(part, Side::Left))
                    }
                    (Some(part), Some(None)) => Some(Location::new(part)),
                    (None, _) => None,
                }
            }
            other => {
                self.push(
                    path,
                    ProblemKind::WrongType,
                    Some(format!(
                        "expected a body region's name or {{\"part\", \"side\"}}, found {}",
                        other.type_name()
                    )),
                );
                None
            }
        }
    }

    pub(crate) fn practitioner(&mut self, value: Node<'_>, path: &str) -> Practitioner {
        let Some(map) = self.object(value, path, fields::of::<Practitioner>()) else {
            return Practitioner::default();
        };
        Practitioner {
            licensed: self.answer(map, path, "licensed"),
            medical_massage_trained: self.answer(map, path, "medical_massage_trained"),
            certified_techniques: match map.get("certified_techniques") {
                None | Some(Node::Null) => None,
                Some(_) => Some(self.words::<Technique>(map, path, "certified_techniques")),
            },
        }
    }
}
