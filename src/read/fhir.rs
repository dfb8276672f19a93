//! FHIR `QuestionnaireResponse`s to the crate's questionnaire, read into intakes with
//! every problem at once at the intake's field paths.

use serde_json::{Map, Value};

use super::intake::{Reader, finish_checked, type_name};
use crate::intake::Intake;
use crate::limits::Limits;
use crate::problem::ProblemKind;

/// The canonical URL of the intake questionnaire.
pub const QUESTIONNAIRE_URL: &str =
    "https://github.com/massage-rules/massage-rules/fhir/Questionnaire/massage-intake";

/// The questionnaire's version: it changes when its items do.
pub const QUESTIONNAIRE_VERSION: &str = "4";

/// Reads a `QuestionnaireResponse` to [`questionnaire`](crate::export::fhir::questionnaire) into an intake, reporting every
/// problem at once: structure (not a response, another questionnaire, an unknown linkId,
/// an answer of the wrong type) with its place in the response, and everything the
/// intake's own reader finds, at the intake's field paths (the linkIds, with the index of
/// each repeated group: `findings[1].location.side`). An unanswered item is unknown.
///
/// ```
/// use massage_rules::export::fhir::questionnaire_response;
/// use massage_rules::read::intake_from_questionnaire_response;
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
        return Err(
            crate::intake::IntakeError::new(vec![crate::problem::Problem::with_detail(
                "$",
                ProblemKind::TooDeep,
                format!("at most {} levels", Limits::JSON_DEPTH),
            )])
            .into(),
        );
    }
    let mut reader = Reader::default();
    let value = to_intake_json(&mut reader, response);
    let intake = reader.intake(super::tree::Tape::from_value(&value).root(), "");
    finish_checked(reader, intake, Intake::check)
}

/// [`intake_from_questionnaire_response`] for a response as JSON text: read with the
/// crate's own parser, so a key given twice in one object is a
/// [`DuplicateField`](ProblemKind::DuplicateField) problem (serde_json alone keeps
/// the last), and the text is bounded ([`Limits::JSON_BYTES`]).
///
/// ```
/// use massage_rules::read::intake_from_questionnaire_response_json;
/// let text = r#"{"resourceType": "QuestionnaireResponse", "status": "completed",
///     "item": [{"linkId": "pregnant", "answer": [{"valueCoding": {"code": "yes"}}]}],
///     "item": []}"#;
/// assert!(intake_from_questionnaire_response_json(text).is_err());
/// ```
pub fn intake_from_questionnaire_response_json(text: &str) -> Result<Intake, crate::Error> {
    crate::read::intake::too_long(text)?;
    let (value, duplicates) = crate::read::intake::parse::<serde_json::Value>(text)?;
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
            ProblemKind::WrongType,
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
                ProblemKind::DuplicateField,
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
                ProblemKind::WrongType,
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
            ProblemKind::WrongType,
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
            ProblemKind::WrongType,
            Some("expected \"QuestionnaireResponse\"".into()),
        );
    }
    // A response entered in error was withdrawn: its answers may be wrong, and reading
    // them could clear a client the corrected response would not.
    if map.get("status").and_then(Value::as_str) == Some("entered-in-error") {
        reader.push(
            "status",
            ProblemKind::Inconsistent,
            Some("entered-in-error: the response was withdrawn and is not read".into()),
        );
    }
    if let Some(q) = map.get("questionnaire").and_then(Value::as_str) {
        let (canonical, version) = match q.split_once('|') {
            Some((c, v)) => (c, Some(v)),
            None => (q, None),
        };
        if canonical != QUESTIONNAIRE_URL {
            reader.push(
                "questionnaire",
                ProblemKind::UnknownName,
                Some(format!("expected {QUESTIONNAIRE_URL}")),
            );
        } else if let Some(version) = version
            && version != QUESTIONNAIRE_VERSION
        {
            // The compatibility rule: a response names this version, or none (read as
            // this one). Another version's items may mean other things: refused.
            reader.push(
                "questionnaire",
                ProblemKind::UnknownName,
                Some(format!(
                    "a response to version {version} of the questionnaire; this reader reads \
                     version {QUESTIONNAIRE_VERSION} (or a response that names no version)"
                )),
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
                ProblemKind::MissingField,
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
                    ProblemKind::MissingField,
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
            ProblemKind::WrongType,
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
                ProblemKind::WrongType,
                Some("expected an item".into()),
            );
            continue;
        };
        let Some(link_id) = item.get("linkId").and_then(Value::as_str) else {
            reader.push(format!("{here}.linkId"), ProblemKind::MissingField, None);
            continue;
        };
        let field = match link_id.strip_prefix(prefix) {
            Some(rest) if !prefix.is_empty() => rest.trim_start_matches('.'),
            _ if prefix.is_empty() => link_id,
            _ => {
                reader.push(
                    format!("{here}.linkId"),
                    ProblemKind::UnknownField,
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
                    ProblemKind::DuplicateField,
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
/// [`DuplicateField`](ProblemKind::DuplicateField) problem, never "the last wins".
fn once(reader: &mut Reader, out: &mut Map<String, Value>, field: &str, value: Value, at: &str) {
    if out.contains_key(field) {
        reader.push(
            format!("{at}.linkId"),
            ProblemKind::DuplicateField,
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
