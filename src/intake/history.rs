//! The client's medical history as the intake records it (L176).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Location;
use crate::vocabulary::{Answer, History, HistorySet, RegionSet};

/// What the intake knows of the client's medical history: each item answered yes, no or
/// unknown. A missing answer is unknown, never "no", and the protocol's rows for an item
/// apply when it is yes or unknown (R-history, L176). A fever or a systemic infection
/// postpones the session; the other items change how the work is done.
///
/// In JSON it is an object of answers, e.g.
/// `{"anticoagulants": "yes", "osteoporosis": "no", "reduced_sensation": "yes",
/// "reduced_sensation_at": ["left_foot", "right_foot"], "fever": "no"}`, or the word
/// `"none"` for a client who has none of the items (every answer "no").
///
/// Where reduced sensation or varicose veins are recorded with places, the rows apply
/// there; answered yes or unknown without a place, they apply where the protocol's row
/// says such a condition usually is (the feet, hands and lower legs; the legs). A place
/// recorded against an answer of "no" is read as "yes", the stricter reading.
///
/// ```
/// use massage_rules::Intake;
/// use massage_rules::vocabulary::{Answer, BodyRegion, History};
/// let intake = Intake::from_json(r#"{
///     "assessed_on": "2026-11-27", "age": 52, "pregnant": "no", "findings": [],
///     "history": {"anticoagulants": "yes", "corticosteroids": "no", "osteoporosis": "no",
///                 "reduced_sensation": "yes", "reduced_sensation_at": ["left_foot"],
///                 "varicose_veins": "no", "fever": "no"},
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
/// }"#)?;
/// assert_eq!(intake.history.answer(History::Anticoagulants), Answer::Yes);
/// assert!(intake.history.regions(History::ReducedSensation).contains(BodyRegion::LeftFoot));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MedicalHistory {
    /// Takes anticoagulant or antiplatelet medication (bruises and bleeds easily).
    pub anticoagulants: Answer,
    /// Takes corticosteroids long term (thin skin, fragile tissue and bone).
    pub corticosteroids: Answer,
    /// Has osteoporosis.
    pub osteoporosis: Answer,
    /// Has reduced sensation, e.g. a peripheral neuropathy from diabetes.
    pub reduced_sensation: Answer,
    /// Where sensation is reduced, when known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reduced_sensation_at: Vec<Location>,
    /// Has varicose veins.
    pub varicose_veins: Answer,
    /// Where the varicose veins are, when known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub varicose_veins_at: Vec<Location>,
    /// Has a fever or a systemic (whole-body) infection today.
    pub fever: Answer,
}

impl MedicalHistory {
    /// A history with every item answered "no".
    pub fn none() -> Self {
        let mut history = MedicalHistory::default();
        for &item in History::ALL {
            history.set(item, Answer::No);
        }
        history
    }

    /// The answer recorded for an item, as the rules read it: a regional item with places
    /// recorded is "yes" whatever its answer says.
    pub fn answer(&self, item: History) -> Answer {
        let answer = self.stated(item);
        if self.locations(item).is_empty() {
            answer
        } else {
            Answer::Yes
        }
    }

    /// The answer as the intake states it, before places recorded against a "no" make it
    /// "yes" ([`answer`](MedicalHistory::answer)).
    pub fn stated(&self, item: History) -> Answer {
        match item {
            History::Anticoagulants => self.anticoagulants,
            History::Corticosteroids => self.corticosteroids,
            History::Osteoporosis => self.osteoporosis,
            History::ReducedSensation => self.reduced_sensation,
            History::VaricoseVeins => self.varicose_veins,
            History::Fever => self.fever,
        }
    }

    /// Sets the answer for an item.
    pub fn set(&mut self, item: History, answer: Answer) {
        let slot = match item {
            History::Anticoagulants => &mut self.anticoagulants,
            History::Corticosteroids => &mut self.corticosteroids,
            History::Osteoporosis => &mut self.osteoporosis,
            History::ReducedSensation => &mut self.reduced_sensation,
            History::VaricoseVeins => &mut self.varicose_veins,
            History::Fever => &mut self.fever,
        };
        *slot = answer;
    }

    /// The places recorded for an item (only reduced sensation and varicose veins have
    /// any).
    pub fn locations(&self, item: History) -> &[Location] {
        match item {
            History::ReducedSensation => &self.reduced_sensation_at,
            History::VaricoseVeins => &self.varicose_veins_at,
            _ => &[],
        }
    }

    /// The regions recorded for an item; empty when no place was recorded.
    pub fn regions(&self, item: History) -> RegionSet {
        self.locations(item)
            .iter()
            .fold(RegionSet::empty(), |acc, l| acc | l.regions())
    }

    /// The items the rules apply for: answered yes, or unknown.
    pub fn applicable(&self) -> HistorySet {
        History::ALL
            .iter()
            .copied()
            .filter(|&item| !self.answer(item).is_no())
            .collect()
    }

    /// The items left unknown.
    pub fn unknown(&self) -> HistorySet {
        History::ALL
            .iter()
            .copied()
            .filter(|&item| self.answer(item) == Answer::Unknown)
            .collect()
    }
}

/// The object form, read by serde.
// (Also the field list of the every-problem reader: `read::fields::of`.)
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Fields {
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    anticoagulants: Answer,
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    corticosteroids: Answer,
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    osteoporosis: Answer,
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    reduced_sensation: Answer,
    #[serde(default)]
    reduced_sensation_at: Vec<Location>,
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    varicose_veins: Answer,
    #[serde(default)]
    varicose_veins_at: Vec<Location>,
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    fever: Answer,
}

impl<'de> Deserialize<'de> for MedicalHistory {
    /// The object of answers, `"none"`, or `null` (everything unknown).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = MedicalHistory;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of medical-history answers, \"none\" or null")
            }

            fn visit_str<E: serde::de::Error>(self, word: &str) -> Result<MedicalHistory, E> {
                if word == "none" {
                    Ok(MedicalHistory::none())
                } else {
                    Err(E::custom(format!(
                        "unknown medical history {word:?}; expected \"none\" or an object"
                    )))
                }
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<MedicalHistory, E> {
                Ok(MedicalHistory::default())
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<MedicalHistory, E> {
                Ok(MedicalHistory::default())
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MedicalHistory, A::Error> {
                let f = Fields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(MedicalHistory {
                    anticoagulants: f.anticoagulants,
                    corticosteroids: f.corticosteroids,
                    osteoporosis: f.osteoporosis,
                    reduced_sensation: f.reduced_sensation,
                    reduced_sensation_at: f.reduced_sensation_at,
                    varicose_veins: f.varicose_veins,
                    varicose_veins_at: f.varicose_veins_at,
                    fever: f.fever,
                })
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for MedicalHistory {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MedicalHistory".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let fields = generator.subschema_for::<Fields>();
        schemars::json_schema!({
            "description": "The medical history: an object of answers and places, \"none\", or null (unknown).",
            "anyOf": [fields, {"const": "none"}, {"type": "null"}],
        })
    }
}
