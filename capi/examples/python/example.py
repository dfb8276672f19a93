"""Screen and plan from Python through the C ABI; exits non-zero if anything is off."""

import sys

from massage_rules import MassageRules, MassageRulesError

INTAKE = {
    "assessed_on": "2026-11-27",
    "age": 29,
    "pregnant": "no",
    "findings": [{"contraindication": "open_wound", "location": {"part": "forearm", "side": "left"}}],
    "conditions": [{"condition": "anxiety", "acuity": "ongoing"}],
    "goals": ["relaxation"],
    "pain_tolerance": "moderate",
    "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"},
}


def main():
    with MassageRules() as rules:
        print("massage-rules", rules.version())
        screening = rules.screen(INTAKE)
        print("outcome:", screening["outcome"], "avoid:", screening["avoid"])
        for reason in screening["reasons"]:
            print("  reason:", reason["rule"], reason["seed"], reason.get("region"))
        assert screening["outcome"] == "restricted"
        assert screening["avoid"] == ["left_forearm"]

        care = rules.plan({"intake": INTAKE, "start": "2026-11-30",
                           "availability": {"weekdays": ["tuesday", "friday"]}})
        for technique in care["session"]["techniques"]:
            assert "left_forearm" not in technique["regions"]
            print("  technique:", technique["rank"], technique["technique"], technique["pressure"])
        dates = [d for phase in care["schedule"]["phases"] for d in phase["dates"]]
        print("first dates:", dates[:3])
        assert dates[0] == "2026-12-01"

        try:
            rules.screen({"assessed_on": "2026-11-27", "age": 250, "findings": [], "history": "none", "practitioner": {}})
        except MassageRulesError as error:
            print("invalid intake:", error.status, [p["path"] for p in error.document["problems"]])
            assert error.status == "MR_INVALID_INPUT"
        else:
            raise AssertionError("an age of 250 was accepted")

        try:
            rules.screen(b"{not json")
        except MassageRulesError as error:
            assert error.status == "MR_INVALID_JSON"

        assert rules.vocabulary_name(0, 1) == "deep_tissue"

    with MassageRules(protocol="conservative") as rules:
        clot = dict(INTAKE, findings=[{"contraindication": "blood_clot",
                                        "location": {"part": "lower_leg", "side": "right"}}])
        assert rules.screen(clot)["outcome"] == "needs_approval"
    print("python client: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
