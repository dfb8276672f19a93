//! Comparing two protocols over a cohort, decision by decision.

use super::*;
use crate::protocol::ProtocolRef;
use crate::protocol::sealed::Weigh;

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

/// One reason, as the comparison sees it: its rule, its subject and its effect.
type Item = (RuleId, &'static str, crate::screening::Effect);

/// The effects of one rule and subject in a screening, in order, repeats next to each
/// other counted once: up to [`EFFECTS`] kept inline, so a group key needs no string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Effects {
    len: u8,
    list: [Option<crate::screening::Effect>; EFFECTS],
}

/// The effects a compact key holds; more (never seen) fall back to the written key.
const EFFECTS: usize = 4;

impl Effects {
    fn of(items: &[Item], rule: RuleId, subject: &str) -> Option<Effects> {
        let mut out = Effects {
            len: 0,
            list: [None; EFFECTS],
        };
        for (_, _, e) in items.iter().filter(|(r, s, _)| *r == rule && *s == subject) {
            let n = usize::from(out.len);
            if n > 0 && out.list[n - 1] == Some(*e) {
                continue;
            }
            if n == EFFECTS {
                return None;
            }
            out.list[n] = Some(*e);
            out.len += 1;
        }
        Some(out)
    }

    fn written(&self) -> String {
        let names: Vec<String> = self
            .list
            .iter()
            .flatten()
            .map(|e| format!("{e:?}"))
            .collect();
        if names.is_empty() {
            "-".to_owned()
        } else {
            names.join("+")
        }
    }
}

/// A group's key as the loop builds it: compact for a screening difference (no string is
/// made for an intake that joins a group), the written key for the rest. Written out once
/// a group is made ([`GroupKey::written`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum GroupKey {
    Screening {
        rule: RuleId,
        subject: &'static str,
        a: crate::screening::Outcome,
        b: crate::screening::Outcome,
        ea: Effects,
        eb: Effects,
    },
    Written(DiffKey),
}

impl GroupKey {
    fn written(&self) -> DiffKey {
        match self {
            GroupKey::Written(key) => key.clone(),
            GroupKey::Screening {
                rule,
                subject,
                a,
                b,
                ea,
                eb,
            } => DiffKey {
                stage: Stage::Screening,
                rule: *rule,
                subject: (*subject).to_owned(),
                change: format!("{a} -> {b} ({} -> {})", ea.written(), eb.written()),
            },
        }
    }
}

/// Buffers the loop reuses from one intake to the next.
#[derive(Debug, Default)]
struct Scratch {
    keys: Vec<GroupKey>,
    ra: Vec<Item>,
    rb: Vec<Item>,
    subjects: Vec<(RuleId, &'static str)>,
}

/// What differs between two screenings of one intake, as group keys: one per rule and
/// subject (contraindication or question) whose reasons differ.
fn screening_keys(a: &Screening, b: &Screening, scratch: &mut Scratch) {
    let items = |s: &Screening, out: &mut Vec<Item>| {
        out.clear();
        out.extend(s.reasons().map(|r| {
            let subject = r
                .contraindication
                .map(|c| c.name())
                .or(r.question.map(|q| q.name()))
                .unwrap_or("client");
            (r.rule, subject, r.effect)
        }));
    };
    items(a, &mut scratch.ra);
    items(b, &mut scratch.rb);
    let (ra, rb) = (&scratch.ra, &scratch.rb);
    let subjects = &mut scratch.subjects;
    subjects.clear();
    subjects.extend(
        ra.iter()
            .filter(|x| !rb.contains(x))
            .chain(rb.iter().filter(|x| !ra.contains(x)))
            .map(|(rule, subject, _)| (*rule, *subject)),
    );
    subjects.sort();
    subjects.dedup();
    if subjects.is_empty() {
        subjects.push((RuleId::Disclosure, "outcome"));
    }
    for &(rule, subject) in subjects.iter() {
        let key = match (
            Effects::of(ra, rule, subject),
            Effects::of(rb, rule, subject),
        ) {
            (Some(ea), Some(eb)) => GroupKey::Screening {
                rule,
                subject,
                a: a.outcome,
                b: b.outcome,
                ea,
                eb,
            },
            _ => {
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
                GroupKey::Written(DiffKey {
                    stage: Stage::Screening,
                    rule,
                    subject: subject.to_owned(),
                    change: format!(
                        "{} -> {} ({} -> {})",
                        a.outcome,
                        b.outcome,
                        effects(ra),
                        effects(rb)
                    ),
                })
            }
        };
        scratch.keys.push(key);
    }
}

/// Running counts of a comparison: mergeable, so chunks of a cohort can be tallied apart
/// (on several cores) and added up; the examples kept are the smallest by (size, index),
/// so the result does not depend on the order the chunks are merged in.
#[derive(Debug, Default)]
struct Tally {
    groups: std::collections::HashMap<GroupKey, DiffGroup>,
    intakes: usize,
    invalid: usize,
    differing: usize,
}

impl Tally {
    fn add<'p, P: ProtocolRef<'p>>(
        &mut self,
        a: P,
        b: P,
        index: usize,
        intake: &Intake,
        options: CompareOptions,
        scratch: &mut Scratch,
    ) {
        self.intakes += 1;
        scratch.keys.clear();
        // Validated once, screened under both protocols.
        let Ok(valid) = intake.validated() else {
            self.invalid += 1;
            return;
        };
        let (screened_a, screened_b) = (Screened::valid(a, valid), Screened::valid(b, valid));
        let (sa, sb) = (*screened_a.screening(), *screened_b.screening());
        let stamp = Weigh::protocol(a).stamp();
        if decision(sa, stamp) != decision(sb, stamp) {
            screening_keys(&sa, &sb, scratch);
        } else if options.plans {
            plan_keys(&screened_a, &screened_b, &mut scratch.keys);
        }
        if scratch.keys.is_empty() {
            return;
        }
        self.differing += 1;
        let example_size = size(intake);
        for key in scratch.keys.drain(..) {
            // The key is written out only for a new group.
            let group = self.groups.entry(key).or_insert_with_key(|key| DiffGroup {
                key: key.written(),
                count: 0,
                examples: Vec::new(),
            });
            group.count += 1;
            let worse_than_all = group.examples.len() >= options.examples
                && group
                    .examples
                    .iter()
                    .all(|e| (e.size, e.index) <= (example_size, index));
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

    fn merge(&mut self, other: Tally, options: CompareOptions) {
        self.intakes += other.intakes;
        self.invalid += other.invalid;
        self.differing += other.differing;
        for (key, group) in other.groups {
            match self.groups.get_mut(&key) {
                None => {
                    self.groups.insert(key, group);
                }
                Some(mine) => {
                    mine.count += group.count;
                    mine.examples.extend(group.examples);
                    mine.examples.sort_by_key(|e| (e.size, e.index));
                    mine.examples.truncate(options.examples);
                }
            }
        }
    }

    fn finish(self, a: &Protocol, b: &Protocol) -> Comparison {
        let mut groups: Vec<DiffGroup> = self.groups.into_values().collect();
        groups.sort_by(|x, y| y.count.cmp(&x.count).then(x.key.cmp(&y.key)));
        Comparison {
            a: a.stamp(),
            b: b.stamp(),
            intakes: self.intakes,
            invalid: self.invalid,
            differing: self.differing,
            groups,
        }
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
    let total = cohort.len();
    let report = compare_iter(a, b, cohort.iter(), options, |done| {
        if done < total {
            progress(done, total);
        }
    });
    progress(total, total);
    report
}

/// How often the streaming comparisons report progress, in intakes.
pub const PROGRESS_EVERY: usize = 10_000;

/// [`compare`] over a stream of intakes, in constant memory: each intake is screened (and
/// planned) under both protocols and dropped; only the counts and the few smallest
/// examples per group are kept. `progress` is called with the number of intakes done
/// every [`PROGRESS_EVERY`] and at the end. Reads any iterator: a generated cohort
/// ([`generated_intakes`](super::generated_intakes)), a JSON Lines file
/// ([`cohort_jsonl_lines`](super::cohort_jsonl_lines)), a database cursor.
///
/// ```
/// use massage_rules::Protocol;
/// use massage_rules::research::{compare_iter, generated_intakes, CompareOptions};
/// let report = compare_iter(&Protocol::seed(), &Protocol::conservative(),
///     generated_intakes(7, 2_000), CompareOptions::default(), |_| {});
/// assert_eq!(report.intakes, 2_000);
/// assert!(report.differing > 0);
/// ```
pub fn compare_iter<T: std::borrow::Borrow<Intake>>(
    a: &Protocol,
    b: &Protocol,
    cohort: impl IntoIterator<Item = T>,
    options: CompareOptions,
    progress: impl FnMut(usize),
) -> Comparison {
    // Both protocols' tables read once when both pass their checks; the same comparison
    // either way.
    let tally = match (a.validated(), b.validated()) {
        (Ok(va), Ok(vb)) => tally_iter(&va, &vb, cohort, options, progress),
        _ => tally_iter(a, b, cohort, options, progress),
    };
    tally.finish(a, b)
}

fn tally_iter<'p, P: ProtocolRef<'p>, T: std::borrow::Borrow<Intake>>(
    a: P,
    b: P,
    cohort: impl IntoIterator<Item = T>,
    options: CompareOptions,
    mut progress: impl FnMut(usize),
) -> Tally {
    let mut tally = Tally::default();
    let mut scratch = Scratch::default();
    for (index, intake) in cohort.into_iter().enumerate() {
        tally.add(a, b, index, intake.borrow(), options, &mut scratch);
        if tally.intakes % PROGRESS_EVERY == 0 {
            progress(tally.intakes);
        }
    }
    progress(tally.intakes);
    tally
}

/// Intakes the parallel comparison takes from the stream at a time: what it holds in
/// memory at once, whatever the cohort's size.
pub const PARALLEL_CHUNK: usize = 16_384;

/// [`compare_iter`] on every core (rayon's global pool): the stream is read in chunks of
/// [`PARALLEL_CHUNK`] intakes, each chunk is compared in parallel while the next one is
/// read, and the counts are added up, so memory stays bounded by two chunks whatever the
/// cohort's size. The result is the same as [`compare_iter`]'s, to the examples kept.
/// Takes intakes or references to them (`cohort.iter()` compares a slice without copying
/// it).
///
/// ```
/// use massage_rules::Protocol;
/// use massage_rules::research::{compare_iter, compare_parallel, generated_intakes, CompareOptions};
/// let (a, b) = (Protocol::seed(), Protocol::conservative());
/// let one = compare_iter(&a, &b, generated_intakes(3, 5_000), CompareOptions::default(), |_| {});
/// let all = compare_parallel(&a, &b, generated_intakes(3, 5_000), CompareOptions::default(), |_| {});
/// assert_eq!(one, all);
/// ```
pub fn compare_parallel<T, I>(
    a: &Protocol,
    b: &Protocol,
    cohort: I,
    options: CompareOptions,
    progress: impl FnMut(usize),
) -> Comparison
where
    T: std::borrow::Borrow<Intake> + Send + Sync,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
{
    // Both protocols' tables read once when both pass their checks; the same comparison
    // either way.
    let tally = match (a.validated(), b.validated()) {
        (Ok(va), Ok(vb)) => tally_parallel(&va, &vb, cohort, options, progress),
        _ => tally_parallel(a, b, cohort, options, progress),
    };
    tally.finish(a, b)
}

fn tally_parallel<'p, P, T, I>(
    a: P,
    b: P,
    cohort: I,
    options: CompareOptions,
    mut progress: impl FnMut(usize),
) -> Tally
where
    P: ProtocolRef<'p> + Send + Sync,
    T: std::borrow::Borrow<Intake> + Send + Sync,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
{
    use rayon::prelude::*;
    let mut tally = Tally::default();
    let mut stream = cohort.into_iter();
    let mut chunk: Vec<T> = stream.by_ref().take(PARALLEL_CHUNK).collect();
    let mut next_progress = PROGRESS_EVERY;
    while !chunk.is_empty() {
        let base = tally.intakes;
        // This chunk on the pool, the next one read meanwhile.
        let (part, next) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .enumerate()
                    .fold(
                        || (Tally::default(), Scratch::default()),
                        |(mut t, mut scratch), (i, intake)| {
                            t.add(a, b, base + i, intake.borrow(), options, &mut scratch);
                            (t, scratch)
                        },
                    )
                    .map(|(t, _)| t)
                    .reduce(Tally::default, |mut x, y| {
                        x.merge(y, options);
                        x
                    })
            },
            || stream.by_ref().take(PARALLEL_CHUNK).collect::<Vec<T>>(),
        );
        tally.merge(part, options);
        chunk = next;
        while tally.intakes >= next_progress {
            progress(next_progress);
            next_progress += PROGRESS_EVERY;
        }
    }
    progress(tally.intakes);
    tally
}

fn plan_keys(screened_a: &Screened<'_>, screened_b: &Screened<'_>, keys: &mut Vec<GroupKey>) {
    let (Ok(clear_a), Ok(clear_b)) = (screened_a.clearance(), screened_b.clearance()) else {
        return;
    };
    let (pa, pb) = (plan(&clear_a), plan(&clear_b));
    let mut push = |rule: RuleId, subject: &str, change: String| {
        keys.push(GroupKey::Written(DiffKey {
            stage: Stage::Plan,
            rule,
            subject: subject.to_owned(),
            change,
        }))
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
        keys.push(GroupKey::Written(DiffKey {
            stage: Stage::Course,
            rule: RuleId::Course,
            subject: name(&ca).to_owned(),
            change: if name(&ca) != name(&cb) {
                format!("{} -> {}", name(&ca), name(&cb))
            } else {
                "phases".to_owned()
            },
        }));
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
