//! A sample client's intake as a FHIR QuestionnaireResponse, read back, screened, and the
//! decision and the care plan as FHIR resources (`DetectedIssue`s and a `CarePlan`).
//!
//! `cargo run --example fhir --features fhir [-- intake.json]`
//! `cargo run --example fhir --features fhir -- --questionnaire` prints only the intake
//! `Questionnaire`, to load into an EHR's FHIR server.

use massage_rules::care::CareRequest;
use massage_rules::export::fhir::{
    FhirContext, care_plan_resource, detected_issues, questionnaire, questionnaire_response,
};
use massage_rules::read::intake_from_questionnaire_response;
use massage_rules::{Intake, Protocol, care_plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().nth(1).as_deref() == Some("--questionnaire") {
        println!("{}", serde_json::to_string_pretty(&questionnaire())?);
        return Ok(());
    }
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/data/minor_with_approval.json".into());
    let intake = Intake::from_json(&std::fs::read_to_string(path)?)?;
    let context = FhirContext {
        patient: Some("Patient/example".into()),
    };

    // What a clinic system sends: the intake questionnaire, answered.
    let response = questionnaire_response(&intake);
    println!(
        "QuestionnaireResponse:\n{}",
        serde_json::to_string_pretty(&response)?
    );
    let read = intake_from_questionnaire_response(&response)?;
    assert_eq!(read, intake);

    let protocol = Protocol::seed();
    let screened = massage_rules::Screened::new(&protocol, &read)?;
    for issue in detected_issues(&screened, &context) {
        println!("DetectedIssue:\n{}", serde_json::to_string_pretty(&issue)?);
    }
    let request = CareRequest {
        intake: read.clone(),
        start: None,
        availability: None,
        baseline: None,
        timing: None,
    };
    let care = care_plan(&protocol, &request)?;
    let plan = care_plan_resource(&care, &context);
    println!("CarePlan:\n{}", serde_json::to_string_pretty(&plan)?);
    Ok(())
}
