//! The built-in protocols, as data. `protocols/*.json` are these values serialized; a test
//! keeps them in step.

use crate::protocol::{
    AgeCap, ContraindicationRule, CourseRule, GeneralSession, GentleStart, HealingRules,
    HistoryRule, LocalPrecaution, MinutesRule, Need, Origin, Pairing, PhaseRule, PregnancyRules,
    PressureCap, PressureRange, Protocol, ProtocolId, SchedulingRules, ScreeningRules,
    SelectionRules, SessionLengths, Severity, Strength, TechniqueRule, ToolSafety, ToolUse,
};
use crate::seed::SeedLines;
use crate::vocabulary::{
    Acuity, AcuitySet, BodyPart, BodyRegion, Condition, Contraindication, CourseKind, Goal,
    History, Period, Pressure, RegionSet, Technique, TechniqueSet, Tool, ToolSet,
};

const fn l(line: u16) -> SeedLines {
    SeedLines::line(line)
}

const fn ls(first: u16, last: u16) -> SeedLines {
    SeedLines::range(first, last)
}

fn parts(parts: &[BodyPart]) -> RegionSet {
    parts
        .iter()
        .map(|&p| BodyRegion::of_part(p))
        .fold(RegionSet::empty(), |a, b| a | b)
}

/// What the seed says of each technique: pressure range (ours), where it is done, the
/// tools it needs, and whether it is for pregnant clients only.
fn techniques() -> Vec<TechniqueRule> {
    use BodyPart as B;
    use Pressure::*;
    use Technique as T;
    let row = |technique: Technique, min, max, regions: Option<RegionSet>, seed| TechniqueRule {
        technique,
        pressure: PressureRange { min, max },
        regions,
        tools: Default::default(),
        pregnant_only: false,
        seed,
    };
    let cupping_regions = parts(&[
        B::UpperBack,
        B::LowerBack,
        B::Neck,
        B::Shoulder,
        B::UpperArm,
        B::Forearm,
    ]);
    let spine = parts(&[B::Head, B::Neck, B::UpperBack, B::LowerBack]);
    vec![
        row(T::Swedish, Light, Firm, None, l(106)),
        row(T::DeepTissue, Firm, Deep, None, ls(43, 45)),
        row(T::TriggerPointTherapy, Moderate, Deep, None, ls(47, 49)),
        row(T::MyofascialRelease, Light, Firm, None, ls(51, 53)),
        row(T::NeuromuscularTherapy, Moderate, Deep, None, l(157)),
        row(T::SportsMassage, Moderate, Deep, None, ls(55, 57)),
        row(
            T::CraniosacralTherapy,
            Light,
            Light,
            Some(spine),
            ls(59, 61),
        ),
        row(T::LymphaticDrainage, Light, Light, None, ls(63, 65)),
        TechniqueRule {
            pregnant_only: true,
            ..row(T::PrenatalMassage, Light, Moderate, None, ls(67, 69))
        },
        TechniqueRule {
            tools: Tool::Cups.into(),
            ..row(
                T::CuppingTherapy,
                Light,
                Moderate,
                Some(cupping_regions),
                ls(71, 85),
            )
        },
        row(T::Reflexology, Light, Firm, Some(parts(&[B::Foot])), l(111)),
        row(T::Acupressure, Moderate, Firm, None, l(7)),
        row(T::ActiveReleaseTechnique, Moderate, Deep, None, l(157)),
        row(T::Stretching, Light, Moderate, None, l(99)),
    ]
}

/// The seed's pairings of conditions and goals to techniques, one row per fact. `Primary`
/// where the seed ties them in so many words; `Supporting` where the technique's
/// description covers the need, or where the seed is silent and the pairing is ours.
fn pairings() -> Vec<Pairing> {
    use Condition as C;
    use Goal as G;
    use Strength::*;
    use Technique as T;
    let c = |condition, technique, strength, seed| Pairing {
        need: Need::Condition(condition),
        technique,
        strength,
        seed,
    };
    let g = |goal, technique, strength, seed| Pairing {
        need: Need::Goal(goal),
        technique,
        strength,
        seed,
    };
    vec![
        // Deep tissue: chronic pain and tension in the deeper layers (L45, L110).
        c(C::ChronicPain, T::DeepTissue, Primary, l(45)),
        c(C::MuscleTension, T::DeepTissue, Primary, l(110)),
        c(C::BackPain, T::DeepTissue, Supporting, l(45)),
        // Trigger points: chronically tight, painful areas and knots (L49, L108, L152).
        c(C::ChronicPain, T::TriggerPointTherapy, Primary, l(152)),
        c(C::MuscleTension, T::TriggerPointTherapy, Primary, l(49)),
        c(C::MuscleSpasm, T::TriggerPointTherapy, Supporting, l(108)),
        c(C::Headache, T::TriggerPointTherapy, Supporting, l(108)),
        c(C::NeckPain, T::TriggerPointTherapy, Supporting, l(108)),
        c(C::BackPain, T::TriggerPointTherapy, Supporting, l(108)),
        g(G::PainRelief, T::TriggerPointTherapy, Supporting, l(148)),
        // Myofascial release: adhesions, scar tissue, limited range of motion (L53, L107).
        c(C::SurgicalScarring, T::MyofascialRelease, Primary, l(107)),
        c(
            C::LimitedRangeOfMotion,
            T::MyofascialRelease,
            Primary,
            l(53),
        ),
        c(C::ChronicPain, T::MyofascialRelease, Supporting, l(53)),
        // Back pain at light pressure too: restrictions "causing pain" (L53).
        c(C::BackPain, T::MyofascialRelease, Supporting, l(53)),
        c(C::PostOperative, T::MyofascialRelease, Supporting, l(92)),
        c(C::Fibromyalgia, T::MyofascialRelease, Supporting, l(125)),
        c(C::PoorPosture, T::MyofascialRelease, Supporting, l(96)),
        g(
            G::ScarTissueRemodeling,
            T::MyofascialRelease,
            Primary,
            l(107),
        ),
        g(
            G::IncreasedMobility,
            T::MyofascialRelease,
            Supporting,
            l(53),
        ),
        // Neuromuscular therapy (L157) and the neurological conditions (L123).
        c(C::ChronicPain, T::NeuromuscularTherapy, Supporting, l(157)),
        c(C::MuscleSpasm, T::NeuromuscularTherapy, Supporting, l(122)),
        c(C::Stroke, T::NeuromuscularTherapy, Supporting, l(123)),
        c(C::NerveDamage, T::NeuromuscularTherapy, Supporting, l(123)),
        c(
            C::ParkinsonsDisease,
            T::NeuromuscularTherapy,
            Supporting,
            l(123),
        ),
        c(C::Spasticity, T::NeuromuscularTherapy, Supporting, l(123)),
        // Gentle work for them too: Swedish massage reduces tension and increases range
        // of motion (L106), what the seed offers muscle spasms (L122) and the
        // neurological conditions (L123), at light pressure when that is all the client
        // tolerates.
        c(C::MuscleSpasm, T::Swedish, Supporting, l(122)),
        c(C::ParkinsonsDisease, T::Swedish, Supporting, l(123)),
        c(C::NerveDamage, T::Swedish, Supporting, l(123)),
        // Sports massage: athletes and sports injuries (L57, L109, L126).
        c(C::AthleticTraining, T::SportsMassage, Primary, l(57)),
        c(C::Sprain, T::SportsMassage, Primary, l(126)),
        c(C::Strain, T::SportsMassage, Primary, l(126)),
        c(C::MuscleCramp, T::SportsMassage, Supporting, l(122)),
        c(C::RecentInjury, T::SportsMassage, Supporting, l(57)),
        g(G::AthleticPerformance, T::SportsMassage, Primary, l(109)),
        g(G::InjuryRecovery, T::SportsMassage, Primary, l(57)),
        g(G::PreventiveCare, T::SportsMassage, Supporting, l(109)),
        // Craniosacral therapy: head, neck and spine; tension and stress (L61).
        c(C::Headache, T::CraniosacralTherapy, Primary, l(61)),
        c(C::NeckPain, T::CraniosacralTherapy, Primary, l(61)),
        c(C::Stress, T::CraniosacralTherapy, Primary, l(61)),
        c(C::Anxiety, T::CraniosacralTherapy, Supporting, l(61)),
        g(
            G::StressReduction,
            T::CraniosacralTherapy,
            Supporting,
            l(61),
        ),
        // Lymphatic drainage: swelling, circulation, immunity (L65, L124, L127).
        c(C::Swelling, T::LymphaticDrainage, Primary, l(65)),
        c(C::PostOperative, T::LymphaticDrainage, Primary, l(127)),
        c(
            C::ChronicInflammation,
            T::LymphaticDrainage,
            Supporting,
            l(65),
        ),
        c(C::RecentInjury, T::LymphaticDrainage, Supporting, l(124)),
        c(C::RecentIllness, T::LymphaticDrainage, Supporting, l(124)),
        c(
            C::AutoimmuneDisorder,
            T::LymphaticDrainage,
            Supporting,
            l(31),
        ),
        c(C::OncologyPatient, T::LymphaticDrainage, Supporting, l(31)),
        g(G::ReducedSwelling, T::LymphaticDrainage, Primary, l(65)),
        g(G::ImmuneSupport, T::LymphaticDrainage, Primary, l(65)),
        g(
            G::ReducedInflammation,
            T::LymphaticDrainage,
            Supporting,
            l(20),
        ),
        g(
            G::ImprovedCirculation,
            T::LymphaticDrainage,
            Supporting,
            l(65),
        ),
        // Prenatal massage: "used during pregnancy to help reduce stress and pain, improve
        // circulation, and promote relaxation ... alleviate discomfort" (L69). Back and
        // neck pain, tension, cramps and swelling are the pains and discomforts of
        // pregnancy it is read to serve (supporting where the words are ours).
        c(C::PregnancyDiscomfort, T::PrenatalMassage, Primary, l(69)),
        c(C::Stress, T::PrenatalMassage, Primary, l(69)),
        c(C::BackPain, T::PrenatalMassage, Primary, l(69)),
        c(C::Anxiety, T::PrenatalMassage, Supporting, l(69)),
        c(C::NeckPain, T::PrenatalMassage, Supporting, l(69)),
        c(C::ChronicPain, T::PrenatalMassage, Supporting, l(69)),
        c(C::MuscleTension, T::PrenatalMassage, Supporting, l(69)),
        c(C::MuscleCramp, T::PrenatalMassage, Supporting, l(69)),
        c(C::Swelling, T::PrenatalMassage, Supporting, l(69)),
        g(G::Relaxation, T::PrenatalMassage, Primary, l(69)),
        g(G::PainRelief, T::PrenatalMassage, Primary, l(69)),
        g(G::StressReduction, T::PrenatalMassage, Primary, l(69)),
        g(G::ImprovedCirculation, T::PrenatalMassage, Primary, l(69)),
        // Cupping: tight muscles, range of motion, circulation, stress (L77-83).
        c(C::MuscleTension, T::CuppingTherapy, Primary, l(78)),
        c(
            C::LimitedRangeOfMotion,
            T::CuppingTherapy,
            Supporting,
            l(79),
        ),
        c(C::ChronicInflammation, T::CuppingTherapy, Supporting, l(77)),
        g(G::ImprovedCirculation, T::CuppingTherapy, Primary, l(80)),
        g(G::PainRelief, T::CuppingTherapy, Supporting, l(77)),
        g(G::ReducedInflammation, T::CuppingTherapy, Supporting, l(77)),
        // Reflexology: points on the feet (L111); what it serves is ours.
        g(G::Relaxation, T::Reflexology, Supporting, l(111)),
        g(G::StressReduction, T::Reflexology, Supporting, l(111)),
        // Acupressure (L7); what it serves is ours.
        c(C::Headache, T::Acupressure, Supporting, l(7)),
        g(G::PainRelief, T::Acupressure, Supporting, l(7)),
        // Active release technique: decrease pain and inflammation (L157).
        c(C::Strain, T::ActiveReleaseTechnique, Supporting, l(157)),
        c(
            C::LimitedRangeOfMotion,
            T::ActiveReleaseTechnique,
            Supporting,
            l(157),
        ),
        // Stretching: mobility and posture (L99).
        c(C::LimitedRangeOfMotion, T::Stretching, Primary, l(99)),
        c(C::PoorPosture, T::Stretching, Primary, l(99)),
        c(C::Spasticity, T::Stretching, Supporting, l(123)),
        g(G::IncreasedMobility, T::Stretching, Primary, l(99)),
        g(G::ImprovedPosture, T::Stretching, Primary, l(99)),
        // Swedish massage: circulation, tension and stress, range of motion (L106).
        c(C::Stress, T::Swedish, Primary, l(106)),
        c(C::Anxiety, T::Swedish, Primary, l(128)),
        c(C::MuscleTension, T::Swedish, Supporting, l(106)),
        c(C::MuscleCramp, T::Swedish, Supporting, l(122)),
        c(C::RecentIllness, T::Swedish, Supporting, l(124)),
        c(C::Fibromyalgia, T::Swedish, Supporting, l(125)),
        c(C::AutoimmuneDisorder, T::Swedish, Supporting, l(31)),
        c(C::OncologyPatient, T::Swedish, Supporting, l(31)),
        c(C::Stroke, T::Swedish, Supporting, l(123)),
        // Knee osteoarthritis (ours): chronic pain and stiffness of one joint (L121, L22).
        c(C::KneeOsteoarthritis, T::Swedish, Supporting, l(121)),
        c(
            C::KneeOsteoarthritis,
            T::MyofascialRelease,
            Supporting,
            l(22),
        ),
        c(C::KneeOsteoarthritis, T::Stretching, Supporting, l(99)),
        g(G::ImprovedCirculation, T::Swedish, Primary, l(106)),
        g(G::StressReduction, T::Swedish, Primary, l(106)),
        g(G::Relaxation, T::Swedish, Primary, l(153)),
        g(G::IncreasedMobility, T::Swedish, Supporting, l(106)),
        g(G::PreventiveCare, T::Swedish, Supporting, l(97)),
        g(G::PainRelief, T::Swedish, Supporting, l(148)),
        // Deep tissue for pain relief (L148) and posture (L96).
        g(G::PainRelief, T::DeepTissue, Supporting, l(148)),
        g(G::ImprovedPosture, T::MyofascialRelease, Supporting, l(96)),
        // Sports injuries heal with gentler work too: soreness, swelling, range of motion
        // (L124, L126), healing (L20), flexibility (L57).
        c(C::Strain, T::MyofascialRelease, Supporting, l(126)),
        c(C::Strain, T::Swedish, Supporting, l(126)),
        c(C::Strain, T::LymphaticDrainage, Supporting, l(124)),
        c(C::Sprain, T::LymphaticDrainage, Supporting, l(124)),
        g(G::InjuryRecovery, T::LymphaticDrainage, Supporting, l(20)),
        g(G::InjuryRecovery, T::MyofascialRelease, Supporting, l(53)),
        c(C::AthleticTraining, T::Stretching, Supporting, l(57)),
        g(G::AthleticPerformance, T::Stretching, Supporting, l(57)),
    ]
}

/// Stones with Swedish massage and lymphatic drainage (L19); which need calls for which
/// stone is ours.
fn tool_uses() -> Vec<ToolUse> {
    vec![
        ToolUse {
            technique: Technique::Swedish,
            tools: Tool::HotStones.into(),
            need: Need::Condition(Condition::MuscleTension),
            seed: l(19),
        },
        ToolUse {
            technique: Technique::Swedish,
            tools: Tool::HotStones.into(),
            need: Need::Goal(Goal::Relaxation),
            seed: l(19),
        },
        ToolUse {
            technique: Technique::LymphaticDrainage,
            tools: Tool::ColdStones.into(),
            need: Need::Condition(Condition::Swelling),
            seed: l(19),
        },
    ]
}

/// Conditions that cap pressure for the whole session (ours, read from L161 and from each
/// condition's seed line).
fn pressure_caps() -> Vec<PressureCap> {
    use Condition as C;
    use Pressure::*;
    [
        (C::Swelling, Light),
        (C::PostOperative, Light),
        (C::OncologyPatient, Light),
        (C::RecentInjury, Moderate),
        (C::Sprain, Moderate),
        (C::Strain, Moderate),
        (C::RecentIllness, Moderate),
        (C::Fibromyalgia, Moderate),
        (C::AutoimmuneDisorder, Moderate),
        (C::Stroke, Moderate),
        (C::NerveDamage, Moderate),
        (C::ParkinsonsDisease, Moderate),
    ]
    .into_iter()
    .map(|(condition, max)| PressureCap {
        condition,
        max,
        seed: condition.seed(),
    })
    .collect()
}

/// Regions kept for the techniques that treat the condition there (ours): a fresh injury,
/// swelling, a surgical site or acute inflammation is not a place for work done for
/// another need.
fn local_precautions() -> Vec<LocalPrecaution> {
    use Acuity as A;
    use Condition as C;
    let fresh = A::Acute | A::Injury;
    [
        (C::Swelling, AcuitySet::empty()),
        (C::RecentInjury, AcuitySet::empty()),
        (C::PostOperative, AcuitySet::empty()),
        (C::Sprain, fresh),
        (C::Strain, fresh),
        (C::ChronicInflammation, A::Acute.into()),
    ]
    .into_iter()
    .map(|(condition, acuities)| LocalPrecaution {
        condition,
        acuities,
        seed: condition.seed(),
        origin: Origin::Ours,
    })
    .collect()
}

/// Where the tools must not go (ours; the physiology of heat and cold is summarised in
/// Nadler, Weingand and Kruse, Pain Physician 2004;7(3):395-399).
fn tool_safety() -> Vec<ToolSafety> {
    use Acuity as A;
    use Condition as C;
    use Tool::*;
    let fresh = A::Acute | A::Injury;
    let any = AcuitySet::empty();
    let heat_swells = "heat draws blood into the tissue and adds to swelling and bleeding";
    let numb = "sensation may be reduced: the client cannot feel a burn or a cold injury";
    [
        (HotStones, C::Swelling, any, heat_swells),
        (HotStones, C::RecentInjury, any, heat_swells),
        (HotStones, C::Sprain, fresh, heat_swells),
        (HotStones, C::Strain, fresh, heat_swells),
        (
            HotStones,
            C::PostOperative,
            any,
            "no heat on a healing surgical site",
        ),
        (
            HotStones,
            C::ChronicInflammation,
            A::Acute.into(),
            "heat feeds an acute inflammation",
        ),
        (HotStones, C::NerveDamage, any, numb),
        (HotStones, C::Stroke, any, numb),
        (ColdStones, C::NerveDamage, any, numb),
        (ColdStones, C::Stroke, any, numb),
        (
            ColdStones,
            C::AutoimmuneDisorder,
            any,
            "cold can set off Raynaud's phenomenon, common in systemic autoimmune disease",
        ),
        (
            Cups,
            C::PostOperative,
            any,
            "suction bruises and pulls on healing tissue",
        ),
        (
            Cups,
            C::RecentInjury,
            any,
            "suction bruises and pulls on healing tissue",
        ),
    ]
    .into_iter()
    .map(|(tool, condition, acuities, note)| ToolSafety {
        tool,
        condition,
        acuities,
        seed: condition.seed(),
        origin: Origin::Ours,
        note: note.into(),
    })
    .collect()
}

/// What the medical history changes (ours, as a careful clinician works; L176 asks for
/// the history to be assessed, and says nothing of what each item changes).
fn history() -> Vec<HistoryRule> {
    use BodyPart as B;
    use Technique as T;
    let row = |history, regions, max_pressure, excluded_techniques, excluded_tools, note: &str| {
        HistoryRule {
            history,
            regions,
            max_pressure,
            excluded_techniques,
            excluded_tools,
            origin: Origin::Ours,
            note: note.into(),
        }
    };
    let bruising = T::DeepTissue | T::CuppingTherapy;
    vec![
        row(
            History::Anticoagulants,
            None,
            Some(Pressure::Moderate),
            bruising,
            Tool::Cups.into(),
            "blood that clots slowly bruises and bleeds under firm pressure and suction",
        ),
        row(
            History::Corticosteroids,
            None,
            Some(Pressure::Moderate),
            bruising,
            Tool::Cups.into(),
            "long-term corticosteroids thin the skin and weaken tissue and bone",
        ),
        row(
            History::Osteoporosis,
            Some(parts(&[
                B::Neck,
                B::UpperBack,
                B::LowerBack,
                B::Chest,
                B::Hip,
            ])),
            Some(Pressure::Moderate),
            TechniqueSet::empty(),
            ToolSet::empty(),
            "no firm pressure on the spine, ribs or hips, where fragile bone fractures",
        ),
        row(
            History::ReducedSensation,
            Some(parts(&[B::Foot, B::LowerLeg, B::Hand])),
            Some(Pressure::Moderate),
            TechniqueSet::empty(),
            Tool::HotStones | Tool::ColdStones,
            "the client cannot feel a burn, a cold injury or too much pressure; a neuropathy \
             is most often in the feet, lower legs and hands",
        ),
        row(
            History::VaricoseVeins,
            Some(parts(&[B::Thigh, B::Knee, B::LowerLeg])),
            Some(Pressure::Light),
            bruising,
            Tool::Cups | Tool::HotStones,
            "no pressure, suction or heat on varicose veins: fragile veins, and a clot may \
             hide in them",
        ),
    ]
}

/// Pressure for approved minors and older adults (ours).
fn age_caps() -> Vec<AgeCap> {
    vec![
        AgeCap {
            contraindication: Contraindication::Minor,
            max_pressure: Pressure::Moderate,
            excluded_techniques: TechniqueSet::empty(),
            origin: Origin::Ours,
            note: "a growing body is treated gently, at moderate pressure at most".into(),
        },
        AgeCap {
            contraindication: Contraindication::OlderAdult,
            max_pressure: Pressure::Moderate,
            excluded_techniques: TechniqueSet::empty(),
            origin: Origin::Ours,
            note: "thinner skin and more fragile bone and vessels with age: moderate pressure \
                   at most"
                .into(),
        },
    ]
}

/// Time to heal (ours): the inflammatory phase of a soft-tissue injury lasts about three
/// days, and a surgical incision needs some six weeks before it takes scar work.
fn healing() -> HealingRules {
    use Condition as C;
    use Technique as T;
    HealingRules {
        injuries: C::RecentInjury | C::Sprain | C::Strain,
        acute_window_days: 3,
        acute_techniques: T::LymphaticDrainage.into(),
        acute_max_pressure: Pressure::Light,
        acute_seed: l(124),
        surgical: C::PostOperative | C::SurgicalScarring,
        scar_work_after_weeks: 6,
        scar_techniques: T::MyofascialRelease
            | T::DeepTissue
            | T::CuppingTherapy
            | T::ActiveReleaseTechnique,
        scar_work_seed: l(127),
        origin: Origin::Ours,
        note: "in the first days after an injury only lymphatic drainage, at light pressure, \
               on the injured region; no scar work on a surgical site until six weeks after \
               the surgery"
            .into(),
    }
}

/// Courses in order of priority, most frequent first. Frequencies from the seed
/// (L167-171); phase lengths are ours.
fn scheduling() -> SchedulingRules {
    let weekly = |sessions, weeks, seed| PhaseRule {
        sessions,
        per: Period::Week,
        periods: weeks,
        seed,
    };
    let monthly = |months| PhaseRule {
        sessions: 1,
        per: Period::Month,
        periods: months,
        seed: l(171),
    };
    SchedulingRules {
        courses: vec![
            CourseRule {
                kind: CourseKind::Acute,
                for_acuity: Some(Acuity::Acute),
                for_condition: None,
                session_minutes: None,
                phases: vec![
                    weekly(3, 2, l(169)),
                    weekly(2, 2, l(169)),
                    weekly(1, 2, l(169)),
                ],
            },
            CourseRule {
                kind: CourseKind::InjuryRecovery,
                for_acuity: Some(Acuity::Injury),
                for_condition: None,
                session_minutes: None,
                phases: vec![weekly(2, 3, l(170)), weekly(1, 3, l(170))],
            },
            CourseRule {
                kind: CourseKind::Chronic,
                for_acuity: Some(Acuity::Chronic),
                for_condition: None,
                session_minutes: None,
                phases: vec![weekly(2, 4, l(168)), weekly(1, 4, l(168)), monthly(3)],
            },
            CourseRule {
                kind: CourseKind::Maintenance,
                for_acuity: Some(Acuity::Ongoing),
                for_condition: None,
                session_minutes: None,
                phases: vec![monthly(6)],
            },
            CourseRule {
                kind: CourseKind::Single,
                for_acuity: None,
                for_condition: None,
                session_minutes: None,
                phases: vec![weekly(1, 1, l(167))],
            },
        ],
        rescreen_after_days: 30,
        improvement_percent: 30,
        worse_pain_points: 1,
        worse_function_points: 10,
        max_holds: 2,
    }
}

fn selection() -> SelectionRules {
    SelectionRules {
        techniques: techniques(),
        pairings: pairings(),
        tool_uses: tool_uses(),
        pressure_caps: pressure_caps(),
        local_precautions: local_precautions(),
        tool_safety: tool_safety(),
        history: history(),
        age_caps: age_caps(),
        gentle_start: GentleStart {
            levels_below: 1,
            origin: Origin::Ours,
        },
        healing: healing(),
        general_session: GeneralSession {
            goals: Goal::Relaxation | Goal::StressReduction,
            seed: l(23),
            origin: Origin::Ours,
        },
        pregnancy: PregnancyRules {
            max_pressure: Pressure::Moderate,
            avoid: BodyRegion::Abdomen.into(),
            excluded_techniques: Technique::DeepTissue
                | Technique::CuppingTherapy
                | Technique::Acupressure,
            excluded_tools: Tool::HotStones.into(),
            first_choice: Technique::PrenatalMassage.into(),
        },
        max_techniques: 4,
        minutes: MinutesRule {
            min_per_technique: 8,
            origin: Origin::Ours,
        },
        session: SessionLengths {
            standard_minutes: 45,
            chronic_minutes: 60,
        },
    }
}

fn id(text: &str) -> ProtocolId {
    ProtocolId::new(text).expect("built-in ids are valid")
}

fn row(contraindication: Contraindication, severity: Severity) -> ContraindicationRule {
    ContraindicationRule {
        contraindication,
        severity,
        note: None,
    }
}

/// The seed protocol: every rule as the seed document states it.
pub(crate) fn seed() -> Protocol {
    use Contraindication::*;
    use Severity::*;
    Protocol {
        id: id("seed"),
        version: 4,
        title: "Medical massage rules as the seed document states them".into(),
        based_on: None,
        notes: vec![
            "Age limits (minor under 18, older adult from 65) are ours; the seed says only \
             'children or elderly patients' (L134)."
                .into(),
            "Ours where the seed is silent: technique pressure ranges, pressure caps by \
             condition, pregnancy rules (moderate pressure at most, no abdomen, no deep tissue, \
             cupping, acupressure or hot stones), at most 4 techniques, 45-minute sessions and \
             60 minutes for chronic conditions (Sherman et al., Ann Fam Med 2014)."
                .into(),
            "Ours where the seed is silent: phase lengths (acute 3, 2, then 1 a week for two \
             weeks each; injury 2 then 1 a week for three weeks each; chronic 2 then 1 a week \
             for four weeks each, then monthly for three months; maintenance monthly for six \
             months), 30% improvement to taper, 1 pain point (10 function points) worse to \
             refer, 2 reassessments without progress to re-screen."
                .into(),
            "A blood clot or cancer is local to its region, as the seed states (L138-139); \
             choose 'conservative' to require a physician's approval instead (docs/DESIGN.md C5)."
                .into(),
            "Version 2 (ours where the seed is silent): regions of a fresh injury, swelling, a \
             surgical site or acute inflammation are kept for the work that treats them; hot \
             stones stay off swelling, fresh injuries, surgical sites, acute inflammation and \
             skin with reduced sensation, cold stones off reduced sensation and autoimmune \
             disease (Raynaud's); cups off surgical sites and fresh injuries; prenatal massage \
             is the first choice for an approved pregnant client (L69); a client who names no \
             need gets a general session for relaxation and stress (L23); a course starts at \
             most 30 days after the assessment."
                .into(),
            "Version 3 (ours where the seed is silent): the medical history (L176) changes the \
             work: anticoagulants and long-term corticosteroids cap pressure at moderate and \
             rule out deep tissue and cupping; osteoporosis caps pressure on the spine, ribs \
             and hips; reduced sensation caps pressure and keeps hot and cold stones off; \
             varicose veins get light pressure, no cups and no heat; a fever or a systemic \
             infection postpones the session (L135 read for the whole body). Approved minors \
             and older adults get moderate pressure at most; a course starts one level below \
             the client's ceiling (L161); an injury's first three days get only lymphatic \
             drainage on its region; no scar work until six weeks after surgery."
                .into(),
        ],
        screening: ScreeningRules {
            minor_under: 18,
            older_adult_from: 65,
            require_licence: true,
            require_medical_training: true,
            contraindications: vec![
                row(Minor, NeedsApproval),
                row(OlderAdult, NeedsApproval),
                row(Pregnancy, NeedsApproval),
                row(Infection, Local),
                row(AcuteInflammation, Local),
                row(SkinCondition, Local),
                row(OpenWound, Local),
                row(Cancer, Local),
                row(BloodClot, Local),
                ContraindicationRule {
                    note: Some(
                        "postpone the session until the fever or the infection has passed \
                         (L135 read for the whole body; ours)"
                            .into(),
                    ),
                    ..row(Fever, NotPermitted)
                },
            ],
        },
        selection: selection(),
        scheduling: scheduling(),
    }
}

/// The conservative protocol: the seed, with blood clots and cancer escalated to a
/// physician's approval (docs/DESIGN.md C5).
///
/// It is stated as a variant of the seed, in the language of every research variant:
/// `protocols/variants/conservative.json`, an RFC 6902 patch. The protocol that patch
/// makes is committed as `protocols/conservative.json` and read here, so the core needs
/// no patch engine; `tests/protocols.rs` applies the variant file to the seed and fails
/// if the two differ.
pub(crate) fn conservative() -> Protocol {
    const TEXT: &str = include_str!("../../protocols/conservative.json");
    // The file is the crate's own, checked by tests/protocols.rs to read and validate;
    // an edit that breaks it fails every test that uses this protocol.
    serde_json::from_str(TEXT).expect("protocols/conservative.json is a valid protocol")
}
