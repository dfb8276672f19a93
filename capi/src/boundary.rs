//! The boundary between C and Rust: string arguments read within bounds, answers and
//! error documents written out, panics caught; and the one way to free a string.

use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use massage_rules::error::ErrorKind;
use massage_rules::{Error, Protocol};

use crate::protocol::*;
use crate::status::*;

/// A failure on its way to C: the status and the error document.
pub(crate) struct Failure {
    pub(crate) status: mr_status,
    pub(crate) document: serde_json::Value,
}

impl Failure {
    pub(crate) fn new(status: mr_status, message: impl Into<String>) -> Self {
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
            | ErrorKind::InvalidProgress
            | ErrorKind::NotMoved => mr_status::MR_INVALID_INPUT,
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
pub(crate) unsafe fn read_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
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

pub(crate) fn into_c_string(text: String) -> *mut c_char {
    // serde_json escapes NUL, so JSON text never holds one; fall back to an empty string.
    CString::new(text).unwrap_or_default().into_raw()
}

/// Writes `text` to `*out` when `out` is not NULL.
///
/// # Safety
/// `out` is NULL or valid for a write of one pointer.
pub(crate) unsafe fn write_out(out: *mut *mut c_char, text: String) {
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
pub(crate) unsafe fn boundary(
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

pub(crate) fn protocol_or_seed(
    protocol: *const mr_protocol,
) -> std::borrow::Cow<'static, Protocol> {
    if protocol.is_null() {
        std::borrow::Cow::Owned(Protocol::seed())
    } else {
        // SAFETY: a non-NULL handle comes from this library and is alive (caller's promise).
        std::borrow::Cow::Borrowed(unsafe { &(*protocol).protocol })
    }
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<Option<String>, Failure> {
    serde_json::to_string(value)
        .map(Some)
        .map_err(|e| Failure::new(mr_status::MR_PANIC, e.to_string()))
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
