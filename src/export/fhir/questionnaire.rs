//! The intake as a FHIR R4 `Questionnaire`, and its `QuestionnaireResponse`s read into
//! intakes (and written from them).

use serde_json::{Map, Value, json};

use super::coding;
use crate::intake::json::{Reader, finish, type_name};
use crate::intake::{Intake, IntakeProblemKind, Limits, Location};
use crate::vocabulary::{
    Acuity, Answer, BodyPart, Condition, Contraindication, Goal, History, Pressure, Side,
    Technique, Vocabulary,
};

/// The canonical URL of the intake questionnaire.
pub const QUESTIONNAIRE_URL: &str =
    "https://github.com/massage-rules/massage-rules/fhir/Questionnaire/massage-intake";

/// The questionnaire's version: it changes when its items do.
pub const QUESTIONNAIRE_VERSION: &str = "4";

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
            unknown, and screened as if the risky answer applied.",
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

/// Reads a `QuestionnaireResponse` to [`questionnaire`] into an intake, reporting every
/// problem at once: structure (not a response, another questionnaire, an unknown linkId,
/// an answer of the wrong type) with its place in the response, and everything the
/// intake's own reader finds, at the intake's field paths (the linkIds, with the index of
/// each repeated group: `findings[1].location.side`). An unanswered item is unknown.
///
/// ```
/// use massage_rules::export::fhir::{intake_from_questionnaire_response, questionnaire_response};
/// use massage_rules::Intake;
/// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
///     "pregnant": "no", "findings": [], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// let response = questionnaire_response(&intake);
/// assert_eq!(intake_from_questionnaire_response(&response)?, intake);
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn intake_from_questionnaire_response(response: &Value) -> Result<Intake, crate::Error> {
    // Refused before anything descends into it: a response nested deeper than any the
    // questionnaire asks for would cost stack and memory in proportion to its depth.
    if nested_deeper_than(response, Limits::JSON_DEPTH) {
        return Err(crate::intake::IntakeError::new(vec![
            crate::intake::IntakeProblem::with_detail(
                "$",
                IntakeProblemKind::TooDeep,
                format!("at most {} levels", Limits::JSON_DEPTH),
            ),
        ])
        .into());
    }
    let mut reader = Reader::default();
    let value = to_intake_json(&mut reader, response);
    let intake = reader.intake(&value, "");
    finish(reader, intake, Intake::validate)
}

/// [`intake_from_questionnaire_response`] for a response as JSON text: read with the
/// crate's own parser, so a key given twice in one object is a
/// [`DuplicateField`](IntakeProblemKind::DuplicateField) problem (serde_json alone keeps
/// the last), and the text is bounded ([`Limits::JSON_BYTES`]).
///
/// ```
/// use massage_rules::export::fhir::intake_from_questionnaire_response_json;
/// let text = r#"{"resourceType": "QuestionnaireResponse", "status": "completed",
///     "item": [{"linkId": "pregnant", "answer": [{"valueCoding": {"code": "yes"}}]}],
///     "item": []}"#;
/// assert!(intake_from_questionnaire_response_json(text).is_err());
/// ```
pub fn intake_from_questionnaire_response_json(text: &str) -> Result<Intake, crate::Error> {
    crate::intake::json::too_long(text)?;
    let (value, duplicates) = crate::intake::json::parse(text)?;
    match intake_from_questionnaire_response(&value) {
        Ok(_) if !duplicates.problems.is_empty() => {
            Err(crate::intake::IntakeError::new(duplicates.problems).into())
        }
        Ok(intake) => Ok(intake),
        Err(crate::Error::Intake(mut invalid)) if !duplicates.problems.is_empty() => {
            let mut problems = duplicates.problems;
            problems.append(&mut invalid.problems);
            Err(crate::intake::IntakeError::new(problems).into())
        }
        Err(other) => Err(other),
    }
}

/// The answers of an item as JSON values of the intake (codes as words).
fn answers(reader: &mut Reader, item: &Map<String, Value>, at: &str) -> Vec<Value> {
    let Some(list) = item.get("answer") else {
        return Vec::new();
    };
    let Value::Array(list) = list else {
        reader.push(
            format!("{at}.answer"),
            IntakeProblemKind::WrongType,
            Some("expected a list".into()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        // One value[x] an answer: two are two answers in one, and neither is taken.
        let values = a
            .as_object()
            .map_or(0, |a| a.keys().filter(|k| k.starts_with("value")).count());
        if values > 1 {
            reader.push(
                format!("{at}.answer[{i}]"),
                IntakeProblemKind::DuplicateField,
                Some(format!("{values} value[x] in one answer")),
            );
            continue;
        }
        let value = a.as_object().and_then(|a| {
            a.iter().find_map(|(key, v)| match key.as_str() {
                "valueCoding" => v.get("code").cloned(),
                "valueString" | "valueDate" | "valueInteger" | "valueBoolean" | "valueDecimal" => {
                    Some(v.clone())
                }
                _ => None,
            })
        });
        match value {
            Some(v) => out.push(v),
            None => reader.push(
                format!("{at}.answer[{i}]"),
                IntakeProblemKind::WrongType,
                Some(format!(
                    "expected an answer with a value[x], found {}",
                    type_name(a)
                )),
            ),
        }
    }
    out
}

/// The response's items as the intake's JSON: each linkId's last segment is a field of
/// its group; a repeating group becomes a list.
fn to_intake_json(reader: &mut Reader, response: &Value) -> Value {
    let Some(map) = response.as_object() else {
        reader.push(
            "$",
            IntakeProblemKind::WrongType,
            Some(format!(
                "expected a QuestionnaireResponse, found {}",
                type_name(response)
            )),
        );
        return Value::Null;
    };
    if map.get("resourceType").and_then(Value::as_str) != Some("QuestionnaireResponse") {
        reader.push(
            "resourceType",
            IntakeProblemKind::WrongType,
            Some("expected \"QuestionnaireResponse\"".into()),
        );
    }
    if let Some(q) = map.get("questionnaire").and_then(Value::as_str) {
        let canonical = q.split('|').next().unwrap_or(q);
        if canonical != QUESTIONNAIRE_URL {
            reader.push(
                "questionnaire",
                IntakeProblemKind::UnknownName,
                Some(format!("expected {QUESTIONNAIRE_URL}")),
            );
        }
    }
    let items = map.get("item").cloned().unwrap_or(Value::Array(Vec::new()));
    let mut intake = Map::new();
    group(reader, &items, "", "item", &mut intake);
    // No findings listed after an examination means none were found; without the
    // examination they are not known, and the intake's reader says so.
    let examined = intake.remove("findings_examined");
    if !intake.contains_key("findings") && examined.as_ref().and_then(Value::as_str) == Some("yes")
    {
        intake.insert("findings".into(), Value::Array(Vec::new()));
    }
    if let Some(e) = examined.filter(|e| e.as_str() != Some("yes")) {
        if intake.contains_key("findings") {
            // Findings listed without an examination answered yes: keep them, stricter.
        } else {
            reader.push(
                "findings_examined",
                IntakeProblemKind::MissingField,
                Some(format!("answered {e}: the findings are not known")),
            );
        }
    }
    // An approval's last day must be answered, or said not to exist: a blank is a
    // question to ask, never "valid for ever".
    if let Some(Value::Array(approvals)) = intake.get_mut("approvals") {
        for (i, approval) in approvals.iter_mut().enumerate() {
            let Value::Object(a) = approval else { continue };
            let expires = a.remove("expires");
            if a.contains_key("valid_until") {
                continue;
            }
            if expires.as_ref().and_then(Value::as_str) != Some("no") {
                reader.push(
                    format!("approvals[{i}].valid_until"),
                    IntakeProblemKind::MissingField,
                    Some(
                        "unanswered: give the approval's last day, or answer approvals.expires \
                         \"no\" for an approval without one"
                            .into(),
                    ),
                );
            }
        }
    }
    // Certifications tracked and none listed: certified in nothing.
    if let Some(Value::Object(p)) = intake.get_mut("practitioner") {
        let tracked = p.remove("certifications_tracked");
        if tracked.as_ref().and_then(Value::as_str) == Some("yes")
            && !p.contains_key("certified_techniques")
        {
            p.insert("certified_techniques".into(), Value::Array(Vec::new()));
        }
    }
    Value::Object(intake)
}

/// Fields of one group: `items` at `at`, linkIds under `prefix`.
fn group(reader: &mut Reader, items: &Value, prefix: &str, at: &str, out: &mut Map<String, Value>) {
    let Value::Array(items) = items else {
        reader.push(
            at,
            IntakeProblemKind::WrongType,
            Some("expected a list of items".into()),
        );
        return;
    };
    // Repeating groups and repeating answers collect into lists, in order.
    for (i, item) in items.iter().enumerate() {
        let here = format!("{at}[{i}]");
        let Some(item) = item.as_object() else {
            reader.push(
                here,
                IntakeProblemKind::WrongType,
                Some("expected an item".into()),
            );
            continue;
        };
        let Some(link_id) = item.get("linkId").and_then(Value::as_str) else {
            reader.push(
                format!("{here}.linkId"),
                IntakeProblemKind::MissingField,
                None,
            );
            continue;
        };
        let field = match link_id.strip_prefix(prefix) {
            Some(rest) if !prefix.is_empty() => rest.trim_start_matches('.'),
            _ if prefix.is_empty() => link_id,
            _ => {
                reader.push(
                    format!("{here}.linkId"),
                    IntakeProblemKind::UnknownField,
                    Some(format!("{link_id:?} is not an item of {prefix}")),
                );
                continue;
            }
        };
        if let Some(children) = item.get("item") {
            // A group: its fields form an object (a part's "location" nests one deeper).
            let mut object = Map::new();
            group(
                reader,
                children,
                link_id,
                &format!("{here}.item"),
                &mut object,
            );
            nest_location(&mut object);
            match field {
                "findings"
                | "conditions"
                | "approvals"
                | "locations"
                | "reduced_sensation_at"
                | "varicose_veins_at" => push(out, field, Value::Object(object)),
                _ => {
                    once(reader, out, field, Value::Object(object), &here);
                }
            }
            continue;
        }
        let values = answers(reader, item, &here);
        let list_fields = ["goals", "covers", "certified_techniques"];
        if list_fields.contains(&field) {
            once(reader, out, field, Value::Array(values), &here);
        } else {
            // One answer to a one-answer item: a second is a conflict, and neither is
            // taken as the answer.
            if values.len() > 1 {
                reader.push(
                    format!("{here}.answer[1]"),
                    IntakeProblemKind::DuplicateField,
                    Some(format!(
                        "{link_id:?} takes one answer; {} were given",
                        values.len()
                    )),
                );
            }
            if let Some(first) = values.into_iter().next() {
                // `location.part` and `location.side` of a finding.
                once(reader, out, field, first, &here);
            }
        }
    }
}

/// Sets a field answered by one item; a second item with the same linkId is a
/// [`DuplicateField`](IntakeProblemKind::DuplicateField) problem, never "the last wins".
fn once(reader: &mut Reader, out: &mut Map<String, Value>, field: &str, value: Value, at: &str) {
    if out.contains_key(field) {
        reader.push(
            format!("{at}.linkId"),
            IntakeProblemKind::DuplicateField,
            Some(format!("{field:?} is answered by more than one item")),
        );
    }
    out.insert(field.to_owned(), value);
}

/// `{"location.part": p, "location.side": s}` becomes `{"location": {"part": p, "side": s}}`.
fn nest_location(object: &mut Map<String, Value>) {
    let part = object.remove("location.part");
    let side = object.remove("location.side");
    if part.is_some() || side.is_some() {
        let mut location = Map::new();
        if let Some(p) = part {
            location.insert("part".into(), p);
        }
        if let Some(s) = side {
            location.insert("side".into(), s);
        }
        object.insert("location".into(), Value::Object(location));
    }
}

fn push(out: &mut Map<String, Value>, field: &str, value: Value) {
    match out
        .entry(field.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(list) => list.push(value),
        other => *other = Value::Array(vec![value]),
    }
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
/// unanswered. [`intake_from_questionnaire_response`] reads it back to the same intake.
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

/// Whether a JSON value is nested more than `max` levels, found without recursion and
/// without looking past level `max + 1`.
pub(crate) fn nested_deeper_than(value: &Value, max: usize) -> bool {
    let mut stack = vec![(value, 1usize)];
    while let Some((v, depth)) = stack.pop() {
        if depth > max {
            return true;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|i| (i, depth + 1))),
            _ => {}
        }
    }
    false
}
