//! Issue 26: one appointment at a time. An appointment's verdict depends only on the
//! appointment, the client's course and what is already booked — never on which other
//! proposals share the request, but for the rules between sessions; moving a session and
//! checking it are judged by the same rows; and a session lies within its window on the
//! wall clock across every change of the clocks.

use jiff::civil::{Date, DateTime, Time, date, time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan, ZonedDateTime};
use massage_rules::care::{BookingFinding, ProposedAppointment};
use massage_rules::scheduling::{RescheduleError, SESSION_RULES, SessionRule, Timing};
use massage_rules::strategies::plannable_intake;
use massage_rules::{CarePlan, CareRequest, Intake, Protocol, care_plan};
use proptest::prelude::*;

mod common;

const TIMING: &str = r#"{"time_zone": "Europe/Berlin",
    "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
              "tuesday": [{"start": "12:00", "end": "18:00"}],
              "wednesday": [{"start": "09:00", "end": "17:00"}],
              "thursday": [{"start": "09:00", "end": "13:00"}],
              "friday": [{"start": "09:00", "end": "17:00"}]},
    "closed": ["2027-04-05"]}"#;

fn timed_plan(intake: Intake) -> CarePlan {
    let request = CareRequest {
        intake,
        start: None,
        availability: None,
        baseline: None,
        timing: Some(serde_json::from_str(TIMING).unwrap()),
    };
    care_plan(&Protocol::seed(), &request).unwrap()
}

fn sessions(care: &CarePlan) -> Vec<ProposedAppointment> {
    care.schedule
        .as_ref()
        .and_then(|s| s.appointments.as_ref())
        .map(|a| {
            a.sessions
                .iter()
                .enumerate()
                .map(|(i, s)| ProposedAppointment {
                    id: Some(format!("s{i}")),
                    start: s.start.clone(),
                    end: s.end.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn berlin(at: DateTime, minutes: i64) -> Option<ProposedAppointment> {
    let tz = TimeZone::get("Europe/Berlin").unwrap();
    let start = at.to_zoned_datetime(tz).ok()?;
    let end = start.checked_add(SignedDuration::from_mins(minutes)).ok()?;
    Some(ProposedAppointment {
        id: None,
        start,
        end,
    })
}

/// The findings that do not involve another session.
fn own(findings: &[BookingFinding]) -> Vec<&BookingFinding> {
    findings
        .iter()
        .filter(|f| !f.session_rule.is_some_and(SessionRule::between_sessions))
        .collect()
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/one_at_a_time.txt"))]

    /// Every session the plan books passes the check alone, with any subset of the
    /// others proposed beside it, with the rest of the course on the books, and all
    /// together.
    #[test]
    fn the_plans_sessions_pass_alone_with_any_others_and_all_together(
        intake in plannable_intake(),
        subset in any::<u64>(),
    ) {
        let care = timed_plan(intake);
        let own = sessions(&care);
        prop_assume!(!own.is_empty());
        let own = &own[..own.len().min(40)];
        for (i, s) in own.iter().enumerate() {
            let alone = care.check_appointments(std::slice::from_ref(s), &[]);
            prop_assert!(alone[0].findings.is_empty(), "session {}: {:?}", i, alone[0]);
            let rest: Vec<ProposedAppointment> = own.iter().enumerate()
                .filter(|(k, _)| *k != i).map(|(_, s)| s.clone()).collect();
            let booked = care.check_appointments(std::slice::from_ref(s), &rest);
            prop_assert!(booked[0].findings.is_empty(), "session {} with the rest booked: {:?}", i, booked[0]);
        }
        let some: Vec<ProposedAppointment> = own.iter().enumerate()
            .filter(|(k, _)| subset >> (k % 64) & 1 == 1).map(|(_, s)| s.clone()).collect();
        for check in care.check_appointments(&some, &[]) {
            prop_assert!(check.findings.is_empty(), "{:?}", check);
        }
        for check in care.check_appointments(own, &[]) {
            prop_assert!(check.findings.is_empty(), "{:?}", check);
        }
    }

    /// For any set of proposals and booked appointments, each proposal's findings that do
    /// not involve another session are the findings it gets alone; and alone it has no
    /// finding between sessions.
    #[test]
    fn a_verdict_does_not_depend_on_the_other_proposals(
        intake in plannable_intake(),
        picks in prop::collection::vec((-5i64..80, 7i8..19, 0i8..4, 20i64..90), 1..12),
        booked in prop::collection::vec((-5i64..80, 7i8..19), 0..6),
    ) {
        let care = timed_plan(intake);
        let assessed = care.assessed_on;
        let at = |(d, h, q, m): (i64, i8, i8, i64)| {
            berlin((assessed + d.days()).at(h, q * 15, 0, 0), m)
        };
        let proposed: Vec<ProposedAppointment> = picks.into_iter().filter_map(at).collect();
        let booked: Vec<ProposedAppointment> =
            booked.into_iter().filter_map(|(d, h)| at((d, h, 0, 60))).collect();
        let together = care.check_appointments(&proposed, &booked);
        for (i, p) in proposed.iter().enumerate() {
            let alone = care.check_appointments(std::slice::from_ref(p), &booked);
            prop_assert_eq!(own(&together[i].findings), own(&alone[0].findings));
            let bare = care.check_appointments(std::slice::from_ref(p), &[]);
            prop_assert!(
                bare[0].findings.iter().all(|f| !f.session_rule.is_some_and(SessionRule::between_sessions)),
                "{:?}", bare[0]
            );
        }
    }

    /// One table for moving and for checking: moving session n to t is refused when the
    /// check flags a proposal at t with the rest of the course on the books, and the
    /// check flags it whenever the move is refused by a rule of the table. Two refusals
    /// of `reschedule` have no counterpart in a check, which does not know which session
    /// a proposal stands for: a move past a neighbouring session to a free day (the moved
    /// session keeps its place in the course), and moving the first session later past
    /// the rescreen window (the check holds the course to the start the plan dated).
    #[test]
    fn moving_is_refused_exactly_when_the_check_flags(
        intake in plannable_intake(),
        pick in any::<prop::sample::Index>(),
        shift in -12i64..12,
        at in (7i8..19, 0i8..4),
    ) {
        let care = timed_plan(intake);
        let (Some(course), Some(schedule)) = (&care.course, &care.schedule) else {
            return Ok(());
        };
        let own = sessions(&care);
        prop_assume!(!own.is_empty());
        let n = pick.index(own.len());
        let minutes = schedule.appointments.as_ref().unwrap().session_minutes;
        let to = (own[n].start.date() + shift.days()).at(at.0, at.1 * 15, 0, 0);
        let moved = schedule.reschedule(course, n, to);
        let Some(proposal) = berlin(to, i64::from(minutes)) else { return Ok(()); };
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        if matches!(tz.to_ambiguous_zoned_datetime(to).offset(), AmbiguousOffset::Gap { .. }) {
            prop_assert!(matches!(moved, Err(RescheduleError::SkippedTime { .. })), "{:?}", moved);
            return Ok(());
        }
        let rest: Vec<ProposedAppointment> = own.iter().enumerate()
            .filter(|(k, _)| *k != n).map(|(_, s)| s.clone()).collect();
        let checked = care.check_appointments(std::slice::from_ref(&proposal), &rest);
        let flagged = !checked[0].findings.is_empty();
        let d0 = own[0].start.date();
        match &moved {
            Ok(_) => prop_assert!(!flagged, "moved, but flagged: {:?}", checked[0]),
            Err(RescheduleError::OutOfOrder { .. }) => {
                // Onto the day of another session: flagged as two on one day.
                if own.iter().any(|s| s.start.date() == to.date()) && own[n].start.date() != to.date() {
                    prop_assert!(flagged);
                }
            }
            Err(RescheduleError::PastRescreen { .. }) if n == 0 && to.date() > d0 => {}
            Err(e) => prop_assert!(flagged, "refused ({e}) but not flagged"),
        }
    }
}

/// The rows of the table: each names a rule family and seed lines within the seed, in
/// the enum's order, and the rules between sessions are the three the issue names.
#[test]
fn the_session_rules_are_one_table() {
    for (i, row) in SESSION_RULES.iter().enumerate() {
        assert_eq!(row.rule as usize, i);
        assert_eq!(row.rule.row(), row);
        assert_eq!(
            serde_json::to_value(row.rule).unwrap().as_str(),
            Some(row.name)
        );
        assert!(massage_rules::seed::quote(row.seed).is_some(), "{row:?}");
    }
    let between: Vec<SessionRule> = SESSION_RULES
        .iter()
        .filter(|r| r.between_sessions)
        .map(|r| r.rule)
        .collect();
    assert_eq!(between, [SessionRule::OneADay, SessionRule::Frequency]);
}

/// The latest wall-clock time a session from `start` for `minutes` shows, and whether it
/// stays on its day.
fn latest_wall(start: &ZonedDateTime, minutes: i64) -> Option<DateTime> {
    let tz = start.time_zone();
    let end = start.timestamp() + SignedDuration::from_mins(minutes);
    let mut latest = start.datetime();
    let mut offset = tz.to_offset(start.timestamp());
    for t in tz.following(start.timestamp()) {
        if t.timestamp() >= end {
            break;
        }
        latest = latest.max(offset.to_datetime(t.timestamp()));
        offset = t.offset();
    }
    Some(latest.max(offset.to_datetime(end)))
}

fn starts_in_a_gap(start: &ZonedDateTime) -> bool {
    let back = start
        .time_zone()
        .to_ambiguous_zoned_datetime(start.datetime());
    matches!(back.offset(), AmbiguousOffset::Gap { .. })
}

/// Over every zone of the bundled database with a change of the clocks in 2026-2028 and
/// opening windows that straddle the change on its day: no session the plan books, a move
/// allows or the check passes ends after its window closes on the wall clock, or starts
/// in a gap.
#[test]
fn no_session_ends_after_its_window_across_any_clock_change() {
    let from = Timestamp::from_second(1_767_225_600).unwrap(); // 2026-01-01
    let until = Timestamp::from_second(1_861_920_000).unwrap(); // 2029-01-01
    let mut zones = 0;
    let mut checked = 0;
    for name in jiff::tz::db().available() {
        let name = name.as_str().to_owned();
        let Ok(tz) = TimeZone::get(&name) else {
            continue;
        };
        let Some(change) = tz
            .following(from)
            .take_while(|t| t.timestamp() < until)
            .find(|t| t.timestamp() > Timestamp::from_second(1_798_761_600).unwrap())
        // 2027
        else {
            continue;
        };
        zones += 1;
        // The wall clock just before the change, on its day.
        let before = tz.to_offset(change.timestamp() - SignedDuration::from_secs(1));
        let wall = before.to_datetime(change.timestamp());
        let day = wall.date();
        let hour = wall.hour();
        for (open_back, close_ahead, minutes) in [(1, 1, 60), (0, 1, 90), (1, 0, 45), (2, 2, 120)] {
            let open = Time::new((hour - open_back).max(0), 0, 0, 0).unwrap();
            let close = Time::new((hour + close_ahead).min(23), 0, 0, 0).unwrap();
            if close <= open {
                continue;
            }
            let weekday = format!("{:?}", day.weekday()).to_lowercase();
            let timing: Timing = serde_json::from_str(&format!(
                r#"{{"time_zone": "{name}", "session_minutes": {minutes},
                     "hours": {{"{weekday}": [{{"start": "{open}", "end": "{close}"}}]}}}}"#,
                open = open.strftime("%H:%M"),
                close = close.strftime("%H:%M"),
            ))
            .unwrap();
            let assessed = day - 3.days();
            let intake = Intake::from_json(&format!(
                r#"{{"assessed_on": "{assessed}", "age": 40, "pregnant": "no", "findings": [],
                    "history": "none", "goals": ["relaxation"],
                    "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
            ))
            .unwrap();
            let request = CareRequest {
                intake,
                start: None,
                availability: None,
                baseline: None,
                timing: Some(timing.clone()),
            };
            let Ok(care) = care_plan(&Protocol::seed(), &request) else {
                continue;
            };
            let keeps = |start: &ZonedDateTime, what: &str| {
                assert!(
                    !starts_in_a_gap(start),
                    "{name}: {what} {start} starts in a gap"
                );
                let latest = latest_wall(start, minutes).unwrap();
                assert!(
                    latest.date() == start.date() && latest.time() <= close,
                    "{name}: {what} {start} for {minutes} minutes shows {latest}, after {close}"
                );
                assert!(start.time() >= open, "{name}: {what} {start} before {open}");
            };
            let Some(schedule) = &care.schedule else {
                continue;
            };
            let booked = &schedule.appointments.as_ref().unwrap().sessions;
            for s in booked {
                keeps(&s.start, "booked");
                checked += 1;
            }
            // Every quarter hour of the window on the day of the change, moved and
            // proposed.
            let mut t = day.to_datetime(open);
            while t.time() < close {
                if let Some(course) = &care.course
                    && !booked.is_empty()
                    && let Ok(moved) = schedule.reschedule(course, 0, t)
                {
                    keeps(
                        &moved.appointments.as_ref().unwrap().sessions[0].start,
                        "moved",
                    );
                    checked += 1;
                }
                if let Ok(start) = tz.to_ambiguous_zoned_datetime(t).earlier() {
                    let end = start.timestamp() + SignedDuration::from_mins(minutes);
                    let p = ProposedAppointment {
                        id: None,
                        end: end.to_zoned_datetime(tz.clone()),
                        start,
                    };
                    let check = care.check_appointments(std::slice::from_ref(&p), &[]);
                    if check[0].findings.is_empty() {
                        keeps(&p.start, "passed");
                        checked += 1;
                    }
                }
                t = match t.checked_add(15.minutes()) {
                    Ok(next) if next.date() == day => next,
                    _ => break,
                };
            }
        }
    }
    eprintln!("{zones} zones, {checked} sessions");
    assert!(zones > 100, "{zones} zones with a change in 2027-2028");
    assert!(checked > 1_000, "{checked} sessions checked");
}

/// The issue's case: opening hours that straddle New York's spring change (Sunday
/// 01:30-03:00), sessions of 60 minutes: 01:30 EST ends 03:30 EDT, after closing, so the
/// day is not booked, the move is refused and the check flags it.
#[test]
fn an_hour_from_half_past_one_on_the_spring_night_ends_after_closing() {
    let timing = r#"{"time_zone": "America/New_York", "session_minutes": 60,
        "hours": {"sunday": [{"start": "01:30", "end": "03:00"}]}}"#;
    let request = CareRequest::from_json(&format!(
        r#"{{"intake": {{"assessed_on": "2027-03-10", "age": 40, "pregnant": "no",
            "findings": [], "history": "none", "goals": ["relaxation"],
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}},
            "timing": {timing}}}"#
    ))
    .unwrap();
    let care = care_plan(&Protocol::seed(), &request).unwrap();
    let booked = &care
        .schedule
        .as_ref()
        .unwrap()
        .appointments
        .as_ref()
        .unwrap()
        .sessions;
    assert!(booked.iter().all(|s| s.start.date() != date(2027, 3, 14)));
    assert_eq!(booked[0].start.date(), date(2027, 3, 21));
    let moved = care.reschedule(0, date(2027, 3, 14).at(1, 30, 0, 0));
    assert!(
        matches!(moved, Err(RescheduleError::OutsideHours { .. })),
        "{moved:?}"
    );
    let tz = TimeZone::get("America/New_York").unwrap();
    let start = date(2027, 3, 14)
        .at(1, 30, 0, 0)
        .to_zoned_datetime(tz)
        .unwrap();
    let p = ProposedAppointment {
        id: None,
        end: start.checked_add(SignedDuration::from_mins(60)).unwrap(),
        start,
    };
    let check = care.check_appointments(&[p], &[]);
    assert!(
        check[0]
            .findings
            .iter()
            .any(|f| f.session_rule == Some(SessionRule::Hours)),
        "{check:?}"
    );
    let _: Date = date(2027, 3, 14);
    let _ = time(1, 30, 0, 0);
}

/// A new start is a local time or a date, exactly: one with an offset or a zone would be
/// read as another instant than the one meant, so it is refused at `to`.
#[test]
fn a_move_to_a_time_with_an_offset_or_a_zone_is_refused() {
    use massage_rules::read::{care_plan_json, reschedule_json};
    let plan = care_plan_json(
        &massage_rules::Protocol::seed(),
        r#"{"intake": {"assessed_on": "2027-03-01", "age": 45, "pregnant": "no",
            "findings": [], "history": "none",
            "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}}"#,
    )
    .unwrap();
    for to in [
        "2027-03-04T10:00:00Z",
        "2027-03-04T10:00-05:00",
        "2027-03-04T10:00:00[America/New_York]",
        "2027-03-04 10:00",
        "20270304",
        "2027-03-04T10",
    ] {
        let err = reschedule_json(&plan, 0, to).unwrap_err();
        let doc = err.document();
        assert_eq!(doc.error.name(), "invalid_input", "{to}");
        assert_eq!(doc.problems[0].path, "to", "{to}");
    }
    // The forms it takes still move (or are refused by a rule, not by their form).
    for to in ["2027-03-04", "2027-03-04T10:00", "2027-03-04T10:00:00"] {
        if let Err(e) = reschedule_json(&plan, 0, to) {
            assert_eq!(e.kind().name(), "not_moved", "{to}: {e}");
        }
    }
}
