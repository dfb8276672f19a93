//! Issue 27: text from a request is text. Every string a card repeats from the request
//! (an appointment's id, an intake's subject, a problem's path and words) is escaped for
//! CDS Hooks' GitHub-flavoured markdown: rendered by a GFM parser with its extensions on,
//! no link, image, autolink or HTML survives into the card's `detail`.

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};
use massage_rules::export::cds_hooks::{
    Unreadable, markdown_text, other_clients_intake_card, unreadable_card,
};
use massage_rules::export::fhir::FhirContext;
use proptest::prelude::*;

mod common;

/// What live markup the GFM rendering of `text` holds, if any.
fn live_markup(text: &str) -> Option<String> {
    let arena = Arena::new();
    let mut options = Options::default();
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    let root = parse_document(&arena, text, &options);
    for node in root.descendants() {
        let found = match &node.data.borrow().value {
            NodeValue::Link(l) => Some(format!("a link to {}", l.url)),
            NodeValue::Image(l) => Some(format!("an image from {}", l.url)),
            NodeValue::HtmlInline(h) => Some(format!("inline HTML {h}")),
            NodeValue::HtmlBlock(h) => Some(format!("an HTML block {}", h.literal)),
            NodeValue::FootnoteReference(_) => Some("a footnote".to_owned()),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Strings made of markdown's dangerous pieces, and anything else.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[verify your login](https://evil.example/login)".to_owned()),
        Just("![x](https://evil.example/x.png)".to_owned()),
        Just("<a href=\"https://evil.example\">here</a>".to_owned()),
        Just("<script>alert(1)</script>".to_owned()),
        Just("https://evil.example".to_owned()),
        Just("www.evil.example".to_owned()),
        Just("someone@evil.example".to_owned()),
        Just("<https://evil.example>".to_owned()),
        Just("[a]: https://evil.example\n[a]".to_owned()),
        Just("`code` **bold** _em_".to_owned()),
        Just("\n\n<div>".to_owned()),
        Just("[^1]\n\n[^1]: https://evil.example".to_owned()),
        "[ -~]{0,20}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 1..5).prop_map(|p| p.concat())
}

#[test]
fn the_pieces_are_live_markup_unescaped() {
    // The oracle sees what it is meant to see.
    for raw in [
        "[verify your login](https://evil.example/login)",
        "https://evil.example",
        "www.evil.example",
        "<b>x</b>",
    ] {
        assert!(live_markup(raw).is_some(), "{raw}");
        assert!(live_markup(&markdown_text(raw)).is_none(), "{raw}");
    }
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/markup.txt"))]

    #[test]
    fn escaped_request_text_is_never_live_markup(text in hostile()) {
        let escaped = markdown_text(&text);
        prop_assert!(live_markup(&escaped).is_none(), "{:?} -> {:?}", text, escaped);
        // Nor in the cards that repeat it.
        let context = FhirContext { patient: Some("Patient/17".into()) };
        let card = other_clients_intake_card(&context, &text);
        let detail = card["detail"].as_str().unwrap();
        prop_assert!(live_markup(detail).is_none(), "{}", detail);
        // A Bundle whose keys and values are the text: the unreadable card's problems.
        let bundle = serde_json::json!({"resourceType": "Bundle", "entry": [
            {"resource": {"resourceType": "Appointment", "id": text.clone(), "start": text.clone()}},
            {"resource": {"resourceType": text.clone()}}]});
        if let Err(e) = massage_rules::read::appointments_from_bundle(&bundle) {
            let card = unreadable_card(Unreadable::Appointments, &e);
            let detail = card["detail"].as_str().unwrap();
            prop_assert!(live_markup(detail).is_none(), "{}", detail);
        }
    }

    /// An appointment's id (a FHIR id of up to 64 characters from the request) in the
    /// check's cards.
    #[test]
    fn an_appointment_id_is_never_live_markup(id in hostile().prop_map(|t| t.chars().take(15).collect::<String>())) {
        let request = massage_rules::CareRequest::from_json(r#"{"intake": {"assessed_on": "2027-03-01",
            "age": 45, "pregnant": "no", "findings": [], "history": "none",
            "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}}"#).unwrap();
        let care = massage_rules::care_plan(&massage_rules::Protocol::seed(), &request).unwrap();
        let bundle = serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Appointment", "id": id.clone(), "status": "proposed",
             "start": "2027-02-01T09:00:00-05:00", "end": "2027-02-01T10:00:00-05:00"}},
            {"resource": {"resourceType": "Appointment", "id": format!("{id}2"), "status": "proposed",
             "start": "2027-02-01T11:00:00-05:00", "end": "2027-02-01T12:00:00-05:00"}}]});
        let response = massage_rules::export::cds_hooks::appointment_book_check(
            &care, &bundle, None, &FhirContext::default()).unwrap();
        for card in response["cards"].as_array().unwrap() {
            let detail = card["detail"].as_str().unwrap();
            prop_assert!(live_markup(detail).is_none(), "{}", detail);
        }
    }
}
