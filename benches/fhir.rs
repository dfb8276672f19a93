//! Emitting each FHIR resource and the CDS Hooks cards for a sample client, and reading
//! a QuestionnaireResponse.

use massage_rules::read::intake_from_questionnaire_response;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use massage_rules::care::CareRequest;
use massage_rules::export::cds_hooks::appointment_book_cards;
use massage_rules::export::fhir::*;
use massage_rules::{Intake, Protocol, care_plan};

const INTAKE: &str = include_str!("../examples/data/minor_with_approval.json");

fn bench(c: &mut Criterion) {
    let protocol = Protocol::conservative();
    let intake = Intake::from_json(INTAKE).unwrap();
    let context = FhirContext {
        patient: Some("Patient/example".into()),
    };
    let screened = massage_rules::Screened::new(&protocol, &intake).unwrap();
    let request = CareRequest {
        intake: intake.clone(),
        start: None,
        availability: None,
        baseline: None,
        timing: None,
    };
    let care = care_plan(&protocol, &request).unwrap();
    let response = questionnaire_response(&intake);
    c.bench_function("fhir/questionnaire", |b| b.iter(questionnaire));
    c.bench_function("fhir/questionnaire_response_write", |b| {
        b.iter(|| questionnaire_response(black_box(&intake)))
    });
    c.bench_function("fhir/questionnaire_response_read", |b| {
        b.iter(|| intake_from_questionnaire_response(black_box(&response)).unwrap())
    });
    c.bench_function("fhir/detected_issues", |b| {
        b.iter(|| detected_issues(black_box(&screened), &context))
    });
    c.bench_function("fhir/care_plan", |b| {
        b.iter(|| care_plan_resource(black_box(&care), &context))
    });
    c.bench_function("cds_hooks/appointment_book_cards", |b| {
        b.iter(|| appointment_book_cards(black_box(&screened), &context))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
