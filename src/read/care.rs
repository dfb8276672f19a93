//! Care requests from JSON, every problem at once.

use super::tree::Node;

use super::intake::{Reader, finish, parse, path_of, placeholder_intake, too_long};
use crate::care::CareRequest;
use crate::problem::ProblemKind;
use crate::scheduling::{Availability, Closed, Score, Timing, WeekHours, Window};
use crate::vocabulary::Day;

impl CareRequest {
    /// Reads a care request from JSON and checks it, reporting every problem at once, as
    /// [`Intake::from_json`](crate::Intake::from_json) does (the intake's under `intake.`), and a start before the
    /// assessment.
    pub fn from_json(json: &str) -> Result<CareRequest, crate::Error> {
        too_long(json)?;
        // A well-formed request reads straight through serde; the reader below finds every
        // problem of one that is not.
        if let Ok(request) = serde_json::from_str::<CareRequest>(json) {
            request.validate()?;
            return Ok(request);
        }
        let (tape, mut r) = parse::<super::tree::Slot>(json)?;
        let request = care_request(&mut r, tape.root(), "");
        finish(r, request, CareRequest::validate)
    }
}

/// Reads a care request field by field at `prefix` (`""`, or `"request."` inside a coding
/// request), every problem at its path.
pub(crate) fn care_request(r: &mut Reader, value: Node<'_>, prefix: &str) -> CareRequest {
    let Some(map) = r.object(value, prefix, super::fields::of::<CareRequest>()) else {
        return CareRequest {
            intake: placeholder_intake(),
            start: None,
            availability: None,
            baseline: None,
            timing: None,
        };
    };
    let intake = match map.get("intake") {
        Some(v) => r.intake(v, &format!("{}.", path_of(prefix, "intake"))),
        None => {
            r.push(path_of(prefix, "intake"), ProblemKind::MissingField, None);
            placeholder_intake()
        }
    };
    CareRequest {
        intake,
        start: r.optional_date(map, prefix, "start"),
        availability: map
            .get("availability")
            .filter(|v| !v.is_null())
            .map(|v| availability(r, v, &path_of(prefix, "availability"))),
        baseline: r.optional::<Score>(map, prefix, "baseline"),
        timing: map
            .get("timing")
            .filter(|v| !v.is_null())
            .map(|v| timing(r, v, &path_of(prefix, "timing"))),
    }
}

/// Reads a timing field by field: every window, time and closed day at its path.
fn timing(r: &mut Reader, value: Node<'_>, path: &str) -> Timing {
    let mut timing = Timing {
        time_zone: "UTC".into(),
        hours: WeekHours::new(),
        closed: Vec::new(),
        preferred: None,
        session_minutes: None,
    };
    let Some(map) = r.object(value, path, super::fields::of::<Timing>()) else {
        return timing;
    };
    match map.get("time_zone") {
        Some(v) => {
            if let Some(zone) = r.read::<String>(v, path_of(path, "time_zone")) {
                timing.time_zone = zone;
            }
        }
        None => r.push(path_of(path, "time_zone"), ProblemKind::MissingField, None),
    }
    match map.get("hours") {
        Some(v) => timing.hours = week(r, v, &path_of(path, "hours")),
        None => r.push(path_of(path, "hours"), ProblemKind::MissingField, None),
    }
    timing.closed = r
        .list(map, path, "closed", false, closed)
        .into_iter()
        .flatten()
        .collect();
    timing.preferred = map
        .get("preferred")
        .filter(|v| !v.is_null())
        .map(|v| week(r, v, &path_of(path, "preferred")));
    timing.session_minutes = r.optional::<u16>(map, path, "session_minutes");
    timing
}

/// Windows per weekday: `{"monday": [{"start": "09:00", "end": "12:00"}], ...}`.
fn week(r: &mut Reader, value: Node<'_>, path: &str) -> WeekHours {
    let mut week = WeekHours::new();
    let Node::Object(map) = value else {
        r.push(
            path,
            ProblemKind::WrongType,
            Some("expected an object of weekdays, each with a list of windows".into()),
        );
        return week;
    };
    for (name, windows) in map.sorted() {
        let here = path_of(path, name);
        let Some(day) = r.word::<Day>(Node::Str(name), here.clone()) else {
            continue;
        };
        let Node::Array(items) = windows else {
            r.push(
                here,
                ProblemKind::WrongType,
                Some("expected a list of windows".into()),
            );
            continue;
        };
        if items.len() > crate::Limits::WINDOWS_PER_DAY {
            r.push(
                here,
                ProblemKind::TooLong,
                Some(format!(
                    "{} windows; at most {} a day",
                    items.len(),
                    crate::Limits::WINDOWS_PER_DAY
                )),
            );
            continue;
        }
        let read: Vec<Option<Window>> = items
            .iter()
            .enumerate()
            .map(|(i, w)| window(r, w, &format!("{here}[{i}]")))
            .collect();
        week.insert(day, read.into_iter().flatten().collect());
    }
    week
}

fn window(r: &mut Reader, value: Node<'_>, path: &str) -> Option<Window> {
    let map = r.object(value, path, super::fields::of::<Window>())?;
    let mut time = |field: &str| -> Option<jiff::civil::Time> {
        let here = path_of(path, field);
        match map.get(field) {
            None => {
                r.push(here, ProblemKind::MissingField, None);
                None
            }
            Some(Node::Str(text)) => match text.parse::<jiff::civil::Time>() {
                Ok(t) if text.len() == 5 || text.len() == 8 => Some(t),
                _ => {
                    r.push(
                        here,
                        ProblemKind::InvalidTime,
                        Some(format!(
                            "{} is not a time of day, HH:MM",
                            crate::limits::quote(text)
                        )),
                    );
                    None
                }
            },
            Some(_) => {
                r.push(
                    here,
                    ProblemKind::WrongType,
                    Some("expected a time of day, HH:MM".into()),
                );
                None
            }
        }
    };
    let (start, end) = (time("start"), time("end"));
    Some(Window::new(start?, end?))
}

/// A closed day (`"2026-12-24"`) or span (`{"from": ..., "to": ...}`).
fn closed(r: &mut Reader, value: Node<'_>, path: String) -> Option<Closed> {
    match value {
        Node::Str(_) => r.date(value, path).map(Closed::Day),
        Node::Object(_) => {
            let map = r.object(value, &path, &["from", "to"])?;
            let from = r.required_date(map, &path, "from");
            let to = r.required_date(map, &path, "to");
            Some(Closed::Span {
                from: from?,
                to: to?,
            })
        }
        _ => {
            r.push(
                path,
                ProblemKind::WrongType,
                Some("expected a date (YYYY-MM-DD) or {\"from\": date, \"to\": date}".into()),
            );
            None
        }
    }
}

/// Reads an availability field by field.
fn availability(r: &mut Reader, value: Node<'_>, path: &str) -> Availability {
    let mut availability = Availability {
        weekdays: Day::Monday.into(),
        unavailable: Vec::new(),
    };
    if let Some(map) = r.object(value, path, super::fields::of::<Availability>()) {
        if map.contains_key("weekdays") {
            availability.weekdays = r.words::<Day>(map, path, "weekdays");
        } else {
            r.push(path_of(path, "weekdays"), ProblemKind::MissingField, None);
        }
        availability.unavailable = r
            .list(map, path, "unavailable", false, |r, v, p| r.date(v, p))
            .into_iter()
            .flatten()
            .collect();
    }
    availability
}
