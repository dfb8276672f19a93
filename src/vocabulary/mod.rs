//! The vocabulary of the seed: techniques, tools, conditions, goals, contraindications,
//! body regions, pressure levels and a few small answers.
//!
//! Every enum comes from one table (the `vocabulary!` rows below): the variant, its
//! stable numeric code, its stable snake_case name, a human label and the seed lines it
//! is read from. strum derives its names from that row, serde goes through strum, and
//! the codes are the enum discriminants (and the bit index in the enum's set).

use std::fmt;

use enumset::{EnumSet, EnumSetType};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::seed::SeedLines;

/// The years an assessment, and so a course, may fall in
/// ([`Limits::YEARS`](crate::Limits::YEARS)).
pub const YEARS: std::ops::RangeInclusive<i16> = crate::limits::Limits::YEARS;

/// A word that names no variant of a vocabulary enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct NameError {
    kind: &'static str,
    word: String,
}

/// `unknown {kind} {word:?}`: the message of a [`NameError`], written from the word where
/// it stands, so a reader that only reports the word copies it once, into its message.
/// A word of printable ASCII without a quote or a backslash (nearly every one) is quoted
/// as `Debug` would quote it, without its escaping scan character by character: the
/// message is made for every unknown word read.
pub(crate) struct Unknown<'a> {
    pub(crate) kind: &'static str,
    pub(crate) word: &'a str,
}

impl fmt::Display for Unknown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self
            .word
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
        if plain {
            // A short message is written whole, so a `to_string` (as serde's errors make)
            // allocates it once instead of growing it piece by piece.
            let mut whole = arrayvec::ArrayString::<64>::new();
            let pieces = ["unknown ", self.kind, " \"", self.word, "\""];
            if pieces.iter().all(|p| whole.try_push_str(p).is_ok()) {
                return f.write_str(&whole);
            }
            pieces.iter().try_for_each(|p| f.write_str(p))
        } else {
            write!(f, "unknown {} {:?}", self.kind, self.word)
        }
    }
}

/// The variant named `word`, or serde's error naming the word, as a vocabulary reads
/// from any serde format.
pub(crate) fn from_word<T: Listed, E: serde::de::Error>(word: &str) -> Result<T, E> {
    T::lookup(word).ok_or_else(|| {
        E::custom(Unknown {
            kind: T::KIND,
            word,
        })
    })
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Unknown {
            kind: self.kind,
            word: &self.word,
        }
        .fmt(f)
    }
}

impl NameError {
    fn new(kind: &'static str, word: &str) -> Self {
        NameError {
            kind,
            word: word.to_owned(),
        }
    }

    /// Which vocabulary was asked (`"technique"`, `"body region"`, ...).
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The word that was not recognised.
    pub fn word(&self) -> &str {
        &self.word
    }
}

#[cfg(test)]
mod name_error_tests {
    use super::*;

    #[test]
    fn the_message_quotes_the_word_as_debug_does() {
        for word in [
            "maybe",
            "",
            "a b~",
            "say \"no\"",
            "back\\slash",
            "tab\t",
            "é",
            "\u{7f}",
            // Past the 64 bytes written whole: written piece by piece.
            "a_word_long_enough_that_the_whole_message_is_past_sixty_four_bytes",
        ] {
            let err = NameError::new("answer", word);
            assert_eq!(
                err.to_string(),
                format!("unknown answer {word:?}"),
                "{word}"
            );
        }
    }
}

/// What every vocabulary enum offers, for code that is generic over them.
pub trait Vocabulary: Copy + Eq + Ord + fmt::Debug + fmt::Display + 'static {
    /// The set type of this vocabulary.
    type Set: VocabularySet<Variant = Self>;
    /// What this vocabulary is called in messages (`"technique"`).
    const KIND: &'static str;
    /// Every variant, in code order.
    const ALL: &'static [Self];
    /// The stable snake_case name, used in JSON and in text.
    fn name(self) -> &'static str;
    /// A label for people.
    fn label(self) -> &'static str;
    /// The stable numeric code, used by the C ABI.
    fn code(self) -> u8;
    /// The seed lines this item is read from.
    fn seed(self) -> SeedLines;
    /// The variant with this code, if any.
    fn from_code(code: u8) -> Option<Self>;
    /// The variant with this name; the error names the bad word.
    fn from_name(name: &str) -> Result<Self, NameError>;
}

/// What the crate's readers need of a vocabulary beyond its public API: every name in
/// one text, for the messages that list the valid words (written when the crate is
/// compiled, not word by word each time one is made), and a lookup by name that makes
/// no error. Both come from the `vocabulary!` table's rows, as `ALL` does.
pub(crate) trait Listed: Vocabulary {
    /// Every name in code order, each followed by `", "`.
    const NAMES: &'static str;

    /// The variant with this name, if any: what `FromStr` finds, without making the
    /// error a reader that reports the word itself throws away.
    fn lookup(word: &str) -> Option<Self>;

    /// Every name in code order, joined by `", "`.
    fn names() -> &'static str {
        Self::NAMES.strip_suffix(", ").unwrap_or(Self::NAMES)
    }
}

#[cfg(test)]
mod listed_tests {
    use super::*;

    /// Runs a generic check over every vocabulary.
    macro_rules! each_vocabulary {
        ($check:ident) => {
            $check::<Technique>();
            $check::<Tool>();
            $check::<Condition>();
            $check::<Goal>();
            $check::<Contraindication>();
            $check::<BodyPart>();
            $check::<BodyRegion>();
            $check::<Pressure>();
            $check::<Side>();
            $check::<Acuity>();
            $check::<Answer>();
            $check::<RuleId>();
            $check::<Question>();
            $check::<History>();
            $check::<Day>();
            $check::<CourseKind>();
            $check::<Period>();
        };
    }

    fn list_is_its_names<T: Listed>() {
        let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
        assert_eq!(T::names(), names.join(", "), "{}", T::KIND);
    }

    #[test]
    fn each_vocabularys_list_is_its_names_in_code_order() {
        each_vocabulary!(list_is_its_names);
    }

    /// Every name finds its own variant, and a word that is not exactly a name finds none:
    /// the same through `lookup`, `FromStr` and serde, and the error names the word.
    fn names_find_themselves<T>()
    where
        T: Listed + std::str::FromStr<Err = NameError> + serde::de::DeserializeOwned,
    {
        for &v in T::ALL {
            let name = v.name();
            assert_eq!(T::lookup(name), Some(v));
            assert_eq!(name.parse::<T>(), Ok(v));
            let json = serde_json::to_string(name).unwrap();
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
            for near in [
                name.to_uppercase(),
                format!("{name} "),
                format!(" {name}"),
                format!("{name}_"),
                name[..name.len() - 1].to_owned(),
            ] {
                assert_eq!(T::lookup(&near), None, "{near:?}");
                let err = near.parse::<T>().unwrap_err();
                assert_eq!((err.kind(), err.word()), (T::KIND, near.as_str()));
                let json = serde_json::to_string(&near).unwrap();
                let serde = serde_json::from_str::<T>(&json).unwrap_err().to_string();
                assert!(serde.starts_with(&err.to_string()), "{serde}");
            }
        }
        assert_eq!(T::lookup(""), None);
    }

    #[test]
    fn each_vocabularys_names_find_their_variants_and_nothing_else() {
        each_vocabulary!(names_find_themselves);
    }
}

/// A set of one vocabulary ([`RegionSet`], [`TechniqueSet`], ...), for code that is
/// generic over them. Each is a newtype over an `enumset::EnumSet` that serializes as a
/// list of names and carries its own JSON Schema.
pub trait VocabularySet:
    Copy
    + Default
    + Eq
    + fmt::Debug
    + From<EnumSet<Self::Variant>>
    + Into<EnumSet<Self::Variant>>
    + FromIterator<Self::Variant>
    + IntoIterator<Item = Self::Variant>
    + 'static
{
    /// The vocabulary the set holds.
    type Variant: Vocabulary + enumset::EnumSetType;
}

// The table macro: each vocabulary below is one `vocabulary!` row set (see macros.rs).
#[macro_use]
mod macros;

pub(crate) mod forms;
pub(crate) mod json;

const fn l(line: u16) -> SeedLines {
    SeedLines::line(line)
}

const fn ls(first: u16, last: u16) -> SeedLines {
    SeedLines::range(first, last)
}

vocabulary! {
    /// A massage technique (L17, L43-85, L101-111, L157, L99).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Technique, "technique", "A set of techniques (a `Copy` bitset).", TechniqueSet {
        Swedish = 0, "swedish", "Swedish massage", l(106);
        DeepTissue = 1, "deep_tissue", "Deep tissue massage", ls(43, 45);
        TriggerPointTherapy = 2, "trigger_point_therapy", "Trigger point therapy", ls(47, 49);
        MyofascialRelease = 3, "myofascial_release", "Myofascial release", ls(51, 53);
        NeuromuscularTherapy = 4, "neuromuscular_therapy", "Neuromuscular therapy", l(157);
        SportsMassage = 5, "sports_massage", "Sports massage", ls(55, 57);
        CraniosacralTherapy = 6, "craniosacral_therapy", "Craniosacral therapy", ls(59, 61);
        LymphaticDrainage = 7, "lymphatic_drainage", "Lymphatic drainage", ls(63, 65);
        PrenatalMassage = 8, "prenatal_massage", "Prenatal massage", ls(67, 69);
        CuppingTherapy = 9, "cupping_therapy", "Cupping therapy", ls(71, 85);
        Reflexology = 10, "reflexology", "Reflexology", l(111);
        Acupressure = 11, "acupressure", "Acupressure", l(7);
        ActiveReleaseTechnique = 12, "active_release_technique", "Active release technique", l(157);
        Stretching = 13, "stretching", "Assisted stretching", l(99);
    }
}

vocabulary! {
    /// A tool the therapist uses (L19, L75).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Tool, "tool", "A set of tools (a `Copy` bitset).", ToolSet {
        HotStones = 0, "hot_stones", "Hot stones", l(19);
        ColdStones = 1, "cold_stones", "Cold stones", l(19);
        Cups = 2, "cups", "Cups", l(75);
    }
}

vocabulary! {
    /// A condition a client presents (L15-23, L31, L92, L96, L121-128, L157, L186).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Condition, "condition", "A set of conditions (a `Copy` bitset).", ConditionSet {
        ChronicPain = 0, "chronic_pain", "Chronic pain", l(121);
        MuscleTension = 1, "muscle_tension", "Muscle tension or tightness", l(122);
        MuscleSpasm = 2, "muscle_spasm", "Muscle spasms", l(122);
        MuscleCramp = 3, "muscle_cramp", "Muscle cramps", l(122);
        BackPain = 4, "back_pain", "Back pain", l(21);
        NeckPain = 5, "neck_pain", "Neck pain", l(21);
        Headache = 6, "headache", "Headaches", l(21);
        ChronicInflammation = 7, "chronic_inflammation", "Chronic inflammation", l(7);
        Stroke = 8, "stroke", "After a stroke", l(123);
        NerveDamage = 9, "nerve_damage", "Nerve damage", l(123);
        ParkinsonsDisease = 10, "parkinsons_disease", "Parkinson's disease", l(123);
        Spasticity = 11, "spasticity", "Spasticity", l(123);
        Fibromyalgia = 12, "fibromyalgia", "Fibromyalgia", l(125);
        Sprain = 13, "sprain", "Sprain", l(126);
        Strain = 14, "strain", "Strain", l(126);
        RecentInjury = 15, "recent_injury", "Recent injury", l(124);
        RecentIllness = 16, "recent_illness", "Recent illness", l(124);
        PostOperative = 17, "post_operative", "After surgery", l(127);
        SurgicalScarring = 18, "surgical_scarring", "Surgical scarring and adhesions", l(92);
        Swelling = 19, "swelling", "Swelling", l(124);
        LimitedRangeOfMotion = 20, "limited_range_of_motion", "Limited range of motion or stiffness", l(22);
        PoorPosture = 21, "poor_posture", "Poor posture", l(96);
        Anxiety = 22, "anxiety", "Anxiety", l(128);
        Stress = 23, "stress", "Stress", l(128);
        AthleticTraining = 24, "athletic_training", "Athlete preparing, recovering or performing", l(57);
        PregnancyDiscomfort = 25, "pregnancy_discomfort", "Discomfort of pregnancy", l(69);
        AutoimmuneDisorder = 26, "autoimmune_disorder", "Autoimmune disorder", l(31);
        OncologyPatient = 27, "oncology_patient", "Living with cancer (treated away from any tumour site)", l(31);
        KneeOsteoarthritis = 28, "knee_osteoarthritis", "Osteoarthritis of the knee (ours, a chronic pain condition)", l(121);
    }
}

vocabulary! {
    /// A goal of treatment, or a benefit the client seeks (L20-23, L77-83, L91-97, L146-153).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Goal, "goal", "A set of goals (a `Copy` bitset).", GoalSet {
        PainRelief = 0, "pain_relief", "Pain relief", l(92);
        ImprovedCirculation = 1, "improved_circulation", "Improved circulation", l(93);
        IncreasedMobility = 2, "increased_mobility", "Increased mobility", l(94);
        StressReduction = 3, "stress_reduction", "Stress reduction", l(95);
        Relaxation = 4, "relaxation", "Relaxation", l(153);
        ImprovedPosture = 5, "improved_posture", "Improved posture", l(96);
        PreventiveCare = 6, "preventive_care", "Preventive care", l(97);
        ReducedInflammation = 7, "reduced_inflammation", "Reduced inflammation", l(20);
        ReducedSwelling = 8, "reduced_swelling", "Reduced swelling", l(65);
        ImmuneSupport = 9, "immune_support", "Immune support", l(151);
        AthleticPerformance = 10, "athletic_performance", "Athletic performance", l(109);
        InjuryRecovery = 11, "injury_recovery", "Recovery from injury", l(170);
        ScarTissueRemodeling = 12, "scar_tissue_remodeling", "Scar tissue remodelling", l(107);
    }
}

vocabulary! {
    /// A reason not to massage, or not without a physician (L130-140).
    ///
    /// `minor`, `older_adult`, `pregnancy` and `fever` concern the whole client and follow
    /// from the intake's age, pregnancy and medical-history answers; the others are
    /// findings on a body region.
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Contraindication, "contraindication", "A set of contraindications (a `Copy` bitset).", ContraindicationSet {
        Minor = 0, "minor", "Child (minor)", l(134);
        OlderAdult = 1, "older_adult", "Elderly client", l(134);
        Pregnancy = 2, "pregnancy", "Pregnancy", l(140);
        Infection = 3, "infection", "Infection", l(135);
        AcuteInflammation = 4, "acute_inflammation", "Acute inflammation", l(135);
        SkinCondition = 5, "skin_condition", "Skin condition (eczema, psoriasis)", l(136);
        OpenWound = 6, "open_wound", "Open wound or abrasion", l(137);
        Cancer = 7, "cancer", "Known or suspected cancer", l(138);
        BloodClot = 8, "blood_clot", "Blood clot", l(139);
        Fever = 9, "fever", "Fever or a systemic (whole-body) infection", l(135);
    }
}

impl Contraindication {
    /// The contraindications that concern the whole client (age, pregnancy, a fever or a
    /// systemic infection) rather than a region; they come from the intake's answers, never
    /// from a finding.
    pub const WHOLE_CLIENT: ContraindicationSet =
        ContraindicationSet::from_set(enumset::enum_set!(
            Contraindication::Minor
                | Contraindication::OlderAdult
                | Contraindication::Pregnancy
                | Contraindication::Fever
        ));

    /// The contraindications a physician's approval can ever cover: every one but a fever
    /// or systemic infection, which postpones the session until it has passed (L135) and
    /// is never approved away. Protocol validation refuses a row that would let an
    /// approval cover one outside this set, and screening ignores such a cover.
    pub const APPROVABLE: ContraindicationSet = ContraindicationSet::from_set(enumset::enum_set!(
        Contraindication::Minor
            | Contraindication::OlderAdult
            | Contraindication::Pregnancy
            | Contraindication::Infection
            | Contraindication::AcuteInflammation
            | Contraindication::SkinCondition
            | Contraindication::OpenWound
            | Contraindication::Cancer
            | Contraindication::BloodClot
    ));

    /// Whether a physician's approval can cover this contraindication
    /// ([`APPROVABLE`](Self::APPROVABLE)).
    pub fn is_approvable(self) -> bool {
        Self::APPROVABLE.contains(self)
    }

    /// Whether this contraindication is found on a body region (L135-139).
    pub fn is_regional(self) -> bool {
        !Self::WHOLE_CLIENT.contains(self)
    }
}

vocabulary! {
    /// A part of the body as a client or therapist names it; paired parts need a [`Side`].
    ///
    /// Four words name several regions, and a finding or condition recorded on one covers
    /// all of them (see [`BodyPart::regions`]):
    ///
    /// | word    | covers                                              |
    /// |---------|-----------------------------------------------------|
    /// | `back`  | `upper_back`, `lower_back`                          |
    /// | `spine` | `upper_back`, `lower_back` (L61)                    |
    /// | `arm`   | `upper_arm`, `forearm` and `hand` of the side given |
    /// | `leg`   | `thigh`, `knee`, `lower_leg` and `foot` of the side given |
    ///
    /// The shoulder and the hip are regions of their own, not part of `arm` or `leg`.
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    BodyPart, "body part", "A set of body parts (a `Copy` bitset).", BodyPartSet {
        Head = 0, "head", "Head", l(61);
        Neck = 1, "neck", "Neck", l(61);
        UpperBack = 2, "upper_back", "Upper back", l(85);
        LowerBack = 3, "lower_back", "Lower back", l(85);
        Chest = 4, "chest", "Chest", l(134);
        Abdomen = 5, "abdomen", "Abdomen", l(134);
        Shoulder = 6, "shoulder", "Shoulder", l(85);
        UpperArm = 7, "upper_arm", "Upper arm", l(85);
        Forearm = 8, "forearm", "Forearm", l(85);
        Hand = 9, "hand", "Hand", l(85);
        Hip = 10, "hip", "Hip and buttock", l(134);
        Thigh = 11, "thigh", "Thigh", l(134);
        LowerLeg = 12, "lower_leg", "Lower leg and calf", l(134);
        Foot = 13, "foot", "Foot", l(111);
        Back = 14, "back", "Back (upper and lower)", l(85);
        Spine = 15, "spine", "Spine (upper and lower back)", l(61);
        Arm = 16, "arm", "Arm (upper arm, forearm and hand)", l(85);
        Leg = 17, "leg", "Leg (thigh, knee, lower leg and foot)", l(134);
        Knee = 18, "knee", "Knee", l(135);
    }
}

/// Body parts that name several regions, as the seed speaks of them ("the back", "the
/// spine", L61, L85): each stands for the parts listed. A limb word covers the whole limb
/// below the shoulder or hip: a clot recorded on "the leg" leaves no part of that leg,
/// the foot included, to be massaged.
///
/// | word    | covers                                   |
/// |---------|------------------------------------------|
/// | `back`  | `upper_back`, `lower_back`               |
/// | `spine` | `upper_back`, `lower_back`               |
/// | `arm`   | `upper_arm`, `forearm`, `hand` (one side) |
/// | `leg`   | `thigh`, `knee`, `lower_leg`, `foot` (one side) |
const PART_GROUPS: &[(BodyPart, &[BodyPart])] = &[
    (BodyPart::Back, &[BodyPart::UpperBack, BodyPart::LowerBack]),
    (BodyPart::Spine, &[BodyPart::UpperBack, BodyPart::LowerBack]),
    (
        BodyPart::Arm,
        &[BodyPart::UpperArm, BodyPart::Forearm, BodyPart::Hand],
    ),
    (
        BodyPart::Leg,
        &[
            BodyPart::Thigh,
            BodyPart::Knee,
            BodyPart::LowerLeg,
            BodyPart::Foot,
        ],
    ),
];

vocabulary! {
    /// A region of the body that can be treated or avoided on its own: an unpaired part,
    /// or one side of a paired limb. At most 32, so a [`RegionSet`] is one `u32`.
    ///
    /// The seed's "any area of the body" (L135-139) is read at this grain: a finding on one
    /// forearm leaves the other arm and the back treatable. The spine (L61) is the upper
    /// and lower back.
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    BodyRegion, "body region", "A set of body regions (a `Copy` bitset of one `u32`).", RegionSet {
        Head = 0, "head", "Head", l(61);
        Neck = 1, "neck", "Neck", l(61);
        UpperBack = 2, "upper_back", "Upper back", l(85);
        LowerBack = 3, "lower_back", "Lower back", l(85);
        Chest = 4, "chest", "Chest", l(134);
        Abdomen = 5, "abdomen", "Abdomen", l(134);
        LeftShoulder = 6, "left_shoulder", "Left shoulder", l(85);
        RightShoulder = 7, "right_shoulder", "Right shoulder", l(85);
        LeftUpperArm = 8, "left_upper_arm", "Left upper arm", l(85);
        RightUpperArm = 9, "right_upper_arm", "Right upper arm", l(85);
        LeftForearm = 10, "left_forearm", "Left forearm", l(85);
        RightForearm = 11, "right_forearm", "Right forearm", l(85);
        LeftHand = 12, "left_hand", "Left hand", l(85);
        RightHand = 13, "right_hand", "Right hand", l(85);
        LeftHip = 14, "left_hip", "Left hip and buttock", l(134);
        RightHip = 15, "right_hip", "Right hip and buttock", l(134);
        LeftThigh = 16, "left_thigh", "Left thigh", l(134);
        RightThigh = 17, "right_thigh", "Right thigh", l(134);
        LeftLowerLeg = 18, "left_lower_leg", "Left lower leg and calf", l(134);
        RightLowerLeg = 19, "right_lower_leg", "Right lower leg and calf", l(134);
        LeftFoot = 20, "left_foot", "Left foot", l(111);
        RightFoot = 21, "right_foot", "Right foot", l(111);
        LeftKnee = 22, "left_knee", "Left knee", l(135);
        RightKnee = 23, "right_knee", "Right knee", l(135);
    }
}

/// The one table that ties a region to its body part and side.
const REGION_PARTS: &[(BodyRegion, BodyPart, Option<Side>)] = &[
    (BodyRegion::Head, BodyPart::Head, None),
    (BodyRegion::Neck, BodyPart::Neck, None),
    (BodyRegion::UpperBack, BodyPart::UpperBack, None),
    (BodyRegion::LowerBack, BodyPart::LowerBack, None),
    (BodyRegion::Chest, BodyPart::Chest, None),
    (BodyRegion::Abdomen, BodyPart::Abdomen, None),
    (
        BodyRegion::LeftShoulder,
        BodyPart::Shoulder,
        Some(Side::Left),
    ),
    (
        BodyRegion::RightShoulder,
        BodyPart::Shoulder,
        Some(Side::Right),
    ),
    (
        BodyRegion::LeftUpperArm,
        BodyPart::UpperArm,
        Some(Side::Left),
    ),
    (
        BodyRegion::RightUpperArm,
        BodyPart::UpperArm,
        Some(Side::Right),
    ),
    (BodyRegion::LeftForearm, BodyPart::Forearm, Some(Side::Left)),
    (
        BodyRegion::RightForearm,
        BodyPart::Forearm,
        Some(Side::Right),
    ),
    (BodyRegion::LeftHand, BodyPart::Hand, Some(Side::Left)),
    (BodyRegion::RightHand, BodyPart::Hand, Some(Side::Right)),
    (BodyRegion::LeftHip, BodyPart::Hip, Some(Side::Left)),
    (BodyRegion::RightHip, BodyPart::Hip, Some(Side::Right)),
    (BodyRegion::LeftThigh, BodyPart::Thigh, Some(Side::Left)),
    (BodyRegion::RightThigh, BodyPart::Thigh, Some(Side::Right)),
    (
        BodyRegion::LeftLowerLeg,
        BodyPart::LowerLeg,
        Some(Side::Left),
    ),
    (
        BodyRegion::RightLowerLeg,
        BodyPart::LowerLeg,
        Some(Side::Right),
    ),
    (BodyRegion::LeftFoot, BodyPart::Foot, Some(Side::Left)),
    (BodyRegion::RightFoot, BodyPart::Foot, Some(Side::Right)),
    (BodyRegion::LeftKnee, BodyPart::Knee, Some(Side::Left)),
    (BodyRegion::RightKnee, BodyPart::Knee, Some(Side::Right)),
];

impl BodyRegion {
    /// The body part this region belongs to.
    pub fn part(self) -> BodyPart {
        REGION_PARTS[self.code() as usize].1
    }

    /// The side, for one side of a paired limb.
    pub fn side(self) -> Option<Side> {
        REGION_PARTS[self.code() as usize].2
    }

    /// The region for a part and a side. A paired part needs a side and an unpaired part
    /// takes none; anything else gives `None`.
    pub fn from_part(part: BodyPart, side: Option<Side>) -> Option<BodyRegion> {
        REGION_PARTS
            .iter()
            .find(|(_, p, s)| *p == part && *s == side)
            .map(|(r, _, _)| *r)
    }

    /// Every region of a body part (both sides of a paired part).
    pub fn of_part(part: BodyPart) -> RegionSet {
        REGION_PARTS
            .iter()
            .filter(|(_, p, _)| *p == part)
            .map(|(r, _, _)| *r)
            .collect()
    }
}

/// For each body part and side (none, left, right): the bits of the regions it covers,
/// derived at compile time from `REGION_PARTS` and `PART_GROUPS`.
const PART_REGIONS: [[u32; 3]; <BodyPart as strum::EnumCount>::COUNT] = {
    const fn side_index(side: Option<Side>) -> usize {
        match side {
            None => 0,
            Some(Side::Left) => 1,
            Some(Side::Right) => 2,
        }
    }
    let mut table = [[0u32; 3]; <BodyPart as strum::EnumCount>::COUNT];
    let mut i = 0;
    while i < REGION_PARTS.len() {
        let (region, part, side) = REGION_PARTS[i];
        table[part as usize][side_index(side)] |= 1 << (region as u32);
        i += 1;
    }
    let mut g = 0;
    while g < PART_GROUPS.len() {
        let (group, parts) = PART_GROUPS[g];
        let mut j = 0;
        while j < parts.len() {
            let mut k = 0;
            while k < 3 {
                table[group as usize][k] |= table[parts[j] as usize][k];
                k += 1;
            }
            j += 1;
        }
        g += 1;
    }
    table
};

impl BodyPart {
    /// The single parts this part stands for: itself, or the parts of a group such as
    /// `back` (upper and lower back).
    pub fn parts(self) -> &'static [BodyPart] {
        match PART_GROUPS.iter().find(|(group, _)| *group == self) {
            Some((_, parts)) => parts,
            None => {
                let index = self.code() as usize;
                &BodyPart::ALL[index..=index]
            }
        }
    }

    /// Whether the part is a paired limb, which needs a side.
    pub fn is_paired(self) -> bool {
        PART_REGIONS[self.code() as usize][1] != 0
    }

    /// The regions this part covers on one side (or, for an unpaired part, with no side);
    /// empty when the side does not fit the part.
    #[inline]
    pub fn regions(self, side: Option<Side>) -> RegionSet {
        let side = match side {
            None => 0,
            Some(Side::Left) => 1,
            Some(Side::Right) => 2,
        };
        RegionSet::from_repr_truncated(PART_REGIONS[self.code() as usize][side])
    }
}

vocabulary! {
    /// A pressure level (L113 "more pressure", L161 pain tolerance), ordered
    /// `light < moderate < firm < deep`.
    #[derive(Debug)]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Pressure, "pressure", "A set of pressure levels.", PressureSet {
        Light = 0, "light", "Light", l(161);
        Moderate = 1, "moderate", "Moderate", l(161);
        Firm = 2, "firm", "Firm", l(113);
        Deep = 3, "deep", "Deep", l(45);
    }
}

vocabulary! {
    /// The side of a paired limb.
    #[derive(Debug)]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Side, "side", "A set of sides.", SideSet {
        Left = 0, "left", "Left", l(85);
        Right = 1, "right", "Right", l(85);
    }
}

vocabulary! {
    /// How a condition presents, which decides how often it is treated (L167-171).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Acuity, "acuity", "A set of acuities.", AcuitySet {
        Acute = 0, "acute", "Acute", l(169);
        Chronic = 1, "chronic", "Chronic", l(168);
        Injury = 2, "injury", "Recovering from an injury", l(170);
        Ongoing = 3, "ongoing", "Ongoing medical condition", l(171);
    }
}

vocabulary! {
    /// An answer that may be unknown. Unknown is never read as "no" (L142).
    #[derive(Debug, Default)]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Answer, "answer", "A set of answers.", AnswerSet {
        No = 0, "no", "No", l(142);
        Yes = 1, "yes", "Yes", l(142);
        #[default]
        Unknown = 2, "unknown", "Unknown", l(142);
    }
}

impl Answer {
    /// `Yes` for `true`, `No` for `false`.
    pub const fn from_bool(value: bool) -> Answer {
        if value { Answer::Yes } else { Answer::No }
    }

    /// Whether the answer is a definite yes.
    pub const fn is_yes(self) -> bool {
        matches!(self, Answer::Yes)
    }

    /// Whether the answer is a definite no.
    pub const fn is_no(self) -> bool {
        matches!(self, Answer::No)
    }
}

vocabulary! {
    /// A rule family of the protocol; every reason names one (docs/DESIGN.md).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    RuleId, "rule", "A set of rules.", RuleSet {
        Age = 0, "age", "R-age: minors and older adults need a physician's approval", l(134);
        Pregnancy = 1, "pregnancy", "R-pregnancy: pregnancy needs a physician's approval", l(140);
        Local = 2, "local", "R-local: a region with a local contraindication is not massaged", ls(135, 139);
        Practitioner = 3, "practitioner", "R-practitioner: a licensed therapist trained in medical massage", l(182);
        Certification = 4, "certification", "R-certification: a technique only by a therapist certified in it", l(33);
        Disclosure = 5, "disclosure", "R-disclosure: an unknown answer is not read as no", l(142);
        Pairing = 6, "pairing", "R-pairing: techniques that address the client's conditions and goals", ls(43, 153);
        RegionFit = 7, "region_fit", "R-region-fit: where a technique is done", ls(61, 111);
        Pressure = 8, "pressure", "R-pressure: pressure within the client's tolerance", l(161);
        Prenatal = 9, "prenatal", "R-prenatal: prenatal massage for approved pregnant clients", ls(67, 69);
        SessionLength = 10, "session_length", "R-session-length: how long a session lasts", l(178);
        Course = 11, "course", "R-course: how often, and for how long", ls(163, 171);
        Taper = 12, "taper", "R-taper: frequency follows progress", ls(169, 170);
        History = 13, "history", "R-history: the medical history changes how the work is done", l(176);
        Gentle = 14, "gentle", "R-gentle: a course starts gently and firms up as the client improves", l(161);
        Healing = 15, "healing", "R-healing: a fresh injury or a surgical site is given time to heal", l(124);
    }
}

vocabulary! {
    /// A question of the intake whose answer screening depends on.
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Question, "question", "A set of intake questions.", QuestionSet {
        Age = 0, "age", "The client's age", l(134);
        Pregnancy = 1, "pregnancy", "Whether the client is pregnant", l(140);
        Licence = 2, "licence", "Whether the practitioner is a licensed massage therapist", l(182);
        MedicalMassageTraining = 3, "medical_massage_training", "Whether the practitioner is trained in medical massage", l(182);
        PhysicianApproval = 4, "physician_approval", "Whether a physician's approval is on file", ls(134, 140);
        Fever = 5, "fever", "Whether the client has a fever or a systemic infection", l(135);
    }
}

vocabulary! {
    /// An item of the client's medical history that changes how the work is done (L176:
    /// the therapist assesses "a patient's medical history"). Each is answered yes, no or
    /// unknown on the intake ([`crate::intake::MedicalHistory`]); what each changes is a
    /// protocol row (`selection.history`).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    History, "history item", "A set of medical-history items (a `Copy` bitset).", HistorySet {
        Anticoagulants = 0, "anticoagulants", "Takes anticoagulant or antiplatelet medication", l(176);
        Corticosteroids = 1, "corticosteroids", "Takes corticosteroids long term", l(176);
        Osteoporosis = 2, "osteoporosis", "Osteoporosis", l(176);
        ReducedSensation = 3, "reduced_sensation", "Reduced sensation (peripheral neuropathy)", l(176);
        VaricoseVeins = 4, "varicose_veins", "Varicose veins", l(176);
        Fever = 5, "fever", "Fever or a systemic (whole-body) infection", l(135);
    }
}

impl History {
    /// The items recorded with the places they concern (reduced sensation, varicose
    /// veins); the others concern the whole client or the places the protocol names.
    pub const REGIONAL: HistorySet = HistorySet::from_set(enumset::enum_set!(
        History::ReducedSensation | History::VaricoseVeins
    ));
}

vocabulary! {
    /// A day of the week, Monday first (ISO 8601).
    #[derive(Debug)]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Day, "day", "A set of weekdays (a `Copy` bitset).", DaySet {
        Monday = 0, "monday", "Monday", l(175);
        Tuesday = 1, "tuesday", "Tuesday", l(175);
        Wednesday = 2, "wednesday", "Wednesday", l(175);
        Thursday = 3, "thursday", "Thursday", l(175);
        Friday = 4, "friday", "Friday", l(175);
        Saturday = 5, "saturday", "Saturday", l(175);
        Sunday = 6, "sunday", "Sunday", l(175);
    }
}

impl Day {
    /// The day as jiff names it.
    pub fn to_jiff(self) -> jiff::civil::Weekday {
        jiff::civil::Weekday::from_monday_zero_offset(self.code() as i8)
            .unwrap_or(jiff::civil::Weekday::Monday)
    }

    /// The day of a jiff weekday.
    pub fn from_jiff(day: jiff::civil::Weekday) -> Day {
        Day::ALL[day.to_monday_zero_offset() as usize]
    }

    /// The two-letter code RFC 5545 uses (`MO`, `TU`, ...).
    pub fn ical(self) -> &'static str {
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][self.code() as usize]
    }
}

vocabulary! {
    /// A kind of course, by how often it is given (L167-171).
    #[derive(Debug)]
    #[non_exhaustive]
    #[enumset(repr = "u32", serialize_repr = "list")]
    CourseKind, "course kind", "A set of course kinds.", CourseKindSet {
        Single = 0, "single", "A single session", l(167);
        Chronic = 1, "chronic", "A series for a chronic condition", l(168);
        Acute = 2, "acute", "Frequent sessions for an acute condition, tapering", l(169);
        InjuryRecovery = 3, "injury_recovery", "Injury recovery, tapering as it heals", l(170);
        Maintenance = 4, "maintenance", "Monthly maintenance for an ongoing condition", l(171);
    }
}

vocabulary! {
    /// The period a phase's frequency is counted in.
    #[derive(Debug)]
    #[enumset(repr = "u32", serialize_repr = "list")]
    Period, "period", "A set of periods.", PeriodSet {
        Week = 0, "week", "Week", l(168);
        Month = 1, "month", "Month", l(171);
    }
}
