//! The intake as a FHIR R4 `Questionnaire`, and its `QuestionnaireResponse`s read into
//! intakes (and written from them).

use serde_json::{Value, json};

use super::coding;
use crate::intake::{Intake, Location};
pub use crate::read::fhir::{QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION};
use crate::vocabulary::{
    Acuity, Answer, BodyPart, Condition, Contraindication, Goal, History, Pressure, Side,
    Technique, Vocabulary,
};

fn options<T: Vocabulary>(only: impl Fn(T) -> bool) -> Value {
    T::ALL
        .iter()
        .copied()
        .filter(|&v| only(v))
        .map(|v| json!({"valueCoding": coding(v)}))
        .collect()
}

fn choice<T: Vocabulary>(link_id: &str, text: &str, repeats: bool) -> Value {
    json!({"linkId": link_id, "text": text, "type": "choice", "repeats": repeats,
           "answerOption": options::<T>(|_| true)})
}

fn answer(link_id: &str, text: &str) -> Value {
    choice::<Answer>(link_id, text, false)
}

fn typed(link_id: &str, text: &str, kind: &str) -> Value {
    json!({"linkId": link_id, "text": text, "type": kind})
}

fn required(mut item: Value) -> Value {
    item["required"] = Value::Bool(true);
    item
}

/// A repeating group of places (part and side) with linkId `prefix`.
fn places(prefix: &str, text: &str) -> Value {
    json!({"linkId": prefix, "text": text, "type": "group", "repeats": true, "item": [
        required(choice::<BodyPart>(&format!("{prefix}.part"), "Body part", false)),
        choice::<Side>(&format!("{prefix}.side"), "Side (for an arm, a leg, a hand, ...)", false),
    ]})
}

/// The intake questionnaire: exactly what an [`Intake`] holds. Each item's `linkId` is the
/// intake's JSON field (a group's children are `group.field`), answer options are the
/// crate's vocabularies with their codes, and an unanswered item is unknown, never "no".
/// `protocols/fhir/intake-questionnaire.json` is this resource (a test keeps it so).
///
/// ```
/// use massage_rules::export::fhir::{questionnaire, QUESTIONNAIRE_URL};
/// let q = questionnaire();
/// assert_eq!(q["resourceType"], "Questionnaire");
/// assert_eq!(q["url"], QUESTIONNAIRE_URL);
/// assert!(q["item"].as_array().unwrap().iter().any(|i| i["linkId"] == "history"));
/// ```
pub fn questionnaire() -> Value {
    let history: Vec<Value> = History::ALL
        .iter()
        .map(|h| answer(&format!("history.{}", h.name()), h.label()))
        .chain([
            places("history.reduced_sensation_at", "Where sensation is reduced"),
            places("history.varicose_veins_at", "Where the varicose veins are"),
        ])
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": "massage-intake",
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "MassageIntake",
        "title": "Medical massage intake",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "What massage-rules needs to screen a client and plan their care. \
            Each linkId is the field of the crate's intake JSON; an unanswered question is \
            unknown: nothing is presumed, and the screening asks it before a session.",
        "item": [
            required(typed("assessed_on", "Day of the assessment", "date")),
            typed("age", "Age in whole years", "integer"),
            answer("pregnant", "Is the client pregnant?"),
            required(answer("findings_examined", "Were the client's body regions examined for \
                contraindications? (Answer yes, and list every finding; none listed means none found.)")),
            {"linkId": "findings", "text": "A contraindication found on a body region",
             "type": "group", "repeats": true, "item": [
                required(json!({"linkId": "findings.contraindication", "text": "What was found",
                    "type": "choice",
                    "answerOption": options::<Contraindication>(Contraindication::is_regional)})),
                required(choice::<BodyPart>("findings.location.part", "Body part", false)),
                choice::<Side>("findings.location.side", "Side", false),
            ]},
            {"linkId": "conditions", "text": "A condition the client presents", "type": "group",
             "repeats": true, "item": [
                required(choice::<Condition>("conditions.condition", "Condition", false)),
                required(choice::<Acuity>("conditions.acuity", "How it presents", false)),
                typed("conditions.onset", "Day of the injury or surgery", "date"),
                places("conditions.locations", "Where it is"),
            ]},
            choice::<Goal>("goals", "What the client seeks", true),
            choice::<Pressure>("pain_tolerance", "The most pressure the client tolerates", false),
            {"linkId": "history", "text": "Medical history", "type": "group", "item": history},
            {"linkId": "approvals", "text": "A physician's approval on file", "type": "group",
             "repeats": true, "item": [
                required(choice::<Contraindication>("approvals.covers", "What it approves massage despite", true)),
                typed("approvals.given_on", "Day it was given", "date"),
                answer("approvals.expires", "Does the approval have a last day? (no: it holds until withdrawn)"),
                typed("approvals.valid_until", "Last day it is valid", "date"),
                typed("approvals.physician", "Physician", "string"),
            ]},
            required(json!({"linkId": "practitioner", "text": "Who will give the massage",
                "type": "group", "item": [
                answer("practitioner.licensed", "Is the practitioner a licensed massage therapist?"),
                answer("practitioner.medical_massage_trained", "Is the practitioner trained in medical massage?"),
                answer("practitioner.certifications_tracked",
                    "Are the practitioner's certifications tracked? (yes: only the techniques listed next may be planned)"),
                choice::<Technique>("practitioner.certified_techniques",
                    "Techniques the practitioner is certified in", true),
            ]})),
        ],
    })
}

fn code_answer<T: Vocabulary>(item: T) -> Value {
    json!({"valueCoding": coding(item)})
}

fn item(link_id: &str, answers: Vec<Value>) -> Option<Value> {
    (!answers.is_empty()).then(|| json!({"linkId": link_id, "answer": answers}))
}

fn group_item(link_id: &str, items: Vec<Option<Value>>) -> Value {
    json!({"linkId": link_id, "item": items.into_iter().flatten().collect::<Vec<_>>()})
}

fn place_items(prefix: &str, location: &Location) -> Vec<Option<Value>> {
    vec![
        item(&format!("{prefix}.part"), vec![code_answer(location.part)]),
        location
            .side
            .and_then(|s| item(&format!("{prefix}.side"), vec![code_answer(s)])),
    ]
}

fn answered(link_id: &str, answer: Answer) -> Option<Value> {
    (answer != Answer::Unknown).then(|| json!({"linkId": link_id, "answer": [code_answer(answer)]}))
}

/// An intake as a `QuestionnaireResponse` to [`questionnaire`]: unknown answers are left
/// unanswered. [`intake_from_questionnaire_response`](crate::read::intake_from_questionnaire_response) reads it back to the same intake.
pub fn questionnaire_response(intake: &Intake) -> Value {
    let date = |d: jiff::civil::Date| json!({"valueDate": d.to_string()});
    let mut items: Vec<Option<Value>> = vec![
        item("assessed_on", vec![date(intake.assessed_on)]),
        intake
            .age
            .and_then(|a| item("age", vec![json!({"valueInteger": a})])),
        answered("pregnant", intake.pregnant),
        answered("findings_examined", Answer::Yes),
    ];
    for f in &intake.findings {
        let mut children = vec![item(
            "findings.contraindication",
            vec![code_answer(f.contraindication)],
        )];
        if let Some(l) = &f.location {
            children.extend(place_items("findings.location", l));
        }
        items.push(Some(group_item("findings", children)));
    }
    for c in &intake.conditions {
        let mut children = vec![
            item("conditions.condition", vec![code_answer(c.condition)]),
            item("conditions.acuity", vec![code_answer(c.acuity)]),
            c.onset
                .and_then(|d| item("conditions.onset", vec![date(d)])),
        ];
        for l in &c.locations {
            children.push(Some(group_item(
                "conditions.locations",
                place_items("conditions.locations", l),
            )));
        }
        items.push(Some(group_item("conditions", children)));
    }
    items.push(item(
        "goals",
        intake.goals.iter().map(code_answer).collect(),
    ));
    items.push(
        intake
            .pain_tolerance
            .and_then(|p| item("pain_tolerance", vec![code_answer(p)])),
    );
    let h = &intake.history;
    let mut history: Vec<Option<Value>> = History::ALL
        .iter()
        .map(|&i| answered(&format!("history.{}", i.name()), h.stated(i)))
        .collect();
    for (field, list) in [
        ("history.reduced_sensation_at", &h.reduced_sensation_at),
        ("history.varicose_veins_at", &h.varicose_veins_at),
    ] {
        for l in list {
            history.push(Some(group_item(field, place_items(field, l))));
        }
    }
    items.push(Some(group_item("history", history)));
    for a in &intake.approvals {
        items.push(Some(group_item(
            "approvals",
            vec![
                item(
                    "approvals.covers",
                    a.covers.iter().map(code_answer).collect(),
                ),
                a.given_on
                    .and_then(|d| item("approvals.given_on", vec![date(d)])),
                a.valid_until.is_none().then(
                    || json!({"linkId": "approvals.expires", "answer": [code_answer(Answer::No)]}),
                ),
                a.valid_until
                    .and_then(|d| item("approvals.valid_until", vec![date(d)])),
                a.physician
                    .as_ref()
                    .and_then(|p| item("approvals.physician", vec![json!({"valueString": p})])),
            ],
        )));
    }
    let p = &intake.practitioner;
    items.push(Some(group_item(
        "practitioner",
        vec![
            answered("practitioner.licensed", p.licensed),
            answered(
                "practitioner.medical_massage_trained",
                p.medical_massage_trained,
            ),
            p.certified_techniques
                .and_then(|_| answered("practitioner.certifications_tracked", Answer::Yes)),
            p.certified_techniques.and_then(|t| {
                item(
                    "practitioner.certified_techniques",
                    t.iter().map(code_answer).collect(),
                )
            }),
        ],
    )));
    json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"),
        "status": "completed",
        "authored": intake.assessed_on.to_string(),
        "item": items.into_iter().flatten().collect::<Vec<_>>(),
    })
}
