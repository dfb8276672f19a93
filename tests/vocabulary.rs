//! The vocabulary's names and codes are part of the public contract (JSON and the C ABI):
//! this file pins every one, so that a rename or renumbering fails here first.

use massage_rules::vocabulary::*;

/// Checks one vocabulary against its pinned (code, name) rows, and that serde, strum,
/// parsing and code look-ups all agree with them.
fn pin<T>(expected: &[(u8, &str)])
where
    T: Vocabulary + serde::Serialize + serde::de::DeserializeOwned + Into<&'static str>,
{
    let actual: Vec<(u8, &str)> = T::ALL.iter().map(|v| (v.code(), v.name())).collect();
    assert_eq!(actual, expected, "{} names or codes changed", T::KIND);
    for &v in T::ALL {
        let strum_name: &'static str = v.into();
        let serde_name = serde_json::to_value(v).unwrap();
        assert_eq!(serde_name, serde_json::Value::from(strum_name), "{v:?}");
        assert_eq!(v.to_string(), strum_name);
        assert_eq!(T::from_name(strum_name).unwrap(), v);
        assert_eq!(serde_json::from_value::<T>(serde_name).unwrap(), v);
        assert_eq!(T::from_code(v.code()), Some(v));
        assert!(!v.label().is_empty());
        assert!(!v.name().contains('\0') && !v.label().contains('\0'));
        assert!(v.seed().is_in_seed(), "{v:?} cites {}", v.seed());
        let snake = strum_name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        assert!(snake, "{strum_name} is not snake_case");
    }
    let past_end = T::ALL.len() as u8;
    assert_eq!(T::from_code(past_end), None);
    let err = T::from_name("no_such_word").unwrap_err();
    assert_eq!(err.word(), "no_such_word");
    assert_eq!(err.kind(), T::KIND);
    assert!(err.to_string().contains("no_such_word"));
}

#[test]
fn names_and_codes_are_pinned() {
    pin::<Technique>(&[
        (0, "swedish"),
        (1, "deep_tissue"),
        (2, "trigger_point_therapy"),
        (3, "myofascial_release"),
        (4, "neuromuscular_therapy"),
        (5, "sports_massage"),
        (6, "craniosacral_therapy"),
        (7, "lymphatic_drainage"),
        (8, "prenatal_massage"),
        (9, "cupping_therapy"),
        (10, "reflexology"),
        (11, "acupressure"),
        (12, "active_release_technique"),
        (13, "stretching"),
    ]);
    pin::<Tool>(&[(0, "hot_stones"), (1, "cold_stones"), (2, "cups")]);
    pin::<Condition>(&[
        (0, "chronic_pain"),
        (1, "muscle_tension"),
        (2, "muscle_spasm"),
        (3, "muscle_cramp"),
        (4, "back_pain"),
        (5, "neck_pain"),
        (6, "headache"),
        (7, "chronic_inflammation"),
        (8, "stroke"),
        (9, "nerve_damage"),
        (10, "parkinsons_disease"),
        (11, "spasticity"),
        (12, "fibromyalgia"),
        (13, "sprain"),
        (14, "strain"),
        (15, "recent_injury"),
        (16, "recent_illness"),
        (17, "post_operative"),
        (18, "surgical_scarring"),
        (19, "swelling"),
        (20, "limited_range_of_motion"),
        (21, "poor_posture"),
        (22, "anxiety"),
        (23, "stress"),
        (24, "athletic_training"),
        (25, "pregnancy_discomfort"),
        (26, "autoimmune_disorder"),
        (27, "oncology_patient"),
        (28, "knee_osteoarthritis"),
    ]);
    pin::<Goal>(&[
        (0, "pain_relief"),
        (1, "improved_circulation"),
        (2, "increased_mobility"),
        (3, "stress_reduction"),
        (4, "relaxation"),
        (5, "improved_posture"),
        (6, "preventive_care"),
        (7, "reduced_inflammation"),
        (8, "reduced_swelling"),
        (9, "immune_support"),
        (10, "athletic_performance"),
        (11, "injury_recovery"),
        (12, "scar_tissue_remodeling"),
    ]);
    pin::<Contraindication>(&[
        (0, "minor"),
        (1, "older_adult"),
        (2, "pregnancy"),
        (3, "infection"),
        (4, "acute_inflammation"),
        (5, "skin_condition"),
        (6, "open_wound"),
        (7, "cancer"),
        (8, "blood_clot"),
        (9, "fever"),
    ]);
    pin::<BodyPart>(&[
        (0, "head"),
        (1, "neck"),
        (2, "upper_back"),
        (3, "lower_back"),
        (4, "chest"),
        (5, "abdomen"),
        (6, "shoulder"),
        (7, "upper_arm"),
        (8, "forearm"),
        (9, "hand"),
        (10, "hip"),
        (11, "thigh"),
        (12, "lower_leg"),
        (13, "foot"),
        (14, "back"),
        (15, "spine"),
        (16, "arm"),
        (17, "leg"),
        (18, "knee"),
    ]);
    pin::<BodyRegion>(&[
        (0, "head"),
        (1, "neck"),
        (2, "upper_back"),
        (3, "lower_back"),
        (4, "chest"),
        (5, "abdomen"),
        (6, "left_shoulder"),
        (7, "right_shoulder"),
        (8, "left_upper_arm"),
        (9, "right_upper_arm"),
        (10, "left_forearm"),
        (11, "right_forearm"),
        (12, "left_hand"),
        (13, "right_hand"),
        (14, "left_hip"),
        (15, "right_hip"),
        (16, "left_thigh"),
        (17, "right_thigh"),
        (18, "left_lower_leg"),
        (19, "right_lower_leg"),
        (20, "left_foot"),
        (21, "right_foot"),
        (22, "left_knee"),
        (23, "right_knee"),
    ]);
    pin::<Pressure>(&[(0, "light"), (1, "moderate"), (2, "firm"), (3, "deep")]);
    pin::<Side>(&[(0, "left"), (1, "right")]);
    pin::<Acuity>(&[(0, "acute"), (1, "chronic"), (2, "injury"), (3, "ongoing")]);
    pin::<Answer>(&[(0, "no"), (1, "yes"), (2, "unknown")]);
    pin::<RuleId>(&[
        (0, "age"),
        (1, "pregnancy"),
        (2, "local"),
        (3, "practitioner"),
        (4, "certification"),
        (5, "disclosure"),
        (6, "pairing"),
        (7, "region_fit"),
        (8, "pressure"),
        (9, "prenatal"),
        (10, "session_length"),
        (11, "course"),
        (12, "taper"),
        (13, "history"),
        (14, "gentle"),
        (15, "healing"),
    ]);
    pin::<Question>(&[
        (0, "age"),
        (1, "pregnancy"),
        (2, "licence"),
        (3, "medical_massage_training"),
        (4, "physician_approval"),
        (5, "fever"),
    ]);
    pin::<History>(&[
        (0, "anticoagulants"),
        (1, "corticosteroids"),
        (2, "osteoporosis"),
        (3, "reduced_sensation"),
        (4, "varicose_veins"),
        (5, "fever"),
    ]);
}

#[test]
fn serde_reports_the_bad_word() {
    let err = serde_json::from_str::<Technique>("\"swedish_massage\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown technique \"swedish_massage\""),
        "{err}"
    );
}

#[test]
fn regions_fit_one_word_and_name_their_part_and_side() {
    assert!(BodyRegion::ALL.len() <= 32);
    assert_eq!(
        RegionSet::all().as_repr().count_ones() as usize,
        BodyRegion::ALL.len()
    );
    for &region in BodyRegion::ALL {
        let part = region.part();
        assert_eq!(part.is_paired(), region.side().is_some(), "{region}");
        assert_eq!(BodyRegion::from_part(part, region.side()), Some(region));
        assert!(BodyRegion::of_part(part).contains(region));
        // The name says the same thing as the part and side.
        let expected = match region.side() {
            Some(side) => format!("{side}_{part}"),
            None => part.to_string(),
        };
        assert_eq!(region.name(), expected);
    }
    for &part in BodyPart::ALL {
        let both = part.regions(Some(Side::Left)) | part.regions(Some(Side::Right));
        let unsided = part.regions(None);
        if part.is_paired() {
            assert!(unsided.is_empty(), "{part}");
            assert_eq!(both.len(), 2 * part.parts().len(), "{part}");
            assert_eq!(
                part.regions(Some(Side::Left)).len(),
                part.parts().len(),
                "{part}"
            );
        } else {
            assert!(both.is_empty(), "{part}");
            assert_eq!(unsided.len(), part.parts().len(), "{part}");
        }
    }
    // The seed's coarse words cover the fine regions.
    assert_eq!(
        BodyPart::Back.regions(None),
        BodyRegion::UpperBack | BodyRegion::LowerBack
    );
    // A limb word covers the whole limb: the hand with the arm, the foot with the leg.
    assert_eq!(
        BodyPart::Arm.regions(Some(Side::Left)),
        BodyRegion::LeftUpperArm | BodyRegion::LeftForearm | BodyRegion::LeftHand
    );
    assert_eq!(
        BodyPart::Leg.regions(Some(Side::Right)),
        BodyRegion::RightThigh
            | BodyRegion::RightKnee
            | BodyRegion::RightLowerLeg
            | BodyRegion::RightFoot
    );
}

/// Issue 9, defect 10: a clot recorded on the right leg leaves the right foot untreated,
/// and nothing of the left leg is lost.
#[test]
fn a_finding_on_a_limb_word_covers_the_hand_or_foot() {
    use massage_rules::{Intake, Protocol, screen};
    let intake: Intake = serde_json::from_str(
        r#"{"assessed_on": "2026-11-27", "age": 30, "pregnant": "no",
            "findings": [{"contraindication": "blood_clot", "location": {"part": "leg", "side": "right"}},
                         {"contraindication": "open_wound", "location": {"part": "arm", "side": "left"}}],
            "conditions": [{"condition": "athletic_training", "acuity": "ongoing",
                            "locations": [{"part": "foot", "side": "right"}, {"part": "foot", "side": "left"}]}],
            "pain_tolerance": "deep",
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let screening = screen(&Protocol::seed(), &intake).unwrap();
    assert!(screening.avoid.contains(BodyRegion::RightFoot));
    assert!(screening.avoid.contains(BodyRegion::LeftHand));
    assert!(!screening.avoid.contains(BodyRegion::LeftFoot));
    assert!(!screening.avoid.contains(BodyRegion::RightHand));
    let protocol = Protocol::seed();
    let screened = massage_rules::Screened::new(&protocol, &intake).unwrap();
    let session = massage_rules::plan(&screened.clearance().unwrap());
    for t in &session.techniques {
        assert!(
            !t.regions.contains(BodyRegion::RightFoot),
            "{}",
            t.technique
        );
    }
}

#[test]
fn pressure_is_ordered_light_to_deep() {
    assert!(Pressure::Light < Pressure::Moderate);
    assert!(Pressure::Moderate < Pressure::Firm);
    assert!(Pressure::Firm < Pressure::Deep);
}

#[test]
fn whole_client_contraindications_are_age_pregnancy_and_fever() {
    let whole: Vec<_> = Contraindication::ALL
        .iter()
        .filter(|c| !c.is_regional())
        .map(|c| c.name())
        .collect();
    assert_eq!(whole, ["minor", "older_adult", "pregnancy", "fever"]);
}

#[test]
fn sets_serialize_as_lists_of_names() {
    let set = Technique::Swedish | Technique::CuppingTherapy;
    let json = serde_json::to_string(&set).unwrap();
    assert_eq!(json, r#"["swedish","cupping_therapy"]"#);
    assert_eq!(serde_json::from_str::<TechniqueSet>(&json).unwrap(), set);
}
