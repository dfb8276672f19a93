//! The CDS Hooks discovery document, and the cards a CDS service returns for the
//! `appointment-book` hook for each sample client.
//!
//! `cargo run --example cds_hooks --features fhir`

use massage_rules::export::cds_hooks::{appointment_book_cards, discovery};
use massage_rules::export::fhir::FhirContext;
use massage_rules::{Intake, Protocol};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!(
        "GET /cds-services\n{}",
        serde_json::to_string_pretty(&discovery())?
    );
    let protocol = Protocol::seed();
    let context = FhirContext {
        patient: Some("Patient/example".into()),
    };
    let mut paths: Vec<_> = std::fs::read_dir("examples/data")?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    for path in paths {
        let intake = Intake::from_json(&std::fs::read_to_string(&path)?)?;
        let screened = massage_rules::Screened::new(&protocol, &intake)?;
        let response = appointment_book_cards(&screened, &context);
        println!(
            "\nPOST /cds-services/massage-rules-screening ({})\n{}",
            path.display(),
            serde_json::to_string_pretty(&response)?
        );
    }
    Ok(())
}
