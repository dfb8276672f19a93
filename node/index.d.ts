// Generated from the Rust side by node/tests/types.rs (the crate's JSON Schemas and the
// package's function table): do not edit. MASSAGE_RULES_BLESS=1 cargo test -p
// massage-rules-node --test types writes it again.

/** What a function takes: the value, its JSON text, or that text as UTF-8 bytes. */
export type Input<T> = T | string | Uint8Array;

/** A FHIR R4 resource or Bundle, as JSON. */
export type FhirResource = { resourceType: string; [key: string]: unknown };

/** A CDS Hooks 2.0 response: the cards. */
export interface HookResponse {
  cards: Array<Record<string, unknown>>;
}

/**
 * A acuity, by its snake_case name.
 */
export type Acuity = "acute" | "chronic" | "injury" | "ongoing";

/**
 * A pairing that made a technique relevant: the need, how directly, and the seed line.
 */
export interface Addressed {
  /**
   * The client's condition or goal.
   */
  need: Need;
  /**
   * Where the seed says so.
   */
  seed: SeedLines;
  /**
   * How directly the seed ties the technique to it.
   */
  strength: Strength;
}

/**
 * A answer, by its snake_case name.
 */
export type Answer = "no" | "yes" | "unknown";

/**
 * A precaution the plan applies, with what it changes and where.
 */
export interface AppliedPrecaution {
  /**
   * For a history item: the answer (`yes`, or `unknown` read as yes).
   */
  answer?: Answer | null;
  /**
   * Techniques not done there.
   */
  excluded_techniques?: Technique[];
  /**
   * Tools not used there.
   */
  excluded_tools?: Tool[];
  /**
   * The most pressure used there.
   */
  max_pressure?: Pressure | null;
  /**
   * Where the protocol row comes from.
   */
  origin: Origin;
  /**
   * What it is.
   */
  precaution: Precaution;
  /**
   * Where it applies.
   */
  regions: BodyRegion[];
  /**
   * The rule family.
   */
  rule: RuleId;
  /**
   * The seed line it is read from.
   */
  seed: SeedLines;
}

/**
 * A course's sessions as appointments: each with its start and end in the clinic's zone.
 */
export interface Appointments {
  /**
   * Minutes each session is booked for.
   */
  session_minutes: number;
  /**
   * One appointment per session date of the schedule, in order.
   */
  sessions: TimedSession[];
  /**
   * The timing they were booked under (kept, so a session can be moved later under the
   * same hours).
   */
  timing: Timing;
}

/**
 * An approval a course relies on, and the last day the approvals on file cover it.
 */
export interface ApprovalLimit {
  /**
   * What the approval covers.
   */
  contraindication: Contraindication;
  /**
   * The last day it is covered, one approval taking over from another.
   */
  valid_until: Date;
}

/**
 * What a plan read from an intake that did not say it in so many words.
 */
export interface Assumption {
  /**
   * The condition concerned.
   */
  condition: Condition;
  /**
   * What was read.
   */
  reading: Reading;
  /**
   * Where it is.
   */
  regions: BodyRegion[];
  /**
   * The rule family.
   */
  rule: RuleId;
  /**
   * The seed line behind the rule.
   */
  seed: SeedLines;
}

/**
 * When the client can come.
 */
export interface Availability {
  /**
   * Dates the client cannot come, even on an available weekday.
   */
  unavailable?: Date[];
  /**
   * Weekdays the client can come on.
   */
  weekdays: Day[];
}

/**
 * A body part, by its snake_case name.
 */
export type BodyPart = "head" | "neck" | "upper_back" | "lower_back" | "chest" | "abdomen" | "shoulder" | "upper_arm" | "forearm" | "hand" | "hip" | "thigh" | "lower_leg" | "foot" | "back" | "spine" | "arm" | "leg" | "knee";

/**
 * A body region, by its snake_case name.
 */
export type BodyRegion = "head" | "neck" | "upper_back" | "lower_back" | "chest" | "abdomen" | "left_shoulder" | "right_shoulder" | "left_upper_arm" | "right_upper_arm" | "left_forearm" | "right_forearm" | "left_hand" | "right_hand" | "left_hip" | "right_hip" | "left_thigh" | "right_thigh" | "left_lower_leg" | "right_lower_leg" | "left_foot" | "right_foot" | "left_knee" | "right_knee";

/**
 * Screening, and when it allows a session: the session plan, the course and its dates,
 * with everything held back explained.
 */
export interface CarePlan {
  /**
   * The day of the assessment the plan starts from (the intake's `assessed_on`), so a
   * stored plan needs no intake beside it.
   */
  assessed_on: Date;
  /**
   * The course, when there is a session to give and a start to give it from.
   */
  course?: Course | null;
  /**
   * What is held back (no session, no course, dates not booked), and why.
   */
  held_back?: HeldBack[];
  /**
   * The course's dates, when they could be found: never a date the client may not
   * have (after an approval lapses, before the start).
   */
  schedule?: Schedule | null;
  /**
   * The screening, with its reasons.
   */
  screening: Screening;
  /**
   * The session plan, when the screening allows one.
   */
  session?: SessionPlan | null;
}

/**
 * What [`care_plan`] needs: the intake, and optionally when the client can come and the
 * score progress will be measured against.
 */
export interface CareRequest {
  /**
   * When the client can come; Monday to Friday when absent.
   */
  availability?: Availability | null;
  /**
   * The baseline score for progress; the first reassessment when absent.
   */
  baseline?: Score | null;
  /**
   * The intake.
   */
  intake: Intake;
  /**
   * The first day sessions may fall on; the day after the assessment when absent. It
   * may not be before the assessment, and a start more than the protocol's
   * `rescreen_after_days` after it asks for a new screening instead of a course.
   */
  start?: Date | null;
  /**
   * When sessions happen (time zone, opening hours, closed days, preferred windows):
   * with it the schedule books appointments with a start and an end
   * ([`Course::schedule_timed`](crate::Course::schedule_timed)); without it, dates
   * only, as before.
   */
  timing?: Timing | null;
}

/**
 * One difference between two protocols.
 */
export interface Change {
  /**
   * The second protocol's value; `None` when only the first has it.
   */
  after: unknown;
  /**
   * The first protocol's value; `None` when only the second has it.
   */
  before: unknown;
  /**
   * Where, e.g. `screening.contraindications[blood_clot].severity`.
   */
  path: string;
}

/**
 * The answer to a [`CodingRequest`]: the diagnoses read, the care plan, and the coding
 * of every scheduled session. Written and read back as JSON.
 */
export interface Claims {
  /**
   * The care plan made with the diagnoses' conditions.
   */
  care: CarePlan;
  /**
   * The diagnosis codes, mapped or reported.
   */
  diagnoses: DiagnosisReport;
  /**
   * One coding per scheduled session, the first [`crate::Limits::CODED_SESSIONS`].
   */
  sessions: SessionCoding[];
  /**
   * Scheduled sessions past [`crate::Limits::CODED_SESSIONS`], not coded in this run: code them
   * in a later run, from a later start.
   */
  sessions_not_coded?: number;
}

/**
 * A day the clinic is closed, or a span of days (both ends included).
 */
export type Closed = Date | {
  from: Date;
  to: Date;
};

/**
 * One line of a session's claim: a CPT code, its minutes and units, and the diagnoses it
 * treats.
 */
export interface CodeLine {
  /**
   * Whether the line is billed: it has at least one unit. A timed code with too few
   * minutes for a unit is listed, with its minutes, and not billed.
   */
  billable: boolean;
  /**
   * The CPT code.
   */
  cpt: string;
  /**
   * Our words for it.
   */
  description: string;
  /**
   * The diagnosis codes it is linked to: those whose condition its techniques address;
   * a line whose techniques address only goals, or an untimed tool line, points at the
   * referral's first diagnosis, as every claim line must point at one.
   */
  diagnoses: string[];
  /**
   * Minutes of the session spent on it (0 for an untimed code).
   */
  minutes: number;
  /**
   * The body regions its techniques work on (for a tool line, where the tool is used).
   */
  regions: BodyRegion[];
  /**
   * The techniques it bills.
   */
  techniques: Technique[];
  /**
   * Whether it is billed by time.
   */
  timed: boolean;
  /**
   * Billable units.
   */
  units: number;
}

/**
 * What is wrong with a diagnosis code.
 */
export type CodeProblem = {
  problem: "not_a_code";
} | {
  /**
   * The first day it was no longer valid.
   */
  deleted_on: Date;
  problem: "deleted";
  /**
   * The codes to use instead.
   */
  replaced_by: string[];
} | {
  problem: "unmapped";
} | {
  problem: "not_yet_valid";
  /**
   * The first day it is valid.
   */
  valid_from: Date;
} | {
  /**
   * How many distinct codes were left unread.
   */
  more: number;
  problem: "too_many";
};

/**
 * A coding request: a care request, the referral's diagnosis codes, and the unit rule.
 */
export interface CodingRequest {
  /**
   * ICD-10-CM codes from the referral; each becomes a condition of the intake unless
   * the intake already presents that condition.
   */
  diagnoses?: string[];
  /**
   * The care request.
   */
  request: CareRequest;
  /**
   * The unit rule; the CMS rule when absent.
   */
  unit_rule?: UnitRule;
}

/**
 * A condition, by its snake_case name.
 */
export type Condition = "chronic_pain" | "muscle_tension" | "muscle_spasm" | "muscle_cramp" | "back_pain" | "neck_pain" | "headache" | "chronic_inflammation" | "stroke" | "nerve_damage" | "parkinsons_disease" | "spasticity" | "fibromyalgia" | "sprain" | "strain" | "recent_injury" | "recent_illness" | "post_operative" | "surgical_scarring" | "swelling" | "limited_range_of_motion" | "poor_posture" | "anxiety" | "stress" | "athletic_training" | "pregnancy_discomfort" | "autoimmune_disorder" | "oncology_patient" | "knee_osteoarthritis";

/**
 * A condition the client presents.
 */
export interface ConditionEntry {
  /**
   * Whether it is acute, chronic, an injury or ongoing; decides the course (L167-171).
   */
  acuity: Acuity;
  /**
   * The condition.
   */
  condition: Condition;
  /**
   * Where it is; empty for a condition of the whole person (stress, anxiety).
   */
  locations: Location[];
  /**
   * The day of the injury or of the surgery, when known (also read as `injured_on` or
   * `operated_on`). The protocol's healing rows (R-healing) count from it; an unknown
   * day is read as recent.
   */
  onset?: Date | null;
}

/**
 * A condition the client presents.
 */
export interface ConditionEntryInput {
  /**
   * Whether it is acute, chronic, an injury or ongoing; decides the course (L167-171).
   */
  acuity: Acuity;
  /**
   * The condition.
   */
  condition: Condition;
  /**
   * Where it is; empty for a condition of the whole person (stress, anxiety).
   */
  locations?: Location[];
  /**
   * The day of the injury or of the surgery, when known (also read as `injured_on` or
   * `operated_on`). The protocol's healing rows (R-healing) count from it; an unknown
   * day is read as recent.
   */
  onset?: Date | null;
}

/**
 * A contraindication, by its snake_case name.
 */
export type Contraindication = "minor" | "older_adult" | "pregnancy" | "infection" | "acute_inflammation" | "skin_condition" | "open_wound" | "cancer" | "blood_clot" | "fever";

/**
 * A course of sessions: its phases, where it stands, and its history. Serializable, so it
 * can be stored and resumed.
 */
export interface Course {
  /**
   * The physician's approvals the screening relied on that run out, with the last day
   * the approvals on file cover each (L134, L140): no session is scheduled after it.
   */
  approval_limits?: ApprovalLimit[];
  /**
   * The day of the assessment the course rests on: no session before it, and a start
   * more than `rescreen_after_days` after it asks for a new screening.
   */
  assessed_on?: Date | null;
  /**
   * The score progress is measured against.
   */
  baseline?: Score | null;
  /**
   * Why this kind.
   */
  basis: CourseBasis;
  /**
   * Every reassessment and its decision.
   */
  history: ProgressRecord[];
  /**
   * Reassessments in a row without enough improvement.
   */
  holds: number;
  /**
   * The kind.
   */
  kind: CourseKind;
  /**
   * The current phase (0-based).
   */
  phase: number;
  /**
   * The phases, most frequent first.
   */
  phases: PhaseRule[];
  /**
   * The firmest pressure of the coming sessions (R-gentle, L161): the plan's first
   * session pressure at the start, raised a level by each reassessment that reaches
   * the protocol's improvement, never above `pressure_ceiling`.
   */
  pressure?: Pressure | null;
  /**
   * The session plan's pressure limit, which `pressure` never passes.
   */
  pressure_ceiling?: Pressure | null;
  /**
   * The protocol that made it.
   */
  protocol: ProtocolStamp;
  /**
   * The protocol's limit between the assessment and the first session.
   */
  rescreen_after_days?: number | null;
  /**
   * Minutes a session lasts, from the session plan the course was started with.
   */
  session_minutes?: number | null;
  /**
   * Status.
   */
  status: CourseStatus;
}

/**
 * Why a course is of its kind.
 */
export interface CourseBasis {
  /**
   * Its acuity.
   */
  acuity?: Acuity | null;
  /**
   * Whether that row doses this condition in particular, rather than its acuity.
   */
  by_condition?: boolean;
  /**
   * The condition whose acuity chose the course; `None` for the fallback course.
   */
  condition?: Condition | null;
  /**
   * The row of the protocol's `scheduling.courses` that decided it.
   */
  row?: number | null;
  /**
   * The seed line behind the course kind.
   */
  seed: SeedLines;
}

/**
 * A course kind, by its snake_case name.
 */
export type CourseKind = "single" | "chronic" | "acute" | "injury_recovery" | "maintenance";

/**
 * Where a course stands.
 */
export type CourseStatus = "active" | "completed" | "referred";

/**
 * A civil date, YYYY-MM-DD.
 */
export type Date = string;

/**
 * A day, by its snake_case name.
 */
export type Day = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/**
 * A diagnosis read into a condition.
 */
export interface Diagnosis {
  /**
   * The code as given (trimmed, upper-case).
   */
  code: string;
  /**
   * The condition entry it becomes.
   */
  entry: ConditionEntry;
  /**
   * The table row it matched (a code or a category stem).
   */
  row: string;
}

/**
 * What became of a list of diagnosis codes: each either mapped or reported.
 */
export interface DiagnosisReport {
  /**
   * The codes read into conditions, in the order given.
   */
  mapped: Diagnosis[];
  /**
   * The codes that were not, each with why.
   */
  problems: Array<[string, CodeProblem]>;
}

/**
 * What a reason did to the decision.
 */
export type Effect = "avoid" | "needs_approval" | "approval_expired" | "approval_on_file" | "not_permitted" | "unanswered" | "contradicted" | "postponed";

/**
 * An error as a JSON document, the same for the JSON entry points and every door (C,
 * Python, Node, the service): `{"error": "invalid_input", "message": "...",
 * "problems": [{"path": ..., "problem": ..., "message": ..., "detail": ...}]}`, each
 * problem written as a [`Problem`] always is.
 */
export interface ErrorDocument {
  /**
   * The column, with `line`.
   */
  column?: number | null;
  /**
   * The kind.
   */
  error: ErrorKind;
  /**
   * Where in the JSON text it went wrong, for a JSON error read from text.
   */
  line?: number | null;
  /**
   * The whole message, for people.
   */
  message: string;
  /**
   * Each problem with its path, for an invalid intake or protocol.
   */
  problems?: Problem[];
}

/**
 * The kinds of [`Error`], for code that maps them (the C ABI maps each to a
 * status). Exhaustive on purpose: a new kind is a compile error in every
 * exhaustive `match`, not a silent fallback.
 */
export type ErrorKind = "invalid_json" | "invalid_input" | "invalid_protocol" | "not_cleared" | "no_course" | "no_schedule" | "invalid_progress" | "not_moved";

/**
 * A technique left out of the plan, and why.
 */
export type ExcludedTechnique = {
  reason: "not_for_client";
} | {
  reason: "pregnant_only";
} | {
  /**
   * The approval it needs.
   */
  contraindication: Contraindication;
  reason: "needs_approval";
} | {
  reason: "not_certified";
} | {
  reason: "excluded_in_pregnancy";
} | {
  /**
   * The technique's lightest pressure.
   */
  lightest: Pressure;
  reason: "above_tolerance";
  /**
   * The client's tolerance (light when unknown).
   */
  tolerance: Pressure;
} | {
  /**
   * Its cap.
   */
  cap: Pressure;
  /**
   * The condition.
   */
  condition: Condition;
  /**
   * The technique's lightest pressure.
   */
  lightest: Pressure;
  reason: "above_condition_cap";
} | {
  /**
   * The technique's lightest pressure.
   */
  lightest: Pressure;
  /**
   * The limit.
   */
  limit: Pressure;
  reason: "above_pregnancy_limit";
} | {
  reason: "no_region";
  /**
   * The regions that would have been worked on, all of them avoided or unfit.
   */
  wanted: BodyRegion[];
} | {
  /**
   * The precaution that took its last region.
   */
  precaution: Precaution;
  reason: "precaution";
} | {
  /**
   * The rank it had.
   */
  rank: number;
  reason: "below_limit";
} | {
  reason: "not_in_protocol";
} | {
  /**
   * The rule behind it.
   */
  rule: RuleId;
  /**
   * The seed lines behind it.
   */
  seed: SeedLines;
  /**
   * The technique.
   */
  technique: Technique;
};

/**
 * The object form, read by serde.
 */
export interface Fields {
  anticoagulants?: LenientAnswer;
  corticosteroids?: LenientAnswer;
  fever?: LenientAnswer;
  osteoporosis?: LenientAnswer;
  reduced_sensation?: LenientAnswer;
  reduced_sensation_at?: Location[];
  varicose_veins?: LenientAnswer;
  varicose_veins_at?: Location[];
}

/**
 * A contraindication found on a region of the body.
 */
export interface Finding {
  /**
   * What was found; one of the regional contraindications.
   */
  contraindication: Contraindication;
  /**
   * Where it was found. Required: a finding without a place is rejected.
   */
  location?: Location | null;
}

/**
 * The regions on which each regional contraindication was found.
 */
export type FindingRegions = Partial<Record<"minor" | "older_adult" | "pregnancy" | "infection" | "acute_inflammation" | "skin_condition" | "open_wound" | "cancer" | "blood_clot" | "fever", BodyRegion[]>>;

/**
 * A goal, by its snake_case name.
 */
export type Goal = "pain_relief" | "improved_circulation" | "increased_mobility" | "stress_reduction" | "relaxation" | "improved_posture" | "preventive_care" | "reduced_inflammation" | "reduced_swelling" | "immune_support" | "athletic_performance" | "injury_recovery" | "scar_tissue_remodeling";

/**
 * A hold with the rule, the seed line and the protocol behind it.
 */
export type HeldBack = {
  hold: "not_cleared";
  /**
   * The screening's outcome.
   */
  outcome: Outcome;
} | {
  hold: "no_technique";
} | {
  /**
   * The day of the assessment.
   */
  assessed_on: Date;
  hold: "rescreen";
  /**
   * The protocol's limit in days.
   */
  max_days: number;
  /**
   * The start asked for.
   */
  start: Date;
} | {
  /**
   * What the approval covers.
   */
  contraindication: Contraindication;
  hold: "renew_approval";
  /**
   * The first session date that needs a new approval.
   */
  needed_from: Date;
  /**
   * Sessions of the course not booked.
   */
  sessions_not_booked: number;
  /**
   * The last day the approvals on file cover.
   */
  valid_until: Date;
} | {
  hold: "no_schedule";
  /**
   * Why.
   */
  reason: ScheduleError;
} | {
  /**
   * The protocol that decided.
   */
  protocol: ProtocolStamp;
  /**
   * The rule behind it.
   */
  rule: RuleId;
  /**
   * The seed lines behind it.
   */
  seed: SeedLines;
};

/**
 * A history item, by its snake_case name.
 */
export type History = "anticoagulants" | "corticosteroids" | "osteoporosis" | "reduced_sensation" | "varicose_veins" | "fever";

/**
 * A client's intake, as a clinic system or app records it before a session.
 * 
 * Answers that may be unknown are tri-state ([`Answer`]) or `Option`al, and a missing
 * answer is unknown, never "no": an unknown age or pregnancy is screened as if the
 * contraindication were present. `findings` and `practitioner` must always be stated.
 */
export interface Intake {
  /**
   * Age in whole years; `None` when unknown.
   */
  age?: number | null;
  /**
   * Physician approvals on file.
   */
  approvals?: PhysicianApproval[];
  /**
   * The day of the assessment; approvals are checked against it.
   */
  assessed_on: Date;
  /**
   * Conditions the client presents, with where and how.
   */
  conditions?: ConditionEntryInput[];
  /**
   * Contraindications found on body regions (L135-139); `[]` when none were found.
   */
  findings: Finding[];
  /**
   * Goals the client seeks.
   */
  goals?: Goal[];
  /**
   * The medical history (L176): medications, osteoporosis, reduced sensation, varicose
   * veins, a fever. Everything unknown when absent; `"none"` when the client has none
   * of the items.
   */
  history?: MedicalHistory;
  /**
   * The most pressure the client tolerates (L161); unknown is treated as light.
   */
  pain_tolerance?: Pressure | null;
  /**
   * Who will give the massage.
   */
  practitioner: Practitioner;
  /**
   * Whether the client is pregnant; unknown unless stated. `true`, `false` and `null`
   * are read as yes, no and unknown.
   */
  pregnant?: LenientAnswer;
}

/**
 * Why a session is as long as it is.
 */
export type LengthBasis = "standard" | "chronic";

/**
 * yes, no or unknown; true, false, or null for unknown.
 */
export type LenientAnswer = Answer | boolean | null;

/**
 * A place on the body: a region's or a part's name, or a part and a side.
 */
export type Location = BodyRegion | BodyPart | {
  part: BodyPart;
  side?: Side | null;
};

/**
 * The medical history: an object of answers and places, "none", or null (unknown).
 */
export type MedicalHistory = Fields | "none" | null;

/**
 * A need a technique can address: a condition the client presents or a goal they seek.
 */
export type Need = {
  condition: Condition;
} | {
  goal: Goal;
};

/**
 * Where a protocol row comes from: the seed's words, our own reading where the seed is
 * silent, or a public source.
 */
export type Origin = "seed" | "ours" | {
  source: string;
};

/**
 * The outcome of screening, ordered from most permissive to strictest; this order is
 * the one every "never more permissive" promise is stated in.
 */
export type Outcome = "cleared" | "restricted" | "needs_answers" | "needs_approval" | "not_permitted";

/**
 * A period, by its snake_case name.
 */
export type Period = "week" | "month";

/**
 * One phase of a course: so many sessions per week or month, for so many weeks or months,
 * ended by a reassessment.
 */
export interface PhaseRule {
  /**
   * The period.
   */
  per: Period;
  /**
   * How many periods the phase lasts (1 to 52).
   */
  periods: number;
  /**
   * The seed lines behind the frequency.
   */
  seed: SeedLines;
  /**
   * Sessions per period (1 to 7 a week; exactly 1 a month).
   */
  sessions: number;
}

/**
 * A physician's approval of massage despite some contraindications (L134, L140).
 */
export interface PhysicianApproval {
  /**
   * The contraindications the physician approved massage for.
   */
  covers: Contraindication[];
  /**
   * The day the approval was given, when known; it holds from then on. A re-approval
   * given after the assessment lets a course go on past an earlier approval's end. Also
   * read as `approved_on` or `issued_on`.
   */
  given_on?: Date | null;
  /**
   * Who approved, for the record.
   */
  physician?: string | null;
  /**
   * The last day the approval holds; `None` when it does not expire.
   */
  valid_until?: Date | null;
}

/**
 * A technique in the plan.
 */
export interface PlannedTechnique {
  /**
   * The client's conditions and goals it addresses, with the seed lines.
   */
  addresses: Addressed[];
  /**
   * Ranked first as the protocol's first choice for an approved pregnant client
   * (prenatal massage, L69), whatever its score.
   */
  first_choice?: boolean;
  /**
   * Minutes of the session given to it (the protocol's `selection.minutes` rule): the
   * techniques' minutes sum to the session's length.
   */
  minutes: number;
  /**
   * The one pressure that is safe on every region the technique would work on: the
   * technique's firmest, lowered to the client's tolerance, every whole-body cap, and
   * every local cap (a condition's, a precaution's) on any of those regions. It is
   * counted before findings or reserved regions take regions away, so a finding that
   * takes a capped region away never makes it firmer. [`pressures`](Self::pressures)
   * gives the pressure region by region.
   */
  pressure: Pressure;
  /**
   * The pressure region by region (R-pressure per region): a local cap lowers only its
   * own regions, a whole-body cap (tolerance, pregnancy, anticoagulants) all of them.
   * Lightest first; together the entries cover exactly `regions`. At most one entry a
   * pressure level, kept inline (no allocation).
   */
  pressures: RegionPressure[];
  /**
   * 1 for the first technique.
   */
  rank: number;
  /**
   * Where it is applied: the regions of the conditions it addresses (when it addresses
   * only goals or whole-person conditions: the regions of all the client's conditions,
   * or the whole body when none has a place), within the technique's fit, outside every
   * region to avoid.
   */
  regions: BodyRegion[];
  /**
   * The rank score: 2 points for each primary pairing, 1 for each supporting one.
   */
  score: number;
  /**
   * Where the seed describes the technique.
   */
  seed: SeedLines;
  /**
   * The technique.
   */
  technique: Technique;
  /**
   * The tools it uses: those it cannot be done without, and those the protocol adds
   * for the client's needs unless a tool-safety row keeps them off its regions.
   */
  tools: Tool[];
  /**
   * Tools the protocol would add but a tool-safety row withholds, with the reason.
   */
  withheld_tools?: WithheldTool[];
}

/**
 * The practitioner who will give the massage (L31, L33, L182).
 */
export interface Practitioner {
  /**
   * The techniques the practitioner is certified in; `None` when not supplied, in which
   * case certification is not checked.
   */
  certified_techniques?: Technique[] | null;
  /**
   * Holds a massage therapy licence.
   */
  licensed?: LenientAnswer;
  /**
   * Has specialised training in medical massage.
   */
  medical_massage_trained?: LenientAnswer;
}

/**
 * Something about the client that changes how the work is done beyond screening: a
 * condition that makes a tool unsafe, an item of the medical history, an approved age, a
 * fresh injury or a recent surgery.
 */
export type Precaution = {
  /**
   * The condition.
   */
  condition: Condition;
  kind: "condition";
} | {
  /**
   * The item.
   */
  history: History;
  kind: "history";
} | {
  /**
   * `minor` or `older_adult`.
   */
  contraindication: Contraindication;
  kind: "age";
} | {
  /**
   * The injury.
   */
  condition: Condition;
  kind: "acute_injury";
} | {
  /**
   * The condition of the site.
   */
  condition: Condition;
  kind: "scar_work";
};

/**
 * A pressure, by its snake_case name.
 */
export type Pressure = "light" | "moderate" | "firm" | "deep";

/**
 * One thing wrong with an input (an intake, a request, a protocol, a variant file, a
 * FHIR response), with the path of the field: the one problem type of every reader.
 * 
 * It is written the same way wherever it appears (an error document, a batch's column,
 * a door's exception): `{"path": ..., "problem": <kind>, "message": <in words>,
 * "detail": ...}`. Reading one back takes `kind` for `problem` too, and passes over
 * `message`, which is made from the rest.
 */
export interface Problem {
  /**
   * More about it, when there is more: the word that was not recognised and the valid
   * ones, what the JSON reader said.
   */
  detail?: string | null;
  /**
   * What, in words: the path, the kind and the detail.
   */
  message: string;
  /**
   * Where, e.g. `conditions[1].locations[0].side`.
   */
  path: string;
  /**
   * What, as a stable snake_case name.
   */
  problem: ProblemKind;
}

/**
 * What is wrong with a field of an input.
 */
export type ProblemKind = "age_out_of_range" | "missing_side" | "unexpected_side" | "missing_location" | "not_a_regional_finding" | "empty_approval" | "unknown_field" | "missing_field" | "wrong_type" | "unknown_name" | "invalid_date" | "out_of_range" | "start_before_assessment" | "too_long" | "onset_after_assessment" | "too_many_problems" | "duplicate_field" | "too_deep" | "inconsistent" | "unknown_time_zone" | "invalid_window" | "invalid_time";

/**
 * What a reassessment decided.
 */
export type Progress = "baseline_recorded" | "advance" | "hold" | "complete" | "refer_worse" | "refer_no_progress";

/**
 * A reassessment and what it decided, kept in the course's history.
 */
export interface ProgressRecord {
  /**
   * Improvement in percent of the room to improve (negative when worse); `None` for
   * the baseline.
   */
  improvement_percent?: number | null;
  /**
   * The phase the course was in.
   */
  phase: number;
  /**
   * The pressure of the sessions after it (R-gentle), when the course keeps one.
   */
  pressure?: Pressure | null;
  /**
   * The decision.
   */
  progress: Progress;
  /**
   * The reassessment.
   */
  reassessment: Reassessment;
  /**
   * The rule behind it (R-taper).
   */
  rule: RuleId;
  /**
   * The seed lines behind it.
   */
  seed: SeedLines;
}

/**
 * The differences between two protocols' rules.
 */
export interface ProtocolDiff {
  /**
   * The first protocol.
   */
  a: ProtocolStamp;
  /**
   * The second protocol.
   */
  b: ProtocolStamp;
  /**
   * Every difference, in field order.
   */
  changes: Change[];
}

/**
 * A protocol id: lower-case letters, digits, '-', '_' and '.'.
 */
export type ProtocolId = string;

/**
 * Which protocol, at which version, made a decision: `seed@1`.
 */
export interface ProtocolStamp {
  /**
   * The protocol's id.
   */
  id: ProtocolId;
  /**
   * The protocol's version.
   */
  version: number;
}

/**
 * A question, by its snake_case name.
 */
export type Question = "age" | "pregnancy" | "licence" | "medical_massage_training" | "physician_approval" | "fever";

/**
 * How an answer that was not given was read.
 */
export type Reading = "past_scar_work_window";

/**
 * One reason behind a screening: the rule, what it concerns, the seed line and the
 * protocol.
 */
export interface Reason {
  /**
   * The contraindication concerned, if any.
   */
  contraindication?: Contraindication | null;
  /**
   * What it did.
   */
  effect: Effect;
  /**
   * The protocol that applied the rule.
   */
  protocol: ProtocolStamp;
  /**
   * The intake question concerned, if any.
   */
  question?: Question | null;
  /**
   * The region concerned, if any.
   */
  region?: BodyRegion | null;
  /**
   * The rule family that fired.
   */
  rule: RuleId;
  /**
   * The seed lines behind the rule.
   */
  seed: SeedLines;
}

/**
 * A reassessment of the client's progress.
 */
export interface Reassessment {
  /**
   * When.
   */
  on: Date;
  /**
   * What was measured.
   */
  score: Score;
}

/**
 * The pressure on some of a technique's regions.
 */
export interface RegionPressure {
  /**
   * The firmest pressure used there.
   */
  pressure: Pressure;
  /**
   * The regions.
   */
  regions: BodyRegion[];
}

/**
 * A rule, by its snake_case name.
 */
export type RuleId = "age" | "pregnancy" | "local" | "practitioner" | "certification" | "disclosure" | "pairing" | "region_fit" | "pressure" | "prenatal" | "session_length" | "course" | "taper" | "history" | "gentle" | "healing";

/**
 * The dated phases of a course, from its current phase on.
 */
export interface Schedule {
  /**
   * The sessions as appointments with a start and an end in the clinic's zone, when
   * the schedule was made with a [`Timing`] ([`Course::schedule_timed`]).
   */
  appointments?: Appointments | null;
  /**
   * The course kind.
   */
  kind: CourseKind;
  /**
   * The phases with their dates.
   */
  phases: ScheduledPhase[];
  /**
   * The protocol behind the course.
   */
  protocol: ProtocolStamp;
  /**
   * Minutes a session lasts, if known (from the session plan).
   */
  session_minutes?: number | null;
  /**
   * Where the schedule stops short of the course, when a last day was set.
   */
  stop?: ScheduleStop | null;
}

/**
 * A schedule could not be made.
 */
export type ScheduleError = {
  error: "no_weekdays";
} | {
  error: "unknown_time_zone";
  /**
   * The name given.
   */
  time_zone: string;
} | {
  error: "no_slot";
  /**
   * Minutes a session lasts.
   */
  minutes: number;
} | {
  error: "invalid_timing";
  /**
   * Every problem.
   */
  problems: Problem[];
} | {
  /**
   * Weekdays available.
   */
  available: number;
  error: "not_enough_weekdays";
  /**
   * Sessions a week it needs.
   */
  needed: number;
  /**
   * The phase (0-based).
   */
  phase: number;
} | {
  error: "no_dates";
  /**
   * The phase (0-based).
   */
  phase: number;
} | {
  error: "start_out_of_range";
  /**
   * The start asked for.
   */
  start: Date;
} | {
  error: "too_many_phases";
  /**
   * How many it has.
   */
  phases: number;
} | {
  /**
   * The assessment.
   */
  assessed_on: Date;
  error: "start_before_assessment";
  /**
   * The start asked for.
   */
  start: Date;
} | {
  /**
   * The assessment.
   */
  assessed_on: Date;
  error: "stale_intake";
  /**
   * The protocol's limit.
   */
  max_days: number;
  /**
   * The start asked for.
   */
  start: Date;
};

/**
 * A schedule stopped short of its course: no session may fall after `last_day`.
 */
export interface ScheduleStop {
  /**
   * The last day a session could be booked on.
   */
  last_day: Date;
  /**
   * The first session date the course would have had after it.
   */
  next_date: Date;
  /**
   * Sessions of the course that were not booked.
   */
  sessions_not_booked: number;
}

/**
 * The dates of one phase, and the recurrence that gives them.
 */
export interface ScheduledPhase {
  /**
   * Dates a session was moved to that the recurrence does not give (`RDATE`); see
   * [`Schedule::reschedule`].
   */
  added?: Date[];
  /**
   * The session dates.
   */
  dates: Date[];
  /**
   * The recurrence's first date (`DTSTART`): the phase's first session.
   */
  dtstart: Date;
  /**
   * Dates the recurrence gives but the client cannot come, or a session was moved
   * from (`EXDATE`).
   */
  excluded: Date[];
  /**
   * The phase (0-based).
   */
  index: number;
  /**
   * The phase's rule.
   */
  rule: PhaseRule;
  /**
   * For a monthly phase: which of its weekday in the month sessions fall on, 1 to 4,
   * or -1 for the last.
   */
  week_of_month?: number | null;
  /**
   * The weekdays sessions fall on (one for a monthly phase).
   */
  weekdays: Day[];
}

/**
 * What a reassessment measures.
 * 
 * In JSON: `{"measure": "pain", "value": 6}`; a value off its scale is refused.
 */
export type Score = {
  measure: "pain";
  value: number;
} | {
  measure: "function";
  value: number;
};

export interface Screening {
  approval_expired: Contraindication[];
  approval_needed: Contraindication[];
  approval_on_file: Contraindication[];
  avoid: BodyRegion[];
  contradicted: Question[];
  findings: FindingRegions;
  not_permitted: Contraindication[];
  outcome: Outcome;
  practitioner_failed: Question[];
  protocol: ProtocolStamp;
  reasons: Reason[] | null;
  unanswered: Question[];
}

/**
 * Lines of the seed document: L137, or a range L43-45.
 */
export type SeedLines = string;

/**
 * The codes of one session.
 */
export interface SessionCoding {
  /**
   * The day of the session, for a scheduled one.
   */
  date?: Date | null;
  /**
   * The lines, timed codes first.
   */
  lines: CodeLine[];
  /**
   * The unit rule applied.
   */
  rule: UnitRule;
  /**
   * The session's length in minutes.
   */
  session_minutes: number;
  /**
   * Minutes of timed codes.
   */
  total_timed_minutes: number;
  /**
   * Units of the timed codes (what the timed minutes give under the unit rule).
   */
  total_timed_units: number;
  /**
   * Units of every line: the timed units and one for each untimed code.
   */
  total_units: number;
}

/**
 * What to do in one session: ranked techniques, and those left out with the reason.
 */
export interface SessionPlan {
  /**
   * What the plan read from an answer that was not given in so many words: a surgical
   * site without a surgery date but stated chronic is read as past the window for scar
   * work (R-healing, L127).
   */
  assumptions?: Assumption[];
  /**
   * Regions not worked on: screening findings, and pregnancy's regions when pregnant.
   */
  avoid: BodyRegion[];
  /**
   * Every other technique of the protocol, with why it was left out.
   */
  excluded: ExcludedTechnique[];
  /**
   * The firmest pressure of the first session of a course: the limit lowered by the
   * protocol's gentle start (R-gentle, L161), never below light. Each technique is done
   * at its own pressure or this, whichever is lighter; a reassessment that shows
   * improvement raises it (`Course::pressure`).
   */
  first_session_pressure: Pressure;
  /**
   * Planned as the protocol's general session: the client named no condition and no
   * goal, so the session serves the protocol's general goals.
   */
  general_session?: boolean;
  /**
   * Why that length.
   */
  length_basis: LengthBasis;
  /**
   * Session length in minutes.
   */
  minutes: number;
  /**
   * The screening outcome it was planned from (cleared or restricted).
   */
  outcome: Outcome;
  /**
   * Precautions applied: the medical history, an approved age, fresh injuries and
   * recent surgeries, with where and what each changes.
   */
  precautions?: AppliedPrecaution[];
  /**
   * The firmest pressure allowed in this session: the client's tolerance, lowered by
   * condition caps, pregnancy rules and precautions for the whole body (history, age).
   */
  pressure_limit: Pressure;
  /**
   * The protocol that planned it.
   */
  protocol: ProtocolStamp;
  /**
   * The techniques, best first. Empty when nothing can be done; see `excluded`.
   */
  techniques: PlannedTechnique[];
  /**
   * The client's conditions no planned technique addresses (their regions may all be
   * to avoid, or no technique fits them): the course does not follow them.
   */
  unaddressed?: Condition[];
}

/**
 * A side, by its snake_case name.
 */
export type Side = "left" | "right";

/**
 * How directly the seed ties a technique to a need.
 */
export type Strength = "primary" | "supporting";

/**
 * A technique, by its snake_case name.
 */
export type Technique = "swedish" | "deep_tissue" | "trigger_point_therapy" | "myofascial_release" | "neuromuscular_therapy" | "sports_massage" | "craniosacral_therapy" | "lymphatic_drainage" | "prenatal_massage" | "cupping_therapy" | "reflexology" | "acupressure" | "active_release_technique" | "stretching";

/**
 * A time of day, HH:MM (24-hour clock).
 */
export type TimeOfDay = string;

/**
 * One session's appointment.
 */
export interface TimedSession {
  /**
   * When it ends.
   */
  end: ZonedTime;
  /**
   * The phase it belongs to (0-based).
   */
  phase: number;
  /**
   * When it starts, in the clinic's zone (RFC 9557:
   * `2027-03-15T16:00:00-04:00[America/New_York]`).
   */
  start: ZonedTime;
}

/**
 * When sessions may happen: the clinic's IANA time zone, the practitioner's opening
 * hours, the days the clinic is closed, the client's preferred windows, and the
 * session's length when it is not the plan's.
 * 
 * ```
 * use massage_rules::scheduling::Timing;
 * let timing: Timing = serde_json::from_str(r#"{
 *     "time_zone": "America/New_York",
 *     "hours": {"monday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}],
 *               "thursday": [{"start": "12:00", "end": "20:00"}]},
 *     "closed": ["2026-12-24", {"from": "2026-12-31", "to": "2027-01-01"}],
 *     "preferred": {"monday": [{"start": "16:00", "end": "19:00"}],
 *                   "thursday": [{"start": "16:00", "end": "19:00"}]}
 * }"#)?;
 * assert!(timing.problems().is_empty());
 * // A 60-minute session: Monday at 16:00 (open until 18:00, preferred from 16:00).
 * let monday = timing.slot(massage_rules::vocabulary::Day::Monday, 60).unwrap();
 * assert_eq!(monday.to_string(), "16:00:00");
 * # Ok::<(), Box<dyn std::error::Error>>(())
 * ```
 */
export interface Timing {
  /**
   * Days the clinic is closed; at most [`Limits::CLOSED`] entries and
   * [`Limits::CLOSED_DAYS`] days in all.
   */
  closed?: Closed[];
  /**
   * The practitioner's opening hours, per weekday; at most
   * [`Limits::WINDOWS_PER_DAY`] windows a day, none overlapping.
   */
  hours: {
    friday?: Window[];
    monday?: Window[];
    saturday?: Window[];
    sunday?: Window[];
    thursday?: Window[];
    tuesday?: Window[];
    wednesday?: Window[];
  };
  /**
   * The client's preferred windows, per weekday: a session lies within one of them as
   * well as within the opening hours. Any time the clinic is open when absent.
   */
  preferred?: {
    friday?: Window[];
    monday?: Window[];
    saturday?: Window[];
    sunday?: Window[];
    thursday?: Window[];
    tuesday?: Window[];
    wednesday?: Window[];
  } | null;
  /**
   * Minutes a session is booked for; the session plan's minutes when absent.
   */
  session_minutes?: number | null;
  /**
   * The clinic's time zone, an IANA name (`"Europe/Berlin"`).
   */
  time_zone: string;
}

/**
 * A tool, by its snake_case name.
 */
export type Tool = "hot_stones" | "cold_stones" | "cups";

/**
 * How timed minutes become units.
 */
export type UnitRule = "cms" | "midpoint";

/**
 * A window of one day in local wall-clock time: from `start` up to `end`, whole
 * minutes (`{"start": "09:00", "end": "12:30"}`). A window lies within one day.
 */
export interface Window {
  /**
   * The end of the window: a session ends at it at the latest.
   */
  end: TimeOfDay;
  /**
   * The first minute of the window.
   */
  start: TimeOfDay;
}

/**
 * A tool left out of a technique because a condition or a precaution on its regions
 * makes it unsafe there.
 */
export interface WithheldTool {
  /**
   * What makes it unsafe: a condition (a `tool_safety` row) or a precaution (a
   * medical-history row).
   */
  because: Precaution;
  /**
   * Where those regions and the technique's meet.
   */
  regions: BodyRegion[];
  /**
   * The seed line behind it.
   */
  seed: SeedLines;
  /**
   * The tool.
   */
  tool: Tool;
}

/**
 * A date and time with its offset and IANA time zone (RFC 9557), e.g. 2027-03-15T09:00:00-04:00[America/New_York].
 */
export type ZonedTime = string;

/** Every error of the rules: `kind` names it, `problems` lists every problem of the
 * input at once, each at its path, as the crate writes them. */
export declare class MassageRulesError extends Error {
  readonly kind: ErrorKind | "invalid_type" | "hook_refused";
  readonly problems: Problem[];
}
/** The crate's `invalid_json` error. */
export declare class InvalidJsonError extends MassageRulesError {
  readonly kind: "invalid_json";
}
/** The crate's `invalid_input` error. */
export declare class InvalidInputError extends MassageRulesError {
  readonly kind: "invalid_input";
}
/** The crate's `invalid_protocol` error. */
export declare class InvalidProtocolError extends MassageRulesError {
  readonly kind: "invalid_protocol";
}
/** The crate's `not_cleared` error. */
export declare class NotClearedError extends MassageRulesError {
  readonly kind: "not_cleared";
}
/** The crate's `no_course` error. */
export declare class NoCourseError extends MassageRulesError {
  readonly kind: "no_course";
}
/** The crate's `no_schedule` error. */
export declare class NoScheduleError extends MassageRulesError {
  readonly kind: "no_schedule";
}
/** The crate's `invalid_progress` error. */
export declare class InvalidProgressError extends MassageRulesError {
  readonly kind: "invalid_progress";
}
/** The crate's `not_moved` error. */
export declare class NotMovedError extends MassageRulesError {
  readonly kind: "not_moved";
}
/** An argument of a type the rules cannot read (`null`, `undefined`, a number, ...). */
export declare class InvalidTypeError extends MassageRulesError {
  readonly kind: "invalid_type";
}
/** A hook request the service cannot answer; `status` is the HTTP status (400 or 412). */
export declare class HookRefusedError extends MassageRulesError {
  readonly kind: "hook_refused";
  readonly status: number;
}

/** A protocol: every threshold and pairing of the rules, versioned. Immutable. */
export declare class Protocol {
  private constructor();
  /** The seed protocol, the default. */
  static seed(): Protocol;
  /** Blood clots and cancer need a physician's approval. */
  static conservative(): Protocol;
  /** Reads and checks a protocol from its JSON. */
  static fromJson(text: Input<Record<string, unknown>>): Protocol;
  /** A variant shipped with the crate, by name. */
  static builtinVariant(name: string): Protocol;
  /** The names of the variants shipped with the crate. */
  static variantNames(): string[];
  /** Loads a variant file (patches of a built-in protocol). */
  static fromVariantFile(text: Input<Record<string, unknown>>): Protocol;
  /** This protocol changed by a variant file written against it. */
  applyVariant(text: Input<Record<string, unknown>>): Protocol;
  /** What differs between this protocol's rules and `other`'s. */
  diff(other: Protocol): ProtocolDiff;
  /** What differs, in words, one change a line. */
  diffText(other: Protocol): string;
  /** The protocol as the crate writes it. */
  toJSON(): Record<string, unknown>;
  readonly id: string;
  readonly version: number;
  readonly title: string;
  /** `id@version`, as every decision names its protocol. */
  readonly stamp: string;
}

/**
 * Screens an intake: the outcome, the regions to avoid, the questions to ask and every reason.
 */
export declare function screen(intake: Input<Intake>, protocol?: Protocol): Screening;
/**
 * As `screen`, answering with the crate's JSON text unchanged.
 */
export declare function screenJson(intake: Input<Intake>, protocol?: Protocol): string;
/**
 * The session plan of an intake the screening clears (`NotClearedError` otherwise).
 */
export declare function plan(intake: Input<Intake>, protocol?: Protocol): SessionPlan;
/**
 * As `plan`, as the crate's JSON text.
 */
export declare function planJson(intake: Input<Intake>, protocol?: Protocol): string;
/**
 * The care plan of a care request: screening, session plan, course, and its dates or timed appointments (starts and ends with their offset and zone).
 */
export declare function carePlan(request: Input<CareRequest>, protocol?: Protocol): CarePlan;
/**
 * As `carePlan`, as the crate's JSON text.
 */
export declare function carePlanJson(request: Input<CareRequest>, protocol?: Protocol): string;
/**
 * A care plan with one booked session (0-based, in course order) moved to `to`, a local `YYYY-MM-DDTHH:MM` in the clinic's zone or a date (`NotMovedError` says which rule refuses it).
 */
export declare function reschedule(plan: Input<CarePlan>, session: number, to: string): CarePlan;
/**
 * As `reschedule`, as the crate's JSON text.
 */
export declare function rescheduleJson(plan: Input<CarePlan>, session: number, to: string): string;
/**
 * The CDS Hooks `appointment-book` check: the proposed Appointments (a FHIR Bundle) against the care plan of a request and the client's booked appointments (a search Bundle).
 */
export declare function appointmentBookCheck(request: Input<CareRequest>, proposed: Input<FhirResource>, options?: { booked?: Input<FhirResource> | null; protocol?: Protocol }): HookResponse;
/**
 * The whole answer to an `appointment-book` hook request, as the CDS Hooks service gives it (`HookRefusedError`, with the HTTP `status`, for a request the hook cannot answer).
 */
export declare function answerAppointmentBook(request: Input<FhirResource>, options?: { timing?: Input<Timing> | null; protocol?: Protocol }): HookResponse;
/**
 * The claims of a coding request: the diagnoses read, the care plan, each session's CPT codes and units.
 */
export declare function claims(request: Input<CodingRequest>, protocol?: Protocol): Claims;
/**
 * The intake Questionnaire (FHIR R4).
 */
export declare function questionnaire(): FhirResource;
/**
 * An intake as a FHIR QuestionnaireResponse.
 */
export declare function questionnaireResponse(intake: Input<Intake>): FhirResource;
/**
 * The intake a FHIR QuestionnaireResponse holds; every problem at once.
 */
export declare function intakeFromQuestionnaireResponse(response: Input<FhirResource>): Intake;
/**
 * The care plan as a FHIR CarePlan resource.
 */
export declare function carePlanFhir(request: Input<CareRequest>, options?: { patient?: string | null; protocol?: Protocol }): FhirResource;
/**
 * The screening as FHIR DetectedIssue resources.
 */
export declare function detectedIssues(intake: Input<Intake>, options?: { patient?: string | null; protocol?: Protocol }): FhirResource[];
/**
 * Screens every intake off the main thread (a napi async task), so the event loop keeps answering; each intake's screening, or the error that kept it from one, in order.
 */
export declare function screenMany(intakes: Iterable<Input<Intake>>, protocol?: Protocol): Promise<Array<Screening | MassageRulesError>>;
/**
 * The crate's error kinds, in its table's order.
 */
export declare function errorKinds(): ErrorKind[];
/**
 * The library's version.
 */
export declare function version(): string;
