//! The C ABI of massage-rules.
//!
//! Every function is safe to call from C with any arguments the header allows: null
//! pointers, invalid UTF-8, malformed or oversized JSON and unknown codes are answered
//! with an [`mr_status`], never a crash, and a panic inside Rust is caught and reported as
//! `MR_PANIC`. All `unsafe` of the project lives in this crate.
//!
//! Ownership: a `mr_protocol *` from a constructor is freed with [`mr_protocol_free`]; a
//! `char *` written to an `out_json` is freed with [`mr_string_free`]; every `const char *`
//! this library returns is static and never freed. Thread safety: protocol handles are
//! immutable and may be shared between threads; every function is reentrant; there is no
//! global mutable state.
#![allow(non_camel_case_types)]
#![deny(missing_docs)]
#![warn(unsafe_op_in_unsafe_fn)]

use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use massage_rules::error::ErrorKind;
use massage_rules::vocabulary::{
    Acuity, Answer, BodyPart, BodyRegion, Condition, Contraindication, CourseKind, Day, Goal,
    History, Period, Pressure, Question, RuleId, Side, Technique, Tool, Vocabulary,
};
use massage_rules::{Error, Protocol, care_plan_json, screen_json};

/// The most bytes read from a string argument (1 MiB), its terminating NUL included: a
/// JSON document of up to `MR_MAX_JSON_BYTES - 1` bytes is accepted, and no byte past the
/// first `MR_MAX_JSON_BYTES` of a string argument is ever read. A buffer without a NUL in
/// its first `MR_MAX_JSON_BYTES` bytes is refused with `MR_INPUT_TOO_LARGE`, so it must
/// be at least that long or NUL-terminated.
pub const MR_MAX_JSON_BYTES: usize = 1 << 20;

/// The status every fallible function returns. Numbers are stable and never reused.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mr_status {
    /// Success.
    MR_OK = 0,
    /// A required pointer argument was NULL.
    MR_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    MR_INVALID_UTF8 = 2,
    /// A JSON argument could not be read: syntax, an unknown word, a missing field.
    MR_INVALID_JSON = 3,
    /// The input was well-formed but invalid (e.g. an intake with an age of 250); the
    /// error document lists every problem with its field path.
    MR_INVALID_INPUT = 4,
    /// The protocol is inconsistent; the error document lists every problem.
    MR_INVALID_PROTOCOL = 5,
    /// A bug: Rust panicked. The call had no effect.
    MR_PANIC = 6,
    /// A string argument has no NUL within its first `MR_MAX_JSON_BYTES` bytes.
    MR_INPUT_TOO_LARGE = 7,
    /// A vocabulary or code that does not exist.
    MR_UNKNOWN_CODE = 8,
    /// A vocabulary name that does not exist.
    MR_UNKNOWN_NAME = 9,
    /// The care plan has no dates to write (not cleared, nothing to book); the error
    /// document says why.
    MR_NO_SCHEDULE = 10,
    /// A number argument is off its range (a time stamp that is no time).
    MR_OUT_OF_RANGE = 11,
}

/// The vocabularies that can be looked up by code. Numbers are stable.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mr_vocabulary {
    /// Massage techniques.
    MR_VOCABULARY_TECHNIQUE = 0,
    /// Tools.
    MR_VOCABULARY_TOOL = 1,
    /// Conditions a client presents.
    MR_VOCABULARY_CONDITION = 2,
    /// Goals.
    MR_VOCABULARY_GOAL = 3,
    /// Contraindications.
    MR_VOCABULARY_CONTRAINDICATION = 4,
    /// Body parts, as intakes name them.
    MR_VOCABULARY_BODY_PART = 5,
    /// Body regions (sided), as decisions name them.
    MR_VOCABULARY_BODY_REGION = 6,
    /// Pressure levels.
    MR_VOCABULARY_PRESSURE = 7,
    /// Sides.
    MR_VOCABULARY_SIDE = 8,
    /// Acuity of a condition.
    MR_VOCABULARY_ACUITY = 9,
    /// Tri-state answers.
    MR_VOCABULARY_ANSWER = 10,
    /// Intake questions.
    MR_VOCABULARY_QUESTION = 11,
    /// Rule ids.
    MR_VOCABULARY_RULE = 12,
    /// Weekdays.
    MR_VOCABULARY_DAY = 13,
    /// Course kinds.
    MR_VOCABULARY_COURSE_KIND = 14,
    /// Periods.
    MR_VOCABULARY_PERIOD = 15,
    /// Items of the medical history.
    MR_VOCABULARY_HISTORY = 16,
}

/// An immutable protocol. Create it with `mr_protocol_seed`, `mr_protocol_conservative`
/// or `mr_protocol_from_json`; free it with `mr_protocol_free`. It may be shared between
/// threads.
#[derive(Debug)]
pub struct mr_protocol {
    protocol: Protocol,
}

/// A failure on its way to C: the status and the error document.
struct Failure {
    status: mr_status,
    document: serde_json::Value,
}

impl Failure {
    fn new(status: mr_status, message: impl Into<String>) -> Self {
        let document = serde_json::json!({
            "status": status_name(status as u32).to_str().unwrap_or_default(),
            "message": message.into(),
        });
        Failure { status, document }
    }
}

impl From<massage_rules::intake::IntakeError> for Failure {
    fn from(error: massage_rules::intake::IntakeError) -> Self {
        Failure::from(Error::from(error))
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        // Every kind of error has its status: a new kind fails to compile here.
        let status = match error.kind() {
            ErrorKind::InvalidJson => mr_status::MR_INVALID_JSON,
            ErrorKind::InvalidInput => mr_status::MR_INVALID_INPUT,
            ErrorKind::InvalidProtocol => mr_status::MR_INVALID_PROTOCOL,
            // The C calls answer these in their documents (a care plan that holds back
            // what it cannot do), never as failures; were one to arrive, it is the
            // input's doing.
            ErrorKind::NotCleared
            | ErrorKind::NoCourse
            | ErrorKind::NoSchedule
            | ErrorKind::InvalidProgress => mr_status::MR_INVALID_INPUT,
        };
        let mut document = serde_json::to_value(error.document())
            .unwrap_or_else(|_| serde_json::json!({"message": error.to_string()}));
        document["status"] = status_name(status as u32)
            .to_str()
            .unwrap_or_default()
            .into();
        Failure { status, document }
    }
}

/// Reads a NUL-terminated UTF-8 string, looking at no more than `MR_MAX_JSON_BYTES` bytes,
/// the NUL included.
///
/// # Safety
/// `ptr` is NULL, or points to a NUL-terminated string, or to at least
/// `MR_MAX_JSON_BYTES` readable bytes.
unsafe fn read_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::new(
            mr_status::MR_NULL_ARGUMENT,
            format!("{what} is NULL"),
        ));
    }
    let mut len = 0;
    loop {
        if len == MR_MAX_JSON_BYTES {
            // Byte MR_MAX_JSON_BYTES is never read: the NUL had to come before it.
            return Err(Failure::new(
                mr_status::MR_INPUT_TOO_LARGE,
                format!(
                    "{what} has no NUL within its first {MR_MAX_JSON_BYTES} bytes: \
                     at most {} bytes of JSON are accepted",
                    MR_MAX_JSON_BYTES - 1
                ),
            ));
        }
        // SAFETY: `len` < MR_MAX_JSON_BYTES, and the caller promises the string is
        // NUL-terminated or at least that long.
        if unsafe { *ptr.add(len) } == 0 {
            break;
        }
        len += 1;
    }
    // SAFETY: `len` bytes from `ptr` were just read.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            mr_status::MR_INVALID_UTF8,
            format!("{what} is not valid UTF-8: {e}"),
        )
    })
}

fn into_c_string(text: String) -> *mut c_char {
    // serde_json escapes NUL, so JSON text never holds one; fall back to an empty string.
    CString::new(text).unwrap_or_default().into_raw()
}

/// Writes `text` to `*out` when `out` is not NULL.
///
/// # Safety
/// `out` is NULL or valid for a write of one pointer.
unsafe fn write_out(out: *mut *mut c_char, text: String) {
    if !out.is_null() {
        // SAFETY: checked for NULL; the caller promises it is writable.
        unsafe { *out = into_c_string(text) };
    }
}

/// Runs `body` behind the panic boundary; on failure writes the error document to
/// `out_json` (when writable) and returns its status.
///
/// # Safety
/// `out_json` is NULL or valid for a write of one pointer.
unsafe fn boundary(
    out_json: *mut *mut c_char,
    body: impl FnOnce() -> Result<Option<String>, Failure>,
) -> mr_status {
    if !out_json.is_null() {
        // SAFETY: checked for NULL; the caller promises it is writable.
        unsafe { *out_json = std::ptr::null_mut() };
    }
    let result = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Err(Failure::new(
            mr_status::MR_PANIC,
            "internal error: the library panicked",
        ))
    });
    match result {
        Ok(text) => {
            if let Some(text) = text {
                // SAFETY: as promised by our caller.
                unsafe { write_out(out_json, text) };
            }
            mr_status::MR_OK
        }
        Err(failure) => {
            // SAFETY: as promised by our caller.
            unsafe { write_out(out_json, failure.document.to_string()) };
            failure.status
        }
    }
}

fn protocol_or_seed(protocol: *const mr_protocol) -> std::borrow::Cow<'static, Protocol> {
    if protocol.is_null() {
        std::borrow::Cow::Owned(Protocol::seed())
    } else {
        // SAFETY: a non-NULL handle comes from this library and is alive (caller's promise).
        std::borrow::Cow::Borrowed(unsafe { &(*protocol).protocol })
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Option<String>, Failure> {
    serde_json::to_string(value)
        .map(Some)
        .map_err(|e| Failure::new(mr_status::MR_PANIC, e.to_string()))
}

/// The library's version, e.g. `"0.1.0"`. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn mr_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Every status with its name and its words: the one place a status is named.
const STATUS_NAMES: [(mr_status, &CStr, &CStr); 12] = [
    (mr_status::MR_OK, c"MR_OK", c"success"),
    (
        mr_status::MR_NULL_ARGUMENT,
        c"MR_NULL_ARGUMENT",
        c"a required pointer argument was NULL",
    ),
    (
        mr_status::MR_INVALID_UTF8,
        c"MR_INVALID_UTF8",
        c"a string argument is not valid UTF-8",
    ),
    (
        mr_status::MR_INVALID_JSON,
        c"MR_INVALID_JSON",
        c"a JSON argument could not be read (syntax, an unknown word, a missing field)",
    ),
    (
        mr_status::MR_INVALID_INPUT,
        c"MR_INVALID_INPUT",
        c"the input is well-formed but invalid; the error document lists every problem at its path",
    ),
    (
        mr_status::MR_INVALID_PROTOCOL,
        c"MR_INVALID_PROTOCOL",
        c"the protocol is inconsistent; the error document lists every problem",
    ),
    (
        mr_status::MR_PANIC,
        c"MR_PANIC",
        c"a bug in the library (a Rust panic, caught); the call had no effect",
    ),
    (
        mr_status::MR_INPUT_TOO_LARGE,
        c"MR_INPUT_TOO_LARGE",
        c"a string argument is larger than the library reads",
    ),
    (
        mr_status::MR_UNKNOWN_CODE,
        c"MR_UNKNOWN_CODE",
        c"no vocabulary or item has this code",
    ),
    (
        mr_status::MR_UNKNOWN_NAME,
        c"MR_UNKNOWN_NAME",
        c"no item of the vocabulary has this name",
    ),
    (
        mr_status::MR_NO_SCHEDULE,
        c"MR_NO_SCHEDULE",
        c"the care plan has no dates to write; the error document says why",
    ),
    (
        mr_status::MR_OUT_OF_RANGE,
        c"MR_OUT_OF_RANGE",
        c"a number argument is off its range",
    ),
];

fn status_name(status: u32) -> &'static CStr {
    STATUS_NAMES
        .iter()
        .find(|(s, _, _)| *s as u32 == status)
        .map_or(c"MR_UNKNOWN_STATUS", |(_, name, _)| name)
}

/// A sentence saying what a status means (`"a required pointer argument was NULL"`), for
/// every status, including those that come without an error document; `"not a status of
/// this library"` for any other number. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn mr_status_message(status: u32) -> *const c_char {
    STATUS_NAMES
        .iter()
        .find(|(s, _, _)| *s as u32 == status)
        .map_or(c"not a status of this library", |(_, _, words)| words)
        .as_ptr()
}

/// The name of a status (`"MR_OK"`), or `"MR_UNKNOWN_STATUS"` for a number that is not
/// one. Static: never free it. Takes any number, so a value read from elsewhere is safe.
#[unsafe(no_mangle)]
pub extern "C" fn mr_status_name(status: u32) -> *const c_char {
    status_name(status).as_ptr()
}

fn new_handle(protocol: Protocol) -> *mut mr_protocol {
    Box::into_raw(Box::new(mr_protocol { protocol }))
}

/// Writes a new handle to the built-in `seed` protocol (the default) to `*out`.
/// Returns `MR_NULL_ARGUMENT` when `out` is NULL. Free the handle with `mr_protocol_free`.
///
/// # Safety
/// `out` is NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_protocol_seed(out: *mut *mut mr_protocol) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe { builtin(out, Protocol::seed) }
}

/// Writes a new handle to the built-in `conservative` protocol (blood clots and cancer need
/// a physician's approval) to `*out`. Returns `MR_NULL_ARGUMENT` when `out` is NULL. Free
/// the handle with `mr_protocol_free`.
///
/// # Safety
/// `out` is NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_protocol_conservative(out: *mut *mut mr_protocol) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe { builtin(out, Protocol::conservative) }
}

unsafe fn builtin(out: *mut *mut mr_protocol, make: fn() -> Protocol) -> mr_status {
    if out.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    match catch_unwind(make) {
        Ok(protocol) => {
            // SAFETY: checked for NULL; the caller promises it is writable.
            unsafe { *out = new_handle(protocol) };
            mr_status::MR_OK
        }
        Err(_) => mr_status::MR_PANIC,
    }
}

/// Reads and validates a protocol from JSON and writes a new handle to `*out` (NULL on
/// failure). Free it with `mr_protocol_free`. Use `mr_protocol_from_json_ex` to learn why a
/// protocol was rejected.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` is NULL or valid for a write of one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_protocol_from_json(
    json: *const c_char,
    out: *mut *mut mr_protocol,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe { mr_protocol_from_json_ex(json, out, std::ptr::null_mut()) }
}

/// As `mr_protocol_from_json`, and on failure writes a JSON error document to
/// `*out_error_json` (when not NULL) naming every problem; free it with `mr_string_free`.
/// On success `*out_error_json` is set to NULL.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` and `out_error_json` are each NULL or
/// valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_protocol_from_json_ex(
    json: *const c_char,
    out: *mut *mut mr_protocol,
    out_error_json: *mut *mut c_char,
) -> mr_status {
    if !out.is_null() {
        // SAFETY: checked for NULL; the caller promises it is writable.
        unsafe { *out = std::ptr::null_mut() };
    }
    let mut made = None;
    // SAFETY: forwarded from the caller.
    let status = unsafe {
        boundary(out_error_json, || {
            if out.is_null() {
                return Err(Failure::new(mr_status::MR_NULL_ARGUMENT, "out is NULL"));
            }
            // SAFETY: forwarded from the caller.
            let text = read_str(json, "json")?;
            made = Some(Protocol::from_json(text)?);
            Ok(None)
        })
    };
    if let Some(protocol) = made {
        // SAFETY: `out` was checked for NULL inside the boundary before `made` was set.
        unsafe { *out = new_handle(protocol) };
    }
    status
}

/// Frees a protocol handle. NULL is a no-op. The handle must not be used afterwards, and
/// must not be freed twice.
///
/// # Safety
/// `protocol` is NULL or a handle from this library that was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_protocol_free(protocol: *mut mr_protocol) {
    if !protocol.is_null() {
        // SAFETY: a live handle made by `Box::into_raw` (caller's promise).
        drop(unsafe { Box::from_raw(protocol) });
    }
}

/// Writes the protocol as JSON to `*out_json`; free it with `mr_string_free`. A NULL
/// protocol means `seed`.
///
/// # Safety
/// `protocol` is NULL or a live handle; `out_json` is NULL or valid for a write of one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_protocol_to_json(
    protocol: *const mr_protocol,
    out_json: *mut *mut c_char,
) -> mr_status {
    if out_json.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    // SAFETY: forwarded from the caller.
    unsafe { boundary(out_json, || to_json(&*protocol_or_seed(protocol))) }
}

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

/// Deprecated: the old name of `mr_care_plan_json`, kept so that existing callers build.
///
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
pub unsafe extern "C" fn mr_plan_json(
    protocol: *const mr_protocol,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded from the caller.
    unsafe { mr_care_plan_json(protocol, request_json, out_json) }
}

/// Plans care for a request: the same as `mr_plan_json`, under the name of what it makes
/// (a care plan). `mr_plan_json` stays as a deprecated alias.
///
/// # Safety
/// As for `mr_plan_json`.
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
/// As for `mr_plan_json`.
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
            |p, text| {
                let care = read_and_plan(p, text)?;
                let mut out = care.screening.to_string();
                if let Some(session) = &care.session {
                    out.push_str("\n\n");
                    out.push_str(&session.to_string());
                }
                if let Some(schedule) = &care.schedule {
                    out.push_str("\n\n");
                    out.push_str(&schedule.to_string());
                }
                for held in &care.held_back {
                    out.push_str(&format!("\n\nHeld back: {held}"));
                }
                Ok(out)
            },
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
/// As for `mr_plan_json`; `uid` is NULL or a NUL-terminated string.
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
fn read_and_plan(protocol: &Protocol, text: &str) -> Result<massage_rules::CarePlan, Error> {
    let request = massage_rules::CareRequest::from_json(text)?;
    Ok(massage_rules::care_plan(protocol, &request)?)
}

/// A Unix time in seconds as the timestamp an iCalendar file is stamped with.
fn massage_rules_jiff_timestamp(seconds: i64) -> Result<jiff::Timestamp, Failure> {
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
/// As for `mr_plan_json`; `patient` is NULL or a NUL-terminated string.
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
            let care = read_and_plan(&protocol, text)?;
            let context = massage_rules::export::fhir::FhirContext { patient };
            let resource = massage_rules::export::fhir::care_plan_resource(&care, &context);
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

/// Codes a care request for billing (JSON: `request` (a care request as for
/// `mr_plan_json`), `diagnoses` (ICD-10-CM codes from the referral) and `unit_rule`
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
unsafe fn json_call(
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

/// Frees a string this library wrote to an `out_json`. NULL is a no-op. Never pass a
/// string from elsewhere, or a static one such as `mr_version()`.
///
/// # Safety
/// `s` is NULL or a string from an `out_json` of this library, not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: made by `CString::into_raw` (caller's promise).
        drop(unsafe { CString::from_raw(s) });
    }
}

/// A vocabulary's names and labels as C strings, in code order: made once, on the first
/// look-up of that vocabulary, and never changed (C concerns stay in the C crate).
struct CStrings {
    /// By code; `None` for a code no item has.
    names: Vec<Option<CString>>,
    labels: Vec<Option<CString>>,
}

struct Table {
    count: usize,
    strings: fn() -> CStrings,
    code: fn(&str) -> Option<u8>,
}

fn c_string(text: &str) -> CString {
    // Names and labels hold no NUL (a test of the core crate says so).
    CString::new(text).unwrap_or_default()
}

fn table_of<T: Vocabulary>() -> Table {
    Table {
        count: T::ALL.len(),
        strings: || {
            let by_code = |text: fn(T) -> &'static str| {
                let size = T::ALL.iter().map(|v| usize::from(v.code()) + 1).max();
                let mut out: Vec<Option<CString>> = vec![None; size.unwrap_or(0)];
                for &v in T::ALL {
                    out[usize::from(v.code())] = Some(c_string(text(v)));
                }
                out
            };
            CStrings {
                names: by_code(T::name),
                labels: by_code(T::label),
            }
        },
        code: |name| T::from_name(name).ok().map(T::code),
    }
}

/// The C strings of each vocabulary, by its place in `VOCABULARIES`.
static C_STRINGS: [std::sync::OnceLock<CStrings>; 17] = [const { std::sync::OnceLock::new() }; 17];

/// Every vocabulary with its look-ups: the one place a vocabulary number meets its enum.
const VOCABULARIES: [(mr_vocabulary, fn() -> Table); 17] = {
    use mr_vocabulary::*;
    [
        (MR_VOCABULARY_TECHNIQUE, table_of::<Technique>),
        (MR_VOCABULARY_TOOL, table_of::<Tool>),
        (MR_VOCABULARY_CONDITION, table_of::<Condition>),
        (MR_VOCABULARY_GOAL, table_of::<Goal>),
        (MR_VOCABULARY_CONTRAINDICATION, table_of::<Contraindication>),
        (MR_VOCABULARY_BODY_PART, table_of::<BodyPart>),
        (MR_VOCABULARY_BODY_REGION, table_of::<BodyRegion>),
        (MR_VOCABULARY_PRESSURE, table_of::<Pressure>),
        (MR_VOCABULARY_SIDE, table_of::<Side>),
        (MR_VOCABULARY_ACUITY, table_of::<Acuity>),
        (MR_VOCABULARY_ANSWER, table_of::<Answer>),
        (MR_VOCABULARY_QUESTION, table_of::<Question>),
        (MR_VOCABULARY_RULE, table_of::<RuleId>),
        (MR_VOCABULARY_DAY, table_of::<Day>),
        (MR_VOCABULARY_COURSE_KIND, table_of::<CourseKind>),
        (MR_VOCABULARY_PERIOD, table_of::<Period>),
        (MR_VOCABULARY_HISTORY, table_of::<History>),
    ]
};

fn table(vocabulary: u32) -> Option<Table> {
    VOCABULARIES
        .iter()
        .find(|(v, _)| *v as u32 == vocabulary)
        .map(|(_, make)| make())
}

fn lookup(
    vocabulary: u32,
    code: u32,
    pick: fn(&'static CStrings) -> &'static [Option<CString>],
) -> *const c_char {
    let index = VOCABULARIES
        .iter()
        .position(|(v, _)| *v as u32 == vocabulary);
    let found = index.and_then(|i| {
        let strings = C_STRINGS[i].get_or_init(|| (VOCABULARIES[i].1().strings)());
        pick(strings).get(usize::try_from(code).ok()?)?.as_ref()
    });
    found.map_or(std::ptr::null(), |s| s.as_ptr())
}

/// The snake_case name of an item of a vocabulary (`mr_vocabulary`) by its code, e.g.
/// technique 1 is `"deep_tissue"`; NULL for an unknown vocabulary or code. Static: never
/// free it.
#[unsafe(no_mangle)]
pub extern "C" fn mr_vocabulary_name(vocabulary: u32, code: u32) -> *const c_char {
    lookup(vocabulary, code, |s| &s.names)
}

/// The human label of an item of a vocabulary by its code, e.g. technique 1 is
/// `"Deep tissue massage"`; NULL for an unknown vocabulary or code. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn mr_vocabulary_label(vocabulary: u32, code: u32) -> *const c_char {
    lookup(vocabulary, code, |s| &s.labels)
}

/// How many items a vocabulary has (codes run from 0 to the count less one); 0 for an
/// unknown vocabulary.
#[unsafe(no_mangle)]
pub extern "C" fn mr_vocabulary_count(vocabulary: u32) -> u32 {
    table(vocabulary).map_or(0, |t| t.count as u32)
}

/// Writes the code of the item of `vocabulary` named `name` to `*out_code`. Returns
/// `MR_UNKNOWN_CODE` for an unknown vocabulary and `MR_UNKNOWN_NAME` for an unknown name.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string; `out_code` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mr_vocabulary_code(
    vocabulary: u32,
    name: *const c_char,
    out_code: *mut u32,
) -> mr_status {
    if out_code.is_null() {
        return mr_status::MR_NULL_ARGUMENT;
    }
    let Some(t) = table(vocabulary) else {
        return mr_status::MR_UNKNOWN_CODE;
    };
    // SAFETY: forwarded from the caller.
    match unsafe { read_str(name, "name") } {
        Err(failure) => failure.status,
        Ok(name) => match (t.code)(name) {
            Some(code) => {
                // SAFETY: checked for NULL; the caller promises it is writable.
                unsafe { *out_code = u32::from(code) };
                mr_status::MR_OK
            }
            None => mr_status::MR_UNKNOWN_NAME,
        },
    }
}
