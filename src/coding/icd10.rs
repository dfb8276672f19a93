//! The ICD-10-CM table: which code is which condition, which codes were deleted or added
//! and when. Codes are read into it by [`read::diagnoses`](crate::read::diagnoses).
//!
//! The table follows the ICD-10-CM code set for fiscal year 2026 (CDC National Center for
//! Health Statistics and CMS; effective October 1, 2025). Codes are public facts; the
//! descriptions here are our own short words, not the code set's titles.

use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

use crate::intake::ConditionEntry;
use crate::vocabulary::{Acuity, BodyPart, BodyRegion, Condition};

/// The code-set release the table follows.
pub const ICD10CM_RELEASE: &str = "ICD-10-CM FY2026 (CDC NCHS / CMS, effective 2025-10-01)";

/// Where a code puts its condition, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// The code names no place.
    None,
    /// One region.
    Region(BodyRegion),
    /// Both sides of a paired part.
    Both(BodyPart),
    /// A paired part whose side the code's sixth character gives, as the limb sprain and
    /// strain categories of chapter 19 do: `1` right, `2` left; any other (`9`,
    /// unspecified) is read as both sides.
    Sided(BodyPart),
}

/// One row of the table: a code, or a category whose every subcode maps the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcdRow {
    /// The code (`M54.50`) or, for a category, its stem (`S16.1`).
    pub code: &'static str,
    /// Whether every code that starts with `code` maps by this row.
    pub category: bool,
    /// The condition.
    pub condition: Condition,
    /// How it presents. For an injury code (`S`), the seventh character decides instead:
    /// `S` (sequela) is chronic, any other an injury.
    pub acuity: Acuity,
    /// Where.
    pub site: Site,
    /// Our words for it.
    pub description: &'static str,
}

const fn row(
    code: &'static str,
    category: bool,
    condition: Condition,
    acuity: Acuity,
    site: Site,
    description: &'static str,
) -> IcdRow {
    IcdRow {
        code,
        category,
        condition,
        acuity,
        site,
        description,
    }
}

use Acuity::{Chronic, Injury, Ongoing};
use BodyRegion as R;
use Condition as C;
use Site::{Both, None as Nowhere, Region, Sided};

/// The ICD-10-CM table: codes and categories to conditions, with region and acuity where
/// the code implies them.
pub const ICD10CM: &[IcdRow] = &[
    row(
        "M54.50",
        false,
        C::BackPain,
        Chronic,
        Region(R::LowerBack),
        "low back pain, unspecified",
    ),
    row(
        "M54.51",
        false,
        C::BackPain,
        Chronic,
        Region(R::LowerBack),
        "vertebrogenic low back pain",
    ),
    row(
        "M54.59",
        false,
        C::BackPain,
        Chronic,
        Region(R::LowerBack),
        "other low back pain",
    ),
    row(
        "M54.6",
        false,
        C::BackPain,
        Chronic,
        Region(R::UpperBack),
        "pain in the thoracic spine",
    ),
    row(
        "M54.2",
        false,
        C::NeckPain,
        Chronic,
        Region(R::Neck),
        "neck pain (cervicalgia)",
    ),
    row(
        "M79.7",
        false,
        C::Fibromyalgia,
        Chronic,
        Nowhere,
        "fibromyalgia",
    ),
    row("I89.0", false, C::Swelling, Ongoing, Nowhere, "lymphedema"),
    row(
        "M62.830",
        false,
        C::MuscleSpasm,
        Ongoing,
        Region(R::LowerBack),
        "muscle spasm of the back",
    ),
    row(
        "M62.838",
        false,
        C::MuscleSpasm,
        Ongoing,
        Nowhere,
        "other muscle spasm",
    ),
    row(
        "R25.2",
        false,
        C::MuscleCramp,
        Ongoing,
        Nowhere,
        "cramp and spasm",
    ),
    row(
        "G89.29",
        false,
        C::ChronicPain,
        Chronic,
        Nowhere,
        "other chronic pain",
    ),
    row(
        "G89.4",
        false,
        C::ChronicPain,
        Chronic,
        Nowhere,
        "chronic pain syndrome",
    ),
    row(
        "R51.9",
        false,
        C::Headache,
        Ongoing,
        Region(R::Head),
        "headache, unspecified",
    ),
    row(
        "G44.2",
        true,
        C::Headache,
        Chronic,
        Region(R::Head),
        "tension-type headache",
    ),
    row(
        "M17.0",
        false,
        C::KneeOsteoarthritis,
        Chronic,
        Both(BodyPart::Knee),
        "primary osteoarthritis of both knees",
    ),
    row(
        "M17.11",
        false,
        C::KneeOsteoarthritis,
        Chronic,
        Region(R::RightKnee),
        "primary osteoarthritis of the right knee",
    ),
    row(
        "M17.12",
        false,
        C::KneeOsteoarthritis,
        Chronic,
        Region(R::LeftKnee),
        "primary osteoarthritis of the left knee",
    ),
    row(
        "M25.6",
        true,
        C::LimitedRangeOfMotion,
        Chronic,
        Nowhere,
        "stiffness of a joint",
    ),
    row(
        "R29.3",
        false,
        C::PoorPosture,
        Chronic,
        Nowhere,
        "abnormal posture",
    ),
    row(
        "S13.4",
        true,
        C::Sprain,
        Injury,
        Region(R::Neck),
        "sprain of the cervical spine",
    ),
    row(
        "S16.1",
        true,
        C::Strain,
        Injury,
        Region(R::Neck),
        "strain of neck muscles and tendons",
    ),
    row(
        "S33.5",
        true,
        C::Sprain,
        Injury,
        Region(R::LowerBack),
        "sprain of the lumbar spine",
    ),
    row(
        "S39.012",
        true,
        C::Strain,
        Injury,
        Region(R::LowerBack),
        "strain of the lower back muscles and tendons",
    ),
    row(
        "Z48.8",
        true,
        C::PostOperative,
        Ongoing,
        Nowhere,
        "aftercare following surgery",
    ),
    row(
        "Z98.890",
        false,
        C::PostOperative,
        Ongoing,
        Nowhere,
        "other postprocedural state",
    ),
    row(
        "L90.5",
        false,
        C::SurgicalScarring,
        Chronic,
        Nowhere,
        "scar and fibrosis of the skin",
    ),
    row(
        "F41.1",
        false,
        C::Anxiety,
        Ongoing,
        Nowhere,
        "generalized anxiety disorder",
    ),
    row(
        "F41.9",
        false,
        C::Anxiety,
        Ongoing,
        Nowhere,
        "anxiety disorder, unspecified",
    ),
    row(
        "Z73.3",
        false,
        C::Stress,
        Ongoing,
        Nowhere,
        "stress, not elsewhere classified",
    ),
    row(
        "G20.A",
        true,
        C::ParkinsonsDisease,
        Ongoing,
        Nowhere,
        "Parkinson's disease",
    ),
    row(
        "G20.B",
        true,
        C::ParkinsonsDisease,
        Ongoing,
        Nowhere,
        "Parkinson's disease with dyskinesia",
    ),
    row(
        "G20.C",
        false,
        C::ParkinsonsDisease,
        Ongoing,
        Nowhere,
        "parkinsonism, unspecified",
    ),
    row(
        "I69.3",
        true,
        C::Stroke,
        Ongoing,
        Nowhere,
        "sequelae of cerebral infarction",
    ),
    // Limb and thoracic sprains and strains (chapter 19), by category: the seventh
    // character decides the acuity (A initial, D subsequent: an injury; S sequela:
    // chronic), the sixth the side where the category codes laterality.
    row(
        "S23.3",
        true,
        C::Sprain,
        Injury,
        Region(R::UpperBack),
        "sprain of the thoracic spine",
    ),
    row(
        "S29.012",
        true,
        C::Strain,
        Injury,
        Region(R::UpperBack),
        "strain of the muscles of the back wall of the thorax",
    ),
    row(
        "S43.4",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Shoulder),
        "sprain of the shoulder joint",
    ),
    row(
        "S46.0",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::Shoulder),
        "strain of the rotator cuff",
    ),
    row(
        "S46.1",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::UpperArm),
        "strain of the long head of the biceps",
    ),
    row(
        "S46.2",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::UpperArm),
        "strain of other parts of the biceps",
    ),
    row(
        "S46.3",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::UpperArm),
        "strain of the triceps",
    ),
    row(
        "S53.4",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Forearm),
        "sprain of the elbow",
    ),
    row(
        "S56",
        true,
        C::Strain,
        Injury,
        Both(BodyPart::Forearm),
        "strain of muscles and tendons at forearm level",
    ),
    row(
        "S63.5",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Hand),
        "sprain of the wrist",
    ),
    row(
        "S66",
        true,
        C::Strain,
        Injury,
        Both(BodyPart::Hand),
        "strain of muscles and tendons at wrist and hand level",
    ),
    row(
        "S73.1",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Hip),
        "sprain of the hip",
    ),
    row(
        "S76.0",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::Hip),
        "strain of the hip muscles",
    ),
    row(
        "S76.1",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::Thigh),
        "strain of the quadriceps",
    ),
    row(
        "S76.2",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::Thigh),
        "strain of the adductors of the thigh",
    ),
    row(
        "S76.3",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::Thigh),
        "strain of the posterior thigh muscles (hamstrings)",
    ),
    row(
        "S83.4",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Knee),
        "sprain of a collateral ligament of the knee",
    ),
    row(
        "S83.5",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Knee),
        "sprain of a cruciate ligament of the knee",
    ),
    row(
        "S86",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::LowerLeg),
        "strain of muscles and tendons at lower leg level",
    ),
    row(
        "S93.4",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Foot),
        "sprain of the ankle",
    ),
    row(
        "S93.6",
        true,
        C::Sprain,
        Injury,
        Sided(BodyPart::Foot),
        "sprain of the foot",
    ),
    row(
        "S96",
        true,
        C::Strain,
        Injury,
        Sided(BodyPart::Foot),
        "strain of muscles and tendons at ankle and foot level",
    ),
];

/// A code deleted from the code set, and the codes that replaced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeletedCode {
    /// The code.
    pub code: &'static str,
    /// The first day it is no longer valid.
    pub deleted_on: Date,
    /// The codes to use instead.
    pub replaced_by: &'static [&'static str],
}

/// Codes deleted from ICD-10-CM that referrals still carry.
pub const DELETED: &[DeletedCode] = &[
    DeletedCode {
        code: "M54.5",
        deleted_on: date(2021, 10, 1),
        replaced_by: &["M54.50", "M54.51", "M54.59"],
    },
    DeletedCode {
        code: "R51",
        deleted_on: date(2020, 10, 1),
        replaced_by: &["R51.0", "R51.9"],
    },
    DeletedCode {
        code: "G20",
        deleted_on: date(2023, 10, 1),
        replaced_by: &["G20.A1", "G20.A2", "G20.B1", "G20.B2", "G20.C"],
    },
];

/// What is wrong with a diagnosis code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CodeProblem {
    /// Not the shape of an ICD-10-CM code.
    NotACode,
    /// Deleted from the code set before the day of service.
    Deleted {
        /// The first day it was no longer valid.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        deleted_on: Date,
        /// The codes to use instead.
        replaced_by: Vec<String>,
    },
    /// A valid-looking code the table does not map to a condition.
    Unmapped,
    /// Not yet in the code set on the day of service.
    NotYetValid {
        /// The first day it is valid.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        valid_from: Date,
    },
    /// More distinct codes than one report reads ([`crate::Limits::DIAGNOSES`]); the code is the
    /// first one left unread, and `more` says how many were.
    TooMany {
        /// How many distinct codes were left unread.
        more: usize,
    },
}

/// A code that entered the code set after ICD-10-CM began (2015-10-01), with the day it
/// took effect. Every code that replaced a [`DELETED`] one took effect on the day the old
/// one was deleted; the others are listed here with their source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddedCode {
    /// The code.
    pub code: &'static str,
    /// The first day it is valid.
    pub valid_from: Date,
    /// Where the date comes from.
    pub source: &'static str,
}

/// Codes added outside the yearly October release, or added without replacing a code of
/// [`DELETED`].
pub const ADDED: &[AddedCode] = &[AddedCode {
    code: "U07.1",
    valid_from: date(2020, 4, 1),
    source: "CDC NCHS, ICD-10-CM interim update for COVID-19, effective April 1, 2020",
}];

/// The first day `code` is valid, when it entered the code set after ICD-10-CM began.
pub fn valid_from(code: &str) -> Option<Date> {
    ADDED
        .iter()
        .find(|a| a.code == code)
        .map(|a| a.valid_from)
        .or_else(|| {
            DELETED
                .iter()
                .find(|d| d.replaced_by.contains(&code))
                .map(|d| d.deleted_on)
        })
}

/// A diagnosis read into a condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diagnosis {
    /// The code as given (trimmed, upper-case).
    pub code: String,
    /// The table row it matched (a code or a category stem).
    pub row: String,
    /// The condition entry it becomes.
    pub entry: ConditionEntry,
}

/// What became of a list of diagnosis codes: each either mapped or reported.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiagnosisReport {
    /// The codes read into conditions, in the order given.
    pub mapped: Vec<Diagnosis>,
    /// The codes that were not, each with why.
    pub problems: Vec<(String, CodeProblem)>,
}

/// The row that maps a code: an exact row first, else the longest category stem.
pub fn row_for(code: &str) -> Option<&'static IcdRow> {
    ICD10CM
        .iter()
        .find(|r| !r.category && r.code == code)
        .or_else(|| {
            ICD10CM
                .iter()
                .filter(|r| r.category && code.starts_with(r.code))
                .max_by_key(|r| r.code.len())
        })
}
