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
    // Every field is written below: a field added to the type stops the build here.
    let CarePlan {
        assessed_on: _,
        screening: _,
        session: _,
        course: _,
        schedule: _,
        held_back: _,
    } = care;
    let mut j = Json(out);
    j.raw("{\"assessed_on\":").date(care.assessed_on);
    j.raw(",\"screening\":");
    crate::screening::write_json(&care.screening, j.0);
    if let Some(session) = &care.session {
        j.raw(",\"session\":");
        write_session_plan(session, j.0);
    }
    if let Some(course) = &care.course {
        j.raw(",\"course\":");
        write_course(course, &mut j);
    }
    if let Some(schedule) = &care.schedule {
        j.raw(",\"schedule\":");
        write_schedule(schedule, j.0);
    }
    if !care.held_back.is_empty() {
        j.raw(",\"held_back\":").serde(&care.held_back);
    }
    j.raw("}");
}

/// Writes a session plan as `serde_json::to_string` would.
pub(crate) fn write_session_plan(plan: &SessionPlan, out: &mut String) {
    let SessionPlan {
        protocol: _,
        outcome: _,
        minutes: _,
        length_basis: _,
        pressure_limit: _,
        first_session_pressure: _,
        precautions: _,
        assumptions: _,
        avoid: _,
        general_session: _,
        unaddressed: _,
        techniques: _,
        excluded: _,
    } = plan;
    let mut j = Json(out);
    j.raw("{\"protocol\":");
    plan.protocol.write_json(&mut j);
    j.raw(",\"outcome\":").word(plan.outcome.name());
    j.raw(",\"minutes\":").int(plan.minutes);
    j.raw(",\"length_basis\":").word(match plan.length_basis {
        LengthBasis::Standard => "standard",
        LengthBasis::Chronic => "chronic",
    });
    j.raw(",\"pressure_limit\":")
        .word(plan.pressure_limit.name());
    j.raw(",\"first_session_pressure\":")
        .word(plan.first_session_pressure.name());
    if !plan.precautions.is_empty() {
        j.raw(",\"precautions\":").serde(&plan.precautions);
    }
    if !plan.assumptions.is_empty() {
        j.raw(",\"assumptions\":").serde(&plan.assumptions);
    }
    j.raw(",\"avoid\":")
        .words(plan.avoid.iter().map(|r| r.name()));
    if plan.general_session {
        j.raw(",\"general_session\":true");
    }
    if !plan.unaddressed.is_empty() {
        j.raw(",\"unaddressed\":")
            .words(plan.unaddressed.iter().map(|c| c.name()));
    }
    j.raw(",\"techniques\":").list(&plan.techniques, technique);
    j.raw(",\"excluded\":").list(&plan.excluded, excluded);
    j.raw("}");
}

fn technique(j: &mut Json<'_>, t: &PlannedTechnique) {
    let PlannedTechnique {
        rank: _,
        technique: _,
        regions: _,
        pressure: _,
        pressures: _,
        tools: _,
        withheld_tools: _,
        minutes: _,
        score: _,
        first_choice: _,
        addresses: _,
        seed: _,
    } = t;
    j.raw("{\"rank\":").int(t.rank);
    j.raw(",\"technique\":").word(t.technique.name());
    j.raw(",\"regions\":")
        .words(t.regions.iter().map(|r| r.name()));
    j.raw(",\"pressure\":").word(t.pressure.name());
    j.raw(",\"pressures\":").list(&t.pressures, |j, p| {
        let crate::selection::RegionPressure {
            regions: _,
            pressure: _,
        } = p;
        j.raw("{\"regions\":")
            .words(p.regions.iter().map(|r| r.name()));
        j.raw(",\"pressure\":").word(p.pressure.name()).raw("}");
    });
    j.raw(",\"tools\":")
        .words(t.tools.iter().map(|tool| tool.name()));
    if !t.withheld_tools.is_empty() {
        j.raw(",\"withheld_tools\":").serde(&t.withheld_tools);
    }
    j.raw(",\"minutes\":").int(t.minutes);
    j.raw(",\"score\":").int(t.score);
    if t.first_choice {
        j.raw(",\"first_choice\":true");
    }
    j.raw(",\"addresses\":").list(&t.addresses, |j, a| {
        let crate::selection::Addressed {
            need: _,
            strength: _,
            seed: _,
        } = a;
        match a.need {
            crate::protocol::Need::Condition(c) => {
                j.raw("{\"need\":{\"condition\":").word(c.name())
            }
            crate::protocol::Need::Goal(g) => j.raw("{\"need\":{\"goal\":").word(g.name()),
        };
        j.raw("},\"strength\":").word(match a.strength {
            crate::protocol::Strength::Primary => "primary",
            crate::protocol::Strength::Supporting => "supporting",
        });
        j.raw(",\"seed\":").seed(a.seed).raw("}");
    });
    j.raw(",\"seed\":").seed(t.seed).raw("}");
}

/// An excluded technique: its exclusion's tag and fields flattened between the technique
/// and the rule, as serde's `flatten` writes them.
fn excluded(j: &mut Json<'_>, e: &ExcludedTechnique) {
    let ExcludedTechnique {
        technique: _,
        exclusion: _,
        rule: _,
        seed: _,
    } = e;
    j.raw("{\"technique\":").word(e.technique.name());
    j.raw(",\"reason\":");
    match e.exclusion {
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
            j.word("below_limit").raw(",\"rank\":").int(rank);
        }
        Exclusion::NotInProtocol => {
            j.word("not_in_protocol");
        }
    }
    j.raw(",\"rule\":").word(e.rule.name());
    j.raw(",\"seed\":").seed(e.seed).raw("}");
}

/// Writes a schedule as `serde_json::to_string` would.
pub(crate) fn write_schedule(schedule: &Schedule, out: &mut String) {
    let Schedule {
        protocol: _,
        kind: _,
        session_minutes: _,
        phases: _,
        stop: _,
        appointments: _,
    } = schedule;
    let mut j = Json(out);
    j.raw("{\"protocol\":");
    schedule.protocol.write_json(&mut j);
    j.raw(",\"kind\":").word(schedule.kind.name());
    if let Some(minutes) = schedule.session_minutes {
        j.raw(",\"session_minutes\":").int(minutes);
    }
    j.raw(",\"phases\":").list(&schedule.phases, phase);
    if let Some(stop) = &schedule.stop {
        j.raw(",\"stop\":").serde(stop);
    }
    if let Some(appointments) = &schedule.appointments {
        j.raw(",\"appointments\":").serde(appointments);
    }
    j.raw("}");
}

fn phase_rule(j: &mut Json<'_>, rule: &PhaseRule) {
    let PhaseRule {
        sessions: _,
        per: _,
        periods: _,
        seed: _,
    } = rule;
    j.raw("{\"sessions\":").int(rule.sessions);
    j.raw(",\"per\":").word(rule.per.name());
    j.raw(",\"periods\":").int(rule.periods);
    j.raw(",\"seed\":").seed(rule.seed).raw("}");
}

fn phase(j: &mut Json<'_>, p: &ScheduledPhase) {
    let ScheduledPhase {
        index: _,
        rule: _,
        weekdays: _,
        week_of_month: _,
        dtstart: _,
        dates: _,
        excluded: _,
        added: _,
    } = p;
    j.raw("{\"index\":").int(p.index);
    j.raw(",\"rule\":");
    phase_rule(j, &p.rule);
    j.raw(",\"weekdays\":")
        .words(p.weekdays.iter().map(|d| d.name()));
    if let Some(week) = p.week_of_month {
        j.raw(",\"week_of_month\":").int(week);
    }
    j.raw(",\"dtstart\":").date(p.dtstart);
    j.raw(",\"dates\":").dates(&p.dates);
    j.raw(",\"excluded\":").dates(&p.excluded);
    if !p.added.is_empty() {
        j.raw(",\"added\":").dates(&p.added);
    }
    j.raw("}");
}

fn write_course(course: &Course, j: &mut Json<'_>) {
    let Course {
        protocol: _,
        kind: _,
        basis: _,
        phases: _,
        phase: _,
        status: _,
        session_minutes: _,
        assessed_on: _,
        rescreen_after_days: _,
        approval_limits: _,
        pressure: _,
        pressure_ceiling: _,
        baseline: _,
        holds: _,
        history: _,
    } = course;
    let crate::scheduling::CourseBasis {
        condition: _,
        acuity: _,
        row: _,
        by_condition: _,
        seed: _,
    } = &course.basis;
    j.raw("{\"protocol\":");
    course.protocol.write_json(j);
    j.raw(",\"kind\":").word(course.kind.name());
    let b = &course.basis;
    j.raw(",\"basis\":{");
    let mut comma = "";
    if let Some(c) = b.condition {
        j.raw("\"condition\":").word(c.name());
        comma = ",";
    }
    if let Some(a) = b.acuity {
        j.raw(comma).raw("\"acuity\":").word(a.name());
        comma = ",";
    }
    if let Some(row) = b.row {
        j.raw(comma).raw("\"row\":").int(row);
        comma = ",";
    }
    if b.by_condition {
        j.raw(comma).raw("\"by_condition\":true");
        comma = ",";
    }
    j.raw(comma).raw("\"seed\":").seed(b.seed).raw("}");
    j.raw(",\"phases\":").list(&course.phases, phase_rule);
    j.raw(",\"phase\":").int(course.phase);
    j.raw(",\"status\":").word(match course.status {
        CourseStatus::Active => "active",
        CourseStatus::Completed => "completed",
        CourseStatus::Referred => "referred",
    });
    if let Some(minutes) = course.session_minutes {
        j.raw(",\"session_minutes\":").int(minutes);
    }
    if let Some(day) = course.assessed_on {
        j.raw(",\"assessed_on\":").date(day);
    }
    if let Some(days) = course.rescreen_after_days {
        j.raw(",\"rescreen_after_days\":").int(days);
    }
    if !course.approval_limits.is_empty() {
        j.raw(",\"approval_limits\":")
            .serde(&course.approval_limits);
    }
    if let Some(p) = course.pressure {
        j.raw(",\"pressure\":").word(p.name());
    }
    if let Some(p) = course.pressure_ceiling {
        j.raw(",\"pressure_ceiling\":").word(p.name());
    }
    if let Some(baseline) = &course.baseline {
        j.raw(",\"baseline\":").serde(baseline);
    }
    j.raw(",\"holds\":").int(course.holds);
    j.raw(",\"history\":");
    if course.history.is_empty() {
        j.raw("[]}");
    } else {
        j.serde(&course.history).raw("}");
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
