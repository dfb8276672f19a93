//! The whole way in one call: screening, then a session plan, then a course with dates.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::intake::Intake;
use crate::protocol::Protocol;
use crate::scheduling::{Availability, Course, Schedule, Score};
use crate::screening::{Screening, screen};
use crate::selection::{NoPlan, SessionPlan, plan};
use crate::vocabulary::Day;

/// What [`care_plan`] needs: the intake, and optionally when the client can come and the
/// score progress will be measured against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareRequest {
    /// The intake.
    pub intake: Intake,
    /// The first day sessions may fall on; the day after the assessment when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// When the client can come; Monday to Friday when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// The baseline score for progress; the first reassessment when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Score>,
}

/// Screening, and when it allows a session: the session plan, the course and its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarePlan {
    /// The screening, with its reasons.
    pub screening: Screening,
    /// The session plan, when the screening allows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionPlan>,
    /// The course, when the screening allows a session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<Course>,
    /// The course's dates, when they could be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Why there is no session, course or schedule, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Screens, plans a session and a course, and dates it.
///
/// An invalid intake is an error; a screening that does not allow a session is not: the
/// answer then holds the screening and a note, and no plan.
///
/// ```
/// use massage_rules::{care_plan, CareRequest, Protocol};
/// let request: CareRequest = serde_json::from_str(r#"{"intake": {
///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
///     "conditions": [{"condition": "neck_pain", "acuity": "chronic",
///                     "locations": [{"part": "neck"}]}],
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
///   "availability": {"weekdays": ["tuesday", "friday"]}}"#)?;
/// let care = care_plan(&Protocol::seed(), &request)?;
/// let schedule = care.schedule.unwrap();
/// assert_eq!(schedule.session_minutes, Some(60));
/// assert_eq!(schedule.dates().next().unwrap().to_string(), "2026-12-01");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn care_plan(protocol: &Protocol, request: &CareRequest) -> Result<CarePlan, crate::Error> {
    let intake = &request.intake;
    let screening = screen(protocol, intake)?;
    let session = match plan(protocol, intake, &screening) {
        Ok(session) => session,
        Err(NoPlan::InvalidIntake(e)) => return Err(e.into()),
        Err(why) => {
            return Ok(CarePlan {
                screening,
                session: None,
                course: None,
                schedule: None,
                note: Some(why.to_string()),
            });
        }
    };
    let course = Course::start(protocol, intake, request.baseline);
    let start = request.start.unwrap_or_else(|| {
        intake
            .assessed_on
            .checked_add(1.day())
            .unwrap_or(intake.assessed_on)
    });
    let weekdays = Day::Monday | Day::Tuesday | Day::Wednesday | Day::Thursday | Day::Friday;
    let default = Availability {
        weekdays,
        unavailable: Vec::new(),
    };
    let availability = request.availability.as_ref().unwrap_or(&default);
    let (schedule, note) = match course.schedule(start, availability) {
        Ok(mut schedule) => {
            schedule.session_minutes = Some(session.minutes);
            (Some(schedule), None)
        }
        Err(e) => (None, Some(e.to_string())),
    };
    Ok(CarePlan {
        screening,
        session: Some(session),
        course: Some(course),
        schedule,
        note,
    })
}

/// [`care_plan`] with JSON in and out.
pub fn care_plan_json(protocol: &Protocol, request_json: &str) -> Result<String, crate::Error> {
    let request: CareRequest =
        serde_json::from_str(request_json).map_err(|e| crate::Error::Json(e.to_string()))?;
    let care = care_plan(protocol, &request)?;
    serde_json::to_string(&care).map_err(|e| crate::Error::Json(e.to_string()))
}
