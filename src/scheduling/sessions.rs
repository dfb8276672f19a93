//! The rules every session of a course keeps, whether the course books it, a session is
//! moved to it, or an EHR proposes it: one table ([`SESSION_RULES`]), and one evaluation
//! read by [`Schedule::reschedule`] and by the appointment-book check
//! ([`CarePlan::check_appointments`](crate::CarePlan::check_appointments)) alike.

use jiff::ZonedDateTime;

use super::*;

/// A rule a session of a course keeps, wherever it comes from: booked with the course,
/// moved, or proposed by an EHR. See [`SESSION_RULES`] for each row's rule family and
/// seed lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SessionRule {
    /// Not before the assessment the course rests on.
    AfterAssessment = 0,
    /// The course's first session within the protocol's `rescreen_after_days` of when the
    /// client was last seen.
    Rescreen = 1,
    /// Not past the last day a physician's approval the course relies on covers.
    Approval = 2,
    /// Never two sessions on one day.
    OneADay = 3,
    /// No more sessions within a period than the phase the session falls in gives.
    Frequency = 4,
    /// Not shorter than the planned session.
    Length = 5,
    /// Within the opening hours and the client's preferred windows, not on a closed day,
    /// on the wall clock from start to end.
    Hours = 6,
}

/// One row of the session rules' table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRuleRow {
    /// The rule.
    pub rule: SessionRule,
    /// Its stable name (`one_a_day`).
    pub name: &'static str,
    /// The rule family a finding names.
    pub family: RuleId,
    /// The seed lines behind it (for [`Approval`](SessionRule::Approval) and
    /// [`Frequency`](SessionRule::Frequency) a finding cites the approval's or the phase's
    /// own lines).
    pub seed: SeedLines,
    /// Whether the seed does not state it and the crate decided it (docs/DESIGN.md).
    pub ours: bool,
    /// Whether it is a rule between sessions: it depends on the client's other sessions.
    pub between_sessions: bool,
}

const fn row(
    rule: SessionRule,
    name: &'static str,
    family: RuleId,
    seed: SeedLines,
    ours: bool,
    between_sessions: bool,
) -> SessionRuleRow {
    SessionRuleRow {
        rule,
        name,
        family,
        seed,
        ours,
        between_sessions,
    }
}

/// The rules every session keeps, one row each, in [`SessionRule`]'s order.
pub const SESSION_RULES: [SessionRuleRow; 7] = [
    row(
        SessionRule::AfterAssessment,
        "after_assessment",
        RuleId::Course,
        SeedLines::range(163, 171),
        true,
        false,
    ),
    row(
        SessionRule::Rescreen,
        "rescreen",
        RuleId::Disclosure,
        SeedLines::line(142),
        true,
        false,
    ),
    row(
        SessionRule::Approval,
        "approval",
        RuleId::Age,
        SeedLines::range(134, 140),
        false,
        false,
    ),
    row(
        SessionRule::OneADay,
        "one_a_day",
        RuleId::Course,
        SeedLines::range(163, 171),
        true,
        true,
    ),
    row(
        SessionRule::Frequency,
        "frequency",
        RuleId::Course,
        SeedLines::range(163, 171),
        false,
        true,
    ),
    row(
        SessionRule::Length,
        "length",
        RuleId::SessionLength,
        SeedLines::line(178),
        false,
        false,
    ),
    row(
        SessionRule::Hours,
        "hours",
        RuleId::Course,
        SeedLines::range(163, 171),
        true,
        false,
    ),
];

impl SessionRule {
    /// Its row of [`SESSION_RULES`].
    pub const fn row(self) -> &'static SessionRuleRow {
        &SESSION_RULES[self as usize]
    }

    /// Whether it depends on the client's other sessions.
    pub const fn between_sessions(self) -> bool {
        self.row().between_sessions
    }
}

/// What a session breaks, by the rows of [`SESSION_RULES`]; `with` names another session
/// by the caller's number for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Breach {
    BeforeAssessment {
        assessed_on: Date,
    },
    PastRescreen {
        seen: Date,
        max_days: u16,
    },
    PastApproval {
        contraindication: Contraindication,
        valid_until: Date,
    },
    SameDay {
        with: usize,
    },
    TooClose {
        phase: u8,
        rule: PhaseRule,
        from: Date,
        found: usize,
        with: usize,
    },
    TooShort {
        minutes: i64,
        planned: u16,
    },
    OutsideHours,
}

/// Another session of the client's: its local day, the phase that day falls in, and the
/// caller's number for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Other {
    day: Date,
    who: usize,
    phase: Option<u8>,
}

/// A course's frame for judging one session at a time: what the course rests on, the
/// phases by date, where the course starts, and the client's other sessions.
pub(crate) struct Frame<'a> {
    course: &'a Course,
    schedule: Option<&'a Schedule>,
    assessed_on: Date,
    /// The day the course starts on, when known: a session on or before it is the
    /// course's first.
    start: Option<Date>,
    others: Vec<Other>,
}

impl<'a> Frame<'a> {
    /// A frame for `course`, dated by `schedule` (phases by date), resting on the
    /// assessment of `assessed_on`, starting on `start`, with the client's other sessions
    /// (`(day, who)`).
    pub(crate) fn new(
        course: &'a Course,
        schedule: Option<&'a Schedule>,
        assessed_on: Date,
        start: Option<Date>,
        others: impl IntoIterator<Item = (Date, usize)>,
    ) -> Self {
        let mut frame = Frame {
            course,
            schedule,
            assessed_on,
            start,
            others: Vec::new(),
        };
        let mut others: Vec<Other> = others
            .into_iter()
            .map(|(day, who)| Other {
                day,
                who,
                phase: frame.phase_at(day).map(|(p, _)| p),
            })
            .collect();
        others.sort_unstable();
        frame.others = others;
        frame
    }

    /// The phase rule in force on `day`: the last phase of the schedule whose first date
    /// is on or before it, else the course's current phase.
    pub(crate) fn phase_at(&self, day: Date) -> Option<(u8, PhaseRule)> {
        if let Some(schedule) = self.schedule {
            let found = schedule
                .phases
                .iter()
                .rev()
                .find(|p| p.dates.first().is_some_and(|f| *f <= day));
            if let Some(phase) = found {
                return Some((phase.index, phase.rule));
            }
        }
        let course = self.course;
        course
            .phases
            .get(usize::from(course.phase))
            .map(|rule| (course.phase, *rule))
    }

    /// Every row a session on `day` breaks, leaving out the other session `except` (the
    /// session itself, when it is among the others): `length` is its minutes and the
    /// planned minutes, `hours` its zoned start, minutes and the timing.
    pub(crate) fn breaches(
        &self,
        day: Date,
        except: Option<usize>,
        length: Option<(i64, u16)>,
        hours: Option<(&Timing, &ZonedDateTime, u16)>,
    ) -> Vec<Breach> {
        let mut out = Vec::new();
        if day < self.assessed_on {
            out.push(Breach::BeforeAssessment {
                assessed_on: self.assessed_on,
            });
        }
        if self.start.is_none_or(|start| day <= start)
            && let Some((seen, latest, max_days)) = self.course.rescreen_deadline()
            && day > latest
        {
            out.push(Breach::PastRescreen { seen, max_days });
        }
        if let Some(limit) = self
            .course
            .approval_limits
            .iter()
            .filter(|l| day > l.valid_until)
            .min_by_key(|l| l.valid_until)
        {
            out.push(Breach::PastApproval {
                contraindication: limit.contraindication,
                valid_until: limit.valid_until,
            });
        }
        if let Some(with) = self.same_day(day, except) {
            out.push(Breach::SameDay { with });
        }
        if let Some(crowded) = self.crowded(day, except) {
            out.push(crowded);
        }
        if let Some((minutes, planned)) = length
            && minutes < i64::from(planned)
        {
            out.push(Breach::TooShort { minutes, planned });
        }
        if let Some((timing, start, minutes)) = hours
            && !timing.admits(start, minutes)
        {
            out.push(Breach::OutsideHours);
        }
        out
    }

    /// The first other session on `day`, but `except`.
    fn same_day(&self, day: Date, except: Option<usize>) -> Option<usize> {
        let from = self.others.partition_point(|o| o.day < day);
        self.others[from..]
            .iter()
            .take_while(|o| o.day == day)
            .find(|o| Some(o.who) != except)
            .map(|o| o.who)
    }

    /// The most sessions of `day`'s phase within one period that holds `day` (7 days for
    /// a week, 28 for a month), when more than the phase gives: the span's first day, the
    /// count, and the other session in it nearest to `day`.
    fn crowded(&self, day: Date, except: Option<usize>) -> Option<Breach> {
        let (phase, rule) = self.phase_at(day)?;
        let span = rule.window_days();
        let low = day.checked_sub(i64::from(span).days()).unwrap_or(Date::MIN);
        let high = day.checked_add(i64::from(span).days()).unwrap_or(Date::MAX);
        let from = self.others.partition_point(|o| o.day <= low);
        let to = self.others.partition_point(|o| o.day < high);
        // The same phase's other sessions within a period either side, in date order.
        let near: Vec<&Other> = self.others[from..to]
            .iter()
            .filter(|o| o.phase == Some(phase) && Some(o.who) != except)
            .collect();
        if near.len() < usize::from(rule.sessions) {
            return None;
        }
        let mut best: Option<(usize, Date)> = None;
        let mut anchors: Vec<Date> = near.iter().map(|o| o.day).filter(|d| *d < day).collect();
        anchors.dedup();
        anchors.push(day);
        for anchor in anchors {
            if (day - anchor).get_days() >= span {
                continue;
            }
            let end = anchor
                .checked_add(i64::from(span).days())
                .unwrap_or(Date::MAX);
            let first = near.partition_point(|o| o.day < anchor);
            let last = near.partition_point(|o| o.day < end);
            let found = last - first + 1;
            if best.is_none_or(|(n, _)| found > n) {
                best = Some((found, anchor));
            }
        }
        let (found, from) = best?;
        if found <= usize::from(rule.sessions) {
            return None;
        }
        let end = from
            .checked_add(i64::from(span).days())
            .unwrap_or(Date::MAX);
        let with = near
            .iter()
            .filter(|o| o.day >= from && o.day < end)
            .min_by_key(|o| ((o.day - day).get_days().abs(), o.who))?
            .who;
        Some(Breach::TooClose {
            phase,
            rule,
            from,
            found,
            with,
        })
    }
}
