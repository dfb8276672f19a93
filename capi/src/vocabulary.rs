//! The vocabularies by number and code: names, labels and look-ups as static C strings.

use std::ffi::{CString, c_char};

use massage_rules::vocabulary::{
    Acuity, Answer, BodyPart, BodyRegion, Condition, Contraindication, CourseKind, Day, Goal,
    History, Period, Pressure, Question, RuleId, Side, Technique, Tool, Vocabulary,
};

use crate::boundary::*;
use crate::status::*;

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

/// A vocabulary's names and labels as C strings, in code order: made once, on the first
/// look-up of that vocabulary, and never changed (C concerns stay in the C crate).
pub(crate) struct CStrings {
    /// By code; `None` for a code no item has.
    names: Vec<Option<CString>>,
    labels: Vec<Option<CString>>,
}

pub(crate) struct Table {
    count: usize,
    strings: fn() -> CStrings,
    code: fn(&str) -> Option<u8>,
}

pub(crate) fn c_string(text: &str) -> CString {
    // Names and labels hold no NUL (a test of the core crate says so).
    CString::new(text).unwrap_or_default()
}

pub(crate) fn table_of<T: Vocabulary>() -> Table {
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
pub(crate) static C_STRINGS: [std::sync::OnceLock<CStrings>; 17] =
    [const { std::sync::OnceLock::new() }; 17];

/// Every vocabulary with its look-ups: the one place a vocabulary number meets its enum.
pub(crate) const VOCABULARIES: [(mr_vocabulary, fn() -> Table); 17] = {
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

pub(crate) fn table(vocabulary: u32) -> Option<Table> {
    VOCABULARIES
        .iter()
        .find(|(v, _)| *v as u32 == vocabulary)
        .map(|(_, make)| make())
}

pub(crate) fn lookup(
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
