//! Screening: an intake and a protocol become cleared, cleared with regions to avoid,
//! needs physician approval, or not permitted, with the reasons why.

use std::fmt;

use serde::{Deserialize, Serialize};
use strum::EnumCount;

use crate::intake::{Intake, IntakeError, ValidIntake};
use crate::protocol::{NeedIndex, Protocol, ProtocolRef, ProtocolStamp, rule_of};
use crate::seed::SeedLines;
use crate::vocabulary::{
    Answer, BodyRegion, Condition, Contraindication, ContraindicationSet, Question, QuestionSet,
    RegionSet, RuleId,
};

mod display;
mod json;

pub(crate) use json::write_json;

/// The outcome of screening, ordered from most permissive to strictest; this order is
/// the one every "never more permissive" promise is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Massage may go ahead on the whole body.
    Cleared,
    /// Massage may go ahead, avoiding the regions listed.
    Restricted,
    /// Only questions stand in the way: unanswered ones to ask first
    /// ([`Screening::unanswered`]), or answers that contradict each other to resolve
    /// ([`Screening::contradicted`]). Nothing known about the client rules massage out or
    /// needs an approval not on file; an unknown answer is never read as "no", and never
    /// as a diagnosis either. When what is known already decides a stricter outcome, that
    /// outcome stands and the questions are listed beside it.
    NeedsAnswers,
    /// A physician's approval is needed first, for the contraindications listed.
    NeedsApproval,
    /// No massage: a contraindication or the practitioner rules it out.
    NotPermitted,
}

impl Outcome {
    /// Whether a session may be planned (cleared, or cleared with regions to avoid).
    pub fn allows_session(self) -> bool {
        self <= Outcome::Restricted
    }

    /// The outcome's snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Cleared => "cleared",
            Outcome::Restricted => "restricted",
            Outcome::NeedsAnswers => "needs_answers",
            Outcome::NeedsApproval => "needs_approval",
            Outcome::NotPermitted => "not_permitted",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The regions on which each regional contraindication was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FindingRegions([RegionSet; Contraindication::COUNT]);

impl FindingRegions {
    /// The regions where `contraindication` was found.
    pub fn get(&self, contraindication: Contraindication) -> RegionSet {
        self.0[contraindication.code() as usize]
    }

    /// Records a finding on some regions.
    pub(crate) fn insert(&mut self, contraindication: Contraindication, regions: RegionSet) {
        self.0[contraindication.code() as usize] |= regions;
    }

    /// The contraindications found, each with its regions, in code order.
    pub fn iter(&self) -> impl Iterator<Item = (Contraindication, RegionSet)> + '_ {
        Contraindication::ALL
            .iter()
            .map(|&c| (c, self.get(c)))
            .filter(|(_, r)| !r.is_empty())
    }

    /// The contraindications found anywhere.
    pub fn contraindications(&self) -> ContraindicationSet {
        self.iter().map(|(c, _)| c).collect()
    }

    /// Every region with a finding.
    pub fn regions(&self) -> RegionSet {
        self.0.iter().fold(RegionSet::empty(), |acc, r| acc | *r)
    }
}

impl Serialize for FindingRegions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for FindingRegions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map =
            std::collections::BTreeMap::<Contraindication, RegionSet>::deserialize(deserializer)?;
        let mut out = FindingRegions::default();
        for (c, regions) in map {
            out.0[c.code() as usize] = regions;
        }
        Ok(out)
    }
}

/// The result of screening an intake: a plain `Copy` value, made without allocating.
///
/// Its [`reasons`](Screening::reasons) are derived from its sets, so a stored screening
/// always explains itself. In JSON it carries the reasons as well.
///
/// ```
/// use massage_rules::{screen, Intake, Outcome, Protocol};
/// use massage_rules::vocabulary::RuleId;
/// let intake: Intake = serde_json::from_str(r#"{
///     "assessed_on": "2026-11-27", "age": 34, "pregnant": "no",
///     "findings": [{"contraindication": "open_wound",
///                   "location": {"part": "forearm", "side": "left"}}],
///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
/// }"#)?;
/// let screening = screen(&Protocol::seed(), &intake)?;
/// assert_eq!(screening.outcome, Outcome::Restricted);
/// let reason = screening.reasons().next().unwrap();
/// assert_eq!(reason.rule, RuleId::Local);
/// assert_eq!(reason.seed.to_string(), "L137");
/// assert_eq!(reason.to_string(),
///     "R-local L137 \"any area of the body that has an open wound or abrasion\" [seed@4]: \
///      Open wound or abrasion on left forearm: avoid this region");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screening {
    /// The protocol that decided.
    pub protocol: ProtocolStamp,
    /// The outcome.
    pub outcome: Outcome,
    /// Regions not to massage: every region with a finding.
    pub avoid: RegionSet,
    /// Where each regional contraindication was found.
    pub findings: FindingRegions,
    /// Contraindications that need a physician's approval not on file (or expired).
    pub approval_needed: ContraindicationSet,
    /// Contraindications that needed approval and have a valid one on file.
    pub approval_on_file: ContraindicationSet,
    /// Contraindications whose approval on file expired before the assessment.
    pub approval_expired: ContraindicationSet,
    /// Contraindications that rule massage out under this protocol.
    pub not_permitted: ContraindicationSet,
    /// Practitioner requirements answered "no" (L182).
    pub practitioner_failed: QuestionSet,
    /// Questions left unknown; each was screened as if the answer were the risky one.
    pub unanswered: QuestionSet,
    /// Questions whose answers contradict other answers of the intake
    /// ([`Intake::contradictions`]); each was screened the stricter way.
    pub contradicted: QuestionSet,
}

/// What a reason did to the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Effect {
    /// The region is not massaged.
    Avoid,
    /// A physician's approval is needed.
    NeedsApproval,
    /// An approval was on file but expired before the assessment.
    ApprovalExpired,
    /// A valid approval is on file, so this does not hold the session back.
    ApprovalOnFile,
    /// Massage is not permitted.
    NotPermitted,
    /// The answer is unknown and was screened as the risky answer.
    Unanswered,
    /// The answer contradicts another answer of the intake and was screened the stricter
    /// way: a pregnancy answer as unknown, an approval as not on file.
    Contradicted,
    /// No massage today: the session is postponed until it has passed (a fever or a
    /// systemic infection).
    Postponed,
}

impl Effect {
    /// The effect's snake_case name, as JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            Effect::Avoid => "avoid",
            Effect::NeedsApproval => "needs_approval",
            Effect::ApprovalExpired => "approval_expired",
            Effect::ApprovalOnFile => "approval_on_file",
            Effect::NotPermitted => "not_permitted",
            Effect::Unanswered => "unanswered",
            Effect::Contradicted => "contradicted",
            Effect::Postponed => "postponed",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Effect::Avoid => "avoid this region",
            Effect::NeedsApproval => "needs a physician's approval",
            Effect::ApprovalExpired => "the approval on file has expired; needs a new one",
            Effect::ApprovalOnFile => "a valid physician's approval is on file",
            Effect::NotPermitted => "not permitted",
            Effect::Unanswered => "not answered: ask first",
            Effect::Contradicted => {
                "contradicts another answer of the intake, screened the stricter way"
            }
            Effect::Postponed => "no massage today: postpone the session until it has passed",
        }
    }
}

/// One reason behind a screening: the rule, what it concerns, the seed line and the
/// protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    /// The rule family that fired.
    pub rule: RuleId,
    /// What it did.
    pub effect: Effect,
    /// The contraindication concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contraindication: Option<Contraindication>,
    /// The region concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<BodyRegion>,
    /// The intake question concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
    /// The seed lines behind the rule.
    pub seed: SeedLines,
    /// The protocol that applied the rule.
    pub protocol: ProtocolStamp,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Reason {
    /// Writes the reason's sentence, as `Display` does, into any [`fmt::Write`]: a
    /// `String` or a column's buffer takes each piece directly, without a formatter
    /// between (a batch writes a sentence for every reason of every row).
    ///
    /// ```
    /// use massage_rules::{Intake, Protocol, screen};
    /// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
    ///     "pregnant": "no", "findings": [{"contraindication": "open_wound",
    ///     "location": {"part": "forearm", "side": "left"}}], "history": "none",
    ///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
    /// let reason = screen(&Protocol::seed(), &intake)?.reasons().next().unwrap();
    /// let mut sentence = String::new();
    /// reason.write_to(&mut sentence)?;
    /// assert_eq!(sentence, reason.to_string());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_to<W: fmt::Write>(&self, f: &mut W) -> fmt::Result {
        let rule = self.rule.label().split(':').next().unwrap_or_default();
        f.write_str(rule)?;
        f.write_str(" ")?;
        self.seed.write_to(f)?;
        if let Some(words) = self.seed.quote() {
            f.write_str(" \"")?;
            f.write_str(words)?;
            f.write_str("\"")?;
        }
        f.write_str(" [")?;
        self.protocol.write_to(f)?;
        f.write_str("]: ")?;
        match (self.contraindication, self.region, self.question) {
            (Some(c), Some(r), _) => {
                f.write_str(c.label())?;
                f.write_str(" on ")?;
                lower_first(f, r.label())?;
                f.write_str(": ")?;
            }
            (Some(c), None, _) => {
                f.write_str(c.label())?;
                f.write_str(": ")?;
            }
            (None, _, Some(q)) => {
                f.write_str(q.label())?;
                f.write_str(if self.effect == Effect::NotPermitted {
                    ": answered no, so "
                } else {
                    ": "
                })?;
            }
            _ => {}
        }
        f.write_str(self.effect.describe())
    }
}

/// Writes a label with its first letter in lower case ("left forearm").
pub(crate) fn lower_first(f: &mut impl fmt::Write, label: &str) -> fmt::Result {
    let mut chars = label.chars();
    if let Some(first) = chars.next() {
        for c in first.to_lowercase() {
            f.write_char(c)?;
        }
    }
    f.write_str(chars.as_str())
}

/// Screens an intake under a protocol. Allocates nothing when the intake is valid.
///
/// An invalid intake is reported with every problem at once. Unknown answers are screened
/// as the risky answer: an unknown age as both a minor and an older adult, an unknown
/// pregnancy as a pregnancy, an unknown licence or training as missing. An unknown age or
/// pregnancy keeps the outcome at [`Outcome::NeedsApproval`] or stricter even when an
/// approval on file covers it: the question must be answered (R-disclosure, L142).
/// Contradictory answers ([`Intake::contradictions`]) are read the stricter way: a
/// pregnancy answer in doubt as unknown (and the outcome not cleared until it is
/// resolved), an approval that expires before it was given as not on file.
///
/// ```
/// use massage_rules::{screen, Intake, Outcome, Protocol};
/// use massage_rules::vocabulary::{BodyRegion, Contraindication, ContraindicationSet};
/// let intake = Intake::from_json(r#"{
///     "assessed_on": "2026-11-27", "age": 70, "pregnant": "no",
///     "findings": [{"contraindication": "blood_clot", "location": {"part": "leg", "side": "left"}}],
///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
/// }"#)?;
/// // The seed: an older adult needs approval (L134), the clotted leg is avoided (L139).
/// let seed = screen(&Protocol::seed(), &intake)?;
/// assert_eq!(seed.outcome, Outcome::NeedsApproval);
/// assert_eq!(seed.approval_needed, ContraindicationSet::only(Contraindication::OlderAdult));
/// assert!(seed.avoid.contains(BodyRegion::LeftFoot));
/// // Conservative: the clot needs a physician's approval as well.
/// let conservative = screen(&Protocol::conservative(), &intake)?;
/// assert!(conservative.approval_needed.contains(Contraindication::BloodClot));
/// for reason in conservative.reasons() {
///     println!("{reason}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn screen(protocol: &Protocol, intake: &Intake) -> Result<Screening, IntakeError> {
    Ok(screen_valid(protocol, intake.validated()?))
}

/// [`screen`] for an intake validated once ([`Intake::validated`]), for callers that
/// screen one intake under several protocols or screen it again: it skips the checks.
/// The protocol is a `&Protocol`, or a `&`[`ValidProtocol`](crate::protocol::ValidProtocol)
/// ([`Protocol::validated`]) for callers that screen many intakes under one protocol:
/// its table was weighed once, and each intake is screened from masks. Both give the
/// same screening.
///
/// ```
/// use massage_rules::{Intake, Protocol};
/// use massage_rules::screening::screen_valid;
/// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
///     "pregnant": "no", "findings": [],
///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// let valid = intake.validated()?;
/// let seed = screen_valid(&Protocol::seed(), valid);
/// let conservative = screen_valid(&Protocol::conservative(), valid);
/// assert_eq!(seed.outcome, conservative.outcome);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[inline]
pub fn screen_valid<'p>(protocol: impl ProtocolRef<'p>, intake: ValidIntake<'_>) -> Screening {
    let intake = intake.intake();
    let weighing = protocol;
    let protocol = weighing.protocol();
    let rules = &protocol.screening;
    // Everything is gathered in locals and the screening written once at the end, so the
    // answer is stored straight where the caller wants it.
    let contradicted = intake.contradicted();
    let mut unanswered = QuestionSet::empty();
    let mut present = ContraindicationSet::empty();
    match intake.age {
        // Unknown: a question to ask, not a finding of either contraindication.
        None => unanswered |= Question::Age,
        Some(age) => {
            if age < rules.minor_under {
                present |= Contraindication::Minor;
            }
            if age >= rules.older_adult_from {
                present |= Contraindication::OlderAdult;
            }
        }
    }
    match intake.pregnant {
        Answer::Yes => present |= Contraindication::Pregnancy,
        // A "no" that contradicts the rest of the intake is read as unknown.
        Answer::No if contradicted.contains(Question::Pregnancy) => {
            present |= Contraindication::Pregnancy;
        }
        // Unknown, but a condition of pregnancy is recorded: the intake itself says so.
        Answer::Unknown
            if intake
                .conditions
                .iter()
                .any(|c| c.condition == Condition::PregnancyDiscomfort) =>
        {
            unanswered |= Question::Pregnancy;
            present |= Contraindication::Pregnancy;
        }
        Answer::Unknown => unanswered |= Question::Pregnancy,
        Answer::No => {}
    }
    // A fever or a systemic infection postpones the session (L135 for the whole body);
    // unknown is a question to ask before any session.
    match intake.history.fever {
        Answer::Yes => present |= Contraindication::Fever,
        Answer::Unknown => unanswered |= Question::Fever,
        Answer::No => {}
    }
    let mut findings = FindingRegions::default();
    let mut avoid = RegionSet::empty();
    for finding in &intake.findings {
        if let Some(location) = finding.location {
            let regions = location.regions();
            findings.insert(finding.contraindication, regions);
            avoid |= regions;
            if !regions.is_empty() {
                present |= finding.contraindication;
            }
        }
    }

    // Nothing present (the common case of an adult with no findings): nothing to weigh.
    let (mut approval_needed, mut approval_on_file, mut approval_expired, mut not_permitted) =
        Default::default();
    if !present.is_empty() {
        let (needs, ruled_out) = weighing.weigh(present);
        let (approved, expired) = intake.approvals_on_assessment_day();
        approval_on_file = needs & approved;
        approval_needed = needs - approved;
        approval_expired = approval_needed & expired;
        not_permitted = ruled_out;
    }

    let practitioner = &intake.practitioner;
    let mut practitioner_failed = QuestionSet::empty();
    let checks = [
        (
            rules.require_licence,
            practitioner.licensed,
            Question::Licence,
        ),
        (
            rules.require_medical_training,
            practitioner.medical_massage_trained,
            Question::MedicalMassageTraining,
        ),
    ];
    for (required, answer, question) in checks {
        match (required, answer) {
            (true, Answer::No) => practitioner_failed |= question,
            (true, Answer::Unknown) => unanswered |= question,
            _ => {}
        }
    }

    // R-disclosure (L142): an unknown answer never lets an intake be cleared, even when an
    // approval on file happens to cover what it might hide; it is a question to ask, and
    // names no contraindication the client was not found to have. What is known decides
    // first: a stricter outcome it gives stands, with the questions listed beside it.
    // Answers that contradict each other are read the stricter way (an approval needed).
    // A contradicted answer was read the stricter way (a pregnancy in doubt is a
    // pregnancy, an approval that contradicts itself none), so what it implies is weighed
    // above; the answer itself is a question to resolve before any session.
    let client_contradicted = contradicted & (Question::Age | Question::Pregnancy);
    let outcome = if !practitioner_failed.is_empty() || !not_permitted.is_empty() {
        Outcome::NotPermitted
    } else if !approval_needed.is_empty() {
        Outcome::NeedsApproval
    } else if !unanswered.is_empty() || !client_contradicted.is_empty() {
        Outcome::NeedsAnswers
    } else if !avoid.is_empty() {
        Outcome::Restricted
    } else {
        Outcome::Cleared
    };
    Screening {
        protocol: protocol.stamp(),
        outcome,
        avoid,
        findings,
        approval_needed,
        approval_on_file,
        approval_expired,
        not_permitted,
        practitioner_failed,
        unanswered,
        contradicted,
    }
}

impl Screening {
    /// Whether `self` is at least as strict as `other`: an outcome no more permissive, and
    /// no fewer regions to avoid, approvals needed or contraindications ruling massage out.
    /// This is the order the monotonicity properties are stated in.
    pub fn is_at_least_as_strict_as(&self, other: &Screening) -> bool {
        self.outcome >= other.outcome
            && self.avoid.is_superset(other.avoid)
            && (self.approval_needed | self.not_permitted)
                .is_superset(other.approval_needed | other.not_permitted)
    }

    /// The regions that may be massaged.
    pub fn allowed_regions(&self) -> RegionSet {
        !self.avoid
    }

    /// Every reason behind the decision, derived from its sets, without allocating:
    /// regions to avoid, approvals needed, expired or on file, contraindications that rule
    /// massage out, practitioner requirements not met, and unknown answers.
    pub fn reasons(&self) -> impl Iterator<Item = Reason> + use<> {
        let s = *self;
        let stamp = s.protocol;
        let reason =
            move |rule: RuleId, effect, c: Option<Contraindication>, q: Option<Question>| Reason {
                rule,
                effect,
                contraindication: c,
                region: None,
                question: q,
                seed: c.map_or(rule.seed(), Contraindication::seed),
                protocol: stamp,
            };
        let local = Contraindication::ALL.iter().flat_map(move |&c| {
            s.findings.get(c).iter().map(move |region| Reason {
                region: Some(region),
                ..reason(rule_of(c), Effect::Avoid, Some(c), None)
            })
        });
        let approvals = s.approval_needed.iter().map(move |c| {
            let effect = if s.approval_expired.contains(c) {
                Effect::ApprovalExpired
            } else {
                Effect::NeedsApproval
            };
            reason(rule_of(c), effect, Some(c), None)
        });
        let on_file = s
            .approval_on_file
            .iter()
            .map(move |c| reason(rule_of(c), Effect::ApprovalOnFile, Some(c), None));
        let not_permitted = s.not_permitted.iter().map(move |c| {
            let effect = if c == Contraindication::Fever {
                Effect::Postponed
            } else {
                Effect::NotPermitted
            };
            reason(rule_of(c), effect, Some(c), None)
        });
        let practitioner = s
            .practitioner_failed
            .iter()
            .map(move |q| reason(RuleId::Practitioner, Effect::NotPermitted, None, Some(q)));
        let unanswered = s
            .unanswered
            .iter()
            .map(move |q| reason(RuleId::Disclosure, Effect::Unanswered, None, Some(q)));
        let contradicted = s
            .contradicted
            .iter()
            .map(move |q| reason(RuleId::Disclosure, Effect::Contradicted, None, Some(q)));
        local
            .chain(approvals)
            .chain(on_file)
            .chain(not_permitted)
            .chain(practitioner)
            .chain(unanswered)
            .chain(contradicted)
    }
}

/// An intake screened under a protocol: the screening, with the intake and the protocol it
/// belongs to. The intake was validated and screened once, here; what follows (a session
/// plan, a course) starts from a [`Clearance`] this value hands out, so nothing downstream
/// screens again or trusts a screening of another intake.
///
/// ```
/// use massage_rules::{Intake, Outcome, Protocol, Screened};
/// let protocol = Protocol::seed();
/// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
///     "pregnant": "no", "findings": [],
///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// let screened = Screened::new(&protocol, &intake)?;
/// assert_eq!(screened.screening().outcome, Outcome::Cleared);
/// let clearance = screened.clearance()?;
/// let session = massage_rules::plan(&clearance);
/// assert!(session.general_session);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Screened<'a> {
    protocol: &'a Protocol,
    /// The pairings each need meets, when the protocol came validated.
    needs: Option<&'a NeedIndex>,
    intake: &'a Intake,
    screening: Screening,
}

impl<'a> Screened<'a> {
    /// Validates the intake and screens it under the protocol (every problem of an invalid
    /// intake at once). For a protocol validated once ([`Protocol::validated`]), whose
    /// tables are then read once for screening and for planning the session:
    /// [`Screened::valid`].
    pub fn new(protocol: &'a Protocol, intake: &'a Intake) -> Result<Self, IntakeError> {
        Ok(Screened::valid(protocol, intake.validated()?))
    }

    /// Screens an intake validated once, without checking it again. The protocol is a
    /// `&Protocol`, or a `&`[`ValidProtocol`](crate::protocol::ValidProtocol) whose tables
    /// were read once, for screening and for planning the session; both decide alike.
    ///
    /// ```
    /// use massage_rules::{plan, Intake, Protocol, Screened};
    /// let protocol = Protocol::seed();
    /// let valid = protocol.validated()?;
    /// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
    ///     "pregnant": "no", "findings": [], "goals": ["relaxation"], "history": "none",
    ///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
    /// let by_index = Screened::valid(&valid, intake.validated()?);
    /// let by_rows = Screened::new(&protocol, &intake)?;
    /// assert_eq!(plan(&by_index.clearance()?), plan(&by_rows.clearance()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn valid<'p: 'a>(protocol: impl ProtocolRef<'p>, intake: ValidIntake<'a>) -> Self {
        Screened {
            protocol: protocol.protocol(),
            needs: protocol.needs(),
            intake: intake.intake(),
            screening: screen_valid(protocol, intake),
        }
    }

    /// The screening.
    pub fn screening(&self) -> &Screening {
        &self.screening
    }

    /// The intake it screened.
    pub fn intake(&self) -> &'a Intake {
        self.intake
    }

    /// The protocol it screened under.
    pub fn protocol(&self) -> &'a Protocol {
        self.protocol
    }

    /// The pairings each need meets, when the protocol came validated.
    pub(crate) fn needs(&self) -> Option<&'a NeedIndex> {
        self.needs
    }

    /// The proof that a session may be planned, when the outcome is cleared or
    /// restricted; otherwise the outcome, whose reasons say what is needed.
    pub fn clearance(&self) -> Result<Clearance<'a>, ClearanceError> {
        if self.screening.outcome.allows_session() {
            Ok(Clearance(*self))
        } else {
            Err(ClearanceError {
                outcome: self.screening.outcome,
            })
        }
    }
}

/// Proof that an intake was screened under a protocol and may have a session (cleared, or
/// cleared with regions to avoid). Only [`Screened::clearance`] makes one; planning a
/// session ([`plan`](crate::plan)) and starting a course
/// ([`Course::start`](crate::Course::start)) take it. It reads as the [`Screened`] it
/// came from (`clearance.screening()`, `.intake()`, `.protocol()`).
#[derive(Debug, Clone, Copy)]
pub struct Clearance<'a>(Screened<'a>);

impl<'a> std::ops::Deref for Clearance<'a> {
    type Target = Screened<'a>;

    fn deref(&self) -> &Screened<'a> {
        &self.0
    }
}

/// The screening does not allow a session; its reasons say what is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no session: the screening outcome is {outcome}")]
pub struct ClearanceError {
    /// The outcome.
    pub outcome: Outcome,
}
