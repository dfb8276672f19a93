//! The built-in protocols, as data. `protocols/*.json` are these values serialized; a test
//! keeps them in step.

use crate::protocol::{ContraindicationRule, Protocol, ProtocolId, ScreeningRules, Severity};
use crate::vocabulary::Contraindication;

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
        version: 1,
        title: "Medical massage rules as the seed document states them".into(),
        based_on: None,
        notes: vec![
            "Age limits (minor under 18, older adult from 65) are ours; the seed says only \
             'children or elderly patients' (L134)."
                .into(),
            "A blood clot or cancer is local to its region, as the seed states (L138-139); \
             choose 'conservative' to require a physician's approval instead (DOMAIN.md C5)."
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
            ],
        },
    }
}

/// The conservative protocol: the seed, with blood clots and cancer escalated to a
/// physician's approval (DOMAIN.md C5).
pub(crate) fn conservative() -> Protocol {
    let mut p = seed();
    p.id = id("conservative");
    p.title = "Seed rules, with blood clots and cancer needing a physician's approval".into();
    p.based_on = Some(seed().stamp());
    p.notes = vec![
        "Common clinical practice treats a blood clot as a whole-body contraindication until \
         a physician clears it (DOMAIN.md C5); cancer likewise. The region stays avoided \
         after approval."
            .into(),
    ];
    for row in &mut p.screening.contraindications {
        if matches!(
            row.contraindication,
            Contraindication::BloodClot | Contraindication::Cancer
        ) {
            row.severity = Severity::NeedsApproval;
            row.note = Some("escalated from local (DOMAIN.md C5)".into());
        }
    }
    p
}
