//! A physician's approval, and the days it holds.

use super::*;

/// A physician's approval of massage despite some contraindications (L134, L140).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PhysicianApproval {
    /// The contraindications the physician approved massage for.
    pub covers: ContraindicationSet,
    /// The day the approval was given, when known; it holds from then on. A re-approval
    /// given after the assessment lets a course go on past an earlier approval's end. Also
    /// read as `approved_on` or `issued_on`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "approved_on",
        alias = "issued_on",
        with = "crate::vocabulary::forms::MaybeIsoDate"
    )]
    pub given_on: Option<Date>,
    /// The last day the approval holds; `None` when it does not expire.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::vocabulary::forms::MaybeIsoDate"
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

/// The approval-lapse rule, in one home: which approvals hold on a day, and how far on
/// they cover a contraindication without a gap.
impl Intake {
    /// The last day, from `from` on, that approvals on file cover `contraindication`
    /// without a gap, one approval taking over from another (a re-approval); `None` when an
    /// approval without an end date takes over. The day before `from` when none covers it
    /// on `from`.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::Intake;
    /// use massage_rules::vocabulary::Contraindication;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 30, "pregnant": "yes", "findings": [],
    ///     "approvals": [{"covers": ["pregnancy"], "valid_until": "2027-01-15"},
    ///                   {"covers": ["pregnancy"], "given_on": "2027-01-10",
    ///                    "valid_until": "2027-03-31"}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let through = intake.approval_covers_through(Contraindication::Pregnancy, intake.assessed_on);
    /// assert_eq!(through, Some(date(2027, 3, 31)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn approval_covers_through(
        &self,
        contraindication: Contraindication,
        from: Date,
    ) -> Option<Date> {
        let mut day = from;
        loop {
            let valid = self
                .approvals
                .iter()
                .filter(|a| a.covers.contains(contraindication) && a.is_valid_on(day));
            let mut last: Option<Date> = None;
            let mut any = false;
            for approval in valid {
                any = true;
                match approval.valid_until {
                    None => return None,
                    Some(until) => last = Some(last.map_or(until, |l| l.max(until))),
                }
            }
            match last {
                // Each round moves past an approval's end, so this ends.
                Some(until) if any => match until.tomorrow() {
                    Ok(next) => day = next,
                    Err(_) => return None,
                },
                _ => return Some(day.yesterday().unwrap_or(day)),
            }
        }
    }

    /// The contraindications approvals on file cover on the assessment day, and those
    /// whose approvals expired before it, in one pass.
    #[inline]
    pub(crate) fn approvals_on_assessment_day(&self) -> (ContraindicationSet, ContraindicationSet) {
        let mut valid = ContraindicationSet::empty();
        let mut expired = ContraindicationSet::empty();
        for approval in &self.approvals {
            if approval.is_valid_on(self.assessed_on) {
                valid |= approval.covers;
            } else if approval.is_expired_on(self.assessed_on) {
                expired |= approval.covers;
            }
        }
        (valid, expired)
    }

    /// The contraindications that valid approvals on file cover on the assessment day.
    pub fn approved(&self) -> ContraindicationSet {
        self.approvals_on_assessment_day().0
    }

    /// The contraindications that approvals on file covered but that expired before the
    /// assessment day.
    pub fn expired_approvals(&self) -> ContraindicationSet {
        self.approvals_on_assessment_day().1
    }
}
