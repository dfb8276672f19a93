//! The selection part of a protocol: techniques, pairings, tools and their safety,
//! pressure caps, pregnancy rules and session lengths.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::seed::SeedLines;
use crate::vocabulary::{
    Acuity, AcuitySet, Condition, ConditionSet, Contraindication, Goal, GoalSet, History, Pressure,
    RegionSet, Technique, TechniqueSet, Tool, ToolSet,
};

/// A need a technique can address: a condition the client presents or a goal they seek.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// A condition, e.g. `{"condition": "chronic_pain"}`.
    Condition(Condition),
    /// A goal, e.g. `{"goal": "relaxation"}`.
    Goal(Goal),
}

impl Need {
    /// The need's bit in a word of needs ([`Need::word`]): a condition's code, or 32 and
    /// a goal's code.
    pub(crate) fn bit(self) -> usize {
        match self {
            Need::Condition(c) => usize::from(c.code()),
            Need::Goal(g) => 32 + usize::from(g.code()),
        }
    }

    /// The client's conditions and goals as one word, a bit a need at [`Need::bit`].
    pub(crate) fn word(conditions: ConditionSet, goals: GoalSet) -> u64 {
        conditions.as_set().as_u64_truncated() | goals.as_set().as_u64_truncated() << 32
    }
}

// Conditions and goals each fit their half of a word of needs.
const _: () = assert!(<Condition as strum::EnumCount>::COUNT <= 32);
const _: () = assert!(<Goal as strum::EnumCount>::COUNT <= 32);

/// The pairings each need meets, found once for a protocol ([`Protocol::validated`]) so
/// that a plan reads which pairings meet a client's needs instead of passing over them
/// all: for each need's bit, a bit per pairing, 64 pairings a word.
///
/// [`Protocol::validated`]: crate::Protocol::validated
#[derive(Debug, Clone)]
pub struct NeedIndex {
    /// Words a need.
    words: usize,
    /// `words` words for each of the 64 bits of a word of needs.
    bits: Vec<u64>,
}

impl NeedIndex {
    pub(crate) fn of(pairings: &[Pairing]) -> NeedIndex {
        let words = pairings.len().div_ceil(64);
        let mut bits = vec![0; 64 * words];
        for (i, p) in pairings.iter().enumerate() {
            bits[p.need.bit() * words + i / 64] |= 1 << (i % 64);
        }
        NeedIndex { words, bits }
    }

    /// The pairings that meet any need of `needs` ([`Need::word`]), in word `word`.
    pub(crate) fn hits(&self, needs: u64, word: usize) -> u64 {
        let mut hits = 0;
        let mut rest = needs;
        while rest != 0 {
            let need = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            hits |= self
                .bits
                .get(need * self.words + word)
                .copied()
                .unwrap_or(0);
        }
        hits
    }
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PressureRange {
    /// The lightest pressure the technique is done at.
    pub min: Pressure,
    /// The firmest pressure the technique is done at.
    pub max: Pressure,
}

/// What a protocol knows of one technique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// What one item of the medical history changes (R-history, L176; the rows are ours). The
/// row applies when the intake answers the item yes or leaves it unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryRule {
    /// The item.
    pub history: History,
    /// Where the row applies when the intake records no place for the item: these
    /// regions, or the whole body when absent. Places the intake records (reduced
    /// sensation, varicose veins) replace them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<RegionSet>,
    /// The most pressure used there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pressure: Option<Pressure>,
    /// Techniques not done there.
    #[serde(default, skip_serializing_if = "TechniqueSet::is_empty")]
    pub excluded_techniques: TechniqueSet,
    /// Tools not used there.
    #[serde(default, skip_serializing_if = "ToolSet::is_empty")]
    pub excluded_tools: ToolSet,
    /// Where the row comes from.
    pub origin: Origin,
    /// Why, in words.
    pub note: String,
}

/// Pressure for an approved minor or older adult (R-age, L134; the cap is ours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgeCap {
    /// `minor` or `older_adult`.
    pub contraindication: Contraindication,
    /// The most pressure used.
    pub max_pressure: Pressure,
    /// Techniques not done.
    #[serde(default, skip_serializing_if = "TechniqueSet::is_empty")]
    pub excluded_techniques: TechniqueSet,
    /// Where the row comes from.
    pub origin: Origin,
    /// Why, in words.
    pub note: String,
}

/// The first session of a course is gentle (R-gentle, L161 "strokes that are gentle"):
/// it starts some levels below the client's ceiling, and a reassessment that shows
/// improvement raises it a level at a time, never above the ceiling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GentleStart {
    /// Levels below the ceiling the first session starts at (0 starts at the ceiling);
    /// never below light.
    pub levels_below: u8,
    /// Where the row comes from.
    pub origin: Origin,
}

/// Time to heal (R-healing, L124, L127; the numbers are ours): a fresh injury gets only
/// gentle work on its region, and a surgical site no scar work until it has healed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HealingRules {
    /// The conditions that are injuries.
    pub injuries: ConditionSet,
    /// Days after the injury (its `onset`) that are its acute window; an injury presented
    /// as acute or recovering with no onset on the intake is read as inside it.
    pub acute_window_days: u16,
    /// The only techniques done on an injured region in its acute window.
    pub acute_techniques: TechniqueSet,
    /// The most pressure on an injured region in its acute window.
    pub acute_max_pressure: Pressure,
    /// The seed lines the acute window is read from (L124: help "patients who have
    /// recently had an injury").
    #[serde(default = "acute_seed")]
    pub acute_seed: SeedLines,
    /// The conditions of a surgical site.
    pub surgical: ConditionSet,
    /// Weeks after the surgery (the condition's `onset`) before scar work on the site; an
    /// unknown day of surgery is read as recent.
    pub scar_work_after_weeks: u16,
    /// The techniques that are scar work.
    pub scar_techniques: TechniqueSet,
    /// The seed lines the time before scar work is read from (L127: "post-operative
    /// care").
    #[serde(default = "scar_work_seed")]
    pub scar_work_seed: SeedLines,
    /// Where the rows come from.
    pub origin: Origin,
    /// Why, in words.
    pub note: String,
}

fn acute_seed() -> SeedLines {
    SeedLines::line(124)
}

fn scar_work_seed() -> SeedLines {
    SeedLines::line(127)
}

/// How a session's minutes are shared among its techniques (R-session-length, L178; the
/// rule is ours): each technique that gets minutes gets at least `min_per_technique`, so
/// a session too short for all of them gives its minutes to as many as fit, best first
/// (the rest get none; a session shorter than the minimum goes to the first), and the
/// rest goes by rank, the first technique weighing most (weights k, k-1, ..., 1 over the
/// k that fit), in whole minutes that sum exactly to the session's length (largest
/// remainders first, ties to the better rank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MinutesRule {
    /// The fewest minutes a technique gets (ours: 8, the least a timed service is billed
    /// for).
    pub min_per_technique: u16,
    /// Where the rule comes from.
    pub origin: Origin,
}

impl MinutesRule {
    /// Shares `total` minutes among `n` techniques, best first. Sums exactly to `total`.
    ///
    /// ```
    /// use massage_rules::protocol::{MinutesRule, Origin};
    /// let rule = MinutesRule { min_per_technique: 8, origin: Origin::Ours };
    /// assert_eq!(rule.allot(60, 3), [26, 20, 14]);
    /// assert_eq!(rule.allot(60, 3).iter().sum::<u16>(), 60);
    /// // Ten minutes fit one technique of at least eight.
    /// assert_eq!(rule.allot(10, 3), [10, 0, 0]);
    /// assert_eq!(rule.allot(20, 3), [11, 9, 0]);
    /// ```
    pub fn allot(&self, total: u16, n: usize) -> Vec<u16> {
        let mut out = vec![0; n];
        self.allot_into(total, &mut out);
        out
    }

    /// [`allot`](MinutesRule::allot) into `shares` (one per technique, best first),
    /// without allocating.
    pub fn allot_into(&self, total: u16, all: &mut [u16]) {
        all.fill(0);
        if all.is_empty() {
            return;
        }
        // As many techniques as can have the minimum each, at least one.
        let fit = match self.min_per_technique {
            0 => all.len(),
            min => usize::from(total / min).clamp(1, all.len()),
        };
        let shares = &mut all[..fit];
        let n = shares.len() as u64;
        let total = u64::from(total);
        let floor = u64::from(self.min_per_technique).min(total / n);
        let rest = total - floor * n;
        // Weights n, n-1, ..., 1: their sum is n(n+1)/2.
        let sum = n * (n + 1) / 2;
        let weight = |i: usize| n - i as u64;
        let mut given = 0;
        for (i, share) in shares.iter_mut().enumerate() {
            let whole = rest * weight(i) / sum;
            given += whole;
            *share = u16::try_from(floor + whole).unwrap_or(u16::MAX);
        }
        // The minutes left (fewer than n) go one each to the largest remainders; on a tie,
        // to the better rank (the first found).
        // A share's remainder, from the share before it took a minute left over (a share
        // is at most `total`, so `floor + whole` was kept exactly): no second division.
        let remainder = |i: usize, share: u16| rest * weight(i) - (u64::from(share) - floor) * sum;
        let mut taken = vec_or_bits(shares.len());
        for _ in 0..rest - given {
            let mut best: Option<(u64, usize)> = None;
            for (i, &share) in shares.iter().enumerate() {
                if !taken.has(i) {
                    let r = remainder(i, share);
                    if best.is_none_or(|(b, _)| r > b) {
                        best = Some((r, i));
                    }
                }
            }
            if let Some((_, i)) = best {
                taken.set(i);
                shares[i] = shares[i].saturating_add(1);
            }
        }
    }
}

/// Which shares took a minute left over: bits for a plan's few techniques, a list beyond.
enum Taken {
    Bits(u64),
    List(Vec<bool>),
}

fn vec_or_bits(n: usize) -> Taken {
    if n <= 64 {
        Taken::Bits(0)
    } else {
        Taken::List(vec![false; n])
    }
}

impl Taken {
    fn has(&self, i: usize) -> bool {
        match self {
            Taken::Bits(bits) => bits & (1 << i) != 0,
            Taken::List(list) => list[i],
        }
    }

    fn set(&mut self, i: usize) {
        match self {
            Taken::Bits(bits) => *bits |= 1 << i,
            Taken::List(list) => list[i] = true,
        }
    }
}

/// Session lengths (ours; the seed asks for a stated duration, L178).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// What each item of the medical history changes; one row per item but `fever`
    /// (which screening weighs).
    pub history: Vec<HistoryRule>,
    /// Pressure for approved minors and older adults.
    pub age_caps: Vec<AgeCap>,
    /// How gently a course starts.
    pub gentle_start: GentleStart,
    /// Time to heal for fresh injuries and surgical sites.
    pub healing: HealingRules,
    /// What a client who names no condition and no goal is planned for.
    pub general_session: GeneralSession,
    /// Rules for pregnant clients.
    pub pregnancy: PregnancyRules,
    /// The most techniques in one session plan (ours: techniques combine, L113, L85).
    pub max_techniques: u8,
    /// How the session's minutes are shared among its techniques.
    pub minutes: MinutesRule,
    /// How long sessions last.
    pub session: SessionLengths,
}

impl SelectionRules {
    /// The row of a technique, if the protocol has one.
    pub fn technique(&self, technique: Technique) -> Option<&TechniqueRule> {
        self.techniques.iter().find(|r| r.technique == technique)
    }
}

impl SelectionRules {
    /// The row of a history item, if the protocol has one.
    pub fn history_rule(&self, history: History) -> Option<&HistoryRule> {
        self.history.iter().find(|r| r.history == history)
    }
}
