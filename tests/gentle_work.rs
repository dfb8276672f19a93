//! Every condition has something gentle: a cleared client with one condition alone gets
//! at least one technique at any tolerance, unless a rule the plan names excludes every
//! one.

use massage_rules::selection::Exclusion;
use massage_rules::vocabulary::*;
use massage_rules::*;

fn alone(condition: Condition, acuity: Acuity, tolerance: Option<Pressure>) -> Intake {
    let tolerance = tolerance.map_or("null".to_owned(), |p| format!("\"{}\"", p.name()));
    Intake::from_json(&format!(
        r#"{{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{{"condition": "{}", "acuity": "{}", "onset": "2026-01-02"}}],
            "pain_tolerance": {tolerance}, "history": "none",
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#,
        condition.name(),
        acuity.name()
    ))
    .unwrap()
}

/// A rule of safety the plan names for leaving a technique out (not "not for this
/// client", nor a pressure above the client's tolerance).
fn excluded_by_a_named_rule(e: &Exclusion) -> bool {
    !matches!(
        e,
        Exclusion::NotForClient | Exclusion::AboveTolerance { .. } | Exclusion::BelowLimit { .. }
    )
}

#[test]
fn every_condition_has_something_gentle() {
    let mut missing = Vec::new();
    for protocol in [Protocol::seed(), Protocol::conservative()] {
        for &condition in Condition::ALL {
            if condition == Condition::PregnancyDiscomfort {
                continue; // needs a pregnancy, and an approval: not a client alone
            }
            for &acuity in Acuity::ALL {
                for tolerance in [
                    None,
                    Some(Pressure::Light),
                    Some(Pressure::Moderate),
                    Some(Pressure::Firm),
                ] {
                    let intake = alone(condition, acuity, tolerance);
                    let screened = Screened::new(&protocol, &intake).unwrap();
                    let Ok(clearance) = screened.clearance() else {
                        continue;
                    };
                    let session = plan(&clearance);
                    if session.techniques.is_empty() {
                        let named = session
                            .excluded
                            .iter()
                            .filter(|e| !matches!(e.exclusion, Exclusion::NotForClient))
                            .all(|e| excluded_by_a_named_rule(&e.exclusion));
                        if !named {
                            missing.push(format!(
                                "{} {} {:?} under {}",
                                condition.name(),
                                acuity.name(),
                                tolerance,
                                protocol.stamp()
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no gentle technique for:\n{}",
        missing.join("\n")
    );
}

fn scar(acuity: &str, onset: Option<&str>) -> SessionPlan {
    let onset = onset.map_or(String::new(), |d| format!(r#", "onset": "{d}""#));
    let intake = Intake::from_json(&format!(
        r#"{{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{{"condition": "surgical_scarring", "acuity": "{acuity}",
                             "locations": ["abdomen"]{onset}}}],
            "goals": ["scar_tissue_remodeling"], "pain_tolerance": "moderate", "history": "none",
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
    ))
    .unwrap();
    let protocol = Protocol::seed();
    let screened = Screened::new(&protocol, &intake).unwrap();
    plan(&screened.clearance().unwrap())
}

/// A stated acuity counts: a scar stated chronic without a surgery date is past the
/// window for scar work, and the plan says it read it so; without a date and without a
/// chronic acuity the site is read as recent.
#[test]
fn a_scar_stated_chronic_is_past_the_window_and_the_plan_says_so() {
    use massage_rules::selection::{Precaution, Reading};
    let scar_work = |p: &SessionPlan| {
        p.precautions
            .iter()
            .any(|a| matches!(a.precaution, Precaution::ScarWork { .. }))
    };
    let chronic = scar("chronic", None);
    assert!(!scar_work(&chronic), "{chronic}");
    assert!(
        chronic
            .assumptions
            .iter()
            .any(|a| a.reading == Reading::PastScarWorkWindow)
    );
    assert!(chronic.to_string().contains("Read as:"), "{chronic}");
    assert!(
        chronic
            .techniques
            .iter()
            .any(|t| t.technique == Technique::MyofascialRelease),
        "{chronic}"
    );
    for acuity in ["acute", "ongoing", "injury"] {
        let recent = scar(acuity, None);
        assert!(scar_work(&recent), "{acuity}: {recent}");
        assert!(recent.assumptions.is_empty());
    }
    // A date decides over the acuity: three weeks ago is recent, even stated chronic.
    let dated = scar("chronic", Some("2026-11-06"));
    assert!(scar_work(&dated), "{dated}");
    assert!(dated.assumptions.is_empty());
}
