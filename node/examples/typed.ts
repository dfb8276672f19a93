// A booking app's use of the package, type-checked with `tsc --noEmit --strict` (npm run
// typecheck): the types are the crate's, so a misspelt outcome or region does not compile.
import * as mr from "..";

const intake: mr.Intake = {
  assessed_on: "2027-03-01",
  age: 45,
  pregnant: "no",
  findings: [{ contraindication: "open_wound", location: { part: "lower_leg", side: "left" } }],
  conditions: [{ condition: "back_pain", acuity: "chronic" }],
  history: "none",
  practitioner: { licensed: "yes", medical_massage_trained: "yes" },
};

function advice(s: mr.Screening): string {
  // Every outcome is handled: a new one would be a compile error here.
  switch (s.outcome) {
    case "cleared":
      return "book";
    case "restricted":
      return `book, avoiding ${s.avoid.join(", ")}`;
    case "needs_answers":
      return `ask about ${s.unanswered.join(", ")}`;
    case "needs_approval":
      return "ask the physician";
    case "not_permitted":
      return "do not book";
  }
}

const screening = mr.screen(intake);
console.log(advice(screening), (screening.reasons ?? []).length);

const care: mr.CarePlan = mr.carePlan({
  intake,
  timing: {
    time_zone: "America/New_York",
    hours: { monday: [{ start: "09:00", end: "17:00" }], thursday: [{ start: "09:00", end: "17:00" }] },
  },
});
const first = care.schedule?.appointments?.sessions[0];
if (first) {
  console.log(`first session ${first.start} to ${first.end}`);
}

try {
  mr.screen({ ...intake, age: 250 });
} catch (e) {
  if (e instanceof mr.InvalidInputError) {
    for (const p of e.problems) {
      const kind: mr.ProblemKind = p.problem;
      console.log(p.path, kind, p.message);
    }
  }
}

const kinds: mr.ErrorKind[] = mr.errorKinds();
const region: mr.BodyRegion = "lower_back";
void kinds;
void region;
void mr.screenMany([intake, JSON.stringify(intake)]).then((all) => all.length);
