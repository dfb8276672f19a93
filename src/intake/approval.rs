//! A physician's approval, and the days it holds.

use super::*;

/// A physician's approval of massage despite some contraindications (L134, L140).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PhysicianApproval {
    /// The contraindications the physician approved massage for.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::Contraindication>")
    )]
    pub covers: ContraindicationSet,
    /// The day the approval was given, when known; it holds from then on. A re-approval
    /// given after the assessment lets a course go on past an earlier approval's end. Also
    /// read as `approved_on` or `issued_on`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date::optional",
        alias = "approved_on",
        alias = "issued_on"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub given_on: Option<Date>,
    /// The last day the approval holds; `None` when it does not expire.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date::optional"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub valid_until: Option<Date>,
    /// Who approved, for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physician: Option<String>,
}

impl PhysicianApproval {
    /// Whether the approval is in force on `day`: given by then, and not expired. An
    /// approval dated to expire before it was given contradicts itself and is in force on
    /// no day.
    pub fn is_valid_on(&self, day: Date) -> bool {
        !self.is_contradictory()
            && self.given_on.is_none_or(|given| given <= day)
            && self.valid_until.is_none_or(|until| day <= until)
    }

    /// Whether the approval had run out by `day` (and did not contradict itself).
    pub fn is_expired_on(&self, day: Date) -> bool {
        !self.is_contradictory() && self.valid_until.is_some_and(|until| until < day)
    }

    /// Whether the approval expires before it was given.
    pub fn is_contradictory(&self) -> bool {
        matches!((self.given_on, self.valid_until), (Some(given), Some(until)) if until < given)
    }
}
