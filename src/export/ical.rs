//! iCalendar (RFC 5545): a recurrence rule per phase and a calendar document per
//! schedule.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::scheduling::{Schedule, ScheduledPhase};
use crate::vocabulary::{Day, Period};

impl ScheduledPhase {
    /// The RFC 5545 recurrence rule that, from [`dtstart`](Self::dtstart) and less the
    /// [`excluded`](Self::excluded) dates, gives exactly [`dates`](Self::dates).
    pub fn rrule(&self) -> String {
        let count = self.dates.len() + self.excluded.len();
        let days: Vec<&str> = self.weekdays.iter().map(Day::ical).collect();
        match self.rule.per {
            Period::Week => format!("FREQ=WEEKLY;WKST=MO;BYDAY={};COUNT={count}", days.join(",")),
            Period::Month => format!(
                "FREQ=MONTHLY;BYDAY={}{};COUNT={count}",
                self.week_of_month.unwrap_or(1),
                days.join(",")
            ),
        }
    }
}

impl Schedule {
    /// The schedule as an iCalendar document (RFC 5545): one all-day recurring event per
    /// phase, with `RRULE` and `EXDATE`. `uid` makes each event's UID unique (e.g. a
    /// course id); `dtstamp` is when the document is made.
    ///
    /// ```
    /// # use jiff::civil::date;
    /// # use massage_rules::scheduling::Availability;
    /// # use massage_rules::vocabulary::Day;
    /// # use massage_rules::{Course, Intake, Protocol};
    /// # let intake: Intake = serde_json::from_str(r#"{"assessed_on": "2026-11-27", "age": 40,
    /// #   "pregnant": "no", "findings": [], "conditions": [{"condition": "stress", "acuity": "ongoing"}],
    /// #   "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
    /// let protocol = Protocol::seed();
    /// let screened = massage_rules::Screened::new(&protocol, &intake)?;
    /// let clearance = screened.clearance()?;
    /// let course = Course::start(&clearance, &massage_rules::plan(&clearance), None)?;
    /// let available = Availability { weekdays: Day::Tuesday.into(), unavailable: vec![] };
    /// let ics = course.schedule(date(2026, 12, 1), &available)?
    ///     .to_ics("client-17", "2026-11-27T09:00:00Z".parse()?);
    /// assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    /// assert!(ics.contains("RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6\r\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_ics(&self, uid: &str, dtstamp: jiff::Timestamp) -> String {
        let mut out = String::new();
        let stamp = dtstamp.strftime("%Y%m%dT%H%M%SZ").to_string();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(
            &mut out,
            concat!(
                "PRODID:-//massage-rules//massage-rules ",
                env!("CARGO_PKG_VERSION"),
                "//EN"
            ),
        );
        line(&mut out, "CALSCALE:GREGORIAN");
        let total = self.phases.len();
        for phase in &self.phases {
            line(&mut out, "BEGIN:VEVENT");
            line(
                &mut out,
                &format!(
                    "UID:{}-phase-{}@massage-rules",
                    escape(uid),
                    phase.index + 1
                ),
            );
            line(&mut out, &format!("DTSTAMP:{stamp}"));
            line(
                &mut out,
                &format!("DTSTART;VALUE=DATE:{}", ical_date(phase.dtstart)),
            );
            line(&mut out, &format!("RRULE:{}", phase.rrule()));
            if !phase.excluded.is_empty() {
                let dates: Vec<String> = phase.excluded.iter().map(|d| ical_date(*d)).collect();
                line(&mut out, &format!("EXDATE;VALUE=DATE:{}", dates.join(",")));
            }
            let per = match phase.rule.per {
                Period::Week => "week",
                Period::Month => "month",
            };
            let summary = format!(
                "Medical massage ({}), phase {} of {total}: {} a {per}",
                self.kind.label(),
                phase.index + 1,
                phase.rule.sessions,
            );
            line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
            let mut description = format!(
                "{} sessions over {} {per}s; reassess at the end of the phase. Protocol {}.",
                phase.dates.len(),
                phase.rule.periods,
                self.protocol
            );
            if let Some(minutes) = self.session_minutes {
                let _ = write!(description, " Each session {minutes} minutes.");
            }
            line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
            line(&mut out, "END:VEVENT");
        }
        line(&mut out, "END:VCALENDAR");
        out
    }
}

fn ical_date(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // Other control characters (CR, tab, NUL, DEL, ...) are not allowed in TEXT
            // (RFC 5545 §3.3.11, §3.1): left out.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a content line, folded at 75 octets (RFC 5545 §3.1), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}
