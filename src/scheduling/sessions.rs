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
    /// `day` as a day number, for the counting.
    n: i32,
}

/// A civil date as a count of days (days from civil, in the proleptic Gregorian
/// calendar): the periods are counted on integers, not on calendar arithmetic.
fn day_number(d: Date) -> i32 {
    let (y, m, day) = (
        i32::from(d.year()) - i32::from(d.month() <= 2),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    /// The others again, by phase: each phase's sessions in date order.
    by_phase: Vec<(u8, Vec<Other>)>,
    /// Each other session's day number and phase, by its number (`who`).
    by_who: Vec<Option<(i32, Option<u8>)>>,
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
            by_phase: Vec::new(),
            by_who: Vec::new(),
        };
        let mut others: Vec<Other> = others
            .into_iter()
            .map(|(day, who)| Other {
                day,
                who,
                phase: frame.phase_at(day).map(|(p, _)| p),
                n: day_number(day),
            })
            .collect();
        others.sort_unstable();
        for other in &others {
            if frame.by_who.len() <= other.who {
                frame.by_who.resize(other.who + 1, None);
            }
            frame.by_who[other.who] = Some((other.n, other.phase));
            let Some(phase) = other.phase else { continue };
            match frame.by_phase.iter_mut().find(|(p, _)| *p == phase) {
                Some((_, list)) => list.push(*other),
                None => frame.by_phase.push((phase, vec![*other])),
            }
        }
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
        self.each_breach(day, except, length, hours, false, |b| out.push(b));
        out
    }

    /// Whether a session on `day` keeps every row: [`breaches`](Frame::breaches) is
    /// empty, found by the same rows, stopping at the first broken.
    pub(crate) fn passes(
        &self,
        day: Date,
        except: Option<usize>,
        length: Option<(i64, u16)>,
        hours: Option<(&Timing, &ZonedDateTime, u16)>,
    ) -> bool {
        !self.each_breach(day, except, length, hours, true, |_| {})
    }

    /// [`passes`](Frame::passes) but for the hours: the rows a day decides.
    pub(crate) fn day_passes(
        &self,
        day: Date,
        except: Option<usize>,
        length: Option<(i64, u16)>,
    ) -> bool {
        self.passes(day, except, length, None)
    }

    /// The rows, in order, each breach handed to `found`; with `first`, it stops at the
    /// first one (and the frequency takes the first crowded period, not the most crowded).
    /// Whether any row was broken.
    fn each_breach(
        &self,
        day: Date,
        except: Option<usize>,
        length: Option<(i64, u16)>,
        hours: Option<(&Timing, &ZonedDateTime, u16)>,
        first: bool,
        mut found: impl FnMut(Breach),
    ) -> bool {
        let mut any = false;
        let mut note = |breach: Breach| {
            found(breach);
            any = true;
            first
        };
        if day < self.assessed_on
            && note(Breach::BeforeAssessment {
                assessed_on: self.assessed_on,
            })
        {
            return true;
        }
        if self.start.is_none_or(|start| day <= start)
            && let Some((seen, latest, max_days)) = self.course.rescreen_deadline()
            && day > latest
            && note(Breach::PastRescreen { seen, max_days })
        {
            return true;
        }
        if let Some(limit) = self
            .course
            .approval_limits
            .iter()
            .filter(|l| day > l.valid_until)
            .min_by_key(|l| l.valid_until)
            && note(Breach::PastApproval {
                contraindication: limit.contraindication,
                valid_until: limit.valid_until,
            })
        {
            return true;
        }
        if let Some(with) = self.same_day(day, except)
            && note(Breach::SameDay { with })
        {
            return true;
        }
        if let Some(crowded) = self.crowded(day, except, first)
            && note(crowded)
        {
            return true;
        }
        if let Some((minutes, planned)) = length
            && minutes < i64::from(planned)
            && note(Breach::TooShort { minutes, planned })
        {
            return true;
        }
        if let Some((timing, start, minutes)) = hours
            && !timing.admits(start, minutes)
            && note(Breach::OutsideHours)
        {
            return true;
        }
        any
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
    ///
    /// With `any`, the first period found crowded is taken rather than the most crowded
    /// (whether there is one is all [`passes`](Frame::passes) asks).
    fn crowded(&self, day: Date, except: Option<usize>, any: bool) -> Option<Breach> {
        let (phase, rule) = self.phase_at(day)?;
        let same = &self.by_phase.iter().find(|(p, _)| *p == phase)?.1;
        let span = rule.window_days();
        let today = day_number(day);
        // The same phase's other sessions within a period either side, in date order.
        let near = {
            let from = same.partition_point(|o| o.n <= today - span);
            let to = same.partition_point(|o| o.n < today + span);
            &same[from..to]
        };
        if near.len() < usize::from(rule.sessions) {
            return None;
        }
        let own = |o: &Other| Some(o.who) == except;
        // The session itself, when it is among the others, counts once.
        let itself = except
            .and_then(|w| self.by_who.get(w).copied().flatten())
            .filter(|(_, p)| *p == Some(phase))
            .map(|(n, _)| n);
        // The sessions in the period from `anchor`, and how many count with this one.
        let within = |anchor: i32| {
            let first = near.partition_point(|o| o.n < anchor);
            let last = near.partition_point(|o| o.n < anchor + span);
            let counted = itself.is_some_and(|n| n >= anchor && n < anchor + span);
            (first, last, last - first - usize::from(counted) + 1)
        };
        let mut best: Option<(usize, i32, Date)> = None;
        let mut previous = None;
        // Each period that holds `day` and starts on a session's day, or on `day` itself.
        let anchors = near
            .iter()
            .filter(|o| !own(o) && o.n < today)
            .map(|o| (o.n, o.day))
            .chain(std::iter::once((today, day)));
        for (anchor, date) in anchors {
            if previous == Some(anchor) {
                continue;
            }
            previous = Some(anchor);
            let (_, _, found) = within(anchor);
            if best.is_none_or(|(n, _, _)| found > n) {
                best = Some((found, anchor, date));
                if any && found > usize::from(rule.sessions) {
                    break;
                }
            }
        }
        let (found, anchor, from) = best?;
        if found <= usize::from(rule.sessions) {
            return None;
        }
        let (first, last, _) = within(anchor);
        let with = near[first..last]
            .iter()
            .filter(|o| !own(o))
            .min_by_key(|o| ((o.n - today).abs(), o.who))?
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

#[cfg(test)]
mod tests {
    use super::day_number;
    use jiff::civil::date;

    #[test]
    fn day_numbers_count_days() {
        let mut d = date(1899, 12, 25);
        let mut n = day_number(d);
        while d < date(2101, 1, 10) {
            let next = d.tomorrow().unwrap();
            assert_eq!(day_number(next), n + 1, "{next}");
            n += 1;
            d = next;
        }
        assert_eq!(day_number(date(1970, 1, 1)), 0);
    }
}
