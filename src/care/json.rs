//! A care plan, a session plan and a schedule written as JSON straight into a string:
//! the text `serde_json::to_string` writes, byte for byte (held together over generated
//! care requests and every built-in protocol by `tests/json_writer.rs`), with the fixed
//! pieces copied whole and the words written as they are. The parts of a plan that are
//! rare or long-lived (precautions, assumptions, withheld tools, held-back steps, timed
//! appointments, a course's baseline, history and approval limits) are written by
//! serde_json.

use crate::protocol::PhaseRule;
use crate::scheduling::{Course, CourseStatus, Schedule, ScheduledPhase};
use crate::selection::{ExcludedTechnique, Exclusion, LengthBasis, PlannedTechnique, SessionPlan};
use crate::vocabulary::json::Json;

use super::CarePlan;

/// Writes `care` as `serde_json::to_string` would.
pub(crate) fn write_care_plan(care: &CarePlan, out: &mut String) {
    // Each writer takes its type apart field by field: a field added to a type stops the
    // build until it is written.
    let CarePlan {
        assessed_on,
        screening,
        session,
        course,
        schedule,
        held_back,
    } = care;
    let mut j = Json(out);
    j.raw("{\"assessed_on\":").date(*assessed_on);
    j.raw(",\"screening\":");
    crate::screening::write_json(screening, j.0);
    if let Some(session) = &session {
        j.raw(",\"session\":");
        write_session_plan(session, j.0);
    }
    if let Some(course) = &course {
        j.raw(",\"course\":");
        write_course(course, &mut j);
    }
    if let Some(schedule) = &schedule {
        j.raw(",\"schedule\":");
        write_schedule(schedule, j.0);
    }
    if !held_back.is_empty() {
        j.raw(",\"held_back\":").serde(&held_back);
    }
    j.raw("}");
}

/// Writes a session plan as `serde_json::to_string` would.
pub(crate) fn write_session_plan(plan: &SessionPlan, out: &mut String) {
    let SessionPlan {
        protocol,
        outcome,
        minutes,
        length_basis,
        pressure_limit,
        first_session_pressure,
        precautions,
        assumptions,
        avoid,
        general_session,
        unaddressed,
        techniques,
        excluded,
    } = plan;
    let mut j = Json(out);
    j.raw("{\"protocol\":");
    protocol.write_json(&mut j);
    j.raw(",\"outcome\":").word(outcome.name());
    j.raw(",\"minutes\":").int(*minutes);
    j.raw(",\"length_basis\":").word(match length_basis {
        LengthBasis::Standard => "standard",
        LengthBasis::Chronic => "chronic",
    });
    j.raw(",\"pressure_limit\":").word(pressure_limit.name());
    j.raw(",\"first_session_pressure\":")
        .word(first_session_pressure.name());
    if !precautions.is_empty() {
        j.raw(",\"precautions\":").serde(&precautions);
    }
    if !assumptions.is_empty() {
        j.raw(",\"assumptions\":").serde(&assumptions);
    }
    j.raw(",\"avoid\":").words(avoid.iter().map(|r| r.name()));
    if *general_session {
        j.raw(",\"general_session\":true");
    }
    if !unaddressed.is_empty() {
        j.raw(",\"unaddressed\":")
            .words(unaddressed.iter().map(|c| c.name()));
    }
    j.raw(",\"techniques\":").list(techniques, write_technique);
    j.raw(",\"excluded\":").list(excluded, write_excluded);
    j.raw("}");
}

fn write_technique(j: &mut Json<'_>, t: &PlannedTechnique) {
    let PlannedTechnique {
        rank,
        technique,
        regions,
        pressure,
        pressures,
        tools,
        withheld_tools,
        minutes,
        score,
        first_choice,
        addresses,
        seed,
    } = t;
    j.raw("{\"rank\":").int(*rank);
    j.raw(",\"technique\":").word(technique.name());
    j.raw(",\"regions\":")
        .words(regions.iter().map(|r| r.name()));
    j.raw(",\"pressure\":").word(pressure.name());
    j.raw(",\"pressures\":").list(pressures, |j, p| {
        let crate::selection::RegionPressure { regions, pressure } = p;
        j.raw("{\"regions\":")
            .words(regions.iter().map(|r| r.name()));
        j.raw(",\"pressure\":").word(pressure.name()).raw("}");
    });
    j.raw(",\"tools\":")
        .words(tools.iter().map(|tool| tool.name()));
    if !withheld_tools.is_empty() {
        j.raw(",\"withheld_tools\":").serde(&withheld_tools);
    }
    j.raw(",\"minutes\":").int(*minutes);
    j.raw(",\"score\":").int(*score);
    if *first_choice {
        j.raw(",\"first_choice\":true");
    }
    j.raw(",\"addresses\":").list(addresses, |j, a| {
        let crate::selection::Addressed {
            need,
            strength,
            seed,
        } = a;
        match need {
            crate::protocol::Need::Condition(c) => {
                j.raw("{\"need\":{\"condition\":").word(c.name())
            }
            crate::protocol::Need::Goal(g) => j.raw("{\"need\":{\"goal\":").word(g.name()),
        };
        j.raw("},\"strength\":").word(match strength {
            crate::protocol::Strength::Primary => "primary",
            crate::protocol::Strength::Supporting => "supporting",
        });
        j.raw(",\"seed\":").seed(*seed).raw("}");
    });
    j.raw(",\"seed\":").seed(*seed).raw("}");
}

/// An excluded technique: its exclusion's tag and fields flattened between the technique
/// and the rule, as serde's `flatten` writes them.
fn write_excluded(j: &mut Json<'_>, e: &ExcludedTechnique) {
    let ExcludedTechnique {
        technique,
        exclusion,
        rule,
        seed,
    } = e;
    j.raw("{\"technique\":").word(technique.name());
    j.raw(",\"reason\":");
    match exclusion {
        Exclusion::NotForClient => {
            j.word("not_for_client");
        }
        Exclusion::PregnantOnly => {
            j.word("pregnant_only");
        }
        Exclusion::NeedsApproval { contraindication } => {
            j.word("needs_approval")
                .raw(",\"contraindication\":")
                .word(contraindication.name());
        }
        Exclusion::NotCertified => {
            j.word("not_certified");
        }
        Exclusion::ExcludedInPregnancy => {
            j.word("excluded_in_pregnancy");
        }
        Exclusion::AboveTolerance {
            lightest,
            tolerance,
        } => {
            j.word("above_tolerance")
                .raw(",\"lightest\":")
                .word(lightest.name())
                .raw(",\"tolerance\":")
                .word(tolerance.name());
        }
        Exclusion::AboveConditionCap {
            lightest,
            condition,
            cap,
        } => {
            j.word("above_condition_cap")
                .raw(",\"lightest\":")
                .word(lightest.name())
                .raw(",\"condition\":")
                .word(condition.name())
                .raw(",\"cap\":")
                .word(cap.name());
        }
        Exclusion::AbovePregnancyLimit { lightest, limit } => {
            j.word("above_pregnancy_limit")
                .raw(",\"lightest\":")
                .word(lightest.name())
                .raw(",\"limit\":")
                .word(limit.name());
        }
        Exclusion::NoRegion { wanted } => {
            j.word("no_region")
                .raw(",\"wanted\":")
                .words(wanted.iter().map(|r| r.name()));
        }
        Exclusion::Precaution { precaution } => {
            j.word("precaution")
                .raw(",\"precaution\":")
                .serde(&precaution);
        }
        Exclusion::BelowLimit { rank } => {
            j.word("below_limit").raw(",\"rank\":").int(*rank);
        }
        Exclusion::NotInProtocol => {
            j.word("not_in_protocol");
        }
    }
    j.raw(",\"rule\":").word(rule.name());
    j.raw(",\"seed\":").seed(*seed).raw("}");
}

/// Writes a schedule as `serde_json::to_string` would.
pub(crate) fn write_schedule(schedule: &Schedule, out: &mut String) {
    let Schedule {
        protocol,
        kind,
        session_minutes,
        phases,
        stop,
        appointments,
    } = schedule;
    let mut j = Json(out);
    j.raw("{\"protocol\":");
    protocol.write_json(&mut j);
    j.raw(",\"kind\":").word(kind.name());
    if let Some(minutes) = session_minutes {
        j.raw(",\"session_minutes\":").int(*minutes);
    }
    j.raw(",\"phases\":").list(phases, write_phase);
    if let Some(stop) = &stop {
        j.raw(",\"stop\":").serde(stop);
    }
    if let Some(appointments) = &appointments {
        j.raw(",\"appointments\":").serde(appointments);
    }
    j.raw("}");
}

fn write_phase_rule(j: &mut Json<'_>, rule: &PhaseRule) {
    let PhaseRule {
        sessions,
        per,
        periods,
        seed,
    } = rule;
    j.raw("{\"sessions\":").int(*sessions);
    j.raw(",\"per\":").word(per.name());
    j.raw(",\"periods\":").int(*periods);
    j.raw(",\"seed\":").seed(*seed).raw("}");
}

fn write_phase(j: &mut Json<'_>, p: &ScheduledPhase) {
    let ScheduledPhase {
        index,
        rule,
        weekdays,
        week_of_month,
        dtstart,
        dates,
        excluded,
        added,
    } = p;
    j.raw("{\"index\":").int(*index);
    j.raw(",\"rule\":");
    write_phase_rule(j, rule);
    j.raw(",\"weekdays\":")
        .words(weekdays.iter().map(|d| d.name()));
    if let Some(week) = week_of_month {
        j.raw(",\"week_of_month\":").int(*week);
    }
    j.raw(",\"dtstart\":").date(*dtstart);
    j.raw(",\"dates\":").dates(dates);
    j.raw(",\"excluded\":").dates(excluded);
    if !added.is_empty() {
        j.raw(",\"added\":").dates(added);
    }
    j.raw("}");
}

fn write_course(course: &Course, j: &mut Json<'_>) {
    let Course {
        protocol,
        kind,
        basis,
        phases,
        phase,
        status,
        session_minutes,
        assessed_on,
        rescreen_after_days,
        approval_limits,
        pressure,
        pressure_ceiling,
        baseline,
        holds,
        history,
    } = course;
    let crate::scheduling::CourseBasis {
        condition,
        acuity,
        row,
        by_condition,
        seed,
    } = basis;
    j.raw("{\"protocol\":");
    protocol.write_json(j);
    j.raw(",\"kind\":").word(kind.name());
    // The basis's fields are each optional but the seed: commas before all but the first.
    j.raw(",\"basis\":{");
    let mut comma = "";
    if let Some(c) = condition {
        j.raw("\"condition\":").word(c.name());
        comma = ",";
    }
    if let Some(a) = acuity {
        j.raw(comma).raw("\"acuity\":").word(a.name());
        comma = ",";
    }
    if let Some(row) = row {
        j.raw(comma).raw("\"row\":").int(*row);
        comma = ",";
    }
    if *by_condition {
        j.raw(comma).raw("\"by_condition\":true");
        comma = ",";
    }
    j.raw(comma).raw("\"seed\":").seed(*seed).raw("}");
    j.raw(",\"phases\":").list(phases, write_phase_rule);
    j.raw(",\"phase\":").int(*phase);
    j.raw(",\"status\":").word(match status {
        CourseStatus::Active => "active",
        CourseStatus::Completed => "completed",
        CourseStatus::Referred => "referred",
    });
    if let Some(minutes) = session_minutes {
        j.raw(",\"session_minutes\":").int(*minutes);
    }
    if let Some(day) = assessed_on {
        j.raw(",\"assessed_on\":").date(*day);
    }
    if let Some(days) = rescreen_after_days {
        j.raw(",\"rescreen_after_days\":").int(*days);
    }
    if !approval_limits.is_empty() {
        j.raw(",\"approval_limits\":").serde(approval_limits);
    }
    if let Some(p) = pressure {
        j.raw(",\"pressure\":").word(p.name());
    }
    if let Some(p) = pressure_ceiling {
        j.raw(",\"pressure_ceiling\":").word(p.name());
    }
    if let Some(baseline) = baseline {
        j.raw(",\"baseline\":").serde(baseline);
    }
    j.raw(",\"holds\":").int(*holds);
    j.raw(",\"history\":");
    // A new course has none: no call to serde_json for an empty list.
    if history.is_empty() {
        j.raw("[]}");
    } else {
        j.serde(history).raw("}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::Precaution;
    use crate::vocabulary::{Condition, Contraindication, Pressure, RuleId, Technique};

    /// Every exclusion, and the flags generated intakes seldom reach, written as serde_json
    /// writes them (the property test in `tests/json_writer.rs` covers whole plans).
    #[test]
    fn every_exclusion_and_flag_is_written_as_serde_json_writes_it() {
        let intake = crate::Intake::from_json(
            r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
            "goals": ["relaxation"], "history": "none",
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
        )
        .unwrap();
        let protocol = crate::Protocol::seed();
        let screened = crate::Screened::new(&protocol, &intake).unwrap();
        let mut plan = crate::plan(&screened.clearance().unwrap());
        let (light, firm) = (Pressure::Light, Pressure::Firm);
        let exclusions = [
            Exclusion::NotForClient,
            Exclusion::PregnantOnly,
            Exclusion::NeedsApproval {
                contraindication: Contraindication::Pregnancy,
            },
            Exclusion::NotCertified,
            Exclusion::ExcludedInPregnancy,
            Exclusion::AboveTolerance {
                lightest: firm,
                tolerance: light,
            },
            Exclusion::AboveConditionCap {
                lightest: firm,
                condition: Condition::BackPain,
                cap: light,
            },
            Exclusion::AbovePregnancyLimit {
                lightest: firm,
                limit: light,
            },
            Exclusion::NoRegion {
                wanted: plan.avoid | crate::vocabulary::BodyRegion::LowerBack,
            },
            Exclusion::Precaution {
                precaution: Precaution::Condition {
                    condition: Condition::BackPain,
                },
            },
            Exclusion::BelowLimit { rank: 7 },
            Exclusion::NotInProtocol,
        ];
        plan.excluded = exclusions
            .into_iter()
            .map(|exclusion| ExcludedTechnique {
                technique: Technique::Swedish,
                exclusion,
                rule: RuleId::Pairing,
                seed: crate::seed::SeedLines::range(43, 153),
            })
            .collect();
        for general in [false, true] {
            plan.general_session = general;
            plan.length_basis = [LengthBasis::Standard, LengthBasis::Chronic][usize::from(general)];
            for t in &mut plan.techniques {
                t.first_choice = general;
            }
            let mut out = String::new();
            write_session_plan(&plan, &mut out);
            assert_eq!(out, serde_json::to_string(&plan).unwrap());
        }
    }

    /// A course in each status, written as serde_json writes it (a new plan's course is
    /// always active).
    #[test]
    fn every_course_status_is_written_as_serde_json_writes_it() {
        let request: crate::CareRequest = serde_json::from_str(
            r#"{"intake": {"assessed_on": "2026-11-27", "age": 40, "pregnant": "no",
            "findings": [], "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
            "history": "none",
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}}"#,
        )
        .unwrap();
        let mut care = crate::care_plan(&crate::Protocol::seed(), &request).unwrap();
        for status in [
            CourseStatus::Active,
            CourseStatus::Completed,
            CourseStatus::Referred,
        ] {
            care.course.as_mut().unwrap().status = status;
            let mut out = String::new();
            write_care_plan(&care, &mut out);
            assert_eq!(out, serde_json::to_string(&care).unwrap());
        }
    }
}
