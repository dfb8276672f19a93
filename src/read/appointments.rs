//! The appointments of a CDS Hooks `appointment-book` request (`context.appointments`, a
//! FHIR `Bundle` of `Appointment`s, or a list of them as the specification's examples
//! send), read with every problem at once at its path.

use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ZonedDateTime};
use serde_json::{Map, Value};

use super::intake::{Reader, finish, type_name};
use crate::care::ProposedAppointment;
use crate::limits::Limits;
use crate::problem::ProblemKind;

/// Reads the proposed appointments of an `appointment-book` request's
/// `context.appointments`: a FHIR `Bundle` whose entries are `Appointment`s (or a JSON
/// list of `Appointment`s, as the hook's published examples send them), each with a
/// `start` and an `end` (or a `minutesDuration`) as FHIR instants with their offsets.
/// Every problem is reported at once, at its path (`entry[1].resource.start`); at most
/// [`Limits::APPOINTMENTS`] entries are read.
///
/// ```
/// use massage_rules::read::appointments_from_bundle;
/// let bundle = serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": [
///     {"resource": {"resourceType": "Appointment", "id": "a1", "status": "proposed",
///      "start": "2027-03-15T09:00:00-04:00", "end": "2027-03-15T10:00:00-04:00",
///      "participant": [{"status": "needs-action"}]}}]});
/// let proposed = appointments_from_bundle(&bundle)?;
/// assert_eq!(proposed[0].minutes(), 60);
/// assert_eq!(proposed[0].id.as_deref(), Some("a1"));
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn appointments_from_bundle(bundle: &Value) -> Result<Vec<ProposedAppointment>, crate::Error> {
    let mut r = Reader::default();
    let read = bundle_entries(&mut r, bundle, Mode::Proposed);
    finish(r, read, |_| Ok(()))
}

/// Reads the client's appointments already on the books: the result of the
/// `appointment-book` service's `booked` prefetch
/// (`Appointment?patient={{context.patientId}}&status=booked&date=ge…`), a FHIR search
/// `Bundle` (or a list) of `Appointment`s, each with a `start` and an `end` (or a
/// `minutesDuration`). Entries the search only adds (`search.mode` `include` or
/// `outcome`) are passed over, and so are appointments no longer on the books (`status`
/// `cancelled`, `noshow` or `entered-in-error`); every other appointment counts, whatever
/// its status says. Every problem is reported at once, at its path; at most
/// [`Limits::APPOINTMENTS`] entries are read.
///
/// ```
/// use massage_rules::read::booked_appointments_from_bundle;
/// let bundle = serde_json::json!({"resourceType": "Bundle", "type": "searchset", "entry": [
///     {"resource": {"resourceType": "Appointment", "id": "b1", "status": "booked",
///      "start": "2027-03-15T09:00:00-04:00", "end": "2027-03-15T10:00:00-04:00"},
///      "search": {"mode": "match"}},
///     {"resource": {"resourceType": "Appointment", "id": "b2", "status": "cancelled",
///      "start": "2027-03-16T09:00:00-04:00", "end": "2027-03-16T10:00:00-04:00"}},
///     {"resource": {"resourceType": "OperationOutcome"}, "search": {"mode": "outcome"}}]});
/// let booked = booked_appointments_from_bundle(&bundle)?;
/// assert_eq!(booked.len(), 1);
/// assert_eq!(booked[0].id.as_deref(), Some("b1"));
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn booked_appointments_from_bundle(
    bundle: &Value,
) -> Result<Vec<ProposedAppointment>, crate::Error> {
    let mut r = Reader::default();
    let read = bundle_entries(&mut r, bundle, Mode::Booked);
    finish(r, read, |_| Ok(()))
}

/// [`booked_appointments_from_bundle`] for JSON text.
pub fn booked_appointments_from_bundle_json(
    json: &str,
) -> Result<Vec<ProposedAppointment>, crate::Error> {
    super::intake::too_long(json)?;
    let (value, mut r) = super::intake::parse::<Value>(json)?;
    let read = bundle_entries(&mut r, &value, Mode::Booked);
    finish(r, read, |_| Ok(()))
}

/// Which appointments a Bundle holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Proposed by the hook's context: every entry is read.
    Proposed,
    /// On the books: entries the search only adds, and appointments off the books, are
    /// passed over.
    Booked,
}

/// Whether a booked Bundle's entry is passed over: added by the search (an `_include`d
/// resource, an OperationOutcome), or an appointment no longer on the books.
fn passed_over(entry: &Value, resource: Option<&Value>) -> bool {
    let mode = entry
        .get("search")
        .and_then(|s| s.get("mode"))
        .and_then(Value::as_str);
    if matches!(mode, Some("include" | "outcome")) {
        return true;
    }
    let status = resource
        .and_then(|r| r.get("status"))
        .and_then(Value::as_str);
    matches!(status, Some("cancelled" | "noshow" | "entered-in-error"))
}

/// [`appointments_from_bundle`] for JSON text (at most [`Limits::JSON_BYTES`]; a key given
/// twice is a problem at its path).
pub fn appointments_from_bundle_json(json: &str) -> Result<Vec<ProposedAppointment>, crate::Error> {
    super::intake::too_long(json)?;
    let (value, mut r) = super::intake::parse::<Value>(json)?;
    let read = bundle_entries(&mut r, &value, Mode::Proposed);
    finish(r, read, |_| Ok(()))
}

fn bundle_entries(r: &mut Reader, bundle: &Value, mode: Mode) -> Vec<ProposedAppointment> {
    let map = match bundle {
        Value::Object(map) => map,
        // The hook's text asks for a Bundle, but the specification's own examples send a
        // list of Appointments: both are read.
        Value::Array(items) => {
            if too_many(r, "$", items.len()) {
                return Vec::new();
            }
            return items
                .iter()
                .enumerate()
                .filter(|(_, item)| {
                    mode == Mode::Proposed || !passed_over(&Value::Null, Some(item))
                })
                .filter_map(|(i, item)| appointment(r, Some(item), format!("[{i}]")))
                .collect();
        }
        _ => {
            r.push(
                "$",
                ProblemKind::WrongType,
                Some(format!(
                    "expected a Bundle of Appointments, found {}",
                    type_name(bundle)
                )),
            );
            return Vec::new();
        }
    };
    if map.get("resourceType").and_then(Value::as_str) != Some("Bundle") {
        r.push(
            "resourceType",
            ProblemKind::WrongType,
            Some("expected a Bundle".into()),
        );
        return Vec::new();
    }
    let entries = match map.get("entry") {
        None => return Vec::new(),
        Some(Value::Array(entries)) => entries,
        Some(other) => {
            r.push(
                "entry",
                ProblemKind::WrongType,
                Some(format!("expected a list, found {}", type_name(other))),
            );
            return Vec::new();
        }
    };
    if too_many(r, "entry", entries.len()) {
        return Vec::new();
    }
    entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| mode == Mode::Proposed || !passed_over(entry, entry.get("resource")))
        .filter_map(|(i, entry)| {
            appointment(r, entry.get("resource"), format!("entry[{i}].resource"))
        })
        .collect()
}

/// Whether a list of `count` appointments is longer than [`Limits::APPOINTMENTS`] (then
/// a problem at `path`).
fn too_many(r: &mut Reader, path: &str, count: usize) -> bool {
    if count <= Limits::APPOINTMENTS {
        return false;
    }
    r.push(
        path,
        ProblemKind::TooLong,
        Some(format!(
            "{count} entries; at most {} appointments are read",
            Limits::APPOINTMENTS
        )),
    );
    true
}

fn appointment(
    r: &mut Reader,
    resource: Option<&Value>,
    here: String,
) -> Option<ProposedAppointment> {
    let Some(Value::Object(map)) = resource else {
        r.push(here, ProblemKind::MissingField, None);
        return None;
    };
    if map.get("resourceType").and_then(Value::as_str) != Some("Appointment") {
        r.push(
            format!("{here}.resourceType"),
            ProblemKind::WrongType,
            Some("expected an Appointment".into()),
        );
        return None;
    }
    let id = match map.get("id") {
        None => None,
        Some(Value::String(id)) if id.len() <= 64 => Some(id.clone()),
        Some(_) => {
            r.push(
                format!("{here}.id"),
                ProblemKind::WrongType,
                Some("expected a FHIR id (at most 64 characters)".into()),
            );
            None
        }
    };
    let start = instant(r, map, &here, "start");
    let end = match (map.get("end"), map.get("minutesDuration")) {
        (Some(_), _) => instant(r, map, &here, "end"),
        (None, Some(Value::Number(n))) => match (n.as_u64(), &start) {
            (Some(m @ 1..=1440), Some(s)) => {
                s.checked_add(SignedDuration::from_mins(m as i64)).ok()
            }
            (Some(1..=1440), None) => None,
            _ => {
                r.push(
                    format!("{here}.minutesDuration"),
                    ProblemKind::OutOfRange,
                    Some("1 to 1440 minutes".into()),
                );
                None
            }
        },
        _ => {
            r.push(
                format!("{here}.end"),
                ProblemKind::MissingField,
                Some("an appointment needs an end or a minutesDuration".into()),
            );
            None
        }
    };
    let (start, end) = (start?, end?);
    if end.timestamp() <= start.timestamp() {
        r.push(
            format!("{here}.end"),
            ProblemKind::InvalidWindow,
            Some(format!("ends at {end}, not after it starts at {start}")),
        );
        return None;
    }
    Some(ProposedAppointment { id, start, end })
}

/// A FHIR `instant` (`2027-03-15T09:00:00-04:00`, or `Z`), kept at its own offset.
fn instant(
    r: &mut Reader,
    map: &Map<String, Value>,
    prefix: &str,
    field: &str,
) -> Option<ZonedDateTime> {
    let path = format!("{prefix}.{field}");
    let Some(value) = map.get(field) else {
        r.push(path, ProblemKind::MissingField, None);
        return None;
    };
    let Value::String(text) = value else {
        r.push(
            path,
            ProblemKind::WrongType,
            Some(format!("expected an instant, found {}", type_name(value))),
        );
        return None;
    };
    match parse_instant(text) {
        Some(at) if crate::Limits::YEARS.contains(&at.year()) => Some(at),
        _ => {
            r.push(
                path,
                ProblemKind::InvalidTime,
                Some(format!(
                    "{} is not a FHIR instant with an offset (YYYY-MM-DDThh:mm:ss+zz:zz)",
                    crate::limits::quote(text)
                )),
            );
            None
        }
    }
}

fn parse_instant(text: &str) -> Option<ZonedDateTime> {
    // The date and time, then an offset: `Z` or `±hh:mm`, as FHIR's instant requires.
    if text.len() < 20 || !text.is_ascii() || text.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let at: Timestamp = text.parse().ok()?;
    let local: jiff::civil::DateTime = text.get(..19)?.parse().ok()?;
    let seconds = local
        .to_zoned_datetime(TimeZone::UTC)
        .ok()?
        .timestamp()
        .as_second()
        - at.as_second();
    let offset = Offset::from_seconds(i32::try_from(seconds).ok()?).ok()?;
    Some(at.to_zoned_datetime(TimeZone::fixed(offset)))
}
