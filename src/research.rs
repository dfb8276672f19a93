//! The research workflow (feature `research`): protocol variants from JSON files, cohorts
//! of intakes, and differential comparison of two protocols over a cohort.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::intake::Intake;
use crate::protocol::PhaseRule;
use crate::protocol::{Protocol, ProtocolError, ProtocolProblem, ProtocolStamp};
use crate::scheduling::Course;
use crate::screening::{Screened, Screening};
use crate::selection::plan;
use crate::vocabulary::CourseKind;
use crate::vocabulary::RuleId;

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

/// The largest variant file read, in bytes (1 MiB).
pub const MAX_VARIANT_BYTES: usize = 1 << 20;

/// The most operations a variant file's patch may have.
pub const MAX_PATCH_OPERATIONS: usize = 256;

/// The most JSON values (objects, arrays, strings, numbers, ...) a protocol may have while
/// a variant is applied; the built-in protocols have under 4,000.
pub const MAX_PROTOCOL_VALUES: usize = 50_000;

/// Refuses a document grown past [`MAX_PROTOCOL_VALUES`]; stops counting there.
fn check_size(value: &Value, path: &str) -> Result<(), crate::Error> {
    let mut count = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        if count > MAX_PROTOCOL_VALUES {
            return Err(problem(
                path,
                format!("the protocol grows past {MAX_PROTOCOL_VALUES} values"),
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
        problems: vec![ProtocolProblem {
            path: path.into(),
            message: message.into(),
        }],
    }
    .into()
}

impl VariantFile {
    /// Reads a variant file (at most [`MAX_VARIANT_BYTES`]).
    pub fn from_json(text: &str) -> Result<VariantFile, crate::Error> {
        if text.len() > MAX_VARIANT_BYTES {
            return Err(problem(
                "",
                format!(
                    "the variant file has {} bytes; at most {MAX_VARIANT_BYTES} are read",
                    text.len()
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
            if patch.0.len() > MAX_PATCH_OPERATIONS {
                return Err(problem(
                    "patch",
                    format!(
                        "{} operations; a variant may have at most {MAX_PATCH_OPERATIONS}",
                        patch.0.len()
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
                        .map(|message| ProtocolProblem {
                            path: "citation".into(),
                            message,
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

    /// The names of the research variants shipped with the crate (`protocols/variants/`),
    /// each a published trial's dosing as a patch of `seed`, with its citation.
    pub const BUILTIN: &'static [&'static str] = &[
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
            "cherkin-2011-low-back-10" => {
                include_str!("../protocols/variants/cherkin-2011-low-back-10.json")
            }
            "perlman-2012-knee-oa-60" => {
                include_str!("../protocols/variants/perlman-2012-knee-oa-60.json")
            }
            "sherman-2014-neck-60" => {
                include_str!("../protocols/variants/sherman-2014-neck-60.json")
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

/// A reproducible cohort of `n` valid intakes made from a seed number: the same seed
/// always gives the same cohort (with the same version of this crate). Half are drawn from
/// every vocabulary item at random, half from intakes the seed protocol clears (adults
/// seen by a licensed, trained practitioner, without a fever), so plans and courses are
/// compared too. Made with a seeded random number generator, without a test framework.
pub fn generated_cohort(seed: u64, n: usize) -> Vec<Intake> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|i| cohort::intake(&mut rng, i % 2 == 1))
        .collect()
}

/// Random intakes for cohorts: every intake valid, every vocabulary item reachable.
mod cohort {
    use enumset::{EnumSet, EnumSetTypeWithRepr};
    use fastrand::Rng;
    use jiff::ToSpan;
    use jiff::civil::{Date, date};

    use crate::intake::{
        ConditionEntry, Finding, Intake, Location, MAX_AGE, MedicalHistory, PhysicianApproval,
        Practitioner,
    };
    use crate::vocabulary::*;

    fn one<T: Vocabulary>(rng: &mut Rng) -> T {
        T::ALL[rng.usize(..T::ALL.len())]
    }

    fn set<T: Vocabulary + EnumSetTypeWithRepr<Repr = u32>>(rng: &mut Rng) -> EnumSet<T> {
        EnumSet::from_repr_truncated(rng.u32(..))
    }

    /// Mostly `likely`, now and then either other answer.
    fn answer(rng: &mut Rng, likely: Answer) -> Answer {
        if rng.u8(..8) < 6 { likely } else { one(rng) }
    }

    fn location(rng: &mut Rng) -> Location {
        if rng.u8(..7) < 6 {
            Location::from(one::<BodyRegion>(rng))
        } else {
            let groups: Vec<BodyPart> = BodyPart::ALL
                .iter()
                .copied()
                .filter(|p| p.parts().len() > 1)
                .collect();
            let part = groups[rng.usize(..groups.len())];
            Location {
                part,
                side: part.is_paired().then(|| one(rng)),
            }
        }
    }

    fn locations(rng: &mut Rng, max: usize) -> Vec<Location> {
        (0..rng.usize(..max)).map(|_| location(rng)).collect()
    }

    fn condition(rng: &mut Rng, day: Date) -> ConditionEntry {
        ConditionEntry {
            condition: one(rng),
            acuity: one(rng),
            locations: locations(rng, 3),
            onset: rng.bool().then(|| day - rng.i64(0..366).days()),
        }
    }

    fn history(rng: &mut Rng) -> MedicalHistory {
        let mut history = MedicalHistory::default();
        for &item in History::ALL {
            history.set(item, answer(rng, Answer::No));
        }
        history.reduced_sensation_at = locations(rng, 3);
        history.varicose_veins_at = locations(rng, 3);
        history
    }

    pub(super) fn intake(rng: &mut Rng, plannable: bool) -> Intake {
        let day = date(2020, 1, 1) + rng.i64(0..4018).days();
        let approvals = (0..rng.usize(..3))
            .map(|_| PhysicianApproval {
                covers: set::<Contraindication>(rng) | one::<Contraindication>(rng),
                given_on: rng.bool().then(|| day + rng.i64(-365..60).days()),
                valid_until: rng.bool().then(|| day + rng.i64(-365..365).days()),
                physician: None,
            })
            .collect();
        let regional: Vec<Contraindication> = Contraindication::ALL
            .iter()
            .copied()
            .filter(|c| c.is_regional())
            .collect();
        let findings = (0..rng.usize(..6))
            .map(|_| Finding {
                contraindication: regional[rng.usize(..regional.len())],
                location: Some(location(rng)),
            })
            .collect();
        let mut intake = Intake {
            assessed_on: day,
            age: (rng.u8(..10) > 0).then(|| rng.u32(0..=MAX_AGE)),
            pregnant: one(rng),
            approvals,
            findings,
            conditions: (0..rng.usize(..4)).map(|_| condition(rng, day)).collect(),
            goals: set(rng),
            pain_tolerance: (rng.u8(..10) > 0).then(|| one(rng)),
            history: history(rng),
            practitioner: Practitioner {
                licensed: answer(rng, Answer::Yes),
                medical_massage_trained: answer(rng, Answer::Yes),
                certified_techniques: (rng.u8(..10) < 3).then(|| set(rng)),
            },
        };
        if plannable {
            let age = rng.u32(18..65);
            crate::intake::make_plannable(&mut intake, age, rng.bool());
        }
        intake
    }
}

/// The most intakes a cohort read from JSON Lines may have.
pub const MAX_COHORT_ROWS: usize = 100_000;

/// Reads a cohort from JSON Lines: one intake per line; blank lines are skipped. An error
/// names the line. A line is at most [`Limits::JSON_BYTES`](crate::intake::Limits) long,
/// and a cohort has at most [`MAX_COHORT_ROWS`] intakes. Intakes are read as they are
/// written, invalid ones included: [`compare`] counts those apart.
pub fn read_cohort_jsonl(text: &str) -> Result<Vec<Intake>, crate::Error> {
    let mut cohort = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > crate::intake::Limits::JSON_BYTES {
            return Err(problem(
                &format!("line {}", i + 1),
                format!(
                    "{} bytes; a line is at most {}",
                    line.len(),
                    crate::intake::Limits::JSON_BYTES
                ),
            ));
        }
        if cohort.len() == MAX_COHORT_ROWS {
            return Err(problem(
                &format!("line {}", i + 1),
                format!("a cohort has at most {MAX_COHORT_ROWS} intakes"),
            ));
        }
        let intake = serde_json::from_str(line)
            .map_err(|e| crate::Error::json_at(format!("line {}", i + 1), e))?;
        cohort.push(intake);
    }
    Ok(cohort)
}

/// Which stage of the decision differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The screening.
    Screening,
    /// The session plan.
    Plan,
    /// The course.
    Course,
}

/// What a group of differences has in common.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DiffKey {
    /// The stage that differs.
    pub stage: Stage,
    /// The rule that made the difference.
    pub rule: RuleId,
    /// What the rule concerned: a contraindication, a question, or a part of the plan.
    pub subject: String,
    /// How the first protocol's answer became the second's, e.g.
    /// `restricted -> needs_approval`.
    pub change: String,
}

/// One intake of a group, kept as an example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffExample {
    /// Its index in the cohort.
    pub index: usize,
    /// How much it holds (findings, conditions, approvals and goals): smaller is simpler.
    pub size: usize,
    /// The intake.
    pub intake: Intake,
}

/// The intakes that differ in the same way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffGroup {
    /// What they have in common.
    pub key: DiffKey,
    /// How many intakes.
    pub count: usize,
    /// The smallest few.
    pub examples: Vec<DiffExample>,
}

/// Options for [`compare`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareOptions {
    /// Compare session plans and courses as well as screenings (when both screenings
    /// allow a session).
    pub plans: bool,
    /// How many of the smallest examples to keep per group.
    pub examples: usize,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            plans: true,
            examples: 3,
        }
    }
}

/// The result of running two protocols over a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The first protocol.
    pub a: ProtocolStamp,
    /// The second protocol.
    pub b: ProtocolStamp,
    /// Intakes compared.
    pub intakes: usize,
    /// Intakes that failed validation (under both protocols alike).
    pub invalid: usize,
    /// Intakes whose screening, plan or course differs.
    pub differing: usize,
    /// The differences, grouped, largest group first.
    pub groups: Vec<DiffGroup>,
}

fn size(intake: &Intake) -> usize {
    intake.findings.len() + intake.conditions.len() + intake.approvals.len() + intake.goals.len()
}

/// The screening with the protocol stamp blanked, to compare decisions across protocols.
fn decision(mut s: Screening, stamp: ProtocolStamp) -> Screening {
    s.protocol = stamp;
    s
}

/// What differs between two screenings of one intake, as group keys: one per rule and
/// subject (contraindication or question) whose reasons differ.
fn screening_keys(a: &Screening, b: &Screening, keys: &mut Vec<DiffKey>) {
    type Item = (RuleId, &'static str, crate::screening::Effect);
    let items = |s: &Screening| -> Vec<Item> {
        s.reasons()
            .map(|r| {
                let subject = r
                    .contraindication
                    .map(|c| c.name())
                    .or(r.question.map(|q| q.name()))
                    .unwrap_or("client");
                (r.rule, subject, r.effect)
            })
            .collect()
    };
    let (ra, rb) = (items(a), items(b));
    let mut subjects: Vec<(RuleId, &'static str)> = ra
        .iter()
        .filter(|x| !rb.contains(x))
        .chain(rb.iter().filter(|x| !ra.contains(x)))
        .map(|(rule, subject, _)| (*rule, *subject))
        .collect();
    subjects.sort();
    subjects.dedup();
    if subjects.is_empty() {
        subjects.push((RuleId::Disclosure, "outcome"));
    }
    for (rule, subject) in subjects {
        let effects = |items: &[Item]| -> String {
            let mut names: Vec<String> = items
                .iter()
                .filter(|(r, s, _)| *r == rule && *s == subject)
                .map(|(_, _, e)| format!("{e:?}"))
                .collect();
            names.dedup();
            if names.is_empty() {
                "-".to_owned()
            } else {
                names.join("+")
            }
        };
        keys.push(DiffKey {
            stage: Stage::Screening,
            rule,
            subject: subject.to_owned(),
            change: format!(
                "{} -> {} ({} -> {})",
                a.outcome,
                b.outcome,
                effects(&ra),
                effects(&rb)
            ),
        });
    }
}

/// Runs two protocols over a cohort and reports every intake whose screening, plan or
/// course differs, grouped by the rule that made the difference. `progress` is called
/// with (done, total) every 10,000 intakes and at the end.
///
/// ```
/// use massage_rules::Protocol;
/// use massage_rules::research::{compare, generated_cohort, CompareOptions};
/// use massage_rules::vocabulary::RuleId;
/// let cohort = generated_cohort(7, 500);
/// let report = compare(&Protocol::seed(), &Protocol::conservative(), &cohort,
///                      CompareOptions::default(), |_, _| {});
/// assert!(report.differing > 0);
/// // Every difference comes from the escalated blood clots and cancers.
/// assert!(report.groups.iter().all(|g| g.key.subject == "blood_clot" || g.key.subject == "cancer"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(
    a: &Protocol,
    b: &Protocol,
    cohort: &[Intake],
    options: CompareOptions,
    mut progress: impl FnMut(usize, usize),
) -> Comparison {
    let mut groups: BTreeMap<DiffKey, DiffGroup> = BTreeMap::new();
    let mut invalid = 0;
    let mut differing = 0;
    let mut keys = Vec::new();
    for (index, intake) in cohort.iter().enumerate() {
        if index % 10_000 == 0 && index > 0 {
            progress(index, cohort.len());
        }
        keys.clear();
        let (Ok(screened_a), Ok(screened_b)) = (Screened::new(a, intake), Screened::new(b, intake))
        else {
            invalid += 1;
            continue;
        };
        let (sa, sb) = (*screened_a.screening(), *screened_b.screening());
        if decision(sa, a.stamp()) != decision(sb, a.stamp()) {
            screening_keys(&sa, &sb, &mut keys);
        } else if options.plans {
            plan_keys(&screened_a, &screened_b, &mut keys);
        }
        if keys.is_empty() {
            continue;
        }
        differing += 1;
        for key in keys.drain(..) {
            let group = groups.entry(key.clone()).or_insert_with(|| DiffGroup {
                key,
                count: 0,
                examples: Vec::new(),
            });
            group.count += 1;
            let example_size = size(intake);
            let worse_than_all = group.examples.len() >= options.examples
                && group.examples.iter().all(|e| e.size <= example_size);
            if options.examples > 0 && !worse_than_all {
                group.examples.push(DiffExample {
                    index,
                    size: example_size,
                    intake: intake.clone(),
                });
                group.examples.sort_by_key(|e| (e.size, e.index));
                group.examples.truncate(options.examples);
            }
        }
    }
    progress(cohort.len(), cohort.len());
    let mut groups: Vec<DiffGroup> = groups.into_values().collect();
    groups.sort_by(|x, y| y.count.cmp(&x.count).then(x.key.cmp(&y.key)));
    Comparison {
        a: a.stamp(),
        b: b.stamp(),
        intakes: cohort.len(),
        invalid,
        differing,
        groups,
    }
}

fn plan_keys(screened_a: &Screened<'_>, screened_b: &Screened<'_>, keys: &mut Vec<DiffKey>) {
    let (Ok(clear_a), Ok(clear_b)) = (screened_a.clearance(), screened_b.clearance()) else {
        return;
    };
    let (pa, pb) = (plan(&clear_a), plan(&clear_b));
    let mut push = |rule: RuleId, subject: &str, change: String| {
        keys.push(DiffKey {
            stage: Stage::Plan,
            rule,
            subject: subject.to_owned(),
            change,
        })
    };
    if pa.minutes != pb.minutes {
        push(
            RuleId::SessionLength,
            "minutes",
            format!("{} -> {}", pa.minutes, pb.minutes),
        );
    }
    if pa.pressure_limit != pb.pressure_limit {
        push(
            RuleId::Pressure,
            "pressure_limit",
            format!("{} -> {}", pa.pressure_limit, pb.pressure_limit),
        );
    }
    let names = |p: &crate::SessionPlan| -> Vec<&'static str> {
        p.techniques.iter().map(|t| t.technique.name()).collect()
    };
    if names(&pa) != names(&pb) {
        push(
            RuleId::Pairing,
            "techniques",
            format!("{} -> {}", names(&pa).join("+"), names(&pb).join("+")),
        );
    } else if pa.techniques != pb.techniques {
        push(
            RuleId::Pressure,
            "technique details",
            "regions, pressure or tools".to_owned(),
        );
    }
    let kind = |c: &Result<Course, _>| c.as_ref().ok().map(|c: &Course| (c.kind, c.phases.clone()));
    let (ca, cb) = (
        kind(&Course::start(&clear_a, &pa, None)),
        kind(&Course::start(&clear_b, &pb, None)),
    );
    if ca != cb {
        let name =
            |c: &Option<(CourseKind, Vec<PhaseRule>)>| c.as_ref().map_or("none", |(k, _)| k.name());
        keys.push(DiffKey {
            stage: Stage::Course,
            rule: RuleId::Course,
            subject: name(&ca).to_owned(),
            change: if name(&ca) != name(&cb) {
                format!("{} -> {}", name(&ca), name(&cb))
            } else {
                "phases".to_owned()
            },
        });
    }
}

impl fmt::Display for Comparison {
    /// A summary table: one row per group, with its count and the indices of its smallest
    /// examples.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} vs {}: {} intakes, {} invalid, {} differ",
            self.a, self.b, self.intakes, self.invalid, self.differing
        )?;
        writeln!(
            f,
            "{:<10} {:<8} {:<12} {:<62} {:>7}  smallest examples",
            "stage", "rule", "subject", "change", "count"
        )?;
        for g in &self.groups {
            let stage = match g.key.stage {
                Stage::Screening => "screening",
                Stage::Plan => "plan",
                Stage::Course => "course",
            };
            let examples: Vec<String> =
                g.examples.iter().map(|e| format!("#{}", e.index)).collect();
            writeln!(
                f,
                "{stage:<10} {:<8} {:<12} {:<62} {:>7}  {}",
                g.key.rule.name(),
                g.key.subject,
                g.key.change,
                g.count,
                examples.join(" ")
            )?;
        }
        Ok(())
    }
}
