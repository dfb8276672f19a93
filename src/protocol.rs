//! Protocols as data: every threshold, severity and pairing behind the rules, with an id
//! and a version that every decision reports.

use std::fmt;
use std::str::FromStr;

use arrayvec::ArrayString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::intake::MAX_AGE;
use crate::seed::SeedLines;
use crate::vocabulary::{
    Acuity, AcuitySet, Condition, Contraindication, ContraindicationSet, CourseKind, Goal, GoalSet,
    Period, Pressure, RegionSet, RuleId, Technique, TechniqueSet, Tool, ToolSet,
};

/// The most characters a protocol id may have.
pub const MAX_PROTOCOL_ID_LEN: usize = 32;

/// A protocol's identifier: 1 to 32 characters of `a-z`, `0-9`, `-`, `_` and `.`.
///
/// Stored inline, so copying a [`ProtocolStamp`] into every decision allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProtocolId(ArrayString<MAX_PROTOCOL_ID_LEN>);

/// The text is not a valid protocol id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a protocol id: use 1 to 32 characters of a-z, 0-9, '-', '_' and '.'")]
pub struct InvalidProtocolId(pub String);

impl ProtocolId {
    /// Checks and wraps an id.
    pub fn new(id: &str) -> Result<Self, InvalidProtocolId> {
        let ok = !id.is_empty()
            && id.len() <= MAX_PROTOCOL_ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
        match ArrayString::from(id) {
            Ok(s) if ok => Ok(ProtocolId(s)),
            _ => Err(InvalidProtocolId(id.to_owned())),
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
    type Err = InvalidProtocolId;
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
pub struct ProtocolStamp {
    /// The protocol's id.
    pub id: ProtocolId,
    /// The protocol's version.
    pub version: u32,
}

impl fmt::Display for ProtocolStamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.id, self.version)
    }
}

/// How strongly a contraindication weighs, ordered from least to most strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The region of the finding is not massaged; the rest of the body is (L135-139).
    Local,
    /// A physician's approval is needed first (L134, L140). A regional finding's region is
    /// still avoided after approval.
    NeedsApproval,
    /// No massage.
    NotPermitted,
}

/// How one contraindication is treated by a protocol. Its seed citation is the
/// contraindication's own ([`Contraindication::seed`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContraindicationRule {
    /// The contraindication.
    pub contraindication: Contraindication,
    /// How strongly it weighs.
    pub severity: Severity,
    /// Why this protocol treats it so, where that differs from the seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ContraindicationRule {
    /// The rule family a row of this contraindication belongs to.
    pub fn rule(&self) -> RuleId {
        rule_of(self.contraindication)
    }
}

pub(crate) fn rule_of(contraindication: Contraindication) -> RuleId {
    match contraindication {
        Contraindication::Minor | Contraindication::OlderAdult => RuleId::Age,
        Contraindication::Pregnancy => RuleId::Pregnancy,
        _ => RuleId::Local,
    }
}

/// The screening half of a protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningRules {
    /// A client younger than this is a minor (L134; the number is ours: 18).
    pub minor_under: u32,
    /// A client this old or older is an older adult (L134; the number is ours: 65).
    pub older_adult_from: u32,
    /// Only a licensed massage therapist may give medical massage (L182).
    pub require_licence: bool,
    /// Only a therapist trained in medical massage may give it (L182).
    pub require_medical_training: bool,
    /// One row per contraindication (L130-140).
    pub contraindications: Vec<ContraindicationRule>,
}

impl ScreeningRules {
    /// The severity of a contraindication. A protocol that lacks the row (which validation
    /// rejects) is read as strictly as possible: not permitted.
    pub fn severity(&self, contraindication: Contraindication) -> Severity {
        self.contraindications
            .iter()
            .find(|r| r.contraindication == contraindication)
            .map_or(Severity::NotPermitted, |r| r.severity)
    }

    /// The contraindications at a given severity.
    pub fn with_severity(&self, severity: Severity) -> ContraindicationSet {
        self.contraindications
            .iter()
            .filter(|r| r.severity == severity)
            .map(|r| r.contraindication)
            .collect()
    }
}

/// A complete, versioned protocol.
///
/// The built-ins are [`Protocol::seed`] (the default, faithful to the seed document) and
/// [`Protocol::conservative`] (blood clots and cancer need a physician's approval, DOMAIN.md
/// C5). Both are also committed as `protocols/*.json`.
///
/// After changing fields by hand, call [`validate`](Protocol::validate);
/// [`from_json`](Protocol::from_json) validates for you.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A need a technique can address: a condition the client presents or a goal they seek.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// A condition, e.g. `{"condition": "chronic_pain"}`.
    Condition(Condition),
    /// A goal, e.g. `{"goal": "relaxation"}`.
    Goal(Goal),
}

impl fmt::Display for Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Need::Condition(c) => write!(f, "condition {c}"),
            Need::Goal(g) => write!(f, "goal {g}"),
        }
    }
}

/// How directly the seed ties a technique to a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// The seed names the technique for this need in so many words.
    Primary,
    /// The seed's description of the technique covers the need, or it is our reading.
    Supporting,
}

impl Strength {
    /// Points this strength adds to a technique's rank score.
    pub fn points(self) -> u16 {
        match self {
            Strength::Primary => 2,
            Strength::Supporting => 1,
        }
    }
}

/// A pressure range, `min <= max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PressureRange {
    /// The lightest pressure the technique is done at.
    pub min: Pressure,
    /// The firmest pressure the technique is done at.
    pub max: Pressure,
}

/// What a protocol knows of one technique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TechniqueRule {
    /// The technique.
    pub technique: Technique,
    /// The pressures it is done at (ours: the seed gives only "more pressure", L113, and
    /// "deeper layers", L45).
    pub pressure: PressureRange,
    /// Where it may be done; `None` for anywhere (L61, L85, L111).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<RegionSet>,
    /// Tools it cannot be done without (L75).
    #[serde(default, skip_serializing_if = "ToolSet::is_empty")]
    pub tools: ToolSet,
    /// Only for pregnant clients (L67-69).
    #[serde(default)]
    pub pregnant_only: bool,
    /// Where the seed describes the technique.
    pub seed: SeedLines,
}

/// A technique addresses a need (L43-85, L106-111, L121-128, L148-153).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pairing {
    /// The condition or goal.
    pub need: Need,
    /// The technique that addresses it.
    pub technique: Technique,
    /// How directly.
    pub strength: Strength,
    /// Where the seed says so.
    pub seed: SeedLines,
}

/// An optional tool used with a technique for a need (L19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolUse {
    /// The technique.
    pub technique: Technique,
    /// The tools added.
    pub tools: ToolSet,
    /// When the client presents this need.
    pub need: Need,
    /// Where the seed names the tool.
    pub seed: SeedLines,
}

/// A condition that limits pressure for the whole session (ours: L161 asks for pressure the
/// client is comfortable with; the caps per condition are our reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PressureCap {
    /// The condition.
    pub condition: Condition,
    /// The most pressure used while it is present.
    pub max: Pressure,
    /// The seed line that describes the condition.
    pub seed: SeedLines,
}

/// How a pregnant, approved client is treated (L67-69, L140; the specifics are ours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PregnancyRules {
    /// The most pressure used.
    pub max_pressure: Pressure,
    /// Regions not massaged.
    pub avoid: RegionSet,
    /// Techniques not used.
    pub excluded_techniques: TechniqueSet,
    /// Tools not used.
    pub excluded_tools: ToolSet,
    /// Techniques of first choice for a pregnant client whose approval is on file: when
    /// one addresses a need of the client, it ranks first (L69, L140).
    #[serde(default, skip_serializing_if = "TechniqueSet::is_empty")]
    pub first_choice: TechniqueSet,
}

/// Where a protocol row comes from: the seed's words, our own reading where the seed is
/// silent, or a public source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The seed says so, at the row's seed lines.
    Seed,
    /// Ours: the seed is silent; the row's seed lines say what it is read from.
    Ours,
    /// A public source (a paper with its DOI, a standard and its section).
    Source(String),
}

/// When the client names no condition and no goal, the session is planned for these
/// goals instead of being left empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneralSession {
    /// The goals a general session serves.
    pub goals: GoalSet,
    /// Where the seed says a session serves them.
    pub seed: SeedLines,
    /// Where the row comes from.
    pub origin: Origin,
}

/// The regions of a condition, at these acuities, are kept for the techniques that treat
/// it: work done for another need (a relaxation massage, say) goes elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalPrecaution {
    /// The condition.
    pub condition: Condition,
    /// The acuities it applies at; empty for every acuity.
    #[serde(default, skip_serializing_if = "AcuitySet::is_empty")]
    pub acuities: AcuitySet,
    /// The seed line that describes the condition.
    pub seed: SeedLines,
    /// Where the row comes from.
    pub origin: Origin,
}

impl LocalPrecaution {
    /// Whether the row applies to a condition at an acuity.
    pub fn applies(&self, condition: Condition, acuity: Acuity) -> bool {
        self.condition == condition && (self.acuities.is_empty() || self.acuities.contains(acuity))
    }
}

/// A tool is kept off the regions of a condition (at these acuities): heat off swelling,
/// a fresh injury or a surgical site; heat and cold off skin that cannot feel them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolSafety {
    /// The tool.
    pub tool: Tool,
    /// The condition whose regions it stays off (the whole body when the condition has no
    /// place on the intake).
    pub condition: Condition,
    /// The acuities it applies at; empty for every acuity.
    #[serde(default, skip_serializing_if = "AcuitySet::is_empty")]
    pub acuities: AcuitySet,
    /// The seed line that describes the condition.
    pub seed: SeedLines,
    /// Where the row comes from.
    pub origin: Origin,
    /// Why, in words.
    pub note: String,
}

impl ToolSafety {
    /// Whether the row applies to a condition at an acuity.
    pub fn applies(&self, condition: Condition, acuity: Acuity) -> bool {
        self.condition == condition && (self.acuities.is_empty() || self.acuities.contains(acuity))
    }
}

/// Session lengths (ours; the seed asks for a stated duration, L178).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionLengths {
    /// Minutes when no chronic condition is present.
    pub standard_minutes: u16,
    /// Minutes when a chronic condition is present: 60, since 30-minute sessions showed no
    /// benefit for chronic neck pain (Sherman et al., Ann Fam Med 2014).
    pub chronic_minutes: u16,
}

/// The technique-selection half of a protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionRules {
    /// One row per technique.
    pub techniques: Vec<TechniqueRule>,
    /// Which techniques address which conditions and goals.
    pub pairings: Vec<Pairing>,
    /// Optional tools by technique and need.
    #[serde(default)]
    pub tool_uses: Vec<ToolUse>,
    /// Pressure caps by condition.
    #[serde(default)]
    pub pressure_caps: Vec<PressureCap>,
    /// Conditions whose regions are kept for the techniques that treat them.
    #[serde(default)]
    pub local_precautions: Vec<LocalPrecaution>,
    /// Tools kept off the regions of some conditions.
    #[serde(default)]
    pub tool_safety: Vec<ToolSafety>,
    /// What a client who names no condition and no goal is planned for.
    pub general_session: GeneralSession,
    /// Rules for pregnant clients.
    pub pregnancy: PregnancyRules,
    /// The most techniques in one session plan (ours: techniques combine, L113, L85).
    pub max_techniques: u8,
    /// How long sessions last.
    pub session: SessionLengths,
}

impl SelectionRules {
    /// The row of a technique, if the protocol has one.
    pub fn technique(&self, technique: Technique) -> Option<&TechniqueRule> {
        self.techniques.iter().find(|r| r.technique == technique)
    }
}

/// One phase of a course: so many sessions per week or month, for so many weeks or months,
/// ended by a reassessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseRule {
    /// Sessions per period (1 to 7 a week; exactly 1 a month).
    pub sessions: u8,
    /// The period.
    pub per: Period,
    /// How many periods the phase lasts (1 to 52).
    pub periods: u8,
    /// The seed lines behind the frequency.
    pub seed: SeedLines,
}

impl PhaseRule {
    /// Sessions the phase promises.
    pub fn total_sessions(&self) -> u32 {
        u32::from(self.sessions) * u32::from(self.periods)
    }

    /// Sessions per four weeks, to compare frequencies across weeks and months (a month
    /// counts as four weeks here, so one a month is less often than one a week).
    pub fn sessions_per_four_weeks(&self) -> u32 {
        match self.per {
            Period::Week => u32::from(self.sessions) * 4,
            Period::Month => u32::from(self.sessions),
        }
    }
}

/// A kind of course and its phases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseRule {
    /// The course kind.
    pub kind: CourseKind,
    /// The acuity of a condition that calls for this course; `None` for the course given
    /// when no condition calls for another (the single session, L167).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_acuity: Option<Acuity>,
    /// The phases, most frequent first.
    pub phases: Vec<PhaseRule>,
}

/// The scheduling part of a protocol. Phase lengths and thresholds are ours: the seed gives
/// the frequencies (L167-171), and says to taper "as the condition improves" (L169-170).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchedulingRules {
    /// One row per course kind, in order of priority: the first row whose acuity one of the
    /// client's conditions has is chosen; the row without an acuity is the fallback.
    pub courses: Vec<CourseRule>,
    /// Improvement, in percent of the room to improve, that moves a course to its next
    /// phase (ours: 30, a common threshold of a clinically important change in pain).
    pub improvement_percent: u8,
    /// Pain points (0-10) above the baseline, or above the best score so far, that count
    /// as worse (ours: 1).
    pub worse_pain_points: u8,
    /// Function points (0-100) below the baseline, or below the best score so far, that
    /// count as worse (ours: 10).
    pub worse_function_points: u8,
    /// Reassessments in a row without enough improvement before the course asks for
    /// re-screening (ours: 2).
    pub max_holds: u8,
    /// The most days a course may start after the assessment; a later start asks for the
    /// client to be screened again instead of booking on a stale intake (ours: 30).
    pub rescreen_after_days: u16,
}

impl SchedulingRules {
    /// The row of a course kind.
    pub fn course(&self, kind: CourseKind) -> Option<&CourseRule> {
        self.courses.iter().find(|c| c.kind == kind)
    }
}

/// One thing wrong with a protocol, with the path of the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolProblem {
    /// Where, e.g. `screening.contraindications`.
    pub path: String,
    /// What, in words.
    pub message: String,
}

impl fmt::Display for ProtocolProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A protocol that is inconsistent, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid protocol: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct InvalidProtocol {
    /// Every problem found.
    pub problems: Vec<ProtocolProblem>,
}

/// Collects protocol problems while validating.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<ProtocolProblem>);

impl Problems {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ProtocolProblem {
            path: path.into(),
            message: message.into(),
        });
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

    /// Checks that the protocol is consistent, reporting every problem at once.
    pub fn validate(&self) -> Result<(), InvalidProtocol> {
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
        if s.older_adult_from > MAX_AGE {
            p.push(
                "screening.older_adult_from",
                format!("above the largest age an intake accepts ({MAX_AGE})"),
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
        self.validate_selection(&mut p);
        self.validate_scheduling(&mut p);
        if p.0.is_empty() {
            Ok(())
        } else {
            Err(InvalidProtocol { problems: p.0 })
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
        for (i, cap) in s.pressure_caps.iter().enumerate() {
            if !cap.seed.is_in_seed() {
                p.push(
                    format!("selection.pressure_caps[{i}].seed"),
                    "not a line of the seed",
                );
            }
        }
        for (i, tool) in s.tool_uses.iter().enumerate() {
            if !tool.seed.is_in_seed() {
                p.push(
                    format!("selection.tool_uses[{i}].seed"),
                    "not a line of the seed",
                );
            }
        }
        for (i, row) in s.local_precautions.iter().enumerate() {
            if !row.seed.is_in_seed() {
                p.push(
                    format!("selection.local_precautions[{i}].seed"),
                    "not a line of the seed",
                );
            }
        }
        for (i, row) in s.tool_safety.iter().enumerate() {
            if !row.seed.is_in_seed() {
                p.push(
                    format!("selection.tool_safety[{i}].seed"),
                    "not a line of the seed",
                );
            }
        }
        if s.general_session.goals.is_empty() {
            p.push(
                "selection.general_session.goals",
                "a general session serves at least one goal",
            );
        }
        if !s.general_session.seed.is_in_seed() {
            p.push("selection.general_session.seed", "not a line of the seed");
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
        for kind in CourseKind::ALL {
            let rows = s.courses.iter().filter(|c| c.kind == *kind).count();
            if rows != 1 {
                p.push(
                    "scheduling.courses",
                    format!("{kind} needs exactly one row, found {rows}"),
                );
            }
        }
        if s.courses.iter().filter(|c| c.for_acuity.is_none()).count() != 1 {
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

    /// Reads a protocol from JSON and validates it.
    ///
    /// ```
    /// use massage_rules::Protocol;
    /// let json = serde_json::to_string(&Protocol::seed())?;
    /// assert_eq!(Protocol::from_json(&json)?, Protocol::seed());
    /// assert!(Protocol::from_json(r#"{"id": "x"}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Protocol, crate::Error> {
        let protocol: Protocol = serde_json::from_str(json).map_err(crate::Error::json)?;
        protocol.validate()?;
        Ok(protocol)
    }

    /// The protocol as pretty JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a protocol always serializes")
    }

    /// The default protocol, faithful to the seed document.
    pub fn seed() -> Protocol {
        crate::builtin::seed()
    }

    /// The conservative protocol: as [`seed`](Protocol::seed), but a blood clot or a
    /// cancer needs a physician's approval before any massage (DOMAIN.md C5).
    pub fn conservative() -> Protocol {
        crate::builtin::conservative()
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
