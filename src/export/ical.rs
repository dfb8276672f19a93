//! iCalendar (RFC 5545): a recurrence rule per phase and a calendar document per
//! schedule; for a schedule with appointments, one timed event per session in the
//! clinic's zone, with the zone's `VTIMEZONE`.

use std::fmt::Write as _;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use crate::scheduling::{Appointments, Schedule, ScheduledPhase};
use crate::vocabulary::{Day, Period};

impl ScheduledPhase {
    /// The RFC 5545 recurrence rule that, from [`dtstart`](Self::dtstart) and less the
    /// [`excluded`](Self::excluded) dates, gives exactly [`dates`](Self::dates).
    pub fn rrule(&self) -> String {
        // The recurrence's own dates: those kept, those excluded, not those added.
        let count = (self.dates.len() + self.excluded.len()).saturating_sub(self.added.len());
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
    /// A schedule with [`appointments`](Schedule::appointments) is written as one event
    /// per session instead: `DTSTART;TZID=…` and `DTEND;TZID=…` in the clinic's zone, and
    /// a `VTIMEZONE` with every change of offset from the first session to the last, so a
    /// calendar needs no time-zone database of its own. No `RRULE`: the events are the
    /// sessions, whatever days were skipped.
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
        if let Some(booked) = &self.appointments {
            self.timed_events(booked, uid, &stamp, &mut out);
            line(&mut out, "END:VCALENDAR");
            return out;
        }
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
            if !phase.added.is_empty() {
                let dates: Vec<String> = phase.added.iter().map(|d| ical_date(*d)).collect();
                line(&mut out, &format!("RDATE;VALUE=DATE:{}", dates.join(",")));
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

impl Schedule {
    fn timed_events(&self, booked: &Appointments, uid: &str, stamp: &str, out: &mut String) {
        // The zone's name as the database knows it (a stored schedule's timing is text).
        let zone = booked
            .sessions
            .first()
            .and_then(|s| s.start.time_zone().iana_name())
            .unwrap_or(booked.timing.time_zone.as_str());
        if let (Some(first), Some(last)) = (booked.sessions.first(), booked.sessions.last()) {
            vtimezone(
                first.start.time_zone(),
                zone,
                first.start.timestamp(),
                last.end.timestamp(),
                out,
            );
        }
        let total = booked.sessions.len();
        for (n, session) in booked.sessions.iter().enumerate() {
            line(out, "BEGIN:VEVENT");
            line(
                out,
                &format!("UID:{}-session-{}@massage-rules", escape(uid), n + 1),
            );
            line(out, &format!("DTSTAMP:{stamp}"));
            line(
                out,
                &format!(
                    "DTSTART;TZID={}:{}",
                    param(zone),
                    local_time(session.start.datetime())
                ),
            );
            line(
                out,
                &format!(
                    "DTEND;TZID={}:{}",
                    param(zone),
                    local_time(session.end.datetime())
                ),
            );
            let phase = self
                .phases
                .iter()
                .find(|p| p.index == session.phase)
                .map(|p| {
                    let per = match p.rule.per {
                        Period::Week => "week",
                        Period::Month => "month",
                    };
                    format!(", phase {}: {} a {per}", p.index + 1, p.rule.sessions)
                })
                .unwrap_or_default();
            let summary = format!(
                "Medical massage ({}), session {} of {total}{phase}",
                self.kind.label(),
                n + 1,
            );
            line(out, &format!("SUMMARY:{}", escape(&summary)));
            let description = format!(
                "{} minutes. Reassess at the end of each phase. Protocol {}.",
                booked.session_minutes, self.protocol
            );
            line(out, &format!("DESCRIPTION:{}", escape(&description)));
            line(out, "END:VEVENT");
        }
    }
}

/// A `VTIMEZONE` (RFC 5545 §3.6.5) for `tz` from `from` to `to`: the observance in force
/// at `from`, and one per change of offset up to `to`, each with its `DTSTART` in the
/// local time before the change.
fn vtimezone(tz: &TimeZone, name: &str, from: Timestamp, to: Timestamp, out: &mut String) {
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", escape(name)));
    // The change that set the offset in force at `from`, then every change up to `to`
    // (a course spans a few years at most: a handful of changes).
    let start = tz.preceding(from + SignedDuration::from_secs(1)).next();
    let changes = start
        .into_iter()
        .chain(
            tz.following(from)
                .take_while(|t| t.timestamp() <= to)
                .take(64),
        )
        .map(|t| {
            (
                t.timestamp(),
                t.offset(),
                t.abbreviation().to_owned(),
                t.dst().is_dst(),
            )
        })
        .collect::<Vec<_>>();
    if changes.is_empty() {
        // A zone without changes: one observance, from the epoch on.
        let info = tz.to_offset_info(from);
        observance(
            out,
            false,
            "19700101T000000",
            info.offset(),
            info.offset(),
            info.abbreviation(),
        );
    }
    for (at, offset, abbreviation, dst) in changes {
        let before = tz.to_offset(at - SignedDuration::from_secs(1));
        let local = before.to_datetime(at);
        observance(out, dst, &local_time(local), before, offset, &abbreviation);
    }
    line(out, "END:VTIMEZONE");
}

fn observance(
    out: &mut String,
    daylight: bool,
    dtstart: &str,
    from: Offset,
    to: Offset,
    name: &str,
) {
    let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
    line(out, &format!("BEGIN:{kind}"));
    line(out, &format!("DTSTART:{dtstart}"));
    line(out, &format!("TZOFFSETFROM:{}", utc_offset(from)));
    line(out, &format!("TZOFFSETTO:{}", utc_offset(to)));
    if !name.is_empty() {
        line(out, &format!("TZNAME:{}", escape(name)));
    }
    line(out, &format!("END:{kind}"));
}

/// A UTC offset as RFC 5545 §3.3.14 writes it: `-0500`, `+1030`, `+053328`.
fn utc_offset(offset: Offset) -> String {
    let total = offset.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let s = total.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// A local date and time, RFC 5545 §3.3.5 form 2 (`19980119T020000`).
fn local_time(at: DateTime) -> String {
    at.strftime("%Y%m%dT%H%M%S").to_string()
}

/// A parameter value, quoted when it holds a character a parameter may not (RFC 5545
/// §3.2); an IANA name holds none of them, but a zone name comes from the caller.
fn param(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    if clean.contains([';', ':', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
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
