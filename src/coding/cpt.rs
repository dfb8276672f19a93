//! CPT codes and billable units for a planned session.
//!
//! CPT codes are facts of the code set; the descriptions here are our own short words (the
//! AMA's descriptors are not reproduced). Which technique bills as which code is ours.

use serde::{Deserialize, Serialize};

use crate::vocabulary::{Technique, TechniqueSet, Tool, ToolSet};

/// One CPT code of the table, and what bills as it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CptRow {
    /// The code.
    pub code: &'static str,
    /// Our words for it.
    pub description: &'static str,
    /// Whether it is billed by time (in 15-minute units), or once per session.
    pub timed: bool,
    /// The techniques billed as it.
    pub techniques: TechniqueSet,
    /// The tools billed as it (untimed: hot or cold packs).
    pub tools: ToolSet,
}

/// The CPT table (ours: the mapping; the codes are the code set's).
pub const CPT: &[CptRow] = &[
    CptRow {
        code: "97124",
        description: "massage: effleurage, petrissage, tapotement and the like, each 15 minutes",
        timed: true,
        techniques: TechniqueSet::from_set(enumset::enum_set!(
            Technique::Swedish
                | Technique::DeepTissue
                | Technique::SportsMassage
                | Technique::PrenatalMassage
                | Technique::Reflexology
                | Technique::Acupressure
        )),
        tools: ToolSet::empty(),
    },
    CptRow {
        code: "97140",
        description: "manual therapy: soft-tissue mobilisation, myofascial release, manual \
                      lymphatic drainage and the like, each 15 minutes",
        timed: true,
        techniques: TechniqueSet::from_set(enumset::enum_set!(
            Technique::MyofascialRelease
                | Technique::TriggerPointTherapy
                | Technique::NeuromuscularTherapy
                | Technique::CraniosacralTherapy
                | Technique::LymphaticDrainage
                | Technique::CuppingTherapy
                | Technique::ActiveReleaseTechnique
                | Technique::Stretching
        )),
        tools: ToolSet::empty(),
    },
    CptRow {
        code: "97010",
        description: "hot or cold packs, once per session (untimed)",
        timed: false,
        techniques: TechniqueSet::empty(),
        tools: ToolSet::from_set(enumset::enum_set!(Tool::HotStones | Tool::ColdStones)),
    },
];

/// The row a technique bills as.
pub fn cpt_for_technique(technique: Technique) -> Option<&'static CptRow> {
    CPT.iter().find(|r| r.techniques.contains(technique))
}

/// The row a tool bills as, if any.
pub fn cpt_for_tool(tool: Tool) -> Option<&'static CptRow> {
    CPT.iter().find(|r| r.tools.contains(tool))
}

/// How timed minutes become units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum UnitRule {
    /// The CMS "8-minute rule" (Medicare Claims Processing Manual, Pub. 100-04, ch. 5,
    /// §20.2): the total timed minutes of the day give the units (8-22 one, 23-37 two, each
    /// 15 more one more), assigned to codes by their full 15-minute units first, then to
    /// the codes with the most minutes left.
    Cms,
    /// The per-code "substantial portion" (midpoint) rule: each code on its own, one unit
    /// per 15 minutes and one more for 8 or more minutes left.
    Midpoint,
}

/// Units the CMS rule allows for a day's total timed minutes: 0 below 8, then one per 15
/// minutes, the last from its 8th minute.
///
/// ```
/// use massage_rules::coding::cms_total_units;
/// assert_eq!([7, 8, 22, 23, 37, 38, 52, 53].map(cms_total_units), [0, 1, 1, 2, 2, 3, 3, 4]);
/// ```
pub fn cms_total_units(total_minutes: u32) -> u32 {
    if total_minutes < 8 {
        0
    } else {
        (total_minutes - 8) / 15 + 1
    }
}

/// Units of one code under the midpoint rule.
pub fn midpoint_units(minutes: u32) -> u32 {
    (minutes + 7) / 15
}

/// Units per code for minutes per code (in the order given) under a rule. Under the CMS
/// rule, codes with equal minutes left take the extra unit in the order given.
///
/// ```
/// use massage_rules::coding::{units, UnitRule};
/// // Pub. 100-04 ch. 5 §20.2: 33 minutes of 97110 and 7 of 97140 are 40 minutes, three
/// // units: two of 97110 and one of 97140, whose 7 minutes beat 97110's 3 left over.
/// assert_eq!(units(&[33, 7], UnitRule::Cms), [2, 1]);
/// assert_eq!(units(&[33, 7], UnitRule::Midpoint), [2, 0]);
/// ```
pub fn units(minutes: &[u32], rule: UnitRule) -> Vec<u32> {
    match rule {
        UnitRule::Midpoint => minutes.iter().map(|&m| midpoint_units(m)).collect(),
        UnitRule::Cms => {
            let total = cms_total_units(minutes.iter().sum());
            let mut out: Vec<u32> = minutes.iter().map(|m| m / 15).collect();
            let full: u32 = out.iter().sum();
            let mut left: Vec<(u32, usize)> = minutes
                .iter()
                .enumerate()
                .map(|(i, m)| (m % 15, i))
                .collect();
            left.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for &(_, i) in left.iter().take(total.saturating_sub(full) as usize) {
                out[i] += 1;
            }
            out
        }
    }
}
