//! A screening as JSON: written with its reasons, read back only when they match.

use super::*;
use crate::vocabulary::json::Json;

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
/// vocabulary's snake_case name or a seed reference; a protocol id that needs escaping is
/// written by serde_json.
pub(crate) fn write_json(s: &Screening, out: &mut String) {
    // Every field is written below: a field added to the type stops the build here.
    let Screening {
        protocol,
        outcome,
        avoid,
        findings,
        approval_needed,
        approval_on_file,
        approval_expired,
        not_permitted,
        practitioner_failed,
        unanswered,
        contradicted,
    } = s;
    let mut j = Json(out);
    j.raw("{\"protocol\":");
    // Every reason carries the screening's stamp: written once, copied for each.
    let stamp_at = j.0.len();
    protocol.write_json(&mut j);
    let stamp = stamp_at..j.0.len();
    j.raw(",\"outcome\":").word(outcome.name());
    j.raw(",\"avoid\":").words(avoid.iter().map(|r| r.name()));
    j.raw(",\"findings\":{");
    for (i, (c, regions)) in findings.iter().enumerate() {
        if i > 0 {
            j.raw(",");
        }
        j.word(c.name())
            .raw(":")
            .words(regions.iter().map(|r| r.name()));
    }
    j.raw("}");
    for (key, set) in [
        (",\"approval_needed\":", approval_needed),
        (",\"approval_on_file\":", approval_on_file),
        (",\"approval_expired\":", approval_expired),
        (",\"not_permitted\":", not_permitted),
    ] {
        j.raw(key).words(set.iter().map(|c| c.name()));
    }
    for (key, set) in [
        (",\"practitioner_failed\":", practitioner_failed),
        (",\"unanswered\":", unanswered),
        (",\"contradicted\":", contradicted),
    ] {
        j.raw(key).words(set.iter().map(|q| q.name()));
    }
    j.raw(",\"reasons\":").list(s.reasons(), |j, r| {
        j.raw("{\"rule\":").word(r.rule.name());
        j.raw(",\"effect\":").word(r.effect.name());
        if let Some(c) = r.contraindication {
            j.raw(",\"contraindication\":").word(c.name());
        }
        if let Some(region) = r.region {
            j.raw(",\"region\":").word(region.name());
        }
        if let Some(q) = r.question {
            j.raw(",\"question\":").word(q.name());
        }
        j.raw(",\"seed\":").seed(r.seed);
        j.raw(",\"protocol\":");
        if r.protocol == *protocol {
            j.0.extend_from_within(stamp.clone());
        } else {
            r.protocol.write_json(j);
        }
        j.raw("}");
    });
    j.raw("}");
}
