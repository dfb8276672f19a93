//! The statuses every fallible function returns, each with its name and words, and the
//! library's version.

use std::ffi::{CStr, c_char};

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

/// The library's version, e.g. `"0.1.0"`. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn mr_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Every status with its name and its words: the one place a status is named.
pub(crate) const STATUS_NAMES: [(mr_status, &CStr, &CStr); 12] = [
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

pub(crate) fn status_name(status: u32) -> &'static CStr {
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
