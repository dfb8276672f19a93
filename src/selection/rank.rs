//! Weighing one technique for a client: where, how firmly, with which tools, or why not.

use super::*;

pub(super) fn exclude(
    technique: Technique,
    exclusion: Exclusion,
    seed: SeedLines,
) -> ExcludedTechnique {
    ExcludedTechnique {
        technique,
        rule: exclusion.rule(),
        exclusion,
        seed,
    }
}

pub(super) fn exclusion_seed(
    exclusion: &Exclusion,
    row: &TechniqueRule,
    precautions: &[AppliedPrecaution],
) -> SeedLines {
    match exclusion {
        // The line the protocol's row cites, as the plan's precautions carry it.
        Exclusion::Precaution { precaution } => precautions
            .iter()
            .find(|p| p.precaution == *precaution)
            .map_or(precaution.seed(), |p| p.seed),
        Exclusion::NoRegion { .. } | Exclusion::PregnantOnly => row.seed,
        Exclusion::AboveConditionCap { condition, .. } => condition.seed(),
        Exclusion::NeedsApproval { contraindication } => contraindication.seed(),
        other => other.rule().seed(),
    }
}

impl Hazards {
    pub(super) fn add(&mut self, condition: Condition, regions: RegionSet) {
        self.conditions |= condition;
        self.regions[condition.code() as usize] |= regions;
    }

    /// The regions of the conditions in `conditions`, each with its condition.
    pub(super) fn of(
        &self,
        conditions: ConditionSet,
    ) -> impl Iterator<Item = (Condition, RegionSet)> + '_ {
        (self.conditions & conditions)
            .iter()
            .map(|c| (c, self.regions[c.code() as usize]))
    }

    /// All the regions of the conditions in `conditions`.
    pub(super) fn union(&self, conditions: ConditionSet) -> RegionSet {
        self.of(conditions)
            .fold(RegionSet::empty(), |acc, (_, r)| acc | r)
    }
}

impl Context<'_> {
    /// Weighs one technique row for the client: whether it may be done, and where; or
    /// why not. How firmly and with which tools is left to [`finish`](Self::finish), for
    /// the techniques that rank within the plan.
    pub(super) fn admit(&self, row: &TechniqueRule, tally: Tally) -> Result<Admitted, Exclusion> {
        let Context {
            protocol,
            intake,
            screening,
            limit,
            cap,
            allowed,
            ref regions_of,
            pregnancy,
            all_condition_regions,
            ref reserved,
            ref unsafe_for,
            precautions,
            local_caps,
        } = *self;
        let rules = &protocol.selection;
        let technique = row.technique;
        // Pregnancy rules apply unless the client is known not to be pregnant; prenatal
        // massage only for a client known to be pregnant.
        let pregnant = !pregnancy.is_no();
        if tally.score == 0 {
            return Err(Exclusion::NotForClient);
        }
        if row.pregnant_only {
            if !pregnancy.is_yes() {
                return Err(Exclusion::PregnantOnly);
            }
            if !screening
                .approval_on_file
                .contains(Contraindication::Pregnancy)
            {
                return Err(Exclusion::NeedsApproval {
                    contraindication: Contraindication::Pregnancy,
                });
            }
        }
        if intake
            .practitioner
            .certified_techniques
            .is_some_and(|certified| !certified.contains(technique))
        {
            return Err(Exclusion::NotCertified);
        }
        if pregnant && rules.pregnancy.excluded_techniques.contains(technique) {
            return Err(Exclusion::ExcludedInPregnancy);
        }
        let lightest = row.pressure.min;
        if lightest > limit {
            let tolerance = intake.effective_tolerance();
            return Err(if lightest > tolerance {
                Exclusion::AboveTolerance {
                    lightest,
                    tolerance,
                }
            } else if let Some((condition, cap)) = cap.filter(|(_, c)| lightest > *c) {
                Exclusion::AboveConditionCap {
                    lightest,
                    condition,
                    cap,
                }
            } else {
                Exclusion::AbovePregnancyLimit {
                    lightest,
                    limit: rules.pregnancy.max_pressure,
                }
            });
        }
        // Regions kept for the work that treats a condition this technique does not.
        let blocked = reserved.union(!tally.conditions);
        // Where: the regions of the conditions it addresses; failing that (it serves goals or
        // whole-person conditions), where the client's conditions are, as far as they are
        // open to it; failing that, anywhere it is safe for it.
        let mut wanted = RegionSet::empty();
        for condition in tally.conditions {
            wanted |= regions_of[condition.code() as usize];
        }
        if wanted.is_empty() {
            wanted = all_condition_regions - blocked;
        }
        if wanted.is_empty() {
            wanted = RegionSet::all();
        }
        let fit = row.regions.unwrap_or(RegionSet::all());
        // Where it would work before findings and reserved regions take any away: caps
        // and tool safety are weighed on these regions (`finish`), so taking a region
        // away never makes the technique firmer or lets a withheld tool back in.
        let base = wanted & fit;
        let mut regions = base & allowed & !blocked;
        // A tool the technique cannot be done without keeps it off where the tool is unsafe.
        for tool in row.tools {
            regions -= unsafe_for[tool.code() as usize].union(ConditionSet::all());
        }
        if regions.is_empty() {
            return Err(Exclusion::NoRegion { wanted });
        }
        // A condition's cap below the technique's lightest keeps it off the condition's
        // regions.
        for c in local_caps {
            if lightest > c.max && !(regions & c.regions).is_empty() {
                regions -= c.regions;
                if regions.is_empty() {
                    return Err(Exclusion::AboveConditionCap {
                        lightest,
                        condition: c.condition,
                        cap: c.max,
                    });
                }
            }
        }
        // Precautions: the technique stays off where one excludes it or caps pressure
        // below its lightest, or excludes a tool it needs.
        for p in precautions {
            if (regions & p.regions).is_empty() {
                continue;
            }
            if p.keeps_off(technique, lightest) || !(p.excluded_tools & row.tools).is_empty() {
                regions -= p.regions;
                if regions.is_empty() {
                    return Err(Exclusion::Precaution {
                        precaution: p.precaution,
                    });
                }
            }
        }
        Ok(Admitted { regions, base })
    }

    /// Writes a technique [`admit`](Self::admit) let in, and that ranks within the plan,
    /// into `planned`: its regions, its pressure (overall and region by region) and its
    /// tools, with those withheld and why. Rank, minutes and what it addresses are the
    /// plan's to write.
    pub(super) fn finish(
        &self,
        row: &TechniqueRule,
        tally: Tally,
        admitted: Admitted,
        planned: &mut PlannedTechnique,
    ) {
        let rules = &self.protocol.selection;
        let (precautions, unsafe_for) = (self.precautions, &self.unsafe_for);
        let technique = row.technique;
        let pregnant = !self.pregnancy.is_no();
        let lightest = row.pressure.min;
        let Admitted { regions, base } = admitted;
        // Pressure: the firmest the caps of every precaution on the regions it would work
        // on allow, counted before it is kept off any of them, so that keeping it off a
        // region never makes it firmer elsewhere (never more permissive for more history).
        // (A precaution that keeps it off its regions takes those regions instead.)
        let caps = precautions
            .iter()
            .filter(|p| !p.keeps_off(technique, lightest))
            .filter_map(|p| p.max_pressure.map(|max| (p.regions, max)))
            .chain(
                self.local_caps
                    .iter()
                    .filter(|c| lightest <= c.max)
                    .map(|c| (c.regions, c.max)),
            );
        // In one pass: the summary over the base regions, and for each level below the
        // top the regions a cap holds at it (intersected with the final regions below).
        let top = row.pressure.max.min(self.limit);
        let mut pressure = top;
        let mut capped = [RegionSet::empty(); 8];
        for (at, max) in caps {
            if !(base & at).is_empty() {
                pressure = pressure.min(max);
            }
            if max < top {
                capped[usize::from(max.code()).min(7)] |= at;
            }
        }
        planned.technique = technique;
        planned.regions = regions;
        planned.pressure = pressure;
        planned.score = tally.score;
        planned.seed = row.seed;
        let mut tools = row.tools;
        let mut optional = ToolSet::empty();
        for tool_use in &rules.tool_uses {
            if tool_use.technique == technique && tally.has(tool_use.need) {
                optional |= tool_use.tools;
            }
        }
        if pregnant {
            optional -= rules.pregnancy.excluded_tools;
        }
        // A tool the protocol adds is withheld when a condition makes it unsafe on any of
        // the technique's regions.
        for tool in optional - tools {
            let mut safe = true;
            for (condition, hazard) in unsafe_for[tool.code() as usize].of(ConditionSet::all()) {
                let overlap = hazard & base;
                if !overlap.is_empty() {
                    safe = false;
                    planned.withheld_tools.push(WithheldTool {
                        tool,
                        because: Precaution::Condition { condition },
                        regions: overlap,
                        seed: condition.seed(),
                    });
                }
            }
            for p in precautions {
                let overlap = p.regions & base;
                if p.excluded_tools.contains(tool) && !overlap.is_empty() {
                    safe = false;
                    planned.withheld_tools.push(WithheldTool {
                        tool,
                        because: p.precaution,
                        regions: overlap,
                        seed: p.seed,
                    });
                }
            }
            if safe {
                tools |= tool;
            }
        }
        // Region by region: the whole-body limit, and below it the caps on each region;
        // a region takes the lightest cap on it.
        let mut given = RegionSet::empty();
        for &level in Pressure::ALL.iter().filter(|&&p| p <= top) {
            let here = if level == top {
                regions - given
            } else {
                (capped[usize::from(level.code()).min(7)] & regions) - given
            };
            if !here.is_empty() {
                planned.pressures.push(RegionPressure {
                    regions: here,
                    pressure: level,
                });
                given |= here;
            }
        }
        planned.tools = tools;
    }
}

/// Where a technique the plan may include would work: its regions once findings,
/// reserved regions, tools, caps and precautions have taken theirs away, and before
/// (where caps and tool safety are weighed).
#[derive(Clone, Copy)]
pub(super) struct Admitted {
    regions: RegionSet,
    base: RegionSet,
}

/// A technique kept, before its fields are written in place.
pub(super) const BLANK: PlannedTechnique = PlannedTechnique {
    rank: 0,
    technique: Technique::Swedish,
    regions: RegionSet::empty(),
    pressure: Pressure::Light,
    pressures: arrayvec::ArrayVec::new_const(),
    tools: ToolSet::empty(),
    withheld_tools: Vec::new(),
    minutes: 0,
    score: 0,
    first_choice: false,
    addresses: Vec::new(),
    seed: crate::seed::SeedLines::line(1),
};
