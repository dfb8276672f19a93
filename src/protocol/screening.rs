//! The screening part of a protocol: how each contraindication weighs, age limits and
//! the practitioner's requirements (L130-140, L182).

use serde::{Deserialize, Serialize};

use crate::vocabulary::{Contraindication, ContraindicationSet, RuleId};

/// How strongly a contraindication weighs, ordered from least to most strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// A screening table weighed once: the contraindications its first rows mark local, and
/// those they mark as needing an approval. Every other one, whether its row rules massage
/// out or it has no row, is not permitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Weights {
    local: ContraindicationSet,
    approval: ContraindicationSet,
}

impl Weights {
    /// What [`ScreeningRules::weigh`] finds, from the masks alone.
    #[inline]
    pub(crate) fn weigh(
        self,
        present: ContraindicationSet,
    ) -> (ContraindicationSet, ContraindicationSet) {
        judge(present, present & self.local, present & self.approval)
    }
}

/// The contraindications present that need an approval, and those that rule massage out,
/// given which of them their rows mark local and which as needing an approval. A
/// whole-client one marked local (no region to avoid) needs an approval; what no approval
/// can cover (a fever postpones the session) is never approved away, whatever a row says.
#[inline]
fn judge(
    present: ContraindicationSet,
    local: ContraindicationSet,
    approval: ContraindicationSet,
) -> (ContraindicationSet, ContraindicationSet) {
    let regional = !Contraindication::WHOLE_CLIENT;
    let needs_approval = (approval | (local - regional)) & Contraindication::APPROVABLE;
    (
        needs_approval,
        present - (local & regional) - needs_approval,
    )
}

pub(crate) fn rule_of(contraindication: Contraindication) -> RuleId {
    match contraindication {
        Contraindication::Minor | Contraindication::OlderAdult => RuleId::Age,
        Contraindication::Pregnancy => RuleId::Pregnancy,
        Contraindication::Fever => RuleId::History,
        _ => RuleId::Local,
    }
}

/// The screening half of a protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

    /// Weighs the contraindications present under the protocol's rows, in one pass that
    /// stops once each has met its row: those that need a physician's approval, and those
    /// that rule massage out. A contraindication without a row is read as strictly as
    /// possible (not permitted), a whole-client one marked local (no region to avoid) as
    /// needing approval, and of repeated rows (which validation rejects) the first counts.
    /// What no approval can cover (a fever postpones the session) is never approved away,
    /// whatever a row says.
    #[inline]
    pub(crate) fn weigh(
        &self,
        present: ContraindicationSet,
    ) -> (ContraindicationSet, ContraindicationSet) {
        self.first_rows(present).weigh(present)
    }

    /// The whole table weighed at once, for screening many intakes under it: what
    /// [`weigh`](Self::weigh) finds, row by row, for any contraindications present.
    pub(crate) fn weights(&self) -> Weights {
        self.first_rows(ContraindicationSet::all())
    }

    /// Which of `wanted` their first rows mark local and which as needing an approval,
    /// reading the rows in order and stopping once each has met its row. Most rows are
    /// not for a contraindication wanted: one test each.
    #[inline]
    fn first_rows(&self, wanted: ContraindicationSet) -> Weights {
        let mut pending = wanted;
        let mut weights = Weights::default();
        for row in &self.contraindications {
            if !pending.contains(row.contraindication) {
                continue;
            }
            pending.remove(row.contraindication);
            match row.severity {
                Severity::Local => weights.local |= row.contraindication,
                Severity::NeedsApproval => weights.approval |= row.contraindication,
                Severity::NotPermitted => {}
            }
            if pending.is_empty() {
                break;
            }
        }
        weights
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Tables of every shape a hand-made protocol can have (rows missing, repeated, in any
    /// order, of any severity), each weighed once into masks and row by row, for every
    /// set of contraindications a client can present: both weigh each one by its first
    /// row, as `severity` finds it.
    #[test]
    fn a_table_weighed_once_agrees_with_its_rows_for_every_set_present() {
        let severities = [
            Severity::Local,
            Severity::NeedsApproval,
            Severity::NotPermitted,
        ];
        let all = Contraindication::ALL;
        // A small linear congruential sequence: the same tables on every run.
        let mut state = 0x2545_f491_u64;
        let mut next = |below: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % below
        };
        for _ in 0..400 {
            let len = next(2 * all.len() + 1);
            let rules = ScreeningRules {
                minor_under: 18,
                older_adult_from: 65,
                require_licence: true,
                require_medical_training: true,
                contraindications: (0..len)
                    .map(|_| ContraindicationRule {
                        contraindication: all[next(all.len())],
                        severity: severities[next(severities.len())],
                        note: None,
                    })
                    .collect(),
            };
            let weights = rules.weights();
            for bits in 0..1u32 << all.len() {
                let present: ContraindicationSet = (all.iter().enumerate())
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, &c)| c)
                    .collect();
                // Each contraindication present as its first row says (`severity`
                // finds it), none at all read as not permitted.
                let marked = |severity| -> ContraindicationSet {
                    present
                        .iter()
                        .filter(|&c| rules.severity(c) == severity)
                        .collect()
                };
                let expected = judge(
                    present,
                    marked(Severity::Local),
                    marked(Severity::NeedsApproval),
                );
                let context = || format!("{present:?} under {:?}", rules.contraindications);
                assert_eq!(weights.weigh(present), expected, "{}", context());
                assert_eq!(rules.weigh(present), expected, "{}", context());
            }
        }
    }
}
