//! Protocol variants and protocol diffs: state a variant in a few lines, load it safely,
//! and list what differs between two protocols in words.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::problem::Problem;
use crate::protocol::{Protocol, ProtocolError, ProtocolId, ProtocolStamp};

impl Protocol {
    /// A variant of this protocol: a copy changed by `edit`, with its own id and version,
    /// `based_on` this protocol, and validated.
    ///
    /// ```
    /// use massage_rules::Protocol;
    /// let seventy = Protocol::seed().variant("older-adult-70", 1, |p| {
    ///     p.screening.older_adult_from = 70;
    /// })?;
    /// assert_eq!(seventy.based_on, Some(Protocol::seed().stamp()));
    /// let diff = Protocol::seed().diff(&seventy);
    /// assert_eq!(diff.changes.len(), 1);
    /// assert_eq!(diff.changes[0].to_string(), "screening.older_adult_from: 65 -> 70");
    ///
    /// // An edit that makes the protocol inconsistent is refused.
    /// assert!(Protocol::seed().variant("broken", 1, |p| p.screening.minor_under = 90).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn variant(
        &self,
        id: &str,
        version: u32,
        edit: impl FnOnce(&mut Protocol),
    ) -> Result<Protocol, ProtocolError> {
        let mut variant = self.clone();
        edit(&mut variant);
        variant.id = ProtocolId::new(id).map_err(|e| ProtocolError {
            problems: vec![Problem::with_detail(
                "id",
                crate::problem::ProblemKind::Inconsistent,
                e.to_string(),
            )],
        })?;
        variant.version = version;
        variant.based_on = Some(self.stamp());
        variant.validate()?;
        Ok(variant)
    }

    /// What differs between this protocol's rules and `other`'s: every threshold,
    /// severity, pairing, range and phase, by path. Identity (id, version, title, notes)
    /// is left out. Rows are matched by what they are about (a contraindication, a
    /// technique, a course kind, a pairing's need and technique), not by position.
    pub fn diff(&self, other: &Protocol) -> ProtocolDiff {
        let mut changes = Vec::new();
        let (a, b) = (rules_value(self), rules_value(other));
        diff_values(String::new(), &a, &b, &mut changes);
        ProtocolDiff {
            a: self.stamp(),
            b: other.stamp(),
            changes,
        }
    }
}

fn rules_value(protocol: &Protocol) -> Value {
    let mut value = serde_json::to_value(protocol).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        for identity in ["id", "version", "title", "notes", "based_on"] {
            map.remove(identity);
        }
    }
    value
}

/// One difference between two protocols.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// Where, e.g. `screening.contraindications[blood_clot].severity`.
    pub path: String,
    /// The first protocol's value; `None` when only the second has it.
    pub before: Option<Value>,
    /// The second protocol's value; `None` when only the first has it.
    pub after: Option<Value>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.before, &self.after) {
            (Some(a), Some(b)) => write!(f, "{}: {a} -> {b}", self.path),
            (None, Some(b)) => write!(f, "{}: added {b}", self.path),
            (Some(a), None) => write!(f, "{}: removed {a}", self.path),
            (None, None) => write!(f, "{}: unchanged", self.path),
        }
    }
}

/// The differences between two protocols' rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProtocolDiff {
    /// The first protocol.
    pub a: ProtocolStamp,
    /// The second protocol.
    pub b: ProtocolStamp,
    /// Every difference, in field order.
    pub changes: Vec<Change>,
}

impl fmt::Display for ProtocolDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}: ", self.a, self.b)?;
        if self.changes.is_empty() {
            return f.write_str("the same rules");
        }
        write!(f, "{} changes", self.changes.len())?;
        for change in &self.changes {
            write!(f, "\n  {change}")?;
        }
        Ok(())
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}:{}", plain(v)))
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

/// What a row of a protocol table is about, for matching rows across protocols.
fn row_key(value: &Value) -> Option<String> {
    let map = value.as_object()?;
    let mut parts = Vec::new();
    for field in [
        "contraindication",
        "kind",
        "need",
        "technique",
        "tool",
        "condition",
        "for_condition",
    ] {
        if let Some(v) = map.get(field) {
            parts.push(plain(v));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn diff_values(path: String, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, va) in x {
                match y.get(key) {
                    Some(vb) => diff_values(join(&path, key), va, vb, out),
                    None => out.push(Change {
                        path: join(&path, key),
                        before: Some(va.clone()),
                        after: None,
                    }),
                }
            }
            for (key, vb) in y {
                if !x.contains_key(key) {
                    out.push(Change {
                        path: join(&path, key),
                        before: None,
                        after: Some(vb.clone()),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let keyed = |rows: &Vec<Value>| -> Option<Vec<(String, Value)>> {
                let keys: Option<Vec<_>> = rows
                    .iter()
                    .map(|r| row_key(r).map(|k| (k, r.clone())))
                    .collect();
                let keys = keys?;
                let mut unique: Vec<&String> = keys.iter().map(|(k, _)| k).collect();
                unique.sort();
                unique.dedup();
                (unique.len() == keys.len()).then_some(keys)
            };
            match (keyed(x), keyed(y)) {
                (Some(kx), Some(ky)) => {
                    for (key, va) in &kx {
                        let row_path = format!("{path}[{key}]");
                        match ky.iter().find(|(k, _)| k == key) {
                            Some((_, vb)) => diff_values(row_path, va, vb, out),
                            None => out.push(Change {
                                path: row_path,
                                before: Some(va.clone()),
                                after: None,
                            }),
                        }
                    }
                    for (key, vb) in &ky {
                        if !kx.iter().any(|(k, _)| k == key) {
                            out.push(Change {
                                path: format!("{path}[{key}]"),
                                before: None,
                                after: Some(vb.clone()),
                            });
                        }
                    }
                }
                _ if x.len() == y.len() => {
                    for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                        diff_values(format!("{path}[{i}]"), va, vb, out);
                    }
                }
                _ => out.push(Change {
                    path,
                    before: Some(a.clone()),
                    after: Some(b.clone()),
                }),
            }
        }
        _ if a != b => out.push(Change {
            path,
            before: Some(a.clone()),
            after: Some(b.clone()),
        }),
        _ => {}
    }
}
