//! The research workflow (feature `research`): protocol variants from JSON files, cohorts
//! of intakes, and differential comparison of two protocols over a cohort.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::intake::Intake;
use crate::problem::Problem;
use crate::protocol::PhaseRule;
use crate::protocol::{Protocol, ProtocolError, ProtocolStamp};
use crate::scheduling::Course;
use crate::screening::{Screened, Screening};
use crate::selection::plan;
use crate::vocabulary::CourseKind;
use crate::vocabulary::RuleId;

mod cohort;
mod compare;

pub use cohort::{cohort_jsonl_lines, generated_cohort, generated_intakes, read_cohort_jsonl};
pub use compare::{
    CompareOptions, Comparison, DiffExample, DiffGroup, DiffKey, PARALLEL_CHUNK, PROGRESS_EVERY,
    Stage, compare, compare_iter, compare_parallel,
};

/// A protocol variant as a researcher writes it down: which base it changes, its own id
/// and version, where it comes from, and the changes as an RFC 7386 merge patch and/or an
/// RFC 6902 JSON patch over the base protocol's JSON.
///
/// ```
/// use massage_rules::Protocol;
/// use massage_rules::research::VariantFile;
/// let file = r#"{
///     "id": "older-adult-70", "version": 1,
///     "title": "Older adults from 70",
///     "base": {"id": "seed", "version": 4},
///     "merge": {"screening": {"older_adult_from": 70}}
/// }"#;
/// let variant = VariantFile::from_json(file)?.apply(&Protocol::seed())?;
/// assert_eq!(variant.screening.older_adult_from, 70);
/// assert_eq!(Protocol::seed().diff(&variant).changes.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantFile {
    /// The variant's id.
    pub id: String,
    /// The variant's version.
    pub version: u32,
    /// A title for people.
    pub title: String,
    /// The protocol it changes, at the version it was written against.
    pub base: ProtocolStamp,
    /// The study it is taken from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// An RFC 7386 merge patch, applied first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<Value>,
    /// An RFC 6902 JSON patch, applied second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<json_patch::Patch>,
}

/// A published study, as a variant file cites it.
///
/// ```
/// use massage_rules::research::Citation;
/// let c: Citation = serde_json::from_str(r#"{
///     "authors": ["Sherman KJ", "Cook AJ", "Wellman RD"],
///     "title": "Five-week outcomes from a dosing trial of therapeutic massage for chronic neck pain",
///     "journal": "Ann Fam Med", "year": 2014, "volume": "12(2)", "pages": "112-120",
///     "doi": "10.1370/afm.1602"
/// }"#)?;
/// assert_eq!(c.doi_url(), "https://doi.org/10.1370/afm.1602");
/// assert!(c.to_string().starts_with("Sherman KJ, Cook AJ, Wellman RD. Five-week"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The authors, surname and initials, in the paper's order.
    pub authors: Vec<String>,
    /// The title of the paper.
    pub title: String,
    /// The journal, abbreviated as in MEDLINE.
    pub journal: String,
    /// The year of publication.
    pub year: u16,
    /// Volume and issue, e.g. `12(2)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Pages or article number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    /// The DOI, without `https://doi.org/`.
    pub doi: String,
}

impl Citation {
    /// The DOI as a link.
    pub fn doi_url(&self) -> String {
        format!("https://doi.org/{}", self.doi)
    }

    /// Problems with the citation: no author, an empty title or journal, a year outside
    /// 1900-2100, a DOI that is not `10.<registrant>/<suffix>`.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.authors.is_empty() || self.authors.iter().any(|a| a.trim().is_empty()) {
            out.push("a citation names its authors".to_owned());
        }
        if self.title.trim().is_empty() || self.journal.trim().is_empty() {
            out.push("a citation has a title and a journal".to_owned());
        }
        if !(1900..=2100).contains(&self.year) {
            out.push(format!(
                "the year {} is not a year of publication",
                self.year
            ));
        }
        let doi_ok = self.doi.strip_prefix("10.").is_some_and(|rest| {
            rest.split_once('/').is_some_and(|(registrant, suffix)| {
                !registrant.is_empty()
                    && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
                    && !suffix.is_empty()
                    && !suffix.chars().any(char::is_whitespace)
            })
        });
        if !doi_ok {
            out.push(format!(
                "{:?} is not a DOI (10.<registrant>/<suffix>)",
                self.doi
            ));
        }
        out
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}. {}. {}. {}",
            self.authors.join(", "),
            self.title,
            self.journal,
            self.year
        )?;
        if let Some(volume) = &self.volume {
            write!(f, ";{volume}")?;
        }
        if let Some(pages) = &self.pages {
            write!(f, ":{pages}")?;
        }
        write!(f, ". doi:{}", self.doi)
    }
}

/// Refuses a document grown past [`crate::Limits::PROTOCOL_VALUES`]; stops counting there.
fn check_size(value: &Value, path: &str) -> Result<(), crate::Error> {
    let mut count = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        if count > crate::Limits::PROTOCOL_VALUES {
            return Err(problem(
                path,
                format!(
                    "the protocol grows past {limit_protocol_values} values",
                    limit_protocol_values = crate::Limits::PROTOCOL_VALUES
                ),
            ));
        }
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    Ok(())
}

fn problem(path: &str, message: impl Into<String>) -> crate::Error {
    ProtocolError {
        problems: vec![Problem::with_detail(
            path,
            crate::problem::ProblemKind::Inconsistent,
            message,
        )],
    }
    .into()
}

impl VariantFile {
    /// Reads a variant file (at most [`crate::Limits::VARIANT_BYTES`]).
    pub fn from_json(text: &str) -> Result<VariantFile, crate::Error> {
        if text.len() > crate::Limits::VARIANT_BYTES {
            return Err(problem(
                "",
                format!(
                    "the variant file has {} bytes; at most {limit_variant_bytes} are read",
                    text.len(),
                    limit_variant_bytes = crate::Limits::VARIANT_BYTES
                ),
            ));
        }
        serde_json::from_str(text).map_err(crate::Error::json)
    }

    /// Applies the variant to its base and validates the result. The base must be the
    /// protocol and version the variant was written against.
    pub fn apply(&self, base: &Protocol) -> Result<Protocol, crate::Error> {
        if base.stamp() != self.base {
            return Err(problem(
                "base",
                format!(
                    "the variant is written against {}, not {}",
                    self.base,
                    base.stamp()
                ),
            ));
        }
        let mut value = serde_json::to_value(base).map_err(crate::Error::json)?;
        if let Some(merge) = &self.merge {
            json_patch::merge(&mut value, merge);
            check_size(&value, "merge")?;
        }
        if let Some(patch) = &self.patch {
            if patch.0.len() > crate::Limits::PATCH_OPERATIONS {
                return Err(problem(
                    "patch",
                    format!(
                        "{} operations; a variant may have at most {limit_patch_operations}",
                        patch.0.len(),
                        limit_patch_operations = crate::Limits::PATCH_OPERATIONS
                    ),
                ));
            }
            // One operation at a time on this working copy, which is dropped on failure:
            // no undo is needed (json-patch's undo can panic after a move into the root),
            // and the document's size is checked after each step, so copies that double
            // it stop at the limit instead of exhausting memory.
            for (i, operation) in patch.0.iter().enumerate() {
                json_patch::patch_unsafe(&mut value, std::slice::from_ref(operation))
                    .map_err(|e| problem(&format!("patch[{i}]"), e.to_string()))?;
                check_size(&value, &format!("patch[{i}]"))?;
            }
        }
        let mut notes = Vec::new();
        if let Some(citation) = &self.citation {
            let problems = citation.problems();
            if !problems.is_empty() {
                return Err(ProtocolError {
                    problems: problems
                        .into_iter()
                        .map(|message| {
                            Problem::with_detail(
                                "citation",
                                crate::problem::ProblemKind::Inconsistent,
                                message,
                            )
                        })
                        .collect(),
                }
                .into());
            }
            notes.push(format!("Source: {citation}"));
        }
        notes.extend(self.notes.iter().cloned());
        if let Value::Object(map) = &mut value {
            map.insert("id".into(), Value::from(self.id.clone()));
            map.insert("version".into(), Value::from(self.version));
            map.insert("title".into(), Value::from(self.title.clone()));
            map.insert(
                "based_on".into(),
                serde_json::to_value(self.base).unwrap_or_default(),
            );
            map.insert("notes".into(), Value::from(notes));
        }
        let protocol: Protocol = serde_json::from_value(value).map_err(crate::Error::json)?;
        protocol.validate()?;
        Ok(protocol)
    }

    /// The names of the variants shipped with the crate (`protocols/variants/`), each a
    /// patch of `seed`: `conservative` (the source of [`Protocol::conservative`]) and
    /// published trials' dosing, each with its citation.
    pub const BUILTIN: &'static [&'static str] = &[
        "conservative",
        "cherkin-2011-low-back-10",
        "perlman-2012-knee-oa-60",
        "sherman-2014-neck-60",
    ];

    /// A research variant shipped with the crate, by name ([`BUILTIN`](Self::BUILTIN)):
    /// embedded in the library, so a downstream crate needs no path to this crate's
    /// sources. `None` for another name.
    ///
    /// ```
    /// use massage_rules::research::VariantFile;
    /// for name in VariantFile::BUILTIN {
    ///     let file = VariantFile::builtin(name).unwrap();
    ///     let protocol = file.load()?;
    ///     assert_eq!(protocol.id.as_str(), *name);
    /// }
    /// # Ok::<(), massage_rules::Error>(())
    /// ```
    pub fn builtin(name: &str) -> Option<VariantFile> {
        let text = match name {
            "conservative" => include_str!("../../protocols/variants/conservative.json"),
            "cherkin-2011-low-back-10" => {
                include_str!("../../protocols/variants/cherkin-2011-low-back-10.json")
            }
            "perlman-2012-knee-oa-60" => {
                include_str!("../../protocols/variants/perlman-2012-knee-oa-60.json")
            }
            "sherman-2014-neck-60" => {
                include_str!("../../protocols/variants/sherman-2014-neck-60.json")
            }
            _ => return None,
        };
        VariantFile::from_json(text).ok()
    }

    /// Applies the variant to its base, which must be a built-in protocol (`seed` or
    /// `conservative`) at the version it names.
    pub fn load(&self) -> Result<Protocol, crate::Error> {
        let base = match self.base.id.as_str() {
            "seed" => Protocol::seed(),
            "conservative" => Protocol::conservative(),
            other => {
                return Err(problem(
                    "base.id",
                    format!("{other} is not a built-in protocol"),
                ));
            }
        };
        self.apply(&base)
    }

    /// Reads a variant file and applies it to its base, which must be a built-in protocol
    /// (`seed` or `conservative`) at the version named.
    pub fn load_builtin_based(text: &str) -> Result<Protocol, crate::Error> {
        VariantFile::from_json(text)?.load()
    }
}
