//! Cohorts of intakes: generated from a seed number, or read from JSON Lines.

use super::*;

/// A reproducible cohort of `n` valid intakes made from a seed number: the same seed
/// always gives the same cohort (with the same version of this crate). Half are drawn from
/// every vocabulary item at random, half from intakes the seed protocol clears (adults
/// seen by a licensed, trained practitioner, without a fever), so plans and courses are
/// compared too. Made with a seeded random number generator, without a test framework.
pub fn generated_cohort(seed: u64, n: usize) -> Vec<Intake> {
    generated_intakes(seed, n).collect()
}

/// The intakes of [`generated_cohort`], one at a time, in constant memory: the same
/// intakes in the same order, for cohorts too big to hold (ten million and more).
pub fn generated_intakes(seed: u64, n: usize) -> impl Iterator<Item = Intake> + Send {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n).map(move |i| random::intake(&mut rng, i % 2 == 1))
}

/// Random intakes for cohorts: every intake valid, every vocabulary item reachable.
mod random {
    use enumset::{EnumSet, EnumSetTypeWithRepr};
    use fastrand::Rng;
    use jiff::ToSpan;
    use jiff::civil::{Date, date};

    use crate::intake::{
        ConditionEntry, Finding, Intake, Location, MedicalHistory, PhysicianApproval, Practitioner,
    };
    use crate::vocabulary::*;

    fn one<T: Vocabulary>(rng: &mut Rng) -> T {
        T::ALL[rng.usize(..T::ALL.len())]
    }

    fn set<T: Vocabulary + EnumSetTypeWithRepr<Repr = u32>>(rng: &mut Rng) -> T::Set {
        EnumSet::<T>::from_repr_truncated(rng.u32(..)).into()
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
            age: (rng.u8(..10) > 0).then(|| rng.u32(0..=crate::Limits::AGE)),
            pregnant: one(rng),
            approvals,
            findings,
            conditions: (0..rng.usize(..4)).map(|_| condition(rng, day)).collect(),
            goals: set::<Goal>(rng),
            pain_tolerance: (rng.u8(..10) > 0).then(|| one(rng)),
            history: history(rng),
            practitioner: Practitioner {
                licensed: answer(rng, Answer::Yes),
                medical_massage_trained: answer(rng, Answer::Yes),
                certified_techniques: (rng.u8(..10) < 3).then(|| set::<Technique>(rng)),
            },
        };
        if plannable {
            let age = rng.u32(18..65);
            crate::intake::make_plannable(&mut intake, age, rng.bool());
        }
        intake
    }
}

/// Reads a cohort from JSON Lines one intake at a time, in constant memory and without a
/// limit on the number of lines: each item is a line's intake, or its error naming the
/// line (a line longer than [`Limits::JSON_BYTES`](crate::limits::Limits), or JSON that
/// is not an intake, or a read error). Blank lines are skipped.
///
/// ```
/// use massage_rules::research::cohort_jsonl_lines;
/// let text = "{\"assessed_on\": \"2026-11-27\", \"findings\": [], \"practitioner\": {}}\n\nnot json\n";
/// let read: Vec<_> = cohort_jsonl_lines(text.as_bytes()).collect();
/// assert!(read[0].is_ok());
/// assert!(read[1].as_ref().unwrap_err().to_string().contains("line 3"));
/// ```
pub fn cohort_jsonl_lines(
    reader: impl std::io::BufRead,
) -> impl Iterator<Item = Result<Intake, crate::Error>> {
    reader.lines().enumerate().filter_map(|(i, line)| {
        let at = format!("line {}", i + 1);
        let line = match line {
            Ok(line) => line,
            Err(e) => return Some(Err(problem(&at, format!("cannot be read: {e}")))),
        };
        if line.trim().is_empty() {
            return None;
        }
        if line.len() > crate::limits::Limits::JSON_BYTES {
            return Some(Err(problem(
                &at,
                format!(
                    "{} bytes; a line is at most {}",
                    line.len(),
                    crate::limits::Limits::JSON_BYTES
                ),
            )));
        }
        Some(serde_json::from_str(&line).map_err(|e| crate::Error::json_at(at, e)))
    })
}

/// Reads a cohort from JSON Lines: one intake per line; blank lines are skipped. An error
/// names the line. A line is at most [`Limits::JSON_BYTES`](crate::limits::Limits) long,
/// and a cohort has at most [`crate::Limits::COHORT_ROWS`] intakes. Intakes are read as they are
/// written, invalid ones included: [`compare`] counts those apart.
pub fn read_cohort_jsonl(text: &str) -> Result<Vec<Intake>, crate::Error> {
    let mut cohort = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > crate::limits::Limits::JSON_BYTES {
            return Err(problem(
                &format!("line {}", i + 1),
                format!(
                    "{} bytes; a line is at most {}",
                    line.len(),
                    crate::limits::Limits::JSON_BYTES
                ),
            ));
        }
        if cohort.len() == crate::Limits::COHORT_ROWS {
            return Err(problem(
                &format!("line {}", i + 1),
                format!(
                    "a cohort has at most {limit_cohort_rows} intakes",
                    limit_cohort_rows = crate::Limits::COHORT_ROWS
                ),
            ));
        }
        let intake = serde_json::from_str(line)
            .map_err(|e| crate::Error::json_at(format!("line {}", i + 1), e))?;
        cohort.push(intake);
    }
    Ok(cohort)
}
