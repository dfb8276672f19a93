//! Screenings as FHIR R4 `DetectedIssue`s and care plans as a `CarePlan`.

use serde_json::{Value, json};

use super::{code_system, coding};
use crate::care::CarePlan;
use crate::scheduling::TimedSession;
use crate::screening::{Effect, Reason, Screening};
use crate::vocabulary::{Contraindication, Question, RegionSet};

/// What the resources may say of their context: the patient they concern.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FhirContext {
    /// A reference to the patient, e.g. `Patient/123`; resources without it name no
    /// patient (a `CarePlan` then has a `subject` with a display only).
    pub patient: Option<String>,
}

/// The identifier system of the protocol that made a decision; the value is `id@version`.
pub const PROTOCOL_SYSTEM: &str = "https://github.com/massage-rules/massage-rules/fhir/protocol";

fn protocol_identifier(stamp: impl std::fmt::Display) -> Value {
    json!([{"system": PROTOCOL_SYSTEM, "value": stamp.to_string()}])
}

fn author() -> Value {
    json!({"display": concat!("massage-rules ", env!("CARGO_PKG_VERSION"))})
}

fn severity(effects: &[Effect]) -> &'static str {
    if effects
        .iter()
        .any(|e| matches!(e, Effect::NotPermitted | Effect::Postponed))
    {
        "high"
    } else if effects.iter().any(|e| {
        matches!(
            e,
            Effect::NeedsApproval
                | Effect::ApprovalExpired
                | Effect::Unanswered
                | Effect::Contradicted
        )
    }) {
        "moderate"
    } else {
        "low"
    }
}

/// What every issue of one screening shares.
struct Frame<'a> {
    screening: &'a Screening,
    assessed_on: jiff::civil::Date,
    context: &'a FhirContext,
}

fn issue(
    frame: &Frame<'_>,
    id: String,
    code: Value,
    text: &str,
    reasons: &[Reason],
    regions: RegionSet,
) -> Value {
    let Frame {
        screening,
        assessed_on,
        context,
    } = *frame;
    let effects: Vec<Effect> = reasons.iter().map(|r| r.effect).collect();
    let detail: Vec<String> = reasons.iter().map(ToString::to_string).collect();
    let mut resource = json!({
        "resourceType": "DetectedIssue",
        "id": id,
        "identifier": protocol_identifier(screening.protocol),
        "status": "final",
        "code": {"coding": [code], "text": text},
        "severity": severity(&effects),
        "identifiedDateTime": assessed_on.to_string(),
        "author": author(),
        "detail": detail.join("\n"),
        "reference": format!("{PROTOCOL_SYSTEM}/{}", screening.protocol),
    });
    if let Some(patient) = &context.patient {
        resource["patient"] = json!({"reference": patient});
    }
    if !regions.is_empty() {
        resource["evidence"] = regions
            .iter()
            .map(|r| json!({"code": [{"coding": [coding(r)], "text": r.label()}]}))
            .collect();
    }
    if effects.contains(&Effect::ApprovalOnFile) {
        resource["mitigation"] = json!([{
            "action": {"coding": [{
                "system": code_system("mitigation"),
                "code": "physician-approval",
                "display": "A physician's approval is on file"
            }]},
            "author": author(),
        }]);
    }
    resource
}

/// The screening as FHIR `DetectedIssue`s: one per contraindication that restricts
/// (`low`), needs an approval (`moderate`; with a `mitigation` when a valid one is on
/// file, then `low`) or rules massage out (`high`), and one per intake question left
/// unknown, in doubt, or failed by the practitioner. Each carries its reasons with the
/// seed's words in `detail`, the regions as `evidence` codes, and the protocol as its
/// `identifier` and `reference`.
///
/// ```
/// use massage_rules::{Intake, Protocol, Screened};
/// use massage_rules::export::fhir::{detected_issues, FhirContext};
/// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
///     "pregnant": "no", "history": "none",
///     "findings": [{"contraindication": "open_wound", "location": "left_forearm"}],
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// let protocol = Protocol::seed();
/// let issues = detected_issues(&Screened::new(&protocol, &intake)?, &FhirContext::default());
/// assert_eq!(issues.len(), 1);
/// assert_eq!(issues[0]["severity"], "low");
/// assert_eq!(issues[0]["code"]["coding"][0]["code"], "open_wound");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn detected_issues(screened: &crate::Screened<'_>, context: &FhirContext) -> Vec<Value> {
    let (screening, intake) = (screened.screening(), screened.intake());
    let reasons: Vec<Reason> = screening.reasons().collect();
    let frame = Frame {
        screening,
        assessed_on: intake.assessed_on,
        context,
    };
    // One issue per subject (a contraindication, or a question without one) that has a
    // reason.
    let mut out = Vec::new();
    let mut add = |id: String, code: Value, text: &str, regions, of: &dyn Fn(&Reason) -> bool| {
        let mine: Vec<Reason> = reasons.iter().filter(|r| of(r)).copied().collect();
        if !mine.is_empty() {
            out.push(issue(&frame, id, code, text, &mine, regions));
        }
    };
    for &c in Contraindication::ALL {
        add(
            format!("massage-{}", c.name().replace('_', "-")),
            coding(c),
            c.label(),
            screening.findings.get(c),
            &|r| r.contraindication == Some(c),
        );
    }
    for &q in Question::ALL {
        add(
            format!("massage-question-{}", q.name().replace('_', "-")),
            coding(q),
            q.label(),
            RegionSet::empty(),
            &|r| r.question == Some(q) && r.contraindication.is_none(),
        );
    }
    out
}

/// A care plan as a FHIR `CarePlan`: one activity per planned technique and phase of the
/// course, each with the technique's code, where and how (in `description`), and the
/// phase's `Timing`: `repeat` (frequency, period, periodUnit, boundsPeriod, count,
/// duration) and the concrete dates as `event`. Sessions held back (an approval that
/// runs out, a re-screening) are `note`s, and the plan is `on-hold` when nothing could be
/// booked; `draft` when screening allows no session.
pub fn care_plan_resource(care: &CarePlan, context: &FhirContext) -> Value {
    let screening = &care.screening;
    let subject = match &context.patient {
        Some(p) => json!({"reference": p}),
        None => json!({"display": "the client"}),
    };
    let booked = care
        .schedule
        .as_ref()
        .is_some_and(|s| s.dates().next().is_some());
    let status = if !screening.outcome.allows_session() {
        "draft"
    } else if booked {
        "active"
    } else {
        "on-hold"
    };
    let mut activities = Vec::new();
    if let (Some(session), Some(schedule)) = (&care.session, &care.schedule) {
        for phase in &schedule.phases {
            let (first, last) = match (phase.dates.first(), phase.dates.last()) {
                (Some(f), Some(l)) => (*f, *l),
                _ => continue,
            };
            let unit = match phase.rule.per {
                crate::vocabulary::Period::Week => "wk",
                crate::vocabulary::Period::Month => "mo",
            };
            // With appointments, the phase's sessions as instants in the clinic's zone.
            let booked: Vec<&TimedSession> = schedule
                .appointments
                .iter()
                .flat_map(|a| a.sessions.iter())
                .filter(|s| s.phase == phase.index)
                .collect();
            let (bounds, events): (Value, Vec<String>) = match (booked.first(), booked.last()) {
                (Some(f), Some(l)) => (
                    json!({"start": instant(&f.start), "end": instant(&l.end)}),
                    booked.iter().map(|s| instant(&s.start)).collect(),
                ),
                _ => (
                    json!({"start": first.to_string(), "end": last.to_string()}),
                    phase.dates.iter().map(ToString::to_string).collect(),
                ),
            };
            let mut repeat = json!({
                "boundsPeriod": bounds,
                "count": phase.dates.len(),
                "frequency": phase.rule.sessions,
                "period": 1,
                "periodUnit": unit,
            });
            // One local time for every session of the phase: its time of day.
            if let Some(f) = booked.first()
                && booked.iter().all(|s| s.start.time() == f.start.time())
            {
                repeat["timeOfDay"] = json!([f.start.time().strftime("%H:%M:%S").to_string()]);
            }
            if phase.rule.per == crate::vocabulary::Period::Week {
                repeat["dayOfWeek"] = phase
                    .weekdays
                    .iter()
                    .map(|d| {
                        json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d.code() as usize])
                    })
                    .collect();
            }
            for t in &session.techniques {
                // Each activity lasts its technique's minutes, not the whole session's.
                let mut repeat = repeat.clone();
                if t.minutes > 0 {
                    repeat["duration"] = json!(t.minutes);
                    repeat["durationUnit"] = json!("min");
                }
                let timing = json!({"event": events, "repeat": repeat});
                let tools: Vec<&str> = t.tools.iter().map(|x| x.label()).collect();
                // Pressure region by region: a local cap lowers only its own regions.
                let by_region: Vec<String> = t
                    .pressures
                    .iter()
                    .map(|p| {
                        let regions: Vec<&str> = p.regions.iter().map(|r| r.label()).collect();
                        format!(
                            "up to {} pressure on {}",
                            p.pressure.label().to_lowercase(),
                            regions.join(", ")
                        )
                    })
                    .collect();
                let mut description = format!(
                    "Phase {} of the course: {} at {}",
                    phase.index + 1,
                    t.technique.label(),
                    by_region.join("; ")
                );
                if !tools.is_empty() {
                    description.push_str(&format!(", with {}", tools.join(" and ")));
                }
                if phase.index == 0 {
                    description.push_str(&format!(
                        "; the first session at up to {} pressure (L161)",
                        session.first_session_pressure.label().to_lowercase()
                    ));
                }
                activities.push(json!({"detail": {
                    "kind": "ServiceRequest",
                    "code": {"coding": [coding(t.technique)], "text": t.technique.label()},
                    "status": "scheduled",
                    "scheduledTiming": timing,
                    "description": description,
                }}));
            }
        }
    }
    let mut notes: Vec<Value> = care
        .held_back
        .iter()
        .map(|h| json!({"text": h.to_string()}))
        .collect();
    if let Some(session) = &care.session {
        for p in &session.precautions {
            notes.push(json!({"text": format!("Precaution ({} {}): {}", p.rule.label().split(':').next().unwrap_or_default(), p.seed, p.precaution)}));
        }
    }
    let mut resource = json!({
        "resourceType": "CarePlan",
        "identifier": protocol_identifier(screening.protocol),
        "status": status,
        "intent": "plan",
        "title": "Medical massage course",
        "subject": subject,
        "created": care.assessed_on.to_string(),
        "author": author(),
        "activity": activities,
    });
    if let Some(course) = &care.course {
        resource["description"] = json!(format!(
            "{} ({}), decided by the protocol {}",
            course.kind.label(),
            course.kind.seed(),
            course.protocol
        ));
        resource["category"] = json!([{"coding": [coding(course.kind)]}]);
    }
    if let Some(schedule) = &care.schedule {
        let booked = schedule.appointments.as_ref().map(|a| &a.sessions);
        let mut dates = schedule.dates();
        if let Some((f, l)) = booked.and_then(|b| b.first().zip(b.last())) {
            resource["period"] = json!({"start": instant(&f.start), "end": instant(&l.end)});
        } else if let Some(first) = dates.next() {
            let last = dates.last().unwrap_or(first);
            resource["period"] = json!({"start": first.to_string(), "end": last.to_string()});
        }
    }
    if activities_empty(&resource) {
        resource.as_object_mut().map(|m| m.remove("activity"));
    }
    if !notes.is_empty() {
        resource["note"] = Value::Array(notes);
    }
    resource
}

/// A FHIR `instant`/`dateTime` with its offset (`2027-03-15T09:00:00-04:00`).
fn instant(at: &jiff::ZonedDateTime) -> String {
    at.timestamp().display_with_offset(at.offset()).to_string()
}

/// The booked sessions of a care plan as FHIR resources: for each, a `Slot`
/// (`busy-tentative`, on the practitioner's schedule) and an `Appointment` (`proposed`,
/// the client needing to accept) that points at it, with start, end and minutes in the
/// clinic's zone. Empty when the plan books no appointments (a date-only request).
///
/// Ids are `massage-slot-<n>` and `massage-appointment-<n>`, `n` counting from 1, so a
/// `Bundle` can hold them as they are.
pub fn appointment_resources(care: &CarePlan, context: &FhirContext) -> Vec<Value> {
    let Some(schedule) = &care.schedule else {
        return Vec::new();
    };
    let Some(booked) = &schedule.appointments else {
        return Vec::new();
    };
    let subject = match &context.patient {
        Some(p) => json!({"reference": p}),
        None => json!({"display": "the client"}),
    };
    let total = booked.sessions.len();
    let mut out = Vec::with_capacity(2 * total);
    for (i, s) in booked.sessions.iter().enumerate() {
        let n = i + 1;
        let service = json!([{"coding": [coding(schedule.kind)], "text": "Medical massage"}]);
        out.push(json!({
            "resourceType": "Slot",
            "id": format!("massage-slot-{n}"),
            "serviceType": service,
            "schedule": {"display": "the practitioner's schedule"},
            "status": "busy-tentative",
            "start": instant(&s.start),
            "end": instant(&s.end),
            "comment": format!("Medical massage, session {n} of {total} ({})", schedule.protocol),
        }));
        out.push(json!({
            "resourceType": "Appointment",
            "id": format!("massage-appointment-{n}"),
            "identifier": protocol_identifier(schedule.protocol),
            "status": "proposed",
            "serviceType": service,
            "description": format!(
                "Medical massage ({}), session {n} of {total}, phase {}",
                schedule.kind.label(),
                s.phase + 1
            ),
            "start": instant(&s.start),
            "end": instant(&s.end),
            "minutesDuration": booked.session_minutes,
            "slot": [{"reference": format!("Slot/massage-slot-{n}")}],
            "created": care.assessed_on.to_string(),
            "participant": [{"actor": subject, "required": "required", "status": "needs-action"}],
        }));
    }
    out
}

fn activities_empty(resource: &Value) -> bool {
    resource["activity"].as_array().is_some_and(Vec::is_empty)
}

/// The care plan of a care request given as JSON, as a FHIR `CarePlan` resource: what
/// the C and Python doors answer with, composed here once.
///
/// ```
/// let resource = massage_rules::export::fhir::care_plan_resource_json(
///     &massage_rules::Protocol::seed(),
///     r#"{"intake": {"assessed_on": "2026-11-27", "age": 40, "pregnant": "no",
///        "findings": [], "goals": ["relaxation"], "history": "none",
///        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}}"#,
///     Some("Patient/7"))?;
/// assert_eq!(resource["resourceType"], "CarePlan");
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn care_plan_resource_json(
    protocol: &crate::Protocol,
    request_json: &str,
    patient: Option<&str>,
) -> Result<Value, crate::Error> {
    let request = crate::CareRequest::from_json(request_json)?;
    let care = crate::care_plan(protocol, &request)?;
    let context = FhirContext {
        patient: patient.map(str::to_owned),
    };
    Ok(care_plan_resource(&care, &context))
}

/// The screening of an intake given as JSON, as FHIR `DetectedIssue` resources: what the
/// doors answer with, composed here once.
///
/// ```
/// let issues = massage_rules::export::fhir::detected_issues_json(
///     &massage_rules::Protocol::seed(),
///     r#"{"assessed_on": "2026-11-27", "age": 70, "pregnant": "no", "findings": [],
///        "history": "none",
///        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
///     None)?;
/// assert!(issues.iter().all(|r| r["resourceType"] == "DetectedIssue"));
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn detected_issues_json(
    protocol: &crate::Protocol,
    intake_json: &str,
    patient: Option<&str>,
) -> Result<Vec<Value>, crate::Error> {
    let intake = crate::Intake::from_json(intake_json)?;
    let screened = crate::Screened::new(protocol, &intake)?;
    let context = FhirContext {
        patient: patient.map(str::to_owned),
    };
    Ok(detected_issues(&screened, &context))
}
