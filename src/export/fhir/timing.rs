//! FHIR R4: a phase as a `Timing.repeat` element.

use serde::{Deserialize, Serialize};

use crate::scheduling::ScheduledPhase;
use crate::vocabulary::{Day, Period};

impl ScheduledPhase {
    /// The phase as a FHIR `Timing.repeat` element (R4/R5).
    pub fn fhir_timing_repeat(&self, session_minutes: Option<u16>) -> FhirTimingRepeat {
        let unit = match self.rule.per {
            Period::Week => "wk",
            Period::Month => "mo",
        };
        FhirTimingRepeat {
            bounds_duration: FhirDuration {
                value: u32::from(self.rule.periods),
                unit: unit.to_owned(),
                system: "http://unitsofmeasure.org".to_owned(),
                code: unit.to_owned(),
            },
            count: self.dates.len() as u32,
            duration: session_minutes,
            duration_unit: session_minutes.map(|_| "min".to_owned()),
            frequency: u32::from(self.rule.sessions),
            period: 1,
            period_unit: unit.to_owned(),
            // A monthly phase falls on the first such weekday of the month, which dayOfWeek
            // cannot say; it is left to the count and bounds.
            day_of_week: match self.rule.per {
                Period::Week => self
                    .weekdays
                    .iter()
                    .map(|d| fhir_day(d).to_owned())
                    .collect(),
                Period::Month => Vec::new(),
            },
        }
    }
}

fn fhir_day(day: Day) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][day.code() as usize]
}

/// A FHIR `Duration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FhirDuration {
    /// Numerical value.
    pub value: u32,
    /// Unit for people.
    pub unit: String,
    /// The unit system (UCUM).
    pub system: String,
    /// The UCUM code.
    pub code: String,
}

/// A FHIR `Timing.repeat` element for one phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FhirTimingRepeat {
    /// How long the phase lasts.
    pub bounds_duration: FhirDuration,
    /// How many sessions it has.
    pub count: u32,
    /// Minutes a session lasts, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u16>,
    /// `min`, when `duration` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_unit: Option<String>,
    /// Sessions per period.
    pub frequency: u32,
    /// The period's length, in `period_unit`s.
    pub period: u32,
    /// `wk` or `mo`.
    pub period_unit: String,
    /// The weekdays sessions fall on (`mon` ...), for weekly phases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub day_of_week: Vec<String>,
}
