//! What changes how the work is done: precautions, the tools they withhold, and why a
//! technique is left out.

use super::*;

/// A tool left out of a technique because a condition or a precaution on its regions
/// makes it unsafe there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WithheldTool {
    /// The tool.
    pub tool: Tool,
    /// What makes it unsafe: a condition (a `tool_safety` row) or a precaution (a
    /// medical-history row).
    pub because: Precaution,
    /// Where those regions and the technique's meet.
    pub regions: RegionSet,
    /// The seed line behind it.
    pub seed: SeedLines,
}

/// Something about the client that changes how the work is done beyond screening: a
/// condition that makes a tool unsafe, an item of the medical history, an approved age, a
/// fresh injury or a recent surgery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Precaution {
    /// A condition on the intake (the protocol's `tool_safety` rows).
    Condition {
        /// The condition.
        condition: Condition,
    },
    /// An item of the medical history answered yes or left unknown (R-history, L176).
    History {
        /// The item.
        history: History,
    },
    /// An approved minor or older adult (R-age, L134).
    Age {
        /// `minor` or `older_adult`.
        contraindication: Contraindication,
    },
    /// An injury inside its acute window (R-healing, L124).
    AcuteInjury {
        /// The injury.
        condition: Condition,
    },
    /// A surgical site too recent for scar work (R-healing, L127).
    ScarWork {
        /// The condition of the site.
        condition: Condition,
    },
}

impl Precaution {
    /// The rule family behind it.
    pub fn rule(self) -> RuleId {
        match self {
            Precaution::Condition { .. } => RuleId::RegionFit,
            Precaution::History { .. } => RuleId::History,
            Precaution::Age { .. } => RuleId::Age,
            Precaution::AcuteInjury { .. } | Precaution::ScarWork { .. } => RuleId::Healing,
        }
    }

    /// The seed line it is read from.
    pub fn seed(self) -> SeedLines {
        match self {
            Precaution::Condition { condition } => condition.seed(),
            Precaution::History { history } => history.seed(),
            Precaution::Age { contraindication } => contraindication.seed(),
            // The built-in rows' lines; a plan's precautions carry their protocol's own.
            Precaution::AcuteInjury { .. } => SeedLines::line(124),
            Precaution::ScarWork { .. } => SeedLines::line(127),
        }
    }
}

impl fmt::Display for Precaution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Precaution::Condition { condition } => lower_first(f, condition.label()),
            Precaution::History { history } => lower_first(f, history.label()),
            Precaution::Age { contraindication } => {
                write!(f, "approved {}", contraindication.label().to_lowercase())
            }
            Precaution::AcuteInjury { condition } => {
                f.write_str("acute window of ")?;
                lower_first(f, condition.label())
            }
            Precaution::ScarWork { condition } => {
                f.write_str("no scar work yet: ")?;
                lower_first(f, condition.label())
            }
        }
    }
}

/// A precaution the plan applies, with what it changes and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppliedPrecaution {
    /// What it is.
    pub precaution: Precaution,
    /// For a history item: the answer (`yes`, or `unknown` read as yes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// Where it applies.
    pub regions: RegionSet,
    /// The most pressure used there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pressure: Option<Pressure>,
    /// Techniques not done there.
    #[serde(default, skip_serializing_if = "TechniqueSet::is_empty")]
    pub excluded_techniques: TechniqueSet,
    /// Tools not used there.
    #[serde(default, skip_serializing_if = "ToolSet::is_empty")]
    pub excluded_tools: ToolSet,
    /// The rule family.
    pub rule: RuleId,
    /// The seed line it is read from.
    pub seed: SeedLines,
    /// Where the protocol row comes from.
    pub origin: Origin,
}

impl AppliedPrecaution {
    /// Whether a technique with this lightest pressure may not work on the precaution's
    /// regions.
    pub(super) fn keeps_off(&self, technique: Technique, lightest: Pressure) -> bool {
        self.excluded_techniques.contains(technique)
            || self.max_pressure.is_some_and(|max| lightest > max)
    }
}

/// Why a technique was left out of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exclusion {
    /// It addresses none of the client's conditions or goals.
    NotForClient,
    /// It is for pregnant clients only (L67-69).
    PregnantOnly,
    /// It needs a physician's approval that is not on file.
    NeedsApproval {
        /// The approval it needs.
        contraindication: Contraindication,
    },
    /// The practitioner is not certified in it (L33).
    NotCertified,
    /// The protocol's pregnancy rules leave it out.
    ExcludedInPregnancy,
    /// Its lightest pressure is above the client's tolerance (L161).
    AboveTolerance {
        /// The technique's lightest pressure.
        lightest: Pressure,
        /// The client's tolerance (light when unknown).
        tolerance: Pressure,
    },
    /// Its lightest pressure is above a cap a condition imposes.
    AboveConditionCap {
        /// The technique's lightest pressure.
        lightest: Pressure,
        /// The condition.
        condition: Condition,
        /// Its cap.
        cap: Pressure,
    },
    /// Its lightest pressure is above the protocol's pregnancy limit.
    AbovePregnancyLimit {
        /// The technique's lightest pressure.
        lightest: Pressure,
        /// The limit.
        limit: Pressure,
    },
    /// No region is left where it may be done: its regions are to be avoided, outside its
    /// fit, kept for the work that treats a condition there, or unsafe for a tool it needs.
    NoRegion {
        /// The regions that would have been worked on, all of them avoided or unfit.
        wanted: RegionSet,
    },
    /// A precaution (medical history, age, a fresh injury, a recent surgery) keeps it off
    /// every region it would have worked on.
    Precaution {
        /// The precaution that took its last region.
        precaution: Precaution,
    },
    /// It ranked below the protocol's limit of techniques per session.
    BelowLimit {
        /// The rank it had.
        rank: u8,
    },
    /// The protocol has no row for it.
    NotInProtocol,
}

impl Exclusion {
    /// The rule behind the exclusion.
    pub fn rule(&self) -> RuleId {
        match self {
            Exclusion::NotForClient | Exclusion::BelowLimit { .. } | Exclusion::NotInProtocol => {
                RuleId::Pairing
            }
            Exclusion::PregnantOnly
            | Exclusion::ExcludedInPregnancy
            | Exclusion::AbovePregnancyLimit { .. } => RuleId::Prenatal,
            Exclusion::NeedsApproval { contraindication } => {
                crate::protocol::rule_of(*contraindication)
            }
            Exclusion::NotCertified => RuleId::Certification,
            Exclusion::AboveTolerance { .. } | Exclusion::AboveConditionCap { .. } => {
                RuleId::Pressure
            }
            Exclusion::NoRegion { .. } => RuleId::RegionFit,
            Exclusion::Precaution { precaution } => precaution.rule(),
        }
    }
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::NotForClient => {
                f.write_str("addresses none of the client's conditions or goals")
            }
            Exclusion::PregnantOnly => f.write_str("for pregnant clients only"),
            Exclusion::NeedsApproval { contraindication } => {
                write!(f, "needs a physician's approval for {contraindication}")
            }
            Exclusion::NotCertified => f.write_str("the practitioner is not certified in it"),
            Exclusion::ExcludedInPregnancy => f.write_str("not used in pregnancy"),
            Exclusion::AboveTolerance {
                lightest,
                tolerance,
            } => write!(
                f,
                "lightest pressure {lightest} is above the client's tolerance ({tolerance})"
            ),
            Exclusion::AboveConditionCap {
                lightest,
                condition,
                cap,
            } => write!(
                f,
                "lightest pressure {lightest} is above the cap of {cap} for {condition}"
            ),
            Exclusion::AbovePregnancyLimit { lightest, limit } => write!(
                f,
                "lightest pressure {lightest} is above the pregnancy limit ({limit})"
            ),
            Exclusion::NoRegion { .. } => f.write_str(
                "every region it would work on is to be avoided, outside its fit, kept for \
                     the work that treats a condition there, or unsafe for its tools",
            ),
            Exclusion::Precaution { precaution } => {
                write!(
                    f,
                    "kept off every region it would work on by a precaution: "
                )?;
                precaution.fmt(f)
            }
            Exclusion::BelowLimit { rank } => {
                write!(f, "ranked {rank}, below the protocol's limit of techniques")
            }
            Exclusion::NotInProtocol => f.write_str("the protocol has no row for it"),
        }
    }
}

/// The precautions the protocol applies to this client: one per history item answered yes
/// or unknown, per approved age, per injury in its acute window and per surgical site too
/// recent for scar work.
pub(super) fn precautions(
    protocol: &Protocol,
    intake: &Intake,
) -> (Vec<AppliedPrecaution>, Vec<Assumption>) {
    let mut assumptions = Vec::new();
    let rules = &protocol.selection;
    let mut out = Vec::new();
    for row in &rules.history {
        let answer = intake.history.answer(row.history);
        if answer.is_no() {
            continue;
        }
        let recorded = intake.history.regions(row.history);
        let regions = if recorded.is_empty() {
            row.regions.unwrap_or(RegionSet::all())
        } else {
            recorded
        };
        out.push(AppliedPrecaution {
            precaution: Precaution::History {
                history: row.history,
            },
            answer: Some(answer),
            regions,
            max_pressure: row.max_pressure,
            excluded_techniques: row.excluded_techniques,
            excluded_tools: row.excluded_tools,
            rule: RuleId::History,
            seed: row.history.seed(),
            origin: row.origin.clone(),
        });
    }
    let screening = &protocol.screening;
    for cap in &rules.age_caps {
        // An unknown age is never cleared; were it planned, both caps would apply.
        let applies = match (cap.contraindication, intake.age) {
            (_, None) => true,
            (Contraindication::Minor, Some(age)) => age < screening.minor_under,
            (Contraindication::OlderAdult, Some(age)) => age >= screening.older_adult_from,
            _ => false,
        };
        if applies {
            out.push(AppliedPrecaution {
                precaution: Precaution::Age {
                    contraindication: cap.contraindication,
                },
                answer: None,
                regions: RegionSet::all(),
                max_pressure: Some(cap.max_pressure),
                excluded_techniques: cap.excluded_techniques,
                excluded_tools: ToolSet::empty(),
                rule: RuleId::Age,
                seed: cap.contraindication.seed(),
                origin: cap.origin.clone(),
            });
        }
    }
    let healing = &rules.healing;
    // Days from the onset to the assessment; `None` when the onset is unknown.
    let days_since = |entry: &crate::intake::ConditionEntry| {
        entry.onset.map(|onset| {
            intake
                .assessed_on
                .since(onset)
                .map_or(i32::MAX, |span| span.get_days())
        })
    };
    for entry in &intake.conditions {
        let injury = healing.injuries.contains(entry.condition);
        let surgical = healing.surgical.contains(entry.condition);
        if !injury && !surgical {
            continue;
        }
        let mut regions = entry.regions();
        if regions.is_empty() {
            regions = RegionSet::all();
        }
        let days = days_since(entry);
        let fresh = matches!(entry.acuity, Acuity::Acute | Acuity::Injury)
            && injury
            && days.is_none_or(|d| d <= i32::from(healing.acute_window_days));
        if fresh {
            out.push(AppliedPrecaution {
                precaution: Precaution::AcuteInjury {
                    condition: entry.condition,
                },
                answer: None,
                regions,
                max_pressure: Some(healing.acute_max_pressure),
                excluded_techniques: !healing.acute_techniques,
                excluded_tools: ToolSet::empty(),
                rule: RuleId::Healing,
                seed: healing.acute_seed,
                origin: healing.origin.clone(),
            });
        }
        // Without a date, a site stated chronic is past the window (and the plan says it
        // read it so); any other acuity without a date is read as recent.
        let stated_chronic = days.is_none() && entry.acuity == Acuity::Chronic;
        if surgical && stated_chronic {
            assumptions.push(Assumption {
                condition: entry.condition,
                regions,
                reading: Reading::PastScarWorkWindow,
                rule: RuleId::Healing,
                seed: healing.scar_work_seed,
            });
        }
        let too_recent = surgical
            && !stated_chronic
            && days.is_none_or(|d| d < i32::from(healing.scar_work_after_weeks) * 7);
        if too_recent {
            out.push(AppliedPrecaution {
                precaution: Precaution::ScarWork {
                    condition: entry.condition,
                },
                answer: None,
                regions,
                max_pressure: None,
                excluded_techniques: healing.scar_techniques,
                excluded_tools: ToolSet::empty(),
                rule: RuleId::Healing,
                seed: healing.scar_work_seed,
                origin: healing.origin.clone(),
            });
        }
    }
    (out, assumptions)
}
