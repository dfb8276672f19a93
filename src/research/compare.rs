//! Comparing two protocols over a cohort, decision by decision.

use super::*;

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
