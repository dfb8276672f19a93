//! A screening as JSON: written with its reasons, read back only when they match.

use super::*;

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct ScreeningJson {
    protocol: ProtocolStamp,
    outcome: Outcome,
    avoid: RegionSet,
    findings: FindingRegions,
    approval_needed: ContraindicationSet,
    approval_on_file: ContraindicationSet,
    approval_expired: ContraindicationSet,
    not_permitted: ContraindicationSet,
    practitioner_failed: QuestionSet,
    unanswered: QuestionSet,
    #[serde(default)]
    contradicted: QuestionSet,
    #[serde(default)]
    reasons: Option<Vec<Reason>>,
}

/// The reasons of a screening, written as they are derived, without collecting them.
struct ReasonsOf(Screening);

impl Serialize for ReasonsOf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.reasons())
    }
}

impl Serialize for Screening {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Screening", 12)?;
        out.serialize_field("protocol", &self.protocol)?;
        out.serialize_field("outcome", &self.outcome)?;
        out.serialize_field("avoid", &self.avoid)?;
        out.serialize_field("findings", &self.findings)?;
        out.serialize_field("approval_needed", &self.approval_needed)?;
        out.serialize_field("approval_on_file", &self.approval_on_file)?;
        out.serialize_field("approval_expired", &self.approval_expired)?;
        out.serialize_field("not_permitted", &self.not_permitted)?;
        out.serialize_field("practitioner_failed", &self.practitioner_failed)?;
        out.serialize_field("unanswered", &self.unanswered)?;
        out.serialize_field("contradicted", &self.contradicted)?;
        out.serialize_field("reasons", &ReasonsOf(*self))?;
        out.end()
    }
}

impl<'de> Deserialize<'de> for Screening {
    /// Reads a stored screening. When it carries `reasons`, they must be the ones its sets
    /// imply; a stored decision whose reasons were edited is rejected.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let j = ScreeningJson::deserialize(deserializer)?;
        let s = Screening {
            protocol: j.protocol,
            outcome: j.outcome,
            avoid: j.avoid,
            findings: j.findings,
            approval_needed: j.approval_needed,
            approval_on_file: j.approval_on_file,
            approval_expired: j.approval_expired,
            not_permitted: j.not_permitted,
            practitioner_failed: j.practitioner_failed,
            unanswered: j.unanswered,
            contradicted: j.contradicted,
        };
        if let Some(reasons) = j.reasons
            && !reasons.iter().copied().eq(s.reasons())
        {
            return Err(serde::de::Error::custom(
                "the screening's reasons do not match its decision",
            ));
        }
        Ok(s)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Screening {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Screening".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ScreeningJson::json_schema(generator)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FindingRegions {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FindingRegions".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let regions = generator.subschema_for::<Vec<BodyRegion>>();
        let names: Vec<&str> = Contraindication::ALL.iter().map(|c| c.name()).collect();
        schemars::json_schema!({
            "description": "The regions on which each regional contraindication was found.",
            "type": "object",
            "propertyNames": {"enum": names},
            "additionalProperties": regions,
        })
    }
}

/// Writes a screening's JSON straight into a string: the text `serde_json::to_string`
/// writes, byte for byte (a test holds the two together over generated intakes and every
/// built-in protocol), without its escaping of words that never need it. Every word is a
/// vocabulary's snake_case name, a seed reference or a protocol id, none of which holds a
/// character JSON escapes; an id that did would be written by serde_json.
pub(crate) fn write_json(s: &Screening, out: &mut String) {
    let plain = |text: &str| text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    if !plain(s.protocol.id.as_str()) {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
        return;
    }
    let word = |out: &mut String, w: &str| {
        out.push('"');
        out.push_str(w);
        out.push('"');
    };
    let mut digits = itoa::Buffer::new();
    let mut stamp = |out: &mut String, p: ProtocolStamp| {
        out.push_str("{\"id\":\"");
        out.push_str(p.id.as_str());
        out.push_str("\",\"version\":");
        out.push_str(digits.format(p.version));
        out.push('}');
    };
    fn list<'a>(out: &mut String, words: impl Iterator<Item = &'a str>) {
        out.push('[');
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(w);
            out.push('"');
        }
        out.push(']');
    }
    out.push_str("{\"protocol\":");
    stamp(out, s.protocol);
    out.push_str(",\"outcome\":");
    word(out, s.outcome.name());
    out.push_str(",\"avoid\":");
    list(out, s.avoid.iter().map(|r| r.name()));
    out.push_str(",\"findings\":{");
    for (i, (c, regions)) in s.findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        word(out, c.name());
        out.push(':');
        list(out, regions.iter().map(|r| r.name()));
    }
    out.push('}');
    let field = |out: &mut String, key: &str| {
        out.push_str(",\"");
        out.push_str(key);
        out.push_str("\":");
    };
    for (key, set) in [
        ("approval_needed", s.approval_needed),
        ("approval_on_file", s.approval_on_file),
        ("approval_expired", s.approval_expired),
        ("not_permitted", s.not_permitted),
    ] {
        field(out, key);
        list(out, set.iter().map(|c| c.name()));
    }
    for (key, set) in [
        ("practitioner_failed", s.practitioner_failed),
        ("unanswered", s.unanswered),
        ("contradicted", s.contradicted),
    ] {
        field(out, key);
        list(out, set.iter().map(|q| q.name()));
    }
    out.push_str(",\"reasons\":[");
    for (i, r) in s.reasons().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"rule\":");
        word(out, r.rule.name());
        out.push_str(",\"effect\":");
        word(out, r.effect.name());
        if let Some(c) = r.contraindication {
            out.push_str(",\"contraindication\":");
            word(out, c.name());
        }
        if let Some(region) = r.region {
            out.push_str(",\"region\":");
            word(out, region.name());
        }
        if let Some(q) = r.question {
            out.push_str(",\"question\":");
            word(out, q.name());
        }
        // `L<first>` or `L<first>-<last>`, as `SeedLines` displays itself.
        out.push_str(",\"seed\":\"L");
        let mut lines = itoa::Buffer::new();
        out.push_str(lines.format(r.seed.first()));
        if r.seed.last() != r.seed.first() {
            out.push('-');
            out.push_str(lines.format(r.seed.last()));
        }
        out.push_str("\",\"protocol\":");
        stamp(out, r.protocol);
        out.push('}');
    }
    out.push_str("]}");
}
