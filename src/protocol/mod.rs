//! Protocols as data: every threshold, severity and pairing behind the rules, with an id
//! and a version that every decision reports.

use std::fmt;
use std::str::FromStr;

use arrayvec::ArrayString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::seed::SeedLines;
use crate::vocabulary::{Contraindication, CourseKind, History, Period, RuleId, Technique};

mod builtin;
mod scheduling;
mod screening;
mod selection;
mod variant;

pub use scheduling::{CourseRule, PhaseRule, SchedulingRules};
use screening::Weights;
pub(crate) use screening::rule_of;
pub use screening::{ContraindicationRule, ScreeningRules, Severity};
pub(crate) use selection::NeedIndex;
pub use selection::{
    AgeCap, GeneralSession, GentleStart, HealingRules, HistoryRule, LocalPrecaution, MinutesRule,
    Need, Origin, Pairing, PregnancyRules, PressureCap, PressureRange, SelectionRules,
    SessionLengths, Strength, TechniqueRule, ToolSafety, ToolUse,
};
pub use variant::{Change, ProtocolDiff};

/// A protocol's identifier: 1 to 32 characters of `a-z`, `0-9`, `-`, `_` and `.`.
///
/// Stored inline, so copying a [`ProtocolStamp`] into every decision allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProtocolId(ArrayString<{ crate::Limits::PROTOCOL_ID_LEN }>);

/// The text is not a valid protocol id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a protocol id: use 1 to 32 characters of a-z, 0-9, '-', '_' and '.'")]
pub struct ProtocolIdError(pub String);

impl ProtocolId {
    /// Checks and wraps an id.
    pub fn new(id: &str) -> Result<Self, ProtocolIdError> {
        let ok = !id.is_empty()
            && id.len() <= crate::Limits::PROTOCOL_ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
        match ArrayString::from(id) {
            Ok(s) if ok => Ok(ProtocolId(s)),
            _ => Err(ProtocolIdError(id.to_owned())),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProtocolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ProtocolId {
    type Err = ProtocolIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProtocolId::new(s)
    }
}

impl Serialize for ProtocolId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProtocolId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ProtocolId::new(&text).map_err(serde::de::Error::custom)
    }
}

/// Which protocol, at which version, made a decision: `seed@1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProtocolStamp {
    /// The protocol's id.
    pub id: ProtocolId,
    /// The protocol's version.
    pub version: u32,
}

impl ProtocolStamp {
    /// Writes `{"id":…,"version":…}` for the direct JSON writers. An id holds only
    /// `a-z`, `0-9`, `-`, `_` and `.` ([`ProtocolId::new`], the only way to make one), none
    /// of which JSON escapes.
    pub(crate) fn write_json(self, j: &mut crate::vocabulary::json::Json<'_>) {
        j.raw("{\"id\":")
            .word(self.id.as_str())
            .raw(",\"version\":")
            .int(self.version)
            .raw("}");
    }
}

impl fmt::Display for ProtocolStamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl ProtocolStamp {
    /// Writes `id@version`, as `Display` does, into any writer without a formatter
    /// between.
    pub(crate) fn write_to<W: fmt::Write>(self, f: &mut W) -> fmt::Result {
        f.write_str(self.id.as_str())?;
        f.write_str("@")?;
        f.write_str(itoa::Buffer::new().format(self.version))
    }
}

/// A complete, versioned protocol.
///
/// The built-ins are [`Protocol::seed`] (the default, faithful to the seed document) and
/// [`Protocol::conservative`] (blood clots and cancer need a physician's approval, docs/DESIGN.md
/// C5). Both are also committed as `protocols/*.json`.
///
/// After changing fields by hand, call [`validate`](Protocol::validate);
/// [`from_json`](Protocol::from_json) validates for you.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    /// Identifier, reported by every decision.
    pub id: ProtocolId,
    /// Version, reported by every decision; at least 1.
    pub version: u32,
    /// A title for people.
    pub title: String,
    /// The protocol this one was derived from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<ProtocolStamp>,
    /// Free notes: sources, reasons, citations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Screening rules.
    pub screening: ScreeningRules,
    /// Technique selection rules.
    pub selection: SelectionRules,
    /// Frequency scheduling rules.
    pub scheduling: SchedulingRules,
}

use crate::problem::Problem;

/// A protocol that passed its checks ([`Protocol::validated`]), with what every decision
/// under it would otherwise work out again: its screening table weighed into masks, and
/// the pairings each need meets. Screening and planning take it by reference
/// ([`ProtocolRef`]).
#[derive(Debug, Clone)]
pub struct ValidProtocol<'p> {
    protocol: &'p Protocol,
    weights: Weights,
    needs: NeedIndex,
}

impl<'p> ValidProtocol<'p> {
    /// The protocol.
    pub fn protocol(&self) -> &'p Protocol {
        self.protocol
    }
}

impl std::ops::Deref for ValidProtocol<'_> {
    type Target = Protocol;

    fn deref(&self) -> &Protocol {
        self.protocol
    }
}

/// A protocol as screening ([`screen_valid`](crate::screening::screen_valid),
/// [`Screened::valid`](crate::Screened::valid)) takes it: a `&Protocol`, whose tables are
/// read row by row for each intake, or a `&`[`ValidProtocol`], whose tables were read
/// once. Both decide alike. Sealed: implemented for those two only.
pub trait ProtocolRef<'p>: Copy + sealed::Weigh<'p> {}

impl<'p> ProtocolRef<'p> for &'p Protocol {}
impl<'p> ProtocolRef<'p> for &'p ValidProtocol<'_> {}

pub(crate) mod sealed {
    use super::{NeedIndex, Protocol, ValidProtocol};
    use crate::vocabulary::ContraindicationSet;

    /// What screening and planning read of a protocol: the protocol, its table's verdict
    /// on the contraindications present (those needing an approval, those ruling massage
    /// out), and the pairings each need meets when they were found once.
    pub trait Weigh<'p> {
        fn protocol(self) -> &'p Protocol;
        fn weigh(self, present: ContraindicationSet) -> (ContraindicationSet, ContraindicationSet);
        fn needs(self) -> Option<&'p NeedIndex>;
    }

    impl<'p> Weigh<'p> for &'p Protocol {
        fn protocol(self) -> &'p Protocol {
            self
        }
        #[inline]
        fn weigh(self, present: ContraindicationSet) -> (ContraindicationSet, ContraindicationSet) {
            self.screening.weigh(present)
        }
        fn needs(self) -> Option<&'p NeedIndex> {
            None
        }
    }

    impl<'p> Weigh<'p> for &'p ValidProtocol<'_> {
        fn protocol(self) -> &'p Protocol {
            self.protocol
        }
        #[inline]
        fn weigh(self, present: ContraindicationSet) -> (ContraindicationSet, ContraindicationSet) {
            self.weights.weigh(present)
        }
        fn needs(self) -> Option<&'p NeedIndex> {
            Some(&self.needs)
        }
    }
}

/// A protocol that is inconsistent, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid protocol: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ProtocolError {
    /// Every problem found.
    pub problems: Vec<Problem>,
}

/// Collects protocol problems while validating.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<Problem>);

impl Problems {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(crate::problem::Problem::with_detail(
            path,
            crate::problem::ProblemKind::Inconsistent,
            message,
        ));
    }
}

impl Protocol {
    /// The stamp every decision made with this protocol carries.
    pub fn stamp(&self) -> ProtocolStamp {
        ProtocolStamp {
            id: self.id,
            version: self.version,
        }
    }

    /// Checks the protocol as [`validate`](Protocol::validate) does, and hands out the
    /// proof that it passed, with its tables read once: screening many intakes under it
    /// ([`screen_valid`](crate::screening::screen_valid),
    /// [`Screened::valid`](crate::Screened::valid)) then reads masks instead of the
    /// screening table's rows, and planning their sessions ([`plan`](crate::plan)) reads
    /// which pairings meet a client's needs instead of passing over every pairing. The
    /// protocol cannot change while the proof lives.
    ///
    /// ```
    /// use massage_rules::screening::screen_valid;
    /// use massage_rules::{Intake, Protocol};
    /// let protocol = Protocol::seed();
    /// let valid = protocol.validated()?;
    /// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
    ///     "pregnant": "no", "history": "none",
    ///     "findings": [{"contraindication": "open_wound", "location": "left_forearm"}],
    ///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
    /// let intake = intake.validated()?;
    /// // The same screening, whichever form of the protocol screens.
    /// assert_eq!(screen_valid(&valid, intake), screen_valid(&protocol, intake));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validated(&self) -> Result<ValidProtocol<'_>, ProtocolError> {
        self.validate()?;
        Ok(ValidProtocol {
            protocol: self,
            weights: self.screening.weights(),
            needs: NeedIndex::of(&self.selection.pairings),
        })
    }

    /// Checks that the protocol is consistent, reporting every problem at once.
    pub fn validate(&self) -> Result<(), ProtocolError> {
        let mut p = Problems::default();
        if self.version == 0 {
            p.push("version", "the version starts at 1");
        }
        let s = &self.screening;
        if s.minor_under > s.older_adult_from {
            p.push(
                "screening.minor_under",
                format!(
                    "minors (under {}) and older adults (from {}) overlap",
                    s.minor_under, s.older_adult_from
                ),
            );
        }
        if s.older_adult_from > crate::Limits::AGE {
            p.push(
                "screening.older_adult_from",
                format!(
                    "above the largest age an intake accepts ({limit_age})",
                    limit_age = crate::Limits::AGE
                ),
            );
        }
        for c in Contraindication::ALL {
            let rows = s
                .contraindications
                .iter()
                .filter(|r| r.contraindication == *c)
                .count();
            if rows != 1 {
                p.push(
                    "screening.contraindications",
                    format!("{c} needs exactly one row, found {rows}"),
                );
            }
        }
        for (i, row) in s.contraindications.iter().enumerate() {
            if !row.contraindication.is_regional() && row.severity == Severity::Local {
                p.push(
                    format!("screening.contraindications[{i}].severity"),
                    format!(
                        "{} concerns the whole client and cannot be local",
                        row.contraindication
                    ),
                );
            }
        }
        for (i, row) in s.contraindications.iter().enumerate() {
            if !row.contraindication.is_approvable() && row.severity != Severity::NotPermitted {
                p.push(
                    format!("screening.contraindications[{i}].severity"),
                    format!(
                        "{} postpones the session and no approval can cover it: it must be \
                         not_permitted",
                        row.contraindication
                    ),
                );
            }
        }
        self.validate_texts(&mut p);
        self.validate_selection(&mut p);
        self.validate_scheduling(&mut p);
        if p.0.is_empty() {
            Ok(())
        } else {
            Err(ProtocolError { problems: p.0 })
        }
    }

    /// Free texts are bounded: the title, the notes, and every row's note and source.
    fn validate_texts(&self, p: &mut Problems) {
        let mut text = |path: &dyn Fn() -> String, value: &str| {
            let chars = value.chars().count();
            if chars > crate::Limits::PROTOCOL_TEXT_CHARS {
                p.push(
                    path(),
                    format!(
                        "{chars} characters; at most {limit_protocol_text_chars}",
                        limit_protocol_text_chars = crate::Limits::PROTOCOL_TEXT_CHARS
                    ),
                );
            }
        };
        text(&|| "title".into(), &self.title);
        for (i, note) in self.notes.iter().enumerate().take(crate::Limits::NOTES) {
            text(&|| format!("notes[{i}]"), note);
        }
        let s = &self.selection;
        for (i, row) in self
            .screening
            .contraindications
            .iter()
            .enumerate()
            .take(crate::Limits::TABLE_ROWS)
        {
            if let Some(note) = &row.note {
                text(&|| format!("screening.contraindications[{i}].note"), note);
            }
        }
        fn origin(o: &Origin) -> &str {
            match o {
                Origin::Source(source) => source,
                _ => "",
            }
        }
        for (i, row) in s
            .tool_safety
            .iter()
            .enumerate()
            .take(crate::Limits::TABLE_ROWS)
        {
            text(&|| format!("selection.tool_safety[{i}].note"), &row.note);
            text(
                &|| format!("selection.tool_safety[{i}].origin"),
                origin(&row.origin),
            );
        }
        for (i, row) in s
            .local_precautions
            .iter()
            .enumerate()
            .take(crate::Limits::TABLE_ROWS)
        {
            text(
                &|| format!("selection.local_precautions[{i}].origin"),
                origin(&row.origin),
            );
        }
        for (i, row) in s.history.iter().enumerate().take(crate::Limits::TABLE_ROWS) {
            text(&|| format!("selection.history[{i}].note"), &row.note);
            text(
                &|| format!("selection.history[{i}].origin"),
                origin(&row.origin),
            );
        }
        for (i, row) in s
            .age_caps
            .iter()
            .enumerate()
            .take(crate::Limits::TABLE_ROWS)
        {
            text(&|| format!("selection.age_caps[{i}].note"), &row.note);
            text(
                &|| format!("selection.age_caps[{i}].origin"),
                origin(&row.origin),
            );
        }
        text(&|| "selection.healing.note".into(), &s.healing.note);
        text(
            &|| "selection.healing.origin".into(),
            origin(&s.healing.origin),
        );
        text(
            &|| "selection.gentle_start.origin".into(),
            origin(&s.gentle_start.origin),
        );
        text(
            &|| "selection.general_session.origin".into(),
            origin(&s.general_session.origin),
        );
        if self.notes.len() > crate::Limits::NOTES {
            p.push(
                "notes",
                format!(
                    "{} notes; at most {limit_notes}",
                    self.notes.len(),
                    limit_notes = crate::Limits::NOTES
                ),
            );
        }
        if self.screening.contraindications.len() > crate::Limits::TABLE_ROWS {
            p.push(
                "screening.contraindications",
                format!(
                    "{} rows; a table has at most {limit_table_rows}",
                    self.screening.contraindications.len(),
                    limit_table_rows = crate::Limits::TABLE_ROWS
                ),
            );
        }
    }

    fn validate_selection(&self, p: &mut Problems) {
        let s = &self.selection;
        for t in Technique::ALL {
            let rows = s.techniques.iter().filter(|r| r.technique == *t).count();
            if rows != 1 {
                p.push(
                    "selection.techniques",
                    format!("{t} needs exactly one row, found {rows}"),
                );
            }
        }
        for (i, row) in s.techniques.iter().enumerate() {
            if row.pressure.min > row.pressure.max {
                p.push(
                    format!("selection.techniques[{i}].pressure"),
                    "min is above max",
                );
            }
            if row.regions.is_some_and(|r| r.is_empty()) {
                p.push(
                    format!("selection.techniques[{i}].regions"),
                    "an empty region list allows nowhere; omit it to allow anywhere",
                );
            }
            if !row.seed.is_in_seed() {
                p.push(
                    format!("selection.techniques[{i}].seed"),
                    "not a line of the seed",
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, pairing) in s.pairings.iter().enumerate() {
            if !seen.insert((pairing.need, pairing.technique)) {
                p.push(
                    format!("selection.pairings[{i}]"),
                    format!(
                        "{} and {} are paired twice",
                        pairing.need, pairing.technique
                    ),
                );
            }
            if !pairing.seed.is_in_seed() {
                p.push(
                    format!("selection.pairings[{i}].seed"),
                    "not a line of the seed",
                );
            }
        }
        let seeds = |table: &str, lines: &mut dyn Iterator<Item = SeedLines>, p: &mut Problems| {
            for (i, seed) in lines.enumerate() {
                if !seed.is_in_seed() {
                    p.push(
                        format!("selection.{table}[{i}].seed"),
                        "not a line of the seed",
                    );
                }
            }
        };
        seeds(
            "pressure_caps",
            &mut s.pressure_caps.iter().map(|r| r.seed),
            p,
        );
        seeds("tool_uses", &mut s.tool_uses.iter().map(|r| r.seed), p);
        seeds(
            "local_precautions",
            &mut s.local_precautions.iter().map(|r| r.seed),
            p,
        );
        seeds("tool_safety", &mut s.tool_safety.iter().map(|r| r.seed), p);
        if s.general_session.goals.is_empty() {
            p.push(
                "selection.general_session.goals",
                "a general session serves at least one goal",
            );
        }
        for (path, seed) in [
            ("selection.healing.acute_seed", s.healing.acute_seed),
            ("selection.healing.scar_work_seed", s.healing.scar_work_seed),
        ] {
            if !seed.is_in_seed() {
                p.push(path, format!("{seed} is not a line of the seed"));
            }
        }
        if !s.general_session.seed.is_in_seed() {
            p.push("selection.general_session.seed", "not a line of the seed");
        }
        for (name, rows) in [
            ("pairings", s.pairings.len()),
            ("tool_uses", s.tool_uses.len()),
            ("pressure_caps", s.pressure_caps.len()),
            ("local_precautions", s.local_precautions.len()),
            ("tool_safety", s.tool_safety.len()),
            ("history", s.history.len()),
            ("techniques", s.techniques.len()),
            ("age_caps", s.age_caps.len()),
        ] {
            if rows > crate::Limits::TABLE_ROWS {
                p.push(
                    format!("selection.{name}"),
                    format!(
                        "{rows} rows; a table has at most {limit_table_rows}",
                        limit_table_rows = crate::Limits::TABLE_ROWS
                    ),
                );
            }
        }
        for item in History::ALL.iter().filter(|h| **h != History::Fever) {
            let rows = s.history.iter().filter(|r| r.history == *item).count();
            if rows != 1 {
                p.push(
                    "selection.history",
                    format!("{item} needs exactly one row, found {rows}"),
                );
            }
        }
        for (i, row) in s.history.iter().enumerate() {
            if row.history == History::Fever {
                p.push(
                    format!("selection.history[{i}].history"),
                    "a fever postpones the session: it is weighed by screening's fever row",
                );
            }
            if row.regions.is_some_and(|r| r.is_empty()) {
                p.push(
                    format!("selection.history[{i}].regions"),
                    "an empty region list applies nowhere; omit it for the whole body",
                );
            }
        }
        for c in [Contraindication::Minor, Contraindication::OlderAdult] {
            let rows = s
                .age_caps
                .iter()
                .filter(|r| r.contraindication == c)
                .count();
            if rows != 1 {
                p.push(
                    "selection.age_caps",
                    format!("{c} needs exactly one row, found {rows}"),
                );
            }
        }
        for (i, row) in s.age_caps.iter().enumerate() {
            if !matches!(
                row.contraindication,
                Contraindication::Minor | Contraindication::OlderAdult
            ) {
                p.push(
                    format!("selection.age_caps[{i}].contraindication"),
                    "an age cap is for minor or older_adult",
                );
            }
        }
        if s.gentle_start.levels_below > 3 {
            p.push(
                "selection.gentle_start.levels_below",
                "there are only four pressure levels: at most 3 below",
            );
        }
        let h = &s.healing;
        if h.acute_window_days > 365 {
            p.push(
                "selection.healing.acute_window_days",
                "an acute window is at most a year",
            );
        }
        if h.scar_work_after_weeks > 104 {
            p.push(
                "selection.healing.scar_work_after_weeks",
                "at most two years",
            );
        }
        if s.minutes.min_per_technique > 60 {
            p.push("selection.minutes.min_per_technique", "at most 60 minutes");
        }
        if s.max_techniques == 0 {
            p.push(
                "selection.max_techniques",
                "a plan needs room for one technique",
            );
        }
        for (name, minutes) in [
            ("standard_minutes", s.session.standard_minutes),
            ("chronic_minutes", s.session.chronic_minutes),
        ] {
            if !(10..=180).contains(&minutes) {
                p.push(
                    format!("selection.session.{name}"),
                    "a session lasts 10 to 180 minutes",
                );
            }
        }
    }

    fn validate_scheduling(&self, p: &mut Problems) {
        let s = &self.scheduling;
        // The rows that dose by acuity: one per kind, and one fallback. Rows for one
        // condition come on top.
        let general = || s.courses.iter().filter(|c| c.for_condition.is_none());
        for kind in CourseKind::ALL {
            let rows = general().filter(|c| c.kind == *kind).count();
            if rows != 1 {
                p.push(
                    "scheduling.courses",
                    format!("{kind} needs exactly one row without a condition, found {rows}"),
                );
            }
        }
        if s.courses.len() > crate::Limits::TABLE_ROWS {
            p.push(
                "scheduling.courses",
                format!(
                    "{} rows; a table has at most {limit_table_rows}",
                    s.courses.len(),
                    limit_table_rows = crate::Limits::TABLE_ROWS
                ),
            );
        }
        let mut dosed = std::collections::HashSet::new();
        for (i, course) in s.courses.iter().enumerate() {
            if let Some(condition) = course.for_condition
                && !dosed.insert((condition, course.for_acuity))
            {
                p.push(
                    format!("scheduling.courses[{i}].for_condition"),
                    format!("{condition} is dosed twice at the same acuity"),
                );
            }
            if course
                .session_minutes
                .is_some_and(|m| !(10..=180).contains(&m))
            {
                p.push(
                    format!("scheduling.courses[{i}].session_minutes"),
                    "a session lasts 10 to 180 minutes",
                );
            }
        }
        if general().filter(|c| c.for_acuity.is_none()).count() != 1 {
            p.push(
                "scheduling.courses",
                "exactly one course must be the fallback (no for_acuity)",
            );
        }
        for (i, course) in s.courses.iter().enumerate() {
            let path = format!("scheduling.courses[{i}]");
            if course.phases.is_empty() {
                p.push(
                    format!("{path}.phases"),
                    "a course needs at least one phase",
                );
            }
            if course.phases.len() > crate::Limits::PHASES {
                p.push(
                    format!("{path}.phases"),
                    format!(
                        "{} phases; a course has at most {limit_phases}",
                        course.phases.len(),
                        limit_phases = crate::Limits::PHASES
                    ),
                );
            }
            for (j, phase) in course.phases.iter().enumerate() {
                let path = format!("{path}.phases[{j}]");
                let max = match phase.per {
                    Period::Week => 7,
                    Period::Month => 1,
                };
                if phase.sessions == 0 || phase.sessions > max {
                    p.push(
                        format!("{path}.sessions"),
                        format!("1 to {max} sessions a {}", phase.per),
                    );
                }
                if phase.periods == 0 || phase.periods > 52 {
                    p.push(format!("{path}.periods"), "1 to 52 periods");
                }
                if !phase.seed.is_in_seed() {
                    p.push(format!("{path}.seed"), "not a line of the seed");
                }
            }
            for (j, pair) in course.phases.windows(2).enumerate() {
                if pair[1].sessions_per_four_weeks() > pair[0].sessions_per_four_weeks() {
                    p.push(
                        format!("{path}.phases[{}]", j + 1),
                        "a later phase may not be more frequent than the one before",
                    );
                }
            }
            if course.kind == CourseKind::Maintenance
                && course.phases.iter().any(|ph| ph.per != Period::Month)
            {
                p.push(format!("{path}.phases"), "maintenance is monthly (L171)");
            }
            if course.kind == CourseKind::Single
                && course
                    .phases
                    .iter()
                    .map(PhaseRule::total_sessions)
                    .sum::<u32>()
                    != 1
            {
                p.push(
                    format!("{path}.phases"),
                    "a single course is one session (L167)",
                );
            }
        }
        if s.rescreen_after_days == 0 || s.rescreen_after_days > 365 {
            p.push("scheduling.rescreen_after_days", "1 to 365 days");
        }
        if s.improvement_percent == 0 || s.improvement_percent > 100 {
            p.push("scheduling.improvement_percent", "1 to 100 percent");
        }
        if s.worse_pain_points == 0 || s.worse_pain_points > 10 {
            p.push("scheduling.worse_pain_points", "1 to 10 points");
        }
        if s.worse_function_points == 0 || s.worse_function_points > 100 {
            p.push("scheduling.worse_function_points", "1 to 100 points");
        }
    }

    /// The protocol as pretty JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a protocol always serializes")
    }

    /// The default protocol, faithful to the seed document.
    pub fn seed() -> Protocol {
        builtin::seed()
    }

    /// The conservative protocol: as [`seed`](Protocol::seed), but a blood clot or a
    /// cancer needs a physician's approval before any massage (docs/DESIGN.md C5).
    pub fn conservative() -> Protocol {
        builtin::conservative()
    }

    /// Whether a rule family applies to `contraindication` in this protocol (for
    /// contraindication rules) or exists at all (for the others).
    pub fn has_rule(&self, rule: RuleId, contraindication: Option<Contraindication>) -> bool {
        match contraindication {
            Some(c) => {
                rule_of(c) == rule
                    && self
                        .screening
                        .contraindications
                        .iter()
                        .any(|r| r.contraindication == c)
            }
            None => match rule {
                RuleId::Practitioner => {
                    self.screening.require_licence || self.screening.require_medical_training
                }
                RuleId::Pairing => !self.selection.pairings.is_empty(),
                _ => true,
            },
        }
    }
}

impl Default for Protocol {
    fn default() -> Self {
        Protocol::seed()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ProtocolId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ProtocolId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A protocol id: lower-case letters, digits, '-', '_' and '.'.",
            "type": "string",
            "minLength": 1,
            "maxLength": 32,
        })
    }
}
