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
    pub(crate) fn weigh(
        &self,
        present: ContraindicationSet,
    ) -> (ContraindicationSet, ContraindicationSet) {
        let mut pending = present;
        let mut local = ContraindicationSet::empty();
        let mut approval = ContraindicationSet::empty();
        for row in &self.contraindications {
            // Most rows are not for a contraindication present: one test each.
            if !pending.contains(row.contraindication) {
                continue;
            }
            pending.remove(row.contraindication);
            match row.severity {
                Severity::Local => local |= row.contraindication,
                Severity::NeedsApproval => approval |= row.contraindication,
                Severity::NotPermitted => {}
            }
            if pending.is_empty() {
                break;
            }
        }
        let regional = !Contraindication::WHOLE_CLIENT;
        let needs_approval = (approval | (local - regional)) & Contraindication::APPROVABLE;
        (
            needs_approval,
            present - (local & regional) - needs_approval,
        )
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
