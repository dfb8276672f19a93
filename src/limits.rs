//! Every limit of the crate, in one place. Input from elsewhere is bounded so that no
//! intake, request, protocol, variant or claims run can make a decision cost without end;
//! each limit is checked by validation, for JSON and for values built in Rust alike, and
//! reported as a typed problem naming it. They are far above any real input.
//!
//! The module-level names of earlier versions (`protocol::MAX_PHASES`, `intake::Limits`,
//! `vocabulary::MAX_AGE`, ...) are gone: these are the one place.

/// The crate's limits, as associated constants.
#[derive(Debug, Clone, Copy)]
pub struct Limits;

impl Limits {
    // Intakes and care requests.

    /// Findings on one intake.
    pub const FINDINGS: usize = 64;
    /// Conditions on one intake.
    pub const CONDITIONS: usize = 64;
    /// Locations of one condition.
    pub const LOCATIONS: usize = 32;
    /// Physician approvals on one intake.
    pub const APPROVALS: usize = 32;
    /// Characters of a free text (a physician's name).
    pub const TEXT_CHARS: usize = 200;
    /// Unavailable dates in a care request's availability (about ten years of days).
    pub const UNAVAILABLE_DATES: usize = 3_700;
    /// Bytes of an intake's or a care request's JSON text (1 MiB, as through the C ABI).
    pub const JSON_BYTES: usize = 1 << 20;
    /// Problems listed in one error; past it, one `too_many_problems` problem says how
    /// many more were found.
    pub const PROBLEMS: usize = 100;
    /// Levels of nesting of a FHIR document read into an intake (a QuestionnaireResponse
    /// of the crate's questionnaire nests about a dozen). JSON text read by serde_json is
    /// already held to 128.
    pub const JSON_DEPTH: usize = 64;
    /// The oldest age an intake accepts; anything above is taken for a typing error.
    pub const AGE: u32 = 130;
    /// The years an assessment, and so a course, may fall in (ours: a date outside is
    /// taken for a typing error, and calendars cannot write every year jiff can).
    pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2199;

    // Protocols.

    /// The most phases a course may have (ours: a course is reassessed at the end of each
    /// phase, and a dozen reassessments is more than any course of the seed needs). It
    /// keeps phase numbers small, and a course's length bounded.
    pub const PHASES: usize = 12;
    /// The most rows a protocol table (pairings, tool uses, caps, precautions, tool
    /// safety, courses) may have; the built-ins have about a hundred pairings.
    pub const TABLE_ROWS: usize = 1_000;
    /// The largest protocol JSON text read, in bytes (1 MiB; the built-ins are about 40
    /// KiB).
    pub const PROTOCOL_BYTES: usize = 1 << 20;
    /// The most characters of a protocol's title, of one of its notes, or of a row's note
    /// or source.
    pub const PROTOCOL_TEXT_CHARS: usize = 2_000;
    /// The most notes a protocol has.
    pub const NOTES: usize = 64;
    /// The most characters a protocol id may have.
    pub const PROTOCOL_ID_LEN: usize = 32;

    // Schedules.

    /// How far ahead a schedule looks for dates before giving up (about ten years).
    pub const HORIZON_DAYS: i32 = 3700;

    // Research.

    /// The largest variant file read, in bytes (1 MiB).
    pub const VARIANT_BYTES: usize = 1 << 20;
    /// The most operations a variant file's patch may have.
    pub const PATCH_OPERATIONS: usize = 256;
    /// The most JSON values (objects, arrays, strings, numbers, ...) a protocol may have
    /// while a variant is applied; the built-in protocols have under 4,000.
    pub const PROTOCOL_VALUES: usize = 50_000;
    /// The most intakes a cohort read from JSON Lines may have.
    pub const COHORT_ROWS: usize = 100_000;

    // Exports and coding.

    /// The most characters of a CDS Hooks card's `summary` (CDS Hooks 2.0: fewer than
    /// 140).
    pub const SUMMARY_CHARS: usize = 139;
    /// Distinct diagnosis codes one report reads; a repeated code counts once. A claim
    /// form carries twelve; this leaves room for a referral's history and bounds what a
    /// coding run writes.
    pub const DIAGNOSES: usize = 64;
    /// Sessions one claims run codes: a year of daily sessions. A schedule past it (a
    /// custom protocol may book tens of thousands) is coded in later runs, so what one run
    /// writes stays bounded.
    pub const CODED_SESSIONS: usize = 366;
    /// Windows a day in opening hours or preferred windows.
    pub const WINDOWS_PER_DAY: usize = 8;
    /// Entries in a timing's closed days (a day or a span each).
    pub const CLOSED: usize = 400;
    /// Days closed in all, spans counted day by day (about ten years).
    pub const CLOSED_DAYS: usize = 3_700;
    /// The longest session a timing books, in minutes (eight hours).
    pub const SESSION_MINUTES: u16 = 480;
    /// Appointments one `appointment-book` request is read with.
    pub const APPOINTMENTS: usize = 100;
}

/// The most characters of a problem's path or detail: a safety net past the quoting of
/// input text ([`quote`]), so that no error repeats more of its input than this, however
/// it was made.
pub(crate) const ECHO_CHARS: usize = 1_000;

/// Input text quoted in a problem or a card: in quotes and escaped as Rust's `{:?}` does,
/// cut at [`Limits::TEXT_CHARS`] characters (then `…` says there was more).
pub(crate) fn quote(text: &str) -> String {
    // No more bytes than the limit: no more characters either.
    if text.len() <= Limits::TEXT_CHARS {
        return format!("{text:?}");
    }
    match text.char_indices().nth(Limits::TEXT_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
    }
}

/// `text` cut at `max` characters, with `…` when it was longer.
pub(crate) fn clip_to(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    match text.char_indices().nth(max) {
        None => text,
        Some((cut, _)) => {
            let mut out = text;
            out.truncate(cut);
            out.push('…');
            out
        }
    }
}
