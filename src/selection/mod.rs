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

mod display;
mod precautions;
mod rank;

use precautions::precautions;
pub use precautions::{AppliedPrecaution, Exclusion, Precaution, WithheldTool};
use rank::{Admitted, exclude, exclusion_seed};

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
    pub avoid: RegionSet,
    /// Planned as the protocol's general session: the client named no condition and no
    /// goal, so the session serves the protocol's general goals.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub general_session: bool,
    /// The client's conditions no planned technique addresses (their regions may all be
    /// to avoid, or no technique fits them): the course does not follow them.
    #[serde(default, skip_serializing_if = "ConditionSet::is_empty")]
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

    // One pass over the pairings that meet the client's needs: what each technique
    // addresses for this client. Which pairings those are, a validated protocol says
    // need by need; otherwise each pairing is asked.
    let mut tallies = [Tally::default(); Technique::COUNT];
    // Which pairings meet the client's needs, as a bit per pairing for each technique,
    // noted in the same pass, 64 pairings a word (a protocol with more than 128 pairings
    // notes the rest in a list); only the techniques kept in the plan get a list of their
    // own.
    let mut matched = [[0u64; 2]; Technique::COUNT];
    let mut spilled: Vec<usize> = Vec::new();
    let mut note = |p: &Pairing, word: usize, bit: usize| {
        let code = p.technique.code() as usize;
        let t = &mut tallies[code];
        t.score = t.score.saturating_add(p.strength.points());
        match p.need {
            Need::Condition(c) => t.conditions |= c,
            Need::Goal(g) => t.goals |= g,
        }
        match matched[code].get_mut(word) {
            Some(bits) => *bits |= 1 << bit,
            None => spilled.push(word * 64 + bit),
        }
    };
    match clearance.needs() {
        Some(index) => {
            let needs = Need::word(conditions, goals);
            for (word, chunk) in rules.pairings.chunks(64).enumerate() {
                let mut hits = index.hits(needs, word);
                while hits != 0 {
                    let bit = hits.trailing_zeros() as usize;
                    hits &= hits - 1;
                    if let Some(p) = chunk.get(bit) {
                        note(p, word, bit);
                    }
                }
            }
        }
        None => {
            // Asked through the client's sets rather than `needs` and `Need::bit`: the
            // same answer (the property test and the fuzz oracle hold the two paths
            // together), 7-9% faster a plan in turn.
            let client = Tally {
                conditions,
                goals,
                ..Tally::default()
            };
            for (word, chunk) in rules.pairings.chunks(64).enumerate() {
                for (bit, p) in chunk.iter().enumerate() {
                    if client.has(p.need) {
                        note(p, word, bit);
                    }
                }
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
    let mut excluded: Vec<ExcludedTechnique> = Vec::with_capacity(Technique::COUNT);
    let mut in_protocol = TechniqueSet::empty();
    // The techniques that may be done, and where: ranked before any is written out, so
    // that only those within the protocol's limit are given pressures and tools, and the
    // ranking moves these small entries, not whole planned techniques.
    let mut admitted: arrayvec::ArrayVec<(&TechniqueRule, Admitted), { Technique::COUNT }> =
        arrayvec::ArrayVec::new();
    for row in &rules.techniques {
        let technique = row.technique;
        if !in_protocol.insert(technique) {
            continue; // a duplicate row, which validation rejects: the first one counts
        }
        let code = technique.code() as usize;
        match context.admit(row, tallies[code]) {
            // Each technique once (above), so there is room.
            Ok(at) => admitted.push((row, at)),
            Err(exclusion) => {
                let seed = exclusion_seed(&exclusion, row, &precautions);
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

    // A first choice (prenatal massage for an approved pregnant client) ranks first, then
    // the score, the conditions addressed and the technique's code: a total order, as a
    // technique is admitted at most once. Each technique's place in that order is one
    // number, worked out once, with the technique's place in `admitted` below it.
    let mut order: arrayvec::ArrayVec<u64, { Technique::COUNT }> = admitted
        .iter()
        .enumerate()
        .map(|(i, (row, _))| {
            let t = row.technique;
            let tally = &tallies[t.code() as usize];
            u64::from(!first_choice.contains(t)) << 56
                | u64::from(u16::MAX - tally.score) << 32
                | (255 - tally.conditions.len() as u64) << 16
                | u64::from(t.code()) << 8
                | i as u64
        })
        .collect();
    order.sort_unstable();
    let admitted = order.iter().map(|&key| admitted[(key & 0xff) as usize]);
    let keep = usize::from(rules.max_techniques).min(order.len());
    let mut candidates: Vec<PlannedTechnique> = Vec::with_capacity(keep);
    for (i, (row, at)) in admitted.enumerate() {
        let rank = u8::try_from(i + 1).unwrap_or(u8::MAX);
        let technique = row.technique;
        if i >= keep {
            excluded.push(exclude(
                technique,
                Exclusion::BelowLimit { rank },
                RuleId::Pairing.seed(),
            ));
            continue;
        }
        // Written straight into its place in the list: built aside and moved in, its
        // one-byte fields, stored one by one, were read back at once as wider words for
        // the move, which stalled it.
        candidates.push(rank::BLANK);
        let planned = &mut candidates[i];
        context.finish(row, tallies[technique.code() as usize], at, planned);
        planned.rank = rank;
        planned.first_choice = first_choice.contains(technique);
    }
    for planned in &mut candidates {
        let words = matched[planned.technique.code() as usize];
        let addressed = |p: &Pairing| Addressed {
            need: p.need,
            strength: p.strength,
            seed: p.seed,
        };
        let mut addresses = Vec::with_capacity(words.iter().map(|w| w.count_ones() as usize).sum());
        for (word, mut bits) in words.into_iter().enumerate() {
            while bits != 0 {
                let i = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                addresses.push(addressed(&rules.pairings[i]));
            }
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
    // Each technique is excluded at most once: the order is total.
    excluded.sort_unstable_by_key(|e| e.technique);
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
