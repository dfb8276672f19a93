//! `index.d.ts` is made here, from the Rust side: the data types from the crate's JSON
//! Schemas (every vocabulary a union of string literals, the outcome, the error kinds),
//! the functions from the table below. The test fails when the committed file is stale;
//! `MASSAGE_RULES_BLESS=1 cargo test -p massage-rules-node --test types` writes it.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde_json::{Map, Value};

/// The package's functions: name, TypeScript parameters, TypeScript result, and what it
/// does. `index.js` exports exactly these (a test in `test/api.test.js` holds it to this
/// file), each a mapping over one native call.
const FUNCTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "screen",
        "intake: Input<Intake>, protocol?: Protocol",
        "Screening",
        "Screens an intake: the outcome, the regions to avoid, the questions to ask and every reason.",
    ),
    (
        "screenJson",
        "intake: Input<Intake>, protocol?: Protocol",
        "string",
        "As `screen`, answering with the crate's JSON text unchanged.",
    ),
    (
        "plan",
        "intake: Input<Intake>, protocol?: Protocol",
        "SessionPlan",
        "The session plan of an intake the screening clears (`NotClearedError` otherwise).",
    ),
    (
        "planJson",
        "intake: Input<Intake>, protocol?: Protocol",
        "string",
        "As `plan`, as the crate's JSON text.",
    ),
    (
        "carePlan",
        "request: Input<CareRequest>, protocol?: Protocol",
        "CarePlan",
        "The care plan of a care request: screening, session plan, course, and its dates or timed appointments (starts and ends with their offset and zone).",
    ),
    (
        "carePlanJson",
        "request: Input<CareRequest>, protocol?: Protocol",
        "string",
        "As `carePlan`, as the crate's JSON text.",
    ),
    (
        "reschedule",
        "plan: Input<CarePlan>, session: number, to: string",
        "CarePlan",
        "A care plan with one booked session (0-based, in course order) moved to `to`, a local `YYYY-MM-DDTHH:MM` in the clinic's zone or a date (`NotMovedError` says which rule refuses it).",
    ),
    (
        "rescheduleJson",
        "plan: Input<CarePlan>, session: number, to: string",
        "string",
        "As `reschedule`, as the crate's JSON text.",
    ),
    (
        "appointmentBookCheck",
        "request: Input<CareRequest>, proposed: Input<FhirResource>, options?: { booked?: Input<FhirResource> | null; protocol?: Protocol }",
        "HookResponse",
        "The CDS Hooks `appointment-book` check: the proposed Appointments (a FHIR Bundle) against the care plan of a request and the client's booked appointments (a search Bundle).",
    ),
    (
        "answerAppointmentBook",
        "request: Input<FhirResource>, options?: { timing?: Input<Timing> | null; protocol?: Protocol }",
        "HookResponse",
        "The whole answer to an `appointment-book` hook request, as the CDS Hooks service gives it (`HookRefusedError`, with the HTTP `status`, for a request the hook cannot answer).",
    ),
    (
        "claims",
        "request: Input<CodingRequest>, protocol?: Protocol",
        "Claims",
        "The claims of a coding request: the diagnoses read, the care plan, each session's CPT codes and units.",
    ),
    (
        "questionnaire",
        "",
        "FhirResource",
        "The intake Questionnaire (FHIR R4).",
    ),
    (
        "questionnaireResponse",
        "intake: Input<Intake>",
        "FhirResource",
        "An intake as a FHIR QuestionnaireResponse.",
    ),
    (
        "intakeFromQuestionnaireResponse",
        "response: Input<FhirResource>",
        "Intake",
        "The intake a FHIR QuestionnaireResponse holds; every problem at once.",
    ),
    (
        "carePlanFhir",
        "request: Input<CareRequest>, options?: { patient?: string | null; protocol?: Protocol }",
        "FhirResource",
        "The care plan as a FHIR CarePlan resource.",
    ),
    (
        "detectedIssues",
        "intake: Input<Intake>, options?: { patient?: string | null; protocol?: Protocol }",
        "FhirResource[]",
        "The screening as FHIR DetectedIssue resources.",
    ),
    (
        "screenMany",
        "intakes: Iterable<Input<Intake>>, protocol?: Protocol",
        "Promise<Array<Screening | MassageRulesError>>",
        "Screens every intake off the main thread (a napi async task), so the event loop keeps answering; each intake's screening, or the error that kept it from one, in order.",
    ),
    (
        "errorKinds",
        "",
        "ErrorKind[]",
        "The crate's error kinds, in its table's order.",
    ),
    ("version", "", "string", "The library's version."),
];

/// The types the functions name. What the crate writes is typed as it writes it (a field
/// it always writes is required); what it reads, as it reads it (a field with a default
/// is optional). A type that differs between the two is named twice: `Timing` as
/// written, `TimingInput` as read.
/// Named schemas.
type Named = Vec<(&'static str, Value)>;

fn schemas() -> (Named, Named) {
    use schemars::generate::SchemaSettings;
    fn of<T: schemars::JsonSchema>(serialize: bool) -> Value {
        let settings = SchemaSettings::draft2020_12();
        let settings = if serialize {
            settings.for_serialize()
        } else {
            settings.for_deserialize()
        };
        serde_json::to_value(settings.into_generator().into_root_schema_for::<T>()).unwrap()
    }
    let written = vec![
        ("Screening", of::<massage_rules::Screening>(true)),
        ("SessionPlan", of::<massage_rules::SessionPlan>(true)),
        ("CarePlan", of::<massage_rules::CarePlan>(true)),
        ("Claims", of::<massage_rules::coding::Claims>(true)),
        (
            "ProtocolDiff",
            of::<massage_rules::protocol::ProtocolDiff>(true),
        ),
        (
            "ErrorDocument",
            of::<massage_rules::error::ErrorDocument>(true),
        ),
    ];
    let read = vec![
        ("Intake", of::<massage_rules::Intake>(false)),
        ("CareRequest", of::<massage_rules::CareRequest>(false)),
        (
            "CodingRequest",
            of::<massage_rules::coding::CodingRequest>(false),
        ),
    ];
    (written, read)
}

/// Renames the references to `names` in a schema to `{name}Input`.
fn rename(value: &mut Value, names: &[String]) {
    match value {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/$defs/")
                && names.iter().any(|n| n == name)
            {
                *r = format!("#/$defs/{name}Input");
            }
            m.values_mut().for_each(|v| rename(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename(v, names)),
        _ => {}
    }
}

/// A schema's definitions and its root, by name.
fn definitions(root_name: &str, schema: Value) -> Vec<(String, Value)> {
    let Value::Object(mut root) = schema else {
        panic!("{root_name} is not an object")
    };
    let inner = match root.remove("$defs") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    for key in ["$schema", "$id", "title"] {
        root.remove(key);
    }
    inner
        .into_iter()
        .chain([(root_name.to_owned(), Value::Object(root))])
        .collect()
}

fn comment(out: &mut String, indent: &str, text: Option<&str>) {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return;
    };
    let _ = writeln!(out, "{indent}/**");
    for line in text.lines() {
        let line = line.replace("*/", "*\\/");
        let _ = writeln!(out, "{indent} * {line}").map(|_| ());
    }
    let _ = writeln!(out, "{indent} */");
}

fn ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        name.to_owned()
    } else {
        Value::from(name).to_string()
    }
}

fn union(parts: Vec<String>) -> String {
    let mut seen = Vec::new();
    for p in parts {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    if seen.len() == 1 {
        seen.remove(0)
    } else {
        seen.join(" | ")
    }
}

/// A schema as a TypeScript type.
fn ts(schema: &Value, indent: &str) -> String {
    let Value::Object(s) = schema else {
        return "unknown".into();
    };
    if let Some(Value::String(r)) = s.get("$ref") {
        return r.rsplit('/').next().unwrap_or("unknown").to_owned();
    }
    if let Some(c) = s.get("const") {
        return c.to_string();
    }
    if let Some(Value::Array(values)) = s.get("enum") {
        return union(values.iter().map(Value::to_string).collect());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(options)) = s.get(key) {
            let mut parts: Vec<String> = options.iter().map(|o| ts(o, indent)).collect();
            if s.get("type").is_some() {
                // A union beside a type: the type's own form joins the options.
                let mut rest = s.clone();
                rest.remove(key);
                parts.push(ts(&Value::Object(rest), indent));
            }
            return union(parts);
        }
    }
    if let Some(Value::Array(all)) = s.get("allOf") {
        return all
            .iter()
            .map(|o| ts(o, indent))
            .collect::<Vec<_>>()
            .join(" & ");
    }
    let types: Vec<&str> = match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return "unknown".into(),
    };
    union(
        types
            .into_iter()
            .map(|t| match t {
                "string" => "string".to_owned(),
                "integer" | "number" => "number".to_owned(),
                "boolean" => "boolean".to_owned(),
                "null" => "null".to_owned(),
                "array" => array(s, indent),
                "object" => object(s, indent),
                _ => "unknown".to_owned(),
            })
            .collect(),
    )
}

fn array(s: &Map<String, Value>, indent: &str) -> String {
    if let Some(Value::Array(items)) = s.get("prefixItems") {
        let items: Vec<String> = items.iter().map(|i| ts(i, indent)).collect();
        return format!("[{}]", items.join(", "));
    }
    let item = s.get("items").map_or("unknown".into(), |i| ts(i, indent));
    if item.contains(' ') {
        format!("Array<{item}>")
    } else {
        format!("{item}[]")
    }
}

fn object(s: &Map<String, Value>, indent: &str) -> String {
    let properties = s.get("properties").and_then(Value::as_object);
    let extra = match s.get("additionalProperties") {
        Some(Value::Bool(false)) | None => None,
        Some(Value::Bool(true)) => Some("unknown".to_owned()),
        Some(other) => Some(ts(other, indent)),
    };
    let Some(properties) = properties.filter(|p| !p.is_empty()) else {
        let value = extra.unwrap_or_else(|| "unknown".into());
        return match s.get("propertyNames") {
            Some(keys) => format!("Partial<Record<{}, {value}>>", ts(keys, indent)),
            None => format!("Record<string, {value}>"),
        };
    };
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for (name, property) in properties {
        comment(
            &mut out,
            &inner,
            property.get("description").and_then(Value::as_str),
        );
        let optional = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        let _ = writeln!(
            out,
            "{inner}{}{optional}: {};",
            ident(name),
            ts(property, &inner)
        );
    }
    if let Some(extra) = extra {
        let _ = writeln!(out, "{inner}[key: string]: {extra};");
    }
    out.push_str(indent);
    out.push('}');
    out
}

fn declarations() -> String {
    let (written, read) = schemas();
    let mut defs: BTreeMap<String, Value> = BTreeMap::new();
    for (root_name, schema) in written {
        for (name, def) in definitions(root_name, schema) {
            if let Some(seen) = defs.get(&name) {
                assert_eq!(strip(seen.clone()), strip(def.clone()), "{name} differs");
            }
            defs.insert(name, def);
        }
    }
    // Renamed so far: a read type that names one names the renamed one.
    let mut renamed: Vec<String> = Vec::new();
    for (root_name, schema) in read {
        let mut own = definitions(root_name, schema);
        for (_, def) in &mut own {
            rename(def, &renamed);
        }
        // Rename what differs from the written types, until nothing more does (a type
        // that names a renamed one differs too).
        loop {
            let differing: Vec<String> = own
                .iter()
                .filter(|(name, def)| {
                    !renamed.contains(name)
                        && defs
                            .get(name)
                            .is_some_and(|seen| strip(seen.clone()) != strip(def.clone()))
                })
                .map(|(name, _)| name.clone())
                .collect();
            if differing.is_empty() {
                break;
            }
            for (_, def) in &mut own {
                rename(def, &differing);
            }
            renamed.extend(differing);
        }
        for (name, def) in own {
            let name = if renamed.contains(&name) {
                format!("{name}Input")
            } else {
                name
            };
            if let Some(seen) = defs.get(&name) {
                assert_eq!(strip(seen.clone()), strip(def.clone()), "{name} differs");
            }
            defs.insert(name, def);
        }
    }
    let mut out = String::new();
    for (name, def) in &defs {
        comment(&mut out, "", def.get("description").and_then(Value::as_str));
        let body = ts(def, "");
        let union = ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| def.get(k).is_some());
        if body.starts_with('{') && !union {
            let _ = writeln!(out, "export interface {name} {body}\n");
        } else {
            let _ = writeln!(out, "export type {name} = {body};\n");
        }
    }
    out
}

/// A schema without its words, to compare two copies of one type.
fn strip(value: Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| k != "description" && k != "title")
                .map(|(k, v)| (k, strip(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip).collect()),
        other => other,
    }
}

fn index_d_ts() -> String {
    let mut out = String::from(
        "// Generated from the Rust side by node/tests/types.rs (the crate's JSON Schemas and the\n\
         // package's function table): do not edit. MASSAGE_RULES_BLESS=1 cargo test -p\n\
         // massage-rules-node --test types writes it again.\n\n",
    );
    out.push_str(
        "/** What a function takes: the value, its JSON text, or that text as UTF-8 bytes. */\n\
         export type Input<T> = T | string | Uint8Array;\n\n\
         /** A FHIR R4 resource or Bundle, as JSON. */\n\
         export type FhirResource = { resourceType: string; [key: string]: unknown };\n\n\
         /** A CDS Hooks 2.0 response: the cards. */\n\
         export interface HookResponse {\n  cards: Array<Record<string, unknown>>;\n}\n\n",
    );
    out.push_str(&declarations());
    out.push_str(
        "/** Every error of the rules: `kind` names it, `problems` lists every problem of the\n \
         * input at once, each at its path, as the crate writes them. */\n\
         export declare class MassageRulesError extends Error {\n  \
         readonly kind: ErrorKind | \"invalid_type\" | \"hook_refused\";\n  \
         readonly problems: Problem[];\n}\n",
    );
    for kind in massage_rules::error::ErrorKind::ALL {
        let name: String = kind
            .name()
            .split('_')
            .map(|w| w[..1].to_uppercase() + &w[1..])
            .collect();
        let _ = write!(
            out,
            "/** The crate's `{0}` error. */\nexport declare class {name}Error extends MassageRulesError {{\n  readonly kind: \"{0}\";\n}}\n",
            kind.name()
        );
    }
    out.push_str(
        "/** An argument of a type the rules cannot read (`null`, `undefined`, a number, ...). */\n\
         export declare class InvalidTypeError extends MassageRulesError {\n  readonly kind: \"invalid_type\";\n}\n\
         /** A hook request the service cannot answer; `status` is the HTTP status (400 or 412). */\n\
         export declare class HookRefusedError extends MassageRulesError {\n  readonly kind: \"hook_refused\";\n  readonly status: number;\n}\n\n",
    );
    out.push_str(
        "/** A protocol: every threshold and pairing of the rules, versioned. Immutable. */\n\
         export declare class Protocol {\n  \
         private constructor();\n  \
         /** The seed protocol, the default. */\n  static seed(): Protocol;\n  \
         /** Blood clots and cancer need a physician's approval. */\n  static conservative(): Protocol;\n  \
         /** Reads and checks a protocol from its JSON. */\n  static fromJson(text: Input<Record<string, unknown>>): Protocol;\n  \
         /** A variant shipped with the crate, by name. */\n  static builtinVariant(name: string): Protocol;\n  \
         /** The names of the variants shipped with the crate. */\n  static variantNames(): string[];\n  \
         /** Loads a variant file (patches of a built-in protocol). */\n  static fromVariantFile(text: Input<Record<string, unknown>>): Protocol;\n  \
         /** This protocol changed by a variant file written against it. */\n  applyVariant(text: Input<Record<string, unknown>>): Protocol;\n  \
         /** What differs between this protocol's rules and `other`'s. */\n  diff(other: Protocol): ProtocolDiff;\n  \
         /** What differs, in words, one change a line. */\n  diffText(other: Protocol): string;\n  \
         /** The protocol as the crate writes it. */\n  toJSON(): Record<string, unknown>;\n  \
         readonly id: string;\n  readonly version: number;\n  readonly title: string;\n  \
         /** `id@version`, as every decision names its protocol. */\n  readonly stamp: string;\n}\n\n",
    );
    for (name, params, result, doc) in FUNCTIONS {
        comment(&mut out, "", Some(doc));
        let _ = writeln!(out, "export declare function {name}({params}): {result};");
    }
    out
}

#[test]
fn index_d_ts_is_made_from_the_rust_side() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("index.d.ts");
    let made = index_d_ts();
    if std::env::var_os("MASSAGE_RULES_BLESS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == made,
        "node/index.d.ts is stale; rerun with MASSAGE_RULES_BLESS=1"
    );
    // Every vocabulary is a union of its names, e.g. the outcomes.
    assert!(made.contains("export type Outcome = "), "{made}");
    assert!(made.contains("\"not_permitted\""));
}

#[test]
fn the_function_table_is_the_one_index_js_exports() {
    let js =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("index.js")).unwrap();
    let start = js.find("module.exports = {").expect("module.exports");
    let end = js[start..].find("\n}").unwrap() + start;
    // Each export is a line of its own at two spaces: `name,` or `name: ...`.
    let exported: Vec<&str> = js[start..end]
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| l.trim().split([':', ',']).next().unwrap_or("").trim())
        .filter(|s| s.starts_with("...") || s.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect();
    // The error classes of the crate's kinds are made from `errorKinds()` (`...errors`);
    // test/errors.test.js holds each kind to its class.
    assert!(exported.contains(&"...errors"), "{exported:?}");
    let classes = [
        "Protocol",
        "MassageRulesError",
        "InvalidTypeError",
        "HookRefusedError",
    ];
    for name in exported.iter().filter(|n| !n.starts_with("...")) {
        assert!(
            FUNCTIONS.iter().any(|f| f.0 == *name) || classes.contains(name),
            "index.js exports {name}, which index.d.ts does not declare"
        );
    }
    for (name, ..) in FUNCTIONS {
        assert!(exported.contains(name), "index.js does not export {name}");
    }
    for class in &classes {
        assert!(exported.contains(class), "index.js does not export {class}");
    }
}
