//! The decisions, from JSON to JSON (or text, or iCalendar): each maps its arguments to
//! one crate call and its answer (or its error document) back.

use std::ffi::c_char;

use massage_rules::{Error, Protocol, care_plan_json, screen_json};

use crate::boundary::*;
use crate::protocol::*;
use crate::status::*;

/// Screens an intake (JSON) and writes the screening (JSON, with its reasons) to
/// `*out_json`. A NULL protocol means `seed`. On failure `*out_json` receives a JSON error
/// document (`status`, `error`, `message`, and for an invalid intake `problems`, each
/// with its `path`). Either way, free `*out_json` with `mr_string_free`.
///
/// Returns `MR_NULL_ARGUMENT` without writing anything when `out_json` is NULL.
///
/// # Safety
/// `protocol` is NULL or a live handle; `intake_json` is NULL or a NUL-terminated string;
/// `out_json` is NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_screen_json(
    protocol: *const mr_protocol,
    intake_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe { json_call(protocol, intake_json, "intake_json", out_json, screen_json) }
}

/// Plans care for a request (JSON: `intake`, and optionally `start`, `availability`,
/// `baseline`): screening, then when it allows a session the session plan, the course and
/// its dates. Writes the result (JSON) to `*out_json`. A screening that does not allow a
/// session is not an error: the result then holds the screening and `held_back`. A NULL
/// protocol means `seed`. On failure `*out_json` receives a JSON error document. Either
/// way, free `*out_json` with `mr_string_free`.
///
/// Returns `MR_NULL_ARGUMENT` without writing anything when `out_json` is NULL.
///
/// # Safety
/// `protocol` is NULL or a live handle; `request_json` is NULL or a NUL-terminated string;
/// `out_json` is NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_care_plan_json(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        json_call(
            protocol,
            request_json,
            "request_json",
            out_json,
            care_plan_json,
        )
    }
}

/// Screens an intake (JSON) and writes the screening in words to `*out_text`: the outcome,
/// what to avoid, what to ask for and to ask first, and every reason as a sentence with
/// its rule, seed line and words, and protocol. On failure `*out_text` receives a JSON
/// error document, as for `mr_screen_json`. Free it with `mr_string_free`.
///
/// # Safety
/// As for `mr_screen_json`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_screen_text(
    protocol: *const mr_protocol,
    intake_json: *const c_char,
    out_text: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        json_call(protocol, intake_json, "intake_json", out_text, |p, text| {
            let intake = massage_rules::Intake::from_json(text)?;
            Ok(massage_rules::screen(p, &intake)?.to_string())
        })
    }
}

/// Plans care for a request (as `mr_care_plan_json`) and writes it in words to
/// `*out_text`: the screening with every reason, the session plan (techniques, regions,
/// pressure by region, tools, precautions, what was left out), the course's dates and
/// what is held back. On failure `*out_text` receives a JSON error document. Free it with
/// `mr_string_free`.
///
/// # Safety
/// As for `mr_care_plan_json`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_care_plan_text(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    out_text: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        json_call(
            protocol,
            request_json,
            "request_json",
            out_text,
            |p, text| Ok(read_and_plan(p, text)?.to_string()),
        )
    }
}

/// Plans care for a request (as `mr_care_plan_json`) and writes its dates as an iCalendar
/// file (RFC 5545) to `*out_ics`: one event series a phase, each event's UID made from
/// `uid` (NULL: `"massage-rules"`), stamped `dtstamp` (Unix seconds, UTC). A plan without
/// dates (not cleared, nothing to book) is `MR_NO_SCHEDULE`, with a JSON error document
/// saying why. Free `*out_ics` with `mr_string_free`.
///
/// # Safety
/// As for `mr_care_plan_json`; `uid` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_care_plan_ics(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    uid: *const c_char,
    dtstamp: i64,
    out_ics: *mut *mut c_char,
) -> mr_status {
    if out_ics.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    // SAFETY: forwarded from the caller.
    unsafe {
        boundary(out_ics, || {
            let protocol = protocol_or_seed(protocol);
            let text = read_str(request_json, "request_json")?;
            let uid = if uid.is_null() {
                "massage-rules"
            } else {
                read_str(uid, "uid")?
            };
            let stamp = massage_rules_jiff_timestamp(dtstamp)?;
            let care = read_and_plan(&protocol, text)?;
            match &care.schedule {
                Some(schedule) => Ok(Some(schedule.to_ics(uid, stamp))),
                None => {
                    let why = care
                        .held_back
                        .first()
                        .map_or_else(|| "no dates".to_owned(), ToString::to_string);
                    Err(Failure::new(mr_status::MR_NO_SCHEDULE, why))
                }
            }
        })
    }
}

/// A care request read from JSON, and its care plan: what every care-plan function of
/// the C ABI starts from.
pub(crate) fn read_and_plan(
    protocol: &Protocol,
    text: &str,
) -> Result<massage_rules::CarePlan, Error> {
    let request = massage_rules::CareRequest::from_json(text)?;
    Ok(massage_rules::care_plan(protocol, &request)?)
}

/// A Unix time in seconds as the timestamp an iCalendar file is stamped with.
pub(crate) fn massage_rules_jiff_timestamp(seconds: i64) -> Result<jiff::Timestamp, Failure> {
    jiff::Timestamp::from_second(seconds).map_err(|e| {
        Failure::new(
            mr_status::MR_OUT_OF_RANGE,
            format!("dtstamp {seconds} is not a time: {e}"),
        )
    })
}

/// Plans care for a request (as `mr_care_plan_json`) and writes it as a FHIR R4
/// `CarePlan` resource (JSON) to `*out_json`, for `patient` (a reference such as
/// `Patient/123`; NULL: none). Free it with `mr_string_free`.
///
/// # Safety
/// As for `mr_care_plan_json`; `patient` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_care_plan_fhir_json(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    patient: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    if out_json.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    // SAFETY: forwarded from the caller.
    unsafe {
        boundary(out_json, || {
            let protocol = protocol_or_seed(protocol);
            let text = read_str(request_json, "request_json")?;
            let patient = if patient.is_null() {
                None
            } else {
                Some(read_str(patient, "patient")?.to_owned())
            };
            let resource = massage_rules::export::fhir::care_plan_resource_json(
                &protocol,
                text,
                patient.as_deref(),
            )?;
            Ok(Some(resource.to_string()))
        })
    }
}

/// The CDS Hooks `appointment-book` check: plans care for a request (as
/// `mr_care_plan_json`, with its `timing` when the clinic books timed appointments), reads
/// the hook's `context.appointments` (`appointments_json`, a FHIR Bundle of proposed
/// Appointments), checks each against the plan's rules and writes the CDS Hooks response
/// (`{"cards": [...]}`) to `*out_json`; free it with `mr_string_free`. A bad Bundle is
/// `MR_INVALID_INPUT` with every problem at its path. The client's appointments already
/// on the books are not counted: see `mr_appointment_book_check_booked_json`.
///
/// # Safety
/// As for `mr_care_plan_json`; `appointments_json` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_appointment_book_check_json(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    appointments_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        mr_appointment_book_check_booked_json(
            protocol,
            request_json,
            appointments_json,
            std::ptr::null(),
            out_json,
        )
    }
}

/// `mr_appointment_book_check_json` with the client's appointments already on the books
/// (`booked_json`: the result of the service's `booked` prefetch, a FHIR search Bundle of
/// Appointments, or NULL for none): a proposal that with them puts two sessions on one
/// day or breaks the phase's frequency is flagged with the appointment it clashes with.
/// A bad booked Bundle is `MR_INVALID_INPUT` with every problem at its path.
///
/// # Safety
/// As for `mr_appointment_book_check_json`; `booked_json` is NULL or a NUL-terminated
/// string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_appointment_book_check_booked_json(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    appointments_json: *const c_char,
    booked_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    if out_json.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    // SAFETY: forwarded from the caller.
    unsafe {
        boundary(out_json, || {
            let protocol = protocol_or_seed(protocol);
            let text = read_str(request_json, "request_json")?;
            let bundle = read_str(appointments_json, "appointments_json")?;
            let booked = if booked_json.is_null() {
                None
            } else {
                Some(read_str(booked_json, "booked_json")?)
            };
            let cards = massage_rules::export::cds_hooks::appointment_book_check_json(
                &protocol, text, bundle, booked,
            )?;
            Ok(Some(cards.to_string()))
        })
    }
}

/// Moves one booked session of a care plan (JSON, as `mr_care_plan_json` wrote it) to
/// `to` (a NUL-terminated local `YYYY-MM-DDTHH:MM[:SS]` in the clinic's zone, or a date
/// for a dated plan) and writes the moved plan (JSON) to `*out_json`. `session` counts
/// booked sessions from 0, in course order. A move the rules refuse is
/// `MR_INVALID_INPUT` with the error `not_moved` and the rule in its message. Either
/// way, free `*out_json` with `mr_string_free`.
///
/// # Safety
/// `plan_json` and `to` are NULL or NUL-terminated strings; `out_json` is NULL or valid
/// for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_reschedule_json(
    plan_json: *const c_char,
    session: u32,
    to: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    if out_json.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    // SAFETY: forwarded from the caller.
    unsafe {
        boundary(out_json, || {
            let plan = read_str(plan_json, "plan_json")?;
            let to = read_str(to, "to")?;
            Ok(Some(massage_rules::read::reschedule_json(
                plan,
                session as usize,
                to,
            )?))
        })
    }
}

/// Codes a care request for billing (JSON: `request` (a care request as for
/// `mr_care_plan_json`), `diagnoses` (ICD-10-CM codes from the referral) and `unit_rule`
/// (`"cms"`, the default, or `"midpoint"`)): the diagnoses read (each mapped or reported),
/// the care plan, and for every scheduled session its CPT codes, minutes, units and
/// diagnosis links. Writes the result (JSON) to `*out_json`; on failure a JSON error
/// document. Either way, free `*out_json` with `mr_string_free`. A NULL protocol means
/// `seed`.
///
/// Returns `MR_NULL_ARGUMENT` without writing anything when `out_json` is NULL.
///
/// # Safety
/// `protocol` is NULL or a live handle; `request_json` is NULL or a NUL-terminated string;
/// `out_json` is NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_claims_json(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        json_call(
            protocol,
            request_json,
            "request_json",
            out_json,
            massage_rules::claims_json,
        )
    }
}

/// JSON in, JSON out through one of the crate's JSON entry points, behind the boundary.
///
/// # Safety
/// As for `mr_screen_json`.
pub(crate) unsafe fn json_call(
    protocol: *const mr_protocol,
    input: *const c_char,
    what: &str,
    out_json: *mut *mut c_char,
    call: fn(&Protocol, &str) -> Result<String, Error>,
) -> mr_status {
    if out_json.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    // SAFETY: forwarded from the caller.
    unsafe {
        boundary(out_json, || {
            let protocol = protocol_or_seed(protocol);
            // SAFETY: forwarded from the caller.
            let text = read_str(input, what)?;
            Ok(Some(call(&protocol, text)?))
        })
    }
}
