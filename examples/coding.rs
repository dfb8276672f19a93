//! A session's codes and units under both unit rules: a referral's ICD-10-CM codes become
//! conditions, the session is planned, its minutes shared among its techniques, and the
//! techniques coded as CPT codes with units.
//!
//! `cargo run --example coding --features coding`

use massage_rules::coding::{UnitRule, code_session};
use massage_rules::read::diagnoses;
use massage_rules::{Intake, Protocol, Screened, plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut intake = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 52, "pregnant": "no", "findings": [],
            "goals": ["pain_relief", "relaxation"], "pain_tolerance": "firm", "history": "none",
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )?;
    let referral = diagnoses(&["M54.50", "M62.830", "M54.5"], intake.assessed_on);
    for d in &referral.mapped {
        println!(
            "{} -> {} ({}), row {}",
            d.code, d.entry.condition, d.entry.acuity, d.row
        );
        intake.conditions.push(d.entry.clone());
    }
    for (code, problem) in &referral.problems {
        println!("{code}: {problem:?}");
    }
    let protocol = Protocol::seed();
    let session = plan(&Screened::new(&protocol, &intake)?.clearance()?);
    println!("\n{session}\n");
    for rule in [UnitRule::Cms, UnitRule::Midpoint] {
        let coding = code_session(&protocol, &session, session.minutes, &referral, rule);
        println!(
            "{rule:?}: {} timed minutes, {} units",
            coding.total_timed_minutes, coding.total_units
        );
        for line in &coding.lines {
            println!(
                "  {} {:>3} min {} unit(s) for {:?}, linked to {:?}",
                line.cpt, line.minutes, line.units, line.techniques, line.diagnoses
            );
        }
    }
    Ok(())
}
