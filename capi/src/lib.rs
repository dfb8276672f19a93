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

mod boundary;
mod decisions;
mod protocol;
mod status;
mod vocabulary;

pub use boundary::*;
pub use decisions::*;
pub use protocol::*;
pub use status::*;
pub use vocabulary::*;
