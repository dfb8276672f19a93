//! Issue 12's reproducers: hostile or absurd input gets a typed error, never a panic, an
//! overflow or a calendar that clients misread.

use jiff::civil::date;
use massage_rules::scheduling::{Availability, ScheduleError, Score};
use massage_rules::vocabulary::{Day, DaySet};
use massage_rules::{Course, Error, Intake, Protocol, Screened, plan};

fn adult() -> Intake {
    Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{"condition": "back_pain", "acuity": "chronic", "locations": ["lower_back"]}],
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap()
}

fn course(protocol: &Protocol, intake: &Intake) -> Course {
    let screened = Screened::new(protocol, intake).unwrap();
    let clearance = screened.clearance().unwrap();
    Course::start(&clearance, &plan(&clearance), Some(Score::Pain(6))).unwrap()
}

#[test]
fn a_protocol_with_too_many_phases_is_refused() {
    let mut p = Protocol::seed();
    let chronic = &mut p.scheduling.courses[2];
    let last = *chronic.phases.last().unwrap();
    chronic.phases = vec![last; massage_rules::Limits::PHASES + 1];
    let err = p.validate().unwrap_err();
    assert!(err.to_string().contains("at most 12"), "{err}");
    // At the limit it is valid.
    p.scheduling.courses[2]
        .phases
        .truncate(massage_rules::Limits::PHASES);
    p.validate().unwrap();
}

#[test]
fn a_stored_course_with_hundreds_of_phases_neither_panics_nor_wraps() {
    let protocol = Protocol::seed();
    let intake = adult();
    let mut course = course(&protocol, &intake);
    let last = *course.phases.last().unwrap();
    course.phases = vec![last; 300];
    let available = Availability {
        weekdays: DaySet::all(),
        unavailable: vec![],
    };
    assert_eq!(
        course.schedule(date(2026, 11, 30), &available),
        Err(ScheduleError::TooManyPhases { phases: 300 })
    );
    // Reassessing through every phase stops at the last one a u8 can name.
    course.phase = 254;
    let on = date(2027, 1, 1);
    for _ in 0..3 {
        let _ = course.reassess(
            &protocol,
            massage_rules::scheduling::Reassessment {
                on,
                score: Score::Pain(0),
            },
        );
    }
    assert!(course.phase >= 254);
}

#[test]
fn a_protocol_built_without_validation_does_not_overflow_the_score() {
    let mut protocol = Protocol::seed();
    let row = protocol.selection.pairings[0];
    protocol.selection.pairings = vec![row; 40_000];
    let intake = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{"condition": "chronic_pain", "acuity": "chronic"}], "pain_tolerance": "deep",
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let screened = Screened::new(&protocol, &intake).unwrap();
    let session = plan(&screened.clearance().unwrap());
    assert_eq!(session.techniques[0].score, u16::MAX);
}

#[test]
fn a_technique_names_every_pairing_it_meets_past_the_first_128() {
    // The seed's pairings twice over: the copies sit at 110-219, across the 64-pairing
    // words and past the 128 the plan notes in words (the rest go in a list).
    let mut protocol = Protocol::seed();
    let twice: Vec<_> = protocol.selection.pairings.repeat(2);
    protocol.selection.pairings = twice;
    let intake = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{"condition": "back_pain", "acuity": "chronic", "locations": ["lower_back"]},
                           {"condition": "stress", "acuity": "ongoing"}],
            "goals": ["pain_relief", "relaxation"], "pain_tolerance": "firm",
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let screened = Screened::new(&protocol, &intake).unwrap();
    let session = plan(&screened.clearance().unwrap());
    assert!(!session.techniques.is_empty());
    let conditions = intake.condition_set();
    for planned in &session.techniques {
        let expected: Vec<_> = protocol
            .selection
            .pairings
            .iter()
            .filter(|p| p.technique == planned.technique)
            .filter(|p| match p.need {
                massage_rules::protocol::Need::Condition(c) => conditions.contains(c),
                massage_rules::protocol::Need::Goal(g) => intake.goals.contains(g),
            })
            .map(|p| (p.need, p.strength, p.seed))
            .collect();
        let named: Vec<_> = planned
            .addresses
            .iter()
            .map(|a| (a.need, a.strength, a.seed))
            .collect();
        assert_eq!(named, expected, "{:?}", planned.technique);
        assert!(named.len() >= 2, "both copies of a pairing are named");
    }
}

#[test]
fn tens_of_thousands_of_unavailable_dates_are_read_in_one_sort() {
    let protocol = Protocol::seed();
    let intake = adult();
    let course = course(&protocol, &intake);
    // Every Monday for a thousand years but one is unavailable; Thursdays are free.
    let mut unavailable: Vec<_> = (0..80_000i64)
        .map(|w| date(2026, 11, 30) + jiff::ToSpan::weeks(w))
        .filter(|d| d.year() < 2200)
        .collect();
    unavailable.reverse();
    let available = Availability {
        weekdays: Day::Monday | Day::Thursday,
        unavailable,
    };
    let schedule = course.schedule(date(2026, 11, 30), &available).unwrap();
    assert!(
        schedule
            .dates()
            .all(|d| d.weekday() == jiff::civil::Weekday::Thursday)
    );
}

#[test]
fn dates_far_off_are_refused() {
    let protocol = Protocol::seed();
    let intake = adult();
    let course = course(&protocol, &intake);
    let available = Availability {
        weekdays: DaySet::all(),
        unavailable: vec![],
    };
    assert_eq!(
        course.schedule(date(9999, 12, 25), &available),
        Err(ScheduleError::StartOutOfRange {
            start: date(9999, 12, 25)
        })
    );
    let err = Intake::from_json(
        r#"{"assessed_on": "1800-01-01", "age": 40, "pregnant": "no", "findings": [],
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap_err();
    let Error::Intake(invalid) = err else {
        panic!("{err}")
    };
    assert_eq!(invalid.problems[0].path, "assessed_on");
}

#[test]
fn control_characters_never_reach_the_calendar() {
    let protocol = Protocol::seed();
    let intake = adult();
    let course = course(&protocol, &intake);
    let available = Availability {
        weekdays: DaySet::all(),
        unavailable: vec![],
    };
    let ics = course
        .schedule(date(2026, 11, 30), &available)
        .unwrap()
        .to_ics(
            "client\u{0b}\u{0}\u{7f}\t17",
            "2026-11-27T09:00:00Z".parse().unwrap(),
        );
    for line in ics.split("\r\n") {
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
    }
    assert!(ics.contains("UID:client17-phase-1@massage-rules"));
    // Distinct phases, distinct UIDs.
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    let mut unique = uids.clone();
    unique.dedup();
    assert_eq!(uids.len(), unique.len());
}

/// Every limit of an intake and a care request: at the limit it is accepted, one past it
/// is refused with the path and the limit.
#[test]
fn limits_hold_at_the_limit_and_refuse_one_past() {
    use massage_rules::Limits;
    use massage_rules::intake::{ConditionEntry, Finding, Location, PhysicianApproval};
    use massage_rules::problem::ProblemKind;
    use massage_rules::vocabulary::{Acuity, BodyRegion, Condition, Contraindication};
    let finding = Finding {
        contraindication: Contraindication::SkinCondition,
        location: Some(Location::from(BodyRegion::Chest)),
    };
    let condition = |n| ConditionEntry {
        condition: Condition::Stress,
        acuity: Acuity::Ongoing,
        locations: vec![Location::from(BodyRegion::Neck); n],
        onset: None,
    };
    let approval = |name: usize| PhysicianApproval {
        covers: Contraindication::Minor.into(),
        given_on: None,
        valid_until: None,
        physician: Some("x".repeat(name)),
    };
    type Case = (&'static str, Box<dyn Fn(&mut Intake, usize)>, usize);
    let cases: Vec<Case> = vec![
        (
            "findings",
            Box::new(move |i, n| i.findings = vec![finding; n]),
            Limits::FINDINGS,
        ),
        (
            "conditions",
            Box::new(move |i, n| i.conditions = (0..n).map(|_| condition(0)).collect()),
            Limits::CONDITIONS,
        ),
        (
            "conditions[0].locations",
            Box::new(move |i, n| i.conditions = vec![condition(n)]),
            Limits::LOCATIONS,
        ),
        (
            "approvals",
            Box::new(move |i, n| i.approvals = (0..n).map(|_| approval(3)).collect()),
            Limits::APPROVALS,
        ),
        (
            "approvals[0].physician",
            Box::new(move |i, n| i.approvals = vec![approval(n)]),
            Limits::TEXT_CHARS,
        ),
    ];
    for (path, set, max) in cases {
        let mut intake = adult();
        set(&mut intake, max);
        assert!(intake.validate().is_ok(), "{path} at {max}");
        set(&mut intake, max + 1);
        let err = intake.validate().unwrap_err();
        assert!(err.has(path, ProblemKind::TooLong), "{path}: {err}");
    }
    // A care request's unavailable dates.
    let at = |n: usize| massage_rules::CareRequest {
        intake: adult(),
        start: None,
        availability: Some(Availability {
            weekdays: DaySet::all(),
            unavailable: (0..n as i64)
                .map(|d| date(2026, 11, 28) + jiff::ToSpan::days(d))
                .collect(),
        }),
        baseline: None,
        timing: None,
    };
    assert!(at(Limits::UNAVAILABLE_DATES).validate().is_ok());
    let err = at(Limits::UNAVAILABLE_DATES + 1).validate().unwrap_err();
    assert!(
        err.has("availability.unavailable", ProblemKind::TooLong),
        "{err}"
    );
}

#[test]
fn protocol_tables_are_bounded() {
    let mut p = Protocol::seed();
    let row = p.selection.tool_uses[0];
    p.selection.tool_uses = vec![row; massage_rules::Limits::TABLE_ROWS + 1];
    let err = p.validate().unwrap_err();
    assert!(
        err.problems.iter().any(|q| q.path == "selection.tool_uses"),
        "{err}"
    );
    let mut p = Protocol::seed();
    let mut row = p.scheduling.courses[2].clone();
    row.for_condition = Some(massage_rules::vocabulary::Condition::NeckPain);
    p.scheduling
        .courses
        .extend(std::iter::repeat_n(row, massage_rules::Limits::TABLE_ROWS));
    let err = p.validate().unwrap_err();
    assert!(
        err.problems.iter().any(|q| q.path == "scheduling.courses"),
        "{err}"
    );
}

#[test]
fn json_text_is_bounded_before_it_is_read() {
    use massage_rules::Limits;
    use massage_rules::problem::ProblemKind;
    let padding = " ".repeat(Limits::JSON_BYTES);
    let text = format!(
        r#"{{"assessed_on": "2026-11-27", "findings": [], "history": "none", "practitioner": {{}}}}{padding}"#
    );
    let Err(Error::Intake(err)) = Intake::from_json(&text) else {
        panic!("a text over the limit was read");
    };
    assert!(err.has("$", ProblemKind::TooLong), "{err}");
    // At the limit, it is read.
    let text = r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let padded = format!("{text}{}", " ".repeat(Limits::JSON_BYTES - text.len()));
    assert!(Intake::from_json(&padded).is_ok());
    let Err(Error::Intake(err)) = massage_rules::CareRequest::from_json(&format!("{padded} "))
    else {
        panic!("a request over the limit was read");
    };
    assert!(err.has("$", ProblemKind::TooLong), "{err}");
}

#[test]
fn a_row_citing_a_line_the_seed_lacks_is_refused() {
    let mut p = Protocol::seed();
    p.selection.tool_safety[0].seed = "L999".parse().unwrap();
    p.selection.local_precautions[1].seed = "L0".parse().unwrap();
    let err = p.validate().unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|q| q.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "selection.local_precautions[1].seed",
            "selection.tool_safety[0].seed"
        ]
    );
}

/// Issue 12: a text full of mistakes reports at most `Limits::PROBLEMS` of them, then one
/// problem saying how many more: the report never grows with the text.
#[test]
fn an_error_lists_at_most_the_limit_of_problems() {
    use massage_rules::Limits;
    use massage_rules::problem::ProblemKind;
    let with_unknown_fields = |n: usize| {
        let fields: String = (0..n).map(|i| format!(r#""x{i}": 1, "#)).collect();
        format!(
            r#"{{{fields}"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
                "history": "none", "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
        )
    };
    let Err(Error::Intake(at)) = Intake::from_json(&with_unknown_fields(Limits::PROBLEMS)) else {
        panic!("unknown fields were accepted");
    };
    assert_eq!(at.problems.len(), Limits::PROBLEMS);
    assert!(
        at.problems
            .iter()
            .all(|p| p.kind == ProblemKind::UnknownField)
    );
    let Err(Error::Intake(past)) = Intake::from_json(&with_unknown_fields(Limits::PROBLEMS + 5))
    else {
        panic!("unknown fields were accepted");
    };
    assert_eq!(past.problems.len(), Limits::PROBLEMS + 1);
    let last = past.problems.last().unwrap();
    assert_eq!(last.kind, ProblemKind::TooManyProblems);
    assert!(
        last.detail.as_deref().unwrap().starts_with("5 more"),
        "{last}"
    );
    // A hostile megabyte of unknown fields gives the same bounded report.
    let huge = with_unknown_fields(60_000);
    assert!(huge.len() < Limits::JSON_BYTES);
    let Err(Error::Intake(huge)) = Intake::from_json(&huge) else {
        panic!("unknown fields were accepted");
    };
    assert_eq!(huge.problems.len(), Limits::PROBLEMS + 1);
}

#[test]
fn a_protocol_text_is_bounded_before_it_is_read() {
    let json = serde_json::to_string(&Protocol::seed()).unwrap();
    let at = format!(
        "{json}{}",
        " ".repeat(massage_rules::Limits::PROTOCOL_BYTES - json.len())
    );
    assert_eq!(Protocol::from_json(&at).unwrap(), Protocol::seed());
    let err = Protocol::from_json(&format!("{at} ")).unwrap_err();
    assert!(err.to_string().contains("at most 1048576"), "{err}");
}

#[test]
fn protocol_texts_are_bounded() {
    let mut p = Protocol::seed();
    p.title = "t".repeat(massage_rules::Limits::PROTOCOL_TEXT_CHARS);
    p.notes = vec!["n".into(); massage_rules::Limits::NOTES];
    p.selection.history[0].note = "h".repeat(massage_rules::Limits::PROTOCOL_TEXT_CHARS);
    assert!(p.validate().is_ok());
    p.title.push('t');
    p.notes.push("n".into());
    p.selection.history[0].note.push('h');
    p.selection.healing.origin = massage_rules::protocol::Origin::Source(
        "s".repeat(massage_rules::Limits::PROTOCOL_TEXT_CHARS + 1),
    );
    let err = p.validate().unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|q| q.path.as_str()).collect();
    for path in [
        "title",
        "notes",
        "selection.history[0].note",
        "selection.healing.origin",
    ] {
        assert!(paths.contains(&path), "{path}: {err}");
    }
}

#[test]
fn a_protocol_without_a_history_row_or_an_age_cap_is_refused() {
    let mut p = Protocol::seed();
    p.selection
        .history
        .retain(|r| r.history != massage_rules::vocabulary::History::Osteoporosis);
    p.selection.age_caps.clear();
    p.selection.gentle_start.levels_below = 4;
    let err = p.validate().unwrap_err();
    let text = err.to_string();
    for part in [
        "osteoporosis needs exactly one row",
        "minor needs exactly one row",
        "levels_below",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
}

#[test]
fn a_cohort_is_bounded_in_rows_and_line_length() {
    use massage_rules::Limits;
    use massage_rules::research::read_cohort_jsonl;
    let line = r#"{"assessed_on":"2026-11-27","findings":[],"practitioner":{}}"#;
    let at = format!("{line}\n").repeat(massage_rules::Limits::COHORT_ROWS);
    assert_eq!(
        read_cohort_jsonl(&at).unwrap().len(),
        massage_rules::Limits::COHORT_ROWS
    );
    let err = read_cohort_jsonl(&format!("{at}{line}\n")).unwrap_err();
    assert!(err.to_string().contains("at most 100000 intakes"), "{err}");
    let long = format!("{line}{}", " ".repeat(Limits::JSON_BYTES - line.len()));
    assert_eq!(read_cohort_jsonl(&long).unwrap().len(), 1);
    let err = read_cohort_jsonl(&format!("{long} ")).unwrap_err();
    assert!(err.to_string().contains("line 1"), "{err}");
}

#[test]
fn history_places_are_bounded_like_a_conditions() {
    use massage_rules::Limits;
    use massage_rules::intake::Location;
    use massage_rules::problem::ProblemKind;
    use massage_rules::vocabulary::BodyRegion;
    let mut intake = adult();
    intake.history.reduced_sensation_at =
        vec![Location::from(BodyRegion::LeftFoot); Limits::LOCATIONS];
    assert!(intake.validate().is_ok());
    intake.history.varicose_veins_at =
        vec![Location::from(BodyRegion::LeftThigh); Limits::LOCATIONS + 1];
    let err = intake.validate().unwrap_err();
    assert!(
        err.has("history.varicose_veins_at", ProblemKind::TooLong),
        "{err}"
    );
}

/// Past the limit the intake's own checks (a side missing on every finding's and every
/// condition's location) are counted, not listed, with the reader's problems first: the
/// report is the limit and one problem saying exactly how many more.
#[test]
fn the_intakes_own_checks_past_the_limit_are_counted_once() {
    use massage_rules::Limits;
    use massage_rules::problem::ProblemKind;
    let findings: Vec<String> = (0..Limits::FINDINGS)
        .map(|_| r#"{"contraindication": "open_wound", "location": {"part": "forearm"}}"#.into())
        .collect();
    let conditions: Vec<String> = (0..20)
        .map(|_| {
            r#"{"condition": "back_pain", "acuity": "chronic",
                "locations": [{"part": "forearm"}, {"part": "hand"}]}"#
                .into()
        })
        .collect();
    let text = format!(
        r#"{{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "unknown": 1,
            "findings": [{}], "conditions": [{}], "history": "none",
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#,
        findings.join(","),
        conditions.join(",")
    );
    let Err(Error::Intake(invalid)) = Intake::from_json(&text) else {
        panic!("the intake was accepted");
    };
    let problems = &invalid.problems;
    assert_eq!(problems.len(), Limits::PROBLEMS + 1);
    assert_eq!(problems[0].kind, ProblemKind::UnknownField);
    assert!(
        problems[1..Limits::PROBLEMS]
            .iter()
            .all(|p| p.kind == ProblemKind::MissingSide && p.path.ends_with(".side")),
        "{problems:?}"
    );
    // One unknown field, a side missing on every finding and on both locations of every
    // condition: all but the limit are counted in the last problem.
    let found = 1 + Limits::FINDINGS + 2 * 20;
    let last = problems.last().unwrap();
    assert_eq!(last.kind, ProblemKind::TooManyProblems);
    let more = format!("{} more", found - Limits::PROBLEMS);
    assert!(last.detail.as_deref().unwrap().starts_with(&more), "{last}");
}
