//! Protocol handles: made, read from JSON, written, freed.

use std::ffi::c_char;
use std::panic::catch_unwind;

use massage_rules::Protocol;

use crate::boundary::*;
use crate::status::*;

/// An immutable protocol. Create it with `mr_protocol_seed`, `mr_protocol_conservative`
/// or `mr_protocol_from_json`; free it with `mr_protocol_free`. It may be shared between
/// threads.
#[derive(Debug)]
pub struct mr_protocol {
    pub(crate) protocol: Protocol,
}

pub(crate) fn new_handle(protocol: Protocol) -> *mut mr_protocol {
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

pub(crate) unsafe fn builtin(out: *mut *mut mr_protocol, make: fn() -> Protocol) -> mr_status {
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
