//! Medical coding (feature `coding`): CPT codes and billable units from the minutes the
//! session plan gives each technique, each line linked to the referral's ICD-10-CM
//! diagnoses. The codes themselves are read at the door, by
//! [`read::diagnoses`](crate::read::diagnoses) and [`CodingRequest::from_json`].
//!
//! ```
//! use jiff::civil::date;
//! use massage_rules::coding::{code_session, UnitRule};
//! use massage_rules::read::diagnoses;
//! use massage_rules::{plan, Intake, Protocol, Screened};
//! let mut intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 45,
//!     "pregnant": "no", "findings": [], "history": "none", "pain_tolerance": "firm",
//!     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
//! let referral = diagnoses(&["M54.50"], intake.assessed_on);
//! intake.conditions.extend(referral.mapped.iter().map(|d| d.entry.clone()));
//! let protocol = Protocol::seed();
//! let session = plan(&Screened::new(&protocol, &intake)?.clearance()?);
//! let claim = code_session(&protocol, &session, session.minutes, &referral, UnitRule::Cms);
//! // 60 minutes of timed work are four units under the CMS rule.
//! assert_eq!(claim.total_units, 4);
//! assert!(claim.lines.iter().all(|l| l.diagnoses == ["M54.50"]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cpt;
mod icd10;

pub use cpt::{
    CPT, CptRow, UnitRule, cms_total_units, cpt_for_technique, cpt_for_tool, midpoint_units, units,
};
pub use icd10::{
    ADDED, AddedCode, CodeProblem, DELETED, DeletedCode, Diagnosis, DiagnosisReport, ICD10CM,
    ICD10CM_RELEASE, IcdRow, Site, row_for, valid_from,
};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::care::{CarePlan, CareRequest, care_plan};
use crate::protocol::{Need, Protocol};
use crate::selection::SessionPlan;
use crate::vocabulary::{ConditionSet, RegionSet, Technique};

/// One line of a session's claim: a CPT code, its minutes and units, and the diagnoses it
/// treats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeLine {
    /// The CPT code.
    pub cpt: String,
    /// Our words for it.
    pub description: String,
    /// Whether it is billed by time.
    pub timed: bool,
    /// Minutes of the session spent on it (0 for an untimed code).
    pub minutes: u32,
    /// Billable units.
    pub units: u32,
    /// The techniques it bills.
    pub techniques: Vec<Technique>,
    /// The diagnosis codes it is linked to: those whose condition its techniques address;
    /// a line whose techniques address only goals, or an untimed tool line, points at the
    /// referral's first diagnosis, as every claim line must point at one.
    pub diagnoses: Vec<String>,
    /// The body regions its techniques work on (for a tool line, where the tool is used).
    pub regions: RegionSet,
    /// Whether the line is billed: it has at least one unit. A timed code with too few
    /// minutes for a unit is listed, with its minutes, and not billed.
    pub billable: bool,
}

/// The codes of one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionCoding {
    /// The day of the session, for a scheduled one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::vocabulary::forms::MaybeIsoDate"
    )]
    pub date: Option<Date>,
    /// The session's length in minutes.
    pub session_minutes: u16,
    /// The unit rule applied.
    pub rule: UnitRule,
    /// The lines, timed codes first.
    pub lines: Vec<CodeLine>,
    /// Minutes of timed codes.
    pub total_timed_minutes: u32,
    /// Units of the timed codes (what the timed minutes give under the unit rule).
    pub total_timed_units: u32,
    /// Units of every line: the timed units and one for each untimed code.
    pub total_units: u32,
}

/// The claim-ready coding of a planned session of `session_minutes` (the course's length,
/// or the plan's): the protocol's minutes rule shares the minutes among the techniques,
/// techniques of one CPT code add up, units follow `rule`, and each line is linked to the
/// diagnoses whose conditions its techniques address. A tool billed untimed (hot or cold
/// packs) adds one unit of its code.
pub fn code_session(
    protocol: &Protocol,
    session: &SessionPlan,
    session_minutes: u16,
    diagnoses: &DiagnosisReport,
    rule: UnitRule,
) -> SessionCoding {
    let shares = protocol
        .selection
        .minutes
        .allot(session_minutes, session.techniques.len());
    let mut lines: Vec<CodeLine> = Vec::new();
    let mut conditions_of: Vec<ConditionSet> = Vec::new();
    let mut regions_of: Vec<RegionSet> = Vec::new();
    for (t, minutes) in session.techniques.iter().zip(shares) {
        let addressed: ConditionSet = t
            .addresses
            .iter()
            .filter_map(|a| match a.need {
                Need::Condition(c) => Some(c),
                Need::Goal(_) => None,
            })
            .collect();
        let mut bill =
            |row: &CptRow, minutes: u32| match lines.iter().position(|l| l.cpt == row.code) {
                Some(i) => {
                    lines[i].minutes += minutes;
                    if !lines[i].techniques.contains(&t.technique) {
                        lines[i].techniques.push(t.technique);
                    }
                    if row.timed {
                        conditions_of[i] |= addressed;
                    }
                    regions_of[i] |= t.regions;
                }
                None => {
                    lines.push(CodeLine {
                        cpt: row.code.to_owned(),
                        description: row.description.to_owned(),
                        timed: row.timed,
                        minutes,
                        units: 0,
                        techniques: vec![t.technique],
                        diagnoses: Vec::new(),
                        regions: RegionSet::empty(),
                        billable: false,
                    });
                    // An untimed tool line is not a treatment of its own conditions.
                    conditions_of.push(if row.timed {
                        addressed
                    } else {
                        ConditionSet::empty()
                    });
                    regions_of.push(t.regions);
                }
            };
        if let Some(row) = cpt_for_technique(t.technique) {
            bill(row, u32::from(minutes));
        }
        for tool in t.tools {
            if let Some(row) = cpt_for_tool(tool) {
                bill(row, 0);
            }
        }
    }
    let timed: Vec<u32> = lines
        .iter()
        .filter(|l| l.timed)
        .map(|l| l.minutes)
        .collect();
    let mut timed_units = units(&timed, rule).into_iter();
    for ((line, conditions), regions) in lines.iter_mut().zip(&conditions_of).zip(&regions_of) {
        line.units = if line.timed {
            timed_units.next().unwrap_or(0)
        } else {
            1
        };
        line.billable = line.units > 0;
        line.regions = *regions;
        line.diagnoses = diagnoses
            .mapped
            .iter()
            .filter(|d| conditions.contains(d.entry.condition))
            .map(|d| d.code.clone())
            .collect();
        if line.diagnoses.is_empty()
            && let Some(first) = diagnoses.mapped.first()
        {
            line.diagnoses.push(first.code.clone());
        }
    }
    lines.sort_by_key(|l| !l.timed);
    SessionCoding {
        date: None,
        session_minutes,
        rule,
        total_timed_minutes: timed.iter().sum(),
        total_timed_units: lines.iter().filter(|l| l.timed).map(|l| l.units).sum(),
        total_units: lines.iter().map(|l| l.units).sum(),
        lines,
    }
}

/// A coding request: a care request, the referral's diagnosis codes, and the unit rule.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodingRequest {
    /// The care request.
    pub request: CareRequest,
    /// ICD-10-CM codes from the referral; each becomes a condition of the intake unless
    /// the intake already presents that condition.
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// The unit rule; the CMS rule when absent.
    #[serde(default = "cms")]
    pub unit_rule: UnitRule,
}

fn cms() -> UnitRule {
    UnitRule::Cms
}

/// The answer to a [`CodingRequest`]: the diagnoses read, the care plan, and the coding
/// of every scheduled session. Written and read back as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Claims {
    /// The diagnosis codes, mapped or reported.
    pub diagnoses: DiagnosisReport,
    /// The care plan made with the diagnoses' conditions.
    pub care: CarePlan,
    /// One coding per scheduled session, the first [`crate::Limits::CODED_SESSIONS`].
    pub sessions: Vec<SessionCoding>,
    /// Scheduled sessions past [`crate::Limits::CODED_SESSIONS`], not coded in this run: code them
    /// in a later run, from a later start.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sessions_not_coded: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Codes a care request whose referral has been read: the care plan is made and each
/// scheduled session is coded, its lines linked to `referral`'s diagnoses.
///
/// `request` is expected to present the referral's conditions already; reading a
/// [`CodingRequest`] does that ([`CodingRequest::referral`], or
/// [`read::claims`](crate::read::claims) for the whole step), so the diagnoses become
/// conditions before the request exists and nothing is read twice.
pub fn claims(
    protocol: &Protocol,
    request: &CareRequest,
    referral: &DiagnosisReport,
    unit_rule: UnitRule,
) -> Result<Claims, crate::intake::IntakeError> {
    let report = referral;
    let care = care_plan(protocol, request)?;
    let mut sessions = Vec::new();
    let mut not_coded = 0;
    if let (Some(session), Some(schedule)) = (&care.session, &care.schedule) {
        let minutes = schedule.session_minutes.unwrap_or(session.minutes);
        let template = code_session(protocol, session, minutes, report, unit_rule);
        for day in schedule.dates() {
            if sessions.len() == crate::Limits::CODED_SESSIONS {
                not_coded += 1;
                continue;
            }
            sessions.push(SessionCoding {
                date: Some(day),
                ..template.clone()
            });
        }
    }
    Ok(Claims {
        diagnoses: report.clone(),
        care,
        sessions,
        sessions_not_coded: not_coded,
    })
}
