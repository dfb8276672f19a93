//! Technique selection: from a screened intake to a ranked, explained session plan.

use std::fmt;

use serde::{Deserialize, Serialize};
use strum::EnumCount;

use crate::intake::Intake;
use crate::protocol::{Need, Origin, Pairing, Protocol, ProtocolStamp, Strength, TechniqueRule};
use crate::screening::{Clearance, Outcome, Screening, lower_first};
use crate::seed::SeedLines;
use crate::vocabulary::{
    Acuity, Condition, ConditionSet, Contraindication, GoalSet, Pressure, RegionSet, RuleId,
    Technique, TechniqueSet, ToolSet,
};
use crate::vocabulary::{Answer, BodyRegion, History, Tool};

/// A pairing that made a technique relevant: the need, how directly, and the seed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Addressed {
    /// The client's condition or goal.
    pub need: Need,
    /// How directly the seed ties the technique to it.
    pub strength: Strength,
    /// Where the seed says so.
    pub seed: SeedLines,
}

/// A technique in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlannedTechnique {
    /// 1 for the first technique.
    pub rank: u8,
    /// The technique.
    pub technique: Technique,
    /// Where it is applied: the regions of the conditions it addresses (when it addresses
    /// only goals or whole-person conditions: the regions of all the client's conditions,
    /// or the whole body when none has a place), within the technique's fit, outside every
    /// region to avoid.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::BodyRegion>")
    )]
    pub regions: RegionSet,
    /// The one pressure that is safe on every region the technique would work on: the
    /// technique's firmest, lowered to the client's tolerance, every whole-body cap, and
    /// every local cap (a condition's, a precaution's) on any of those regions. It is
    /// counted before findings or reserved regions take regions away, so a finding that
    /// takes a capped region away never makes it firmer. [`pressures`](Self::pressures)
    /// gives the pressure region by region.
    pub pressure: Pressure,
    /// The pressure region by region (R-pressure per region): a local cap lowers only its
    /// own regions, a whole-body cap (tolerance, pregnancy, anticoagulants) all of them.
    /// Lightest first; together the entries cover exactly `regions`. At most one entry a
    /// pressure level, kept inline (no allocation).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RegionPressure>"))]
    pub pressures: arrayvec::ArrayVec<RegionPressure, 4>,
    /// The tools it uses: those it cannot be done without, and those the protocol adds
    /// for the client's needs unless a tool-safety row keeps them off its regions.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::vocabulary::Tool>"))]
    pub tools: ToolSet,
    /// Tools the protocol would add but a tool-safety row withholds, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld_tools: Vec<WithheldTool>,
    /// Minutes of the session given to it (the protocol's `selection.minutes` rule): the
    /// techniques' minutes sum to the session's length.
    pub minutes: u16,
    /// The rank score: 2 points for each primary pairing, 1 for each supporting one.
    pub score: u16,
    /// Ranked first as the protocol's first choice for an approved pregnant client
    /// (prenatal massage, L69), whatever its score.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub first_choice: bool,
    /// The client's conditions and goals it addresses, with the seed lines.
    pub addresses: Vec<Addressed>,
    /// Where the seed describes the technique.
    pub seed: SeedLines,
}

/// What a plan read from an intake that did not say it in so many words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Assumption {
    /// The condition concerned.
    pub condition: Condition,
    /// Where it is.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::BodyRegion>")
    )]
    pub regions: RegionSet,
    /// What was read.
    pub reading: Reading,
    /// The rule family.
    pub rule: RuleId,
    /// The seed line behind the rule.
    pub seed: SeedLines,
}

/// How an answer that was not given was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reading {
    /// No surgery date, but stated chronic: past the protocol's weeks before scar work.
    /// (With neither a date nor a chronic acuity, the site is read as recent.)
    PastScarWorkWindow,
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reading {
            Reading::PastScarWorkWindow => {
                write!(
                    f,
                    "{} ({}): ",
                    self.rule.label().split(':').next().unwrap_or_default(),
                    self.seed
                )?;
                lower_first(f, self.condition.label())?;
                f.write_str(
                    " has no surgery date but is stated chronic: read as past the weeks before \
                     scar work",
                )
            }
        }
    }
}

/// The pressure on some of a technique's regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegionPressure {
    /// The regions.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::BodyRegion>")
    )]
    pub regions: RegionSet,
    /// The firmest pressure used there.
    pub pressure: Pressure,
}

impl PlannedTechnique {
    /// The pressure on `region`, or `None` when the technique does not work there.
    pub fn pressure_at(&self, region: BodyRegion) -> Option<Pressure> {
        self.pressures
            .iter()
            .find(|p| p.regions.contains(region))
            .map(|p| p.pressure)
    }
}

// One entry a pressure level fits `PlannedTechnique::pressures`.
const _: () = assert!(<Pressure as crate::vocabulary::Vocabulary>::ALL.len() <= 4);

/// A pressure cap on some regions: a condition's (its `pressure_caps` row, where the
/// condition is) or a precaution's.
#[derive(Debug, Clone, Copy)]
struct LocalCap {
    regions: RegionSet,
    max: Pressure,
    condition: Condition,
}

/// A tool left out of a technique because a condition or a precaution on its regions
/// makes it unsafe there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WithheldTool {
    /// The tool.
    pub tool: Tool,
    /// What makes it unsafe: a condition (a `tool_safety` row) or a precaution (a
    /// medical-history row).
    pub because: Precaution,
    /// Where those regions and the technique's meet.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::BodyRegion>")
    )]
    pub regions: RegionSet,
    /// The seed line behind it.
    pub seed: SeedLines,
}

/// Something about the client that changes how the work is done beyond screening: a
/// condition that makes a tool unsafe, an item of the medical history, an approved age, a
/// fresh injury or a recent surgery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Precaution {
    /// A condition on the intake (the protocol's `tool_safety` rows).
    Condition {
        /// The condition.
        condition: Condition,
    },
    /// An item of the medical history answered yes or left unknown (R-history, L176).
    History {
        /// The item.
        history: History,
    },
    /// An approved minor or older adult (R-age, L134).
    Age {
        /// `minor` or `older_adult`.
        contraindication: Contraindication,
    },
    /// An injury inside its acute window (R-healing, L124).
    AcuteInjury {
        /// The injury.
        condition: Condition,
    },
    /// A surgical site too recent for scar work (R-healing, L127).
    ScarWork {
        /// The condition of the site.
        condition: Condition,
    },
}

impl Precaution {
    /// The rule family behind it.
    pub fn rule(self) -> RuleId {
        match self {
            Precaution::Condition { .. } => RuleId::RegionFit,
            Precaution::History { .. } => RuleId::History,
            Precaution::Age { .. } => RuleId::Age,
            Precaution::AcuteInjury { .. } | Precaution::ScarWork { .. } => RuleId::Healing,
        }
    }

    /// The seed line it is read from.
    pub fn seed(self) -> SeedLines {
        match self {
            Precaution::Condition { condition } => condition.seed(),
            Precaution::History { history } => history.seed(),
            Precaution::Age { contraindication } => contraindication.seed(),
            Precaution::AcuteInjury { .. } => SeedLines::line(124),
            Precaution::ScarWork { .. } => SeedLines::line(127),
        }
    }
}

impl fmt::Display for Precaution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Precaution::Condition { condition } => lower_first(f, condition.label()),
            Precaution::History { history } => lower_first(f, history.label()),
            Precaution::Age { contraindication } => {
                write!(f, "approved {}", contraindication.label().to_lowercase())
            }
            Precaution::AcuteInjury { condition } => {
                f.write_str("acute window of ")?;
                lower_first(f, condition.label())
            }
            Precaution::ScarWork { condition } => {
                f.write_str("no scar work yet: ")?;
                lower_first(f, condition.label())
            }
        }
    }
}

/// A precaution the plan applies, with what it changes and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppliedPrecaution {
    /// What it is.
    pub precaution: Precaution,
    /// For a history item: the answer (`yes`, or `unknown` read as yes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// Where it applies.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::BodyRegion>")
    )]
    pub regions: RegionSet,
    /// The most pressure used there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pressure: Option<Pressure>,
    /// Techniques not done there.
    #[serde(default, skip_serializing_if = "TechniqueSet::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::Technique>")
    )]
    pub excluded_techniques: TechniqueSet,
    /// Tools not used there.
    #[serde(default, skip_serializing_if = "ToolSet::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::vocabulary::Tool>"))]
    pub excluded_tools: ToolSet,
    /// The rule family.
    pub rule: RuleId,
    /// The seed line it is read from.
    pub seed: SeedLines,
    /// Where the protocol row comes from.
    pub origin: Origin,
}

impl AppliedPrecaution {
    /// Whether a technique with this lightest pressure may not work on the precaution's
    /// regions.
    fn keeps_off(&self, technique: Technique, lightest: Pressure) -> bool {
        self.excluded_techniques.contains(technique)
            || self.max_pressure.is_some_and(|max| lightest > max)
    }
}

/// Why a technique was left out of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exclusion {
    /// It addresses none of the client's conditions or goals.
    NotForClient,
    /// It is for pregnant clients only (L67-69).
    PregnantOnly,
    /// It needs a physician's approval that is not on file.
    NeedsApproval {
        /// The approval it needs.
        contraindication: Contraindication,
    },
    /// The practitioner is not certified in it (L33).
    NotCertified,
    /// The protocol's pregnancy rules leave it out.
    ExcludedInPregnancy,
    /// Its lightest pressure is above the client's tolerance (L161).
    AboveTolerance {
        /// The technique's lightest pressure.
        lightest: Pressure,
        /// The client's tolerance (light when unknown).
        tolerance: Pressure,
    },
    /// Its lightest pressure is above a cap a condition imposes.
    AboveConditionCap {
        /// The technique's lightest pressure.
        lightest: Pressure,
        /// The condition.
        condition: Condition,
        /// Its cap.
        cap: Pressure,
    },
    /// Its lightest pressure is above the protocol's pregnancy limit.
    AbovePregnancyLimit {
        /// The technique's lightest pressure.
        lightest: Pressure,
        /// The limit.
        limit: Pressure,
    },
    /// No region is left where it may be done: its regions are to be avoided, outside its
    /// fit, kept for the work that treats a condition there, or unsafe for a tool it needs.
    NoRegion {
        /// The regions that would have been worked on, all of them avoided or unfit.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "Vec<crate::vocabulary::BodyRegion>")
        )]
        wanted: RegionSet,
    },
    /// A precaution (medical history, age, a fresh injury, a recent surgery) keeps it off
    /// every region it would have worked on.
    Precaution {
        /// The precaution that took its last region.
        precaution: Precaution,
    },
    /// It ranked below the protocol's limit of techniques per session.
    BelowLimit {
        /// The rank it had.
        rank: u8,
    },
    /// The protocol has no row for it.
    NotInProtocol,
}

impl Exclusion {
    /// The rule behind the exclusion.
    pub fn rule(&self) -> RuleId {
        match self {
            Exclusion::NotForClient | Exclusion::BelowLimit { .. } | Exclusion::NotInProtocol => {
                RuleId::Pairing
            }
            Exclusion::PregnantOnly
            | Exclusion::ExcludedInPregnancy
            | Exclusion::AbovePregnancyLimit { .. } => RuleId::Prenatal,
            Exclusion::NeedsApproval { contraindication } => {
                crate::protocol::rule_of(*contraindication)
            }
            Exclusion::NotCertified => RuleId::Certification,
            Exclusion::AboveTolerance { .. } | Exclusion::AboveConditionCap { .. } => {
                RuleId::Pressure
            }
            Exclusion::NoRegion { .. } => RuleId::RegionFit,
            Exclusion::Precaution { precaution } => precaution.rule(),
        }
    }
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::NotForClient => {
                f.write_str("addresses none of the client's conditions or goals")
            }
            Exclusion::PregnantOnly => f.write_str("for pregnant clients only"),
            Exclusion::NeedsApproval { contraindication } => {
                write!(f, "needs a physician's approval for {contraindication}")
            }
            Exclusion::NotCertified => f.write_str("the practitioner is not certified in it"),
            Exclusion::ExcludedInPregnancy => f.write_str("not used in pregnancy"),
            Exclusion::AboveTolerance {
                lightest,
                tolerance,
            } => write!(
                f,
                "lightest pressure {lightest} is above the client's tolerance ({tolerance})"
            ),
            Exclusion::AboveConditionCap {
                lightest,
                condition,
                cap,
            } => write!(
                f,
                "lightest pressure {lightest} is above the cap of {cap} for {condition}"
            ),
            Exclusion::AbovePregnancyLimit { lightest, limit } => write!(
                f,
                "lightest pressure {lightest} is above the pregnancy limit ({limit})"
            ),
            Exclusion::NoRegion { .. } => f.write_str(
                "every region it would work on is to be avoided, outside its fit, kept for \
                     the work that treats a condition there, or unsafe for its tools",
            ),
            Exclusion::Precaution { precaution } => {
                write!(
                    f,
                    "kept off every region it would work on by a precaution: "
                )?;
                precaution.fmt(f)
            }
            Exclusion::BelowLimit { rank } => {
                write!(f, "ranked {rank}, below the protocol's limit of techniques")
            }
            Exclusion::NotInProtocol => f.write_str("the protocol has no row for it"),
        }
    }
}

/// A technique left out of the plan, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExcludedTechnique {
    /// The technique.
    pub technique: Technique,
    /// Why.
    #[serde(flatten)]
    pub exclusion: Exclusion,
    /// The rule behind it.
    pub rule: RuleId,
    /// The seed lines behind it.
    pub seed: SeedLines,
}

/// Why a session is as long as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LengthBasis {
    /// No chronic condition: the protocol's standard length.
    Standard,
    /// A chronic condition is present: the protocol's chronic length.
    Chronic,
}

/// What to do in one session: ranked techniques, and those left out with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionPlan {
    /// The protocol that planned it.
    pub protocol: ProtocolStamp,
    /// The screening outcome it was planned from (cleared or restricted).
    pub outcome: Outcome,
    /// Session length in minutes.
    pub minutes: u16,
    /// Why that length.
    pub length_basis: LengthBasis,
    /// The firmest pressure allowed in this session: the client's tolerance, lowered by
    /// condition caps, pregnancy rules and precautions for the whole body (history, age).
    pub pressure_limit: Pressure,
    /// The firmest pressure of the first session of a course: the limit lowered by the
    /// protocol's gentle start (R-gentle, L161), never below light. Each technique is done
    /// at its own pressure or this, whichever is lighter; a reassessment that shows
    /// improvement raises it (`Course::pressure`).
    pub first_session_pressure: Pressure,
    /// Precautions applied: the medical history, an approved age, fresh injuries and
    /// recent surgeries, with where and what each changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub precautions: Vec<AppliedPrecaution>,
    /// What the plan read from an answer that was not given in so many words: a surgical
    /// site without a surgery date but stated chronic is read as past the window for scar
    /// work (R-healing, L127).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Assumption>,
    /// Regions not worked on: screening findings, and pregnancy's regions when pregnant.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::BodyRegion>")
    )]
    pub avoid: RegionSet,
    /// Planned as the protocol's general session: the client named no condition and no
    /// goal, so the session serves the protocol's general goals.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub general_session: bool,
    /// The client's conditions no planned technique addresses (their regions may all be
    /// to avoid, or no technique fits them): the course does not follow them.
    #[serde(default, skip_serializing_if = "ConditionSet::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::Condition>")
    )]
    pub unaddressed: ConditionSet,
    /// The techniques, best first. Empty when nothing can be done; see `excluded`.
    pub techniques: Vec<PlannedTechnique>,
    /// Every other technique of the protocol, with why it was left out.
    pub excluded: Vec<ExcludedTechnique>,
}

#[derive(Clone, Copy, Default)]
struct Tally {
    score: u16,
    conditions: ConditionSet,
    goals: GoalSet,
}

impl Tally {
    fn has(&self, need: Need) -> bool {
        match need {
            Need::Condition(c) => self.conditions.contains(c),
            Need::Goal(g) => self.goals.contains(g),
        }
    }
}

/// Makes the session plan for a cleared intake: the [`Clearance`] proves the intake was
/// screened under the protocol and may have a session, so the plan never rests on a
/// screening of another intake or protocol. Every technique of the protocol ends up either
/// in the plan or in `excluded`, with the reason.
/// Ranking: the protocol's first choice for an approved pregnant client (prenatal
/// massage) first, then the score (2 per primary pairing, 1 per supporting pairing with
/// the client's conditions and goals), then the number of conditions addressed, then the
/// technique's code; the order is stable and deterministic.
///
/// Where: a technique works on the regions of the conditions it addresses; one that
/// serves only goals or whole-person conditions works where the client's conditions are,
/// or on the whole body when none has a place. Never on a region to avoid, outside the
/// technique's fit, or on a region the protocol keeps for the work that treats a
/// condition there (a fresh injury, swelling, a surgical site: `local_precautions`).
/// Tools follow the protocol's `tool_safety` rows: a tool the technique needs keeps it
/// off the regions where the tool is unsafe; a tool the protocol adds is withheld, and
/// said so, when it would land on one. A client who names no condition and no goal gets
/// the protocol's general session.
///
/// ```
/// use massage_rules::{plan, Intake, Protocol, Screened};
/// use massage_rules::vocabulary::Technique;
/// let intake: Intake = serde_json::from_str(r#"{
///     "assessed_on": "2026-11-27", "age": 45, "pregnant": "no", "findings": [],
///     "conditions": [{"condition": "back_pain", "acuity": "chronic",
///                     "locations": [{"part": "lower_back"}]},
///                    {"condition": "chronic_pain", "acuity": "chronic",
///                     "locations": [{"part": "lower_back"}]}],
///     "goals": ["pain_relief"], "pain_tolerance": "firm",
///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
/// }"#)?;
/// let protocol = Protocol::seed();
/// let session = plan(&Screened::new(&protocol, &intake)?.clearance()?);
/// assert_eq!(session.minutes, 60); // chronic
/// // Deep tissue and trigger point therapy tie on score and conditions; the code breaks it.
/// assert_eq!(session.techniques[0].technique, Technique::DeepTissue);
/// assert_eq!(session.techniques[1].technique, Technique::TriggerPointTherapy);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan(clearance: &Clearance<'_>) -> SessionPlan {
    let protocol = clearance.protocol();
    let intake = clearance.intake();
    let screening = clearance.screening();
    let rules = &protocol.selection;
    // Pregnancy rules apply unless the client is known not to be pregnant (a "no" that
    // a contradiction puts in doubt is not known); prenatal massage only for a client
    // known to be pregnant.
    let pregnancy = intake.pregnancy_answer();
    let pregnant = !pregnancy.is_no();
    let tolerance = intake.effective_tolerance();
    let conditions = intake.condition_set();
    // A client who names no need gets the protocol's general session.
    let general_session = intake.conditions.is_empty() && intake.goals.is_empty();
    let goals = if general_session {
        rules.general_session.goals
    } else {
        intake.goals
    };

    // A condition's cap applies where the condition is; a condition without a place
    // may be anywhere, and caps the whole session. The strictest whole-body one is
    // remembered with its condition for the explanation.
    let mut cap: Option<(Condition, Pressure)> = None;
    let mut local_caps: Vec<LocalCap> = Vec::new();
    for row in &rules.pressure_caps {
        for entry in intake
            .conditions
            .iter()
            .filter(|e| e.condition == row.condition)
        {
            let at = entry.regions();
            if at.is_empty() {
                if cap.is_none_or(|(_, p)| row.max < p) {
                    cap = Some((row.condition, row.max));
                }
            } else {
                local_caps.push(LocalCap {
                    regions: at,
                    max: row.max,
                    condition: row.condition,
                });
            }
        }
    }
    let mut limit = tolerance;
    if let Some((_, p)) = cap {
        limit = limit.min(p);
    }
    let mut avoid = screening.avoid;
    if pregnant {
        limit = limit.min(rules.pregnancy.max_pressure);
        avoid |= rules.pregnancy.avoid;
    }
    let allowed = !avoid;
    let (precautions, assumptions) = precautions(protocol, intake);

    let client = Tally {
        conditions,
        goals,
        ..Tally::default()
    };
    // One pass over the pairings: what each technique addresses for this client.
    let mut tallies = [Tally::default(); Technique::COUNT];
    // Which pairings meet the client's needs, as a bit per pairing for each technique,
    // noted in the same pass (a protocol with more than 128 pairings notes the rest in a
    // list); only the techniques kept in the plan get a list of their own.
    let mut matched = [0u128; Technique::COUNT];
    let mut spilled: Vec<usize> = Vec::new();
    for (i, p) in rules.pairings.iter().enumerate() {
        if client.has(p.need) {
            let code = p.technique.code() as usize;
            let t = &mut tallies[code];
            t.score = t.score.saturating_add(p.strength.points());
            match p.need {
                Need::Condition(c) => t.conditions |= c,
                Need::Goal(g) => t.goals |= g,
            }
            if i < 128 {
                matched[code] |= 1 << i;
            } else {
                spilled.push(i);
            }
        }
    }

    let mut regions_of = [RegionSet::empty(); Condition::COUNT];
    // Regions kept for the techniques that treat the condition there, and regions each
    // tool must stay off (with the condition, for the explanation). A condition with no
    // place on the intake may be anywhere: it reserves the whole body.
    let mut reserved = Hazards::default();
    let mut unsafe_for = [Hazards::default(); Tool::COUNT];
    for entry in &intake.conditions {
        let code = entry.condition.code() as usize;
        let mut at = entry.regions();
        regions_of[code] |= at;
        if at.is_empty() {
            at = RegionSet::all();
        }
        if rules
            .local_precautions
            .iter()
            .any(|row| row.applies(entry.condition, entry.acuity))
        {
            reserved.add(entry.condition, at);
        }
        for row in &rules.tool_safety {
            if row.applies(entry.condition, entry.acuity) {
                unsafe_for[row.tool.code() as usize].add(entry.condition, at);
            }
        }
    }
    let first_choice = if pregnant
        && pregnancy.is_yes()
        && screening
            .approval_on_file
            .contains(Contraindication::Pregnancy)
    {
        rules.pregnancy.first_choice
    } else {
        TechniqueSet::empty()
    };
    let all_condition_regions = regions_of
        .iter()
        .fold(RegionSet::empty(), |acc, r| acc | *r);
    let context = Context {
        pregnancy,
        all_condition_regions,
        protocol,
        intake,
        screening,
        limit,
        cap,
        allowed,
        regions_of,
        reserved,
        unsafe_for,
        precautions: &precautions,
        local_caps: &local_caps,
    };
    let mut candidates: Vec<PlannedTechnique> = Vec::with_capacity(Technique::COUNT);
    let mut excluded: Vec<ExcludedTechnique> = Vec::with_capacity(Technique::COUNT);
    let mut in_protocol = TechniqueSet::empty();
    for row in &rules.techniques {
        let technique = row.technique;
        if !in_protocol.insert(technique) {
            continue; // a duplicate row, which validation rejects: the first one counts
        }
        let code = technique.code() as usize;
        match context.consider(row, tallies[code]) {
            Ok(planned) => candidates.push(planned),
            Err(exclusion) => {
                let seed = exclusion_seed(&exclusion, row);
                excluded.push(exclude(technique, exclusion, seed));
            }
        }
    }
    for technique in !in_protocol {
        excluded.push(exclude(
            technique,
            Exclusion::NotInProtocol,
            RuleId::Pairing.seed(),
        ));
    }

    candidates.sort_by(|a, b| {
        let ca = tallies[a.technique.code() as usize].conditions.len();
        let cb = tallies[b.technique.code() as usize].conditions.len();
        // A first choice (prenatal massage for an approved pregnant client) ranks first.
        let fa = first_choice.contains(a.technique);
        let fb = first_choice.contains(b.technique);
        fb.cmp(&fa)
            .then(b.score.cmp(&a.score))
            .then(cb.cmp(&ca))
            .then(a.technique.cmp(&b.technique))
    });
    let keep = usize::from(rules.max_techniques);
    for (i, planned) in candidates.iter_mut().enumerate() {
        planned.rank = u8::try_from(i + 1).unwrap_or(u8::MAX);
        planned.first_choice = first_choice.contains(planned.technique);
    }
    for dropped in candidates.drain(keep.min(candidates.len())..) {
        excluded.push(exclude(
            dropped.technique,
            Exclusion::BelowLimit { rank: dropped.rank },
            RuleId::Pairing.seed(),
        ));
    }
    for planned in &mut candidates {
        let mut bits = matched[planned.technique.code() as usize];
        let addressed = |p: &Pairing| Addressed {
            need: p.need,
            strength: p.strength,
            seed: p.seed,
        };
        let mut addresses = Vec::with_capacity(bits.count_ones() as usize);
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            addresses.push(addressed(&rules.pairings[i]));
        }
        for &i in &spilled {
            if rules.pairings[i].technique == planned.technique {
                addresses.push(addressed(&rules.pairings[i]));
            }
        }
        planned.addresses = addresses;
    }

    let chronic = intake
        .conditions
        .iter()
        .any(|c| c.acuity == Acuity::Chronic);
    let (minutes, length_basis) = if chronic {
        (rules.session.chronic_minutes, LengthBasis::Chronic)
    } else {
        (rules.session.standard_minutes, LengthBasis::Standard)
    };

    // Precautions on the whole body lower the session's limit as well.
    for p in &precautions {
        if let Some(max) = p.max_pressure.filter(|_| p.regions == RegionSet::all()) {
            limit = limit.min(max);
        }
    }
    let first_session_pressure =
        Pressure::from_code(limit.code().saturating_sub(rules.gentle_start.levels_below))
            .unwrap_or(Pressure::Light);

    // At most one technique of each kind is planned.
    let mut shares = [0u16; Technique::COUNT];
    let shares = &mut shares[..candidates.len().min(Technique::COUNT)];
    rules.minutes.allot_into(minutes, shares);
    for (planned, &m) in candidates.iter_mut().zip(shares.iter()) {
        planned.minutes = m;
    }
    // A session too short for every technique to have its minimum keeps those that fit.
    for dropped in candidates.extract_if(.., |t| t.minutes == 0) {
        excluded.push(exclude(
            dropped.technique,
            Exclusion::BelowLimit { rank: dropped.rank },
            RuleId::Pairing.seed(),
        ));
    }
    excluded.sort_by_key(|e| e.technique);
    let addressed = candidates.iter().fold(ConditionSet::empty(), |acc, t| {
        acc | tallies[t.technique.code() as usize].conditions
    });

    SessionPlan {
        protocol: protocol.stamp(),
        outcome: screening.outcome,
        minutes,
        length_basis,
        pressure_limit: limit,
        first_session_pressure,
        precautions,
        assumptions,
        avoid,
        general_session,
        unaddressed: conditions - addressed,
        techniques: candidates,
        excluded,
    }
}

/// The precautions the protocol applies to this client: one per history item answered yes
/// or unknown, per approved age, per injury in its acute window and per surgical site too
/// recent for scar work.
fn precautions(protocol: &Protocol, intake: &Intake) -> (Vec<AppliedPrecaution>, Vec<Assumption>) {
    let mut assumptions = Vec::new();
    let rules = &protocol.selection;
    let mut out = Vec::new();
    for row in &rules.history {
        let answer = intake.history.answer(row.history);
        if answer.is_no() {
            continue;
        }
        let recorded = intake.history.regions(row.history);
        let regions = if recorded.is_empty() {
            row.regions.unwrap_or(RegionSet::all())
        } else {
            recorded
        };
        out.push(AppliedPrecaution {
            precaution: Precaution::History {
                history: row.history,
            },
            answer: Some(answer),
            regions,
            max_pressure: row.max_pressure,
            excluded_techniques: row.excluded_techniques,
            excluded_tools: row.excluded_tools,
            rule: RuleId::History,
            seed: row.history.seed(),
            origin: row.origin.clone(),
        });
    }
    let screening = &protocol.screening;
    for cap in &rules.age_caps {
        // An unknown age is never cleared; were it planned, both caps would apply.
        let applies = match (cap.contraindication, intake.age) {
            (_, None) => true,
            (Contraindication::Minor, Some(age)) => age < screening.minor_under,
            (Contraindication::OlderAdult, Some(age)) => age >= screening.older_adult_from,
            _ => false,
        };
        if applies {
            out.push(AppliedPrecaution {
                precaution: Precaution::Age {
                    contraindication: cap.contraindication,
                },
                answer: None,
                regions: RegionSet::all(),
                max_pressure: Some(cap.max_pressure),
                excluded_techniques: cap.excluded_techniques,
                excluded_tools: ToolSet::empty(),
                rule: RuleId::Age,
                seed: cap.contraindication.seed(),
                origin: cap.origin.clone(),
            });
        }
    }
    let healing = &rules.healing;
    // Days from the onset to the assessment; `None` when the onset is unknown.
    let days_since = |entry: &crate::intake::ConditionEntry| {
        entry.onset.map(|onset| {
            intake
                .assessed_on
                .since(onset)
                .map_or(i32::MAX, |span| span.get_days())
        })
    };
    for entry in &intake.conditions {
        let injury = healing.injuries.contains(entry.condition);
        let surgical = healing.surgical.contains(entry.condition);
        if !injury && !surgical {
            continue;
        }
        let mut regions = entry.regions();
        if regions.is_empty() {
            regions = RegionSet::all();
        }
        let days = days_since(entry);
        let fresh = matches!(entry.acuity, Acuity::Acute | Acuity::Injury)
            && injury
            && days.is_none_or(|d| d <= i32::from(healing.acute_window_days));
        if fresh {
            out.push(AppliedPrecaution {
                precaution: Precaution::AcuteInjury {
                    condition: entry.condition,
                },
                answer: None,
                regions,
                max_pressure: Some(healing.acute_max_pressure),
                excluded_techniques: !healing.acute_techniques,
                excluded_tools: ToolSet::empty(),
                rule: RuleId::Healing,
                seed: SeedLines::line(124),
                origin: healing.origin.clone(),
            });
        }
        // Without a date, a site stated chronic is past the window (and the plan says it
        // read it so); any other acuity without a date is read as recent.
        let stated_chronic = days.is_none() && entry.acuity == Acuity::Chronic;
        if surgical && stated_chronic {
            assumptions.push(Assumption {
                condition: entry.condition,
                regions,
                reading: Reading::PastScarWorkWindow,
                rule: RuleId::Healing,
                seed: SeedLines::line(127),
            });
        }
        let too_recent = surgical
            && !stated_chronic
            && days.is_none_or(|d| d < i32::from(healing.scar_work_after_weeks) * 7);
        if too_recent {
            out.push(AppliedPrecaution {
                precaution: Precaution::ScarWork {
                    condition: entry.condition,
                },
                answer: None,
                regions,
                max_pressure: None,
                excluded_techniques: healing.scar_techniques,
                excluded_tools: ToolSet::empty(),
                rule: RuleId::Healing,
                seed: SeedLines::line(127),
                origin: healing.origin.clone(),
            });
        }
    }
    (out, assumptions)
}

fn exclude(technique: Technique, exclusion: Exclusion, seed: SeedLines) -> ExcludedTechnique {
    ExcludedTechnique {
        technique,
        rule: exclusion.rule(),
        exclusion,
        seed,
    }
}

fn exclusion_seed(exclusion: &Exclusion, row: &TechniqueRule) -> SeedLines {
    match exclusion {
        Exclusion::NoRegion { .. } | Exclusion::PregnantOnly => row.seed,
        Exclusion::AboveConditionCap { condition, .. } => condition.seed(),
        Exclusion::NeedsApproval { contraindication } => contraindication.seed(),
        Exclusion::Precaution { precaution } => precaution.seed(),
        other => other.rule().seed(),
    }
}

struct Context<'a> {
    protocol: &'a Protocol,
    intake: &'a Intake,
    screening: &'a Screening,
    limit: Pressure,
    cap: Option<(Condition, Pressure)>,
    allowed: RegionSet,
    /// The pregnancy answer as screening reads it.
    pregnancy: Answer,
    /// Where each of the client's conditions is, by condition code.
    regions_of: [RegionSet; Condition::COUNT],
    /// Where any of them is.
    all_condition_regions: RegionSet,
    /// Regions kept for the techniques that treat the condition.
    reserved: Hazards,
    /// Regions each tool must stay off, by tool code.
    unsafe_for: [Hazards; Tool::COUNT],
    /// The precautions of the plan.
    precautions: &'a [AppliedPrecaution],
    /// The conditions' caps on their regions.
    local_caps: &'a [LocalCap],
}

/// Regions by condition, for the few conditions that have any.
#[derive(Clone, Copy, Default)]
struct Hazards {
    conditions: ConditionSet,
    regions: [RegionSet; Condition::COUNT],
}

impl Hazards {
    fn add(&mut self, condition: Condition, regions: RegionSet) {
        self.conditions |= condition;
        self.regions[condition.code() as usize] |= regions;
    }

    /// The regions of the conditions in `conditions`, each with its condition.
    fn of(&self, conditions: ConditionSet) -> impl Iterator<Item = (Condition, RegionSet)> + '_ {
        (self.conditions & conditions)
            .iter()
            .map(|c| (c, self.regions[c.code() as usize]))
    }

    /// All the regions of the conditions in `conditions`.
    fn union(&self, conditions: ConditionSet) -> RegionSet {
        self.of(conditions)
            .fold(RegionSet::empty(), |acc, (_, r)| acc | r)
    }
}

impl Context<'_> {
    fn consider(&self, row: &TechniqueRule, tally: Tally) -> Result<PlannedTechnique, Exclusion> {
        let Context {
            protocol,
            intake,
            screening,
            limit,
            cap,
            allowed,
            ref regions_of,
            pregnancy,
            all_condition_regions,
            ref reserved,
            ref unsafe_for,
            precautions,
            local_caps,
        } = *self;
        let rules = &protocol.selection;
        let technique = row.technique;
        // Pregnancy rules apply unless the client is known not to be pregnant; prenatal
        // massage only for a client known to be pregnant.
        let pregnant = !pregnancy.is_no();
        if tally.score == 0 {
            return Err(Exclusion::NotForClient);
        }
        if row.pregnant_only {
            if !pregnancy.is_yes() {
                return Err(Exclusion::PregnantOnly);
            }
            if !screening
                .approval_on_file
                .contains(Contraindication::Pregnancy)
            {
                return Err(Exclusion::NeedsApproval {
                    contraindication: Contraindication::Pregnancy,
                });
            }
        }
        if intake
            .practitioner
            .certified_techniques
            .is_some_and(|certified| !certified.contains(technique))
        {
            return Err(Exclusion::NotCertified);
        }
        if pregnant && rules.pregnancy.excluded_techniques.contains(technique) {
            return Err(Exclusion::ExcludedInPregnancy);
        }
        let lightest = row.pressure.min;
        if lightest > limit {
            let tolerance = intake.effective_tolerance();
            return Err(if lightest > tolerance {
                Exclusion::AboveTolerance {
                    lightest,
                    tolerance,
                }
            } else if let Some((condition, cap)) = cap.filter(|(_, c)| lightest > *c) {
                Exclusion::AboveConditionCap {
                    lightest,
                    condition,
                    cap,
                }
            } else {
                Exclusion::AbovePregnancyLimit {
                    lightest,
                    limit: rules.pregnancy.max_pressure,
                }
            });
        }
        // Regions kept for the work that treats a condition this technique does not.
        let blocked = reserved.union(!tally.conditions);
        // Where: the regions of the conditions it addresses; failing that (it serves goals or
        // whole-person conditions), where the client's conditions are, as far as they are
        // open to it; failing that, anywhere it is safe for it.
        let mut wanted = RegionSet::empty();
        for condition in tally.conditions {
            wanted |= regions_of[condition.code() as usize];
        }
        if wanted.is_empty() {
            wanted = all_condition_regions - blocked;
        }
        if wanted.is_empty() {
            wanted = RegionSet::all();
        }
        let fit = row.regions.unwrap_or(RegionSet::all());
        // Where it would work before findings and reserved regions take any away: caps
        // and tool safety are weighed here, so taking a region away never makes the
        // technique firmer or lets a withheld tool back in.
        let base = wanted & fit;
        let mut regions = base & allowed & !blocked;
        // A tool the technique cannot be done without keeps it off where the tool is unsafe.
        for tool in row.tools {
            regions -= unsafe_for[tool.code() as usize].union(ConditionSet::all());
        }
        if regions.is_empty() {
            return Err(Exclusion::NoRegion { wanted });
        }
        // Pressure: the firmest the caps of every precaution on the regions it would work
        // on allow, counted before it is kept off any of them, so that keeping it off a
        // region never makes it firmer elsewhere (never more permissive for more history).
        // (A precaution that keeps it off its regions takes those regions instead.)
        let caps = precautions
            .iter()
            .filter(|p| !p.keeps_off(technique, lightest))
            .filter_map(|p| p.max_pressure.map(|max| (p.regions, max)))
            .chain(
                local_caps
                    .iter()
                    .filter(|c| lightest <= c.max)
                    .map(|c| (c.regions, c.max)),
            );
        // In one pass: the summary over the base regions, and for each level below the
        // top the regions a cap holds at it (intersected with the final regions below).
        let top = row.pressure.max.min(limit);
        let mut pressure = top;
        let mut capped = [RegionSet::empty(); 8];
        for (at, max) in caps {
            if !(base & at).is_empty() {
                pressure = pressure.min(max);
            }
            if max < top {
                capped[usize::from(max.code()).min(7)] |= at;
            }
        }
        // A condition's cap below the technique's lightest keeps it off the condition's
        // regions.
        for c in local_caps {
            if lightest > c.max && !(regions & c.regions).is_empty() {
                regions -= c.regions;
                if regions.is_empty() {
                    return Err(Exclusion::AboveConditionCap {
                        lightest,
                        condition: c.condition,
                        cap: c.max,
                    });
                }
            }
        }
        // Precautions: the technique stays off where one excludes it or caps pressure
        // below its lightest, or excludes a tool it needs.
        for p in precautions {
            if (regions & p.regions).is_empty() {
                continue;
            }
            if p.keeps_off(technique, lightest) || !(p.excluded_tools & row.tools).is_empty() {
                regions -= p.regions;
                if regions.is_empty() {
                    return Err(Exclusion::Precaution {
                        precaution: p.precaution,
                    });
                }
            }
        }
        let mut tools = row.tools;
        let mut optional = ToolSet::empty();
        for tool_use in &rules.tool_uses {
            if tool_use.technique == technique && tally.has(tool_use.need) {
                optional |= tool_use.tools;
            }
        }
        if pregnant {
            optional -= rules.pregnancy.excluded_tools;
        }
        // A tool the protocol adds is withheld when a condition makes it unsafe on any of
        // the technique's regions.
        let mut withheld_tools = Vec::new();
        for tool in optional - tools {
            let mut safe = true;
            for (condition, hazard) in unsafe_for[tool.code() as usize].of(ConditionSet::all()) {
                let overlap = hazard & base;
                if !overlap.is_empty() {
                    safe = false;
                    withheld_tools.push(WithheldTool {
                        tool,
                        because: Precaution::Condition { condition },
                        regions: overlap,
                        seed: condition.seed(),
                    });
                }
            }
            for p in precautions {
                let overlap = p.regions & base;
                if p.excluded_tools.contains(tool) && !overlap.is_empty() {
                    safe = false;
                    withheld_tools.push(WithheldTool {
                        tool,
                        because: p.precaution,
                        regions: overlap,
                        seed: p.seed,
                    });
                }
            }
            if safe {
                tools |= tool;
            }
        }
        // Region by region: the whole-body limit, and below it the caps on each region;
        // a region takes the lightest cap on it.
        let mut pressures = arrayvec::ArrayVec::<RegionPressure, 4>::new();
        let mut given = RegionSet::empty();
        for &level in Pressure::ALL.iter().filter(|&&p| p <= top) {
            let here = if level == top {
                regions - given
            } else {
                (capped[usize::from(level.code()).min(7)] & regions) - given
            };
            if !here.is_empty() {
                pressures.push(RegionPressure {
                    regions: here,
                    pressure: level,
                });
                given |= here;
            }
        }
        Ok(PlannedTechnique {
            rank: 0,
            technique,
            regions,
            pressure,
            pressures,
            tools,
            withheld_tools,
            minutes: 0,
            score: tally.score,
            first_choice: false,
            addresses: Vec::new(),
            seed: row.seed,
        })
    }
}

impl fmt::Display for SessionPlan {
    /// A plan for people, in words: length, pressure, techniques with regions, tools and
    /// the needs they serve, and what was left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} minutes ({}), pressure up to ",
            self.minutes,
            match self.length_basis {
                LengthBasis::Standard => "standard length",
                LengthBasis::Chronic => "longer for a chronic condition",
            },
        )?;
        lower_first(f, self.pressure_limit.label())?;
        write!(f, " [{}]", self.protocol)?;
        if self.general_session {
            f.write_str("\n  No condition or goal named: the protocol's general session.")?;
        }
        if self.first_session_pressure < self.pressure_limit {
            f.write_str("\n  The first session of a course starts gently, at ")?;
            lower_first(f, self.first_session_pressure.label())?;
            f.write_str(" pressure, and firms up as the client improves (L161).")?;
        }
        for p in &self.precautions {
            write!(f, "\n  Precaution ({}): {}", p.seed, p.precaution)?;
            if p.answer == Some(Answer::Unknown) {
                f.write_str(" (unknown, read as yes)")?;
            }
            if p.regions == RegionSet::all() {
                f.write_str(" on the whole body")?;
            } else {
                for (i, r) in p.regions.iter().enumerate() {
                    f.write_str(if i == 0 { " on " } else { ", " })?;
                    lower_first(f, r.label())?;
                }
            }
            if let Some(max) = p.max_pressure {
                f.write_str(": pressure up to ")?;
                lower_first(f, max.label())?;
            }
            if !p.excluded_techniques.is_empty() && p.excluded_techniques.len() <= 4 {
                for (i, t) in p.excluded_techniques.iter().enumerate() {
                    f.write_str(if i == 0 { "; no " } else { ", " })?;
                    lower_first(f, t.label())?;
                }
            } else if !p.excluded_techniques.is_empty() {
                f.write_str("; only ")?;
                for (i, t) in (!p.excluded_techniques).iter().enumerate() {
                    f.write_str(if i == 0 { "" } else { ", " })?;
                    lower_first(f, t.label())?;
                }
            }
            for (i, t) in p.excluded_tools.iter().enumerate() {
                f.write_str(if i == 0 { "; no " } else { ", " })?;
                lower_first(f, t.label())?;
            }
            f.write_str(".")?;
        }
        for a in &self.assumptions {
            write!(f, "\n  Read as: {a}.")?;
        }
        if self.techniques.is_empty() {
            f.write_str("\n  Nothing can be done in this session: see what was left out.")?;
        }
        for c in self.unaddressed {
            write!(f, "\n  Not addressed: {}.", c.label())?;
        }
        for t in &self.techniques {
            write!(
                f,
                "\n  {}. {} ({} min) at ",
                t.rank,
                t.technique.label(),
                t.minutes
            )?;
            lower_first(f, t.pressure.label())?;
            f.write_str(" pressure on")?;
            let rest = RegionSet::all() - t.regions;
            if rest.is_empty() {
                f.write_str(" the whole body")?;
            } else if rest == self.avoid {
                f.write_str(" the whole body except the regions to avoid")?;
            } else if rest.len() < t.regions.len() {
                f.write_str(" the whole body except")?;
                for (i, r) in rest.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { ", " })?;
                    lower_first(f, r.label())?;
                }
            } else {
                for (i, r) in t.regions.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { ", " })?;
                    lower_first(f, r.label())?;
                }
            }
            if t.pressures.len() > 1 {
                f.write_str("; by region:")?;
                for (i, p) in t.pressures.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { "; " })?;
                    lower_first(f, p.pressure.label())?;
                    f.write_str(" on")?;
                    for (j, r) in p.regions.iter().enumerate() {
                        f.write_str(if j == 0 { " " } else { ", " })?;
                        lower_first(f, r.label())?;
                    }
                }
                f.write_str(";")?;
            }
            for (i, tool) in t.tools.iter().enumerate() {
                f.write_str(if i == 0 { " with " } else { " and " })?;
                lower_first(f, tool.label())?;
            }
            for w in &t.withheld_tools {
                write!(
                    f,
                    " (no {}: {}, {})",
                    w.tool.label().to_lowercase(),
                    w.because,
                    w.seed
                )?;
            }
            if t.first_choice {
                f.write_str(" (first choice in pregnancy, L69)")?;
            }
            // The score ranks the techniques: 2 points for each need the seed ties the
            // technique to in so many words, 1 for each it supports.
            write!(f, "\n     for ")?;
            for (i, a) in t.addresses.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let (label, strength) = match (a.need, a.strength) {
                    (Need::Condition(c), s) => (c.label(), s),
                    (Need::Goal(g), s) => (g.label(), s),
                };
                f.write_str(sep)?;
                lower_first(f, label)?;
                let how = match strength {
                    Strength::Primary => "named",
                    Strength::Supporting => "supported",
                };
                write!(f, " ({how}, {})", a.seed)?;
            }
            write!(
                f,
                "; score {} (2 per need the seed names it for, 1 per need it supports)",
                t.score
            )?;
        }
        let relevant = self
            .excluded
            .iter()
            .filter(|e| !matches!(e.exclusion, Exclusion::NotForClient));
        for e in relevant {
            write!(
                f,
                "\n  Left out: {}: {} ({})",
                e.technique.label(),
                e.exclusion,
                e.seed
            )?;
        }
        Ok(())
    }
}
