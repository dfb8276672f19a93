//! Starting a course, and moving it on with each reassessment or new screening.

use super::*;

impl Course {
    /// Starts the course for a cleared intake and its session plan: the first course of
    /// the protocol whose acuity one of the conditions the plan treats has (the protocol
    /// lists the most frequent first), or the fallback course (a single session) when none
    /// has. A condition the plan cannot treat (every region of it to be avoided) calls for
    /// no course of its own, and a plan without a technique for none at all. The session
    /// length goes with the course into its schedule. `baseline` is the score progress is
    /// measured against; without one (or with one off its scale), the first reassessment
    /// becomes the baseline.
    ///
    /// ```
    /// use massage_rules::{plan, Course, Intake, Protocol, Screened};
    /// use massage_rules::scheduling::Score;
    /// use massage_rules::vocabulary::CourseKind;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let protocol = Protocol::seed();
    /// let screened = Screened::new(&protocol, &intake)?;
    /// let clearance = screened.clearance()?;
    /// let session = plan(&clearance);
    /// let course = Course::start(&clearance, &session, Some(Score::Pain(6)))?;
    /// assert_eq!(course.kind, CourseKind::Chronic);
    /// assert_eq!(course.phases[0].sessions, 2); // twice a week first (L168)
    /// assert_eq!(course.session_minutes, Some(60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start(
        clearance: &Clearance<'_>,
        session: &SessionPlan,
        baseline: Option<Score>,
    ) -> Result<Course, CourseError> {
        let protocol = clearance.protocol();
        if session.protocol != protocol.stamp() {
            return Err(CourseError::ProtocolMismatch {
                session: session.protocol,
                protocol: protocol.stamp(),
            });
        }
        if session.techniques.is_empty() {
            return Err(CourseError::NoTechnique);
        }
        let treated: Vec<ConditionEntry> = clearance
            .intake()
            .conditions
            .iter()
            .filter(|c| !session.unaddressed.contains(c.condition))
            .cloned()
            .collect();
        let mut course = Course::choose(protocol, &treated, baseline);
        // The course row's length when it sets one (a dosing trial's), else the plan's.
        course.session_minutes = course.session_minutes.or(Some(session.minutes));
        // A gentle first session, within the plan's limit (R-gentle, L161).
        course.pressure_ceiling = Some(session.pressure_limit);
        course.pressure = Some(session.first_session_pressure.min(session.pressure_limit));
        let intake = clearance.intake();
        course.assessed_on = Some(intake.assessed_on);
        course.rescreen_after_days = Some(protocol.scheduling.rescreen_after_days);
        course.approval_limits = clearance
            .screening()
            .approval_on_file
            .iter()
            .filter_map(|c| {
                intake
                    .approval_covers_through(c, intake.assessed_on)
                    .map(|valid_until| ApprovalLimit {
                        contraindication: c,
                        valid_until,
                    })
            })
            .collect();
        Ok(course)
    }

    fn choose(
        protocol: &Protocol,
        conditions: &[ConditionEntry],
        baseline: Option<Score>,
    ) -> Course {
        let rules = &protocol.scheduling;
        // The rows by acuity, most frequent first, decide which acuity the course serves;
        // at that acuity, a row for one of the conditions the plan treats there doses it
        // instead (neck pain otherwise than low back pain). A condition row never
        // outranks a more frequent acuity of another condition.
        let for_condition = |acuity: Acuity, entries: &[&ConditionEntry]| {
            rules.courses.iter().enumerate().find_map(|(row, course)| {
                let condition = course.for_condition?;
                if course.for_acuity.is_some_and(|a| a != acuity) {
                    return None;
                }
                entries
                    .iter()
                    .find(|e| e.condition == condition)
                    .map(|e| (row, course, Some(e.condition), Some(acuity)))
            })
        };
        let by_acuity = || {
            rules.courses.iter().enumerate().find_map(|(row, course)| {
                let acuity = course.for_acuity?;
                if course.for_condition.is_some() {
                    return None;
                }
                let entries: Vec<&ConditionEntry> =
                    conditions.iter().filter(|c| c.acuity == acuity).collect();
                let first = entries.first()?;
                Some(for_condition(acuity, &entries).unwrap_or((
                    row,
                    course,
                    Some(first.condition),
                    Some(acuity),
                )))
            })
        };
        let fallback = || {
            rules
                .courses
                .iter()
                .enumerate()
                .find(|(_, c)| c.for_acuity.is_none() && c.for_condition.is_none())
                .map(|(row, c)| (row, c, None, None))
        };
        let (kind, phases, condition, acuity, row, minutes) = match by_acuity().or_else(fallback) {
            Some((row, course, condition, acuity)) => (
                course.kind,
                course.phases.clone(),
                condition,
                acuity,
                Some(row),
                course.session_minutes,
            ),
            // A protocol without a fallback (which validation rejects): one session.
            None => (
                CourseKind::Single,
                vec![PhaseRule {
                    sessions: 1,
                    per: Period::Week,
                    periods: 1,
                    seed: CourseKind::Single.seed(),
                }],
                None,
                None,
                None,
                None,
            ),
        };
        Course {
            protocol: protocol.stamp(),
            kind,
            basis: CourseBasis {
                condition,
                acuity,
                row: row.and_then(|r| u16::try_from(r).ok()),
                by_condition: row
                    .and_then(|r| rules.courses.get(r))
                    .is_some_and(|c| c.for_condition.is_some()),
                seed: kind.seed(),
            },
            phases,
            phase: 0,
            status: CourseStatus::Active,
            session_minutes: minutes,
            assessed_on: None,
            rescreen_after_days: None,
            approval_limits: Vec::new(),
            pressure: None,
            pressure_ceiling: None,
            baseline: baseline.filter(|b| b.is_in_range()),
            holds: 0,
            history: Vec::new(),
        }
    }

    /// The current phase, if the course is active.
    pub fn current_phase(&self) -> Option<&PhaseRule> {
        match self.status {
            CourseStatus::Active => self.phases.get(usize::from(self.phase)),
            _ => None,
        }
    }

    /// Sessions the remaining phases promise, from the current one on.
    pub fn remaining_sessions(&self) -> u32 {
        if self.status != CourseStatus::Active {
            return 0;
        }
        self.phases
            .iter()
            .skip(usize::from(self.phase))
            .map(PhaseRule::total_sessions)
            .sum()
    }

    /// Records a reassessment and moves the course on: to the next, less frequent phase
    /// when improvement reaches the protocol's threshold; holding the phase when it does
    /// not; referring when the client is worse than the baseline or than the best score
    /// so far (a relapse: pain 7, then 2, then 6), by the protocol's threshold, or has not
    /// improved after the protocol's number of holds (L169-170).
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::scheduling::{CourseStatus, Progress, Reassessment, Score};
    /// use massage_rules::{plan, Course, Intake, Protocol, Screened};
    /// let intake = Intake::from_json(r#"{
    ///     "assessed_on": "2026-11-27", "age": 45, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "neck_pain", "acuity": "chronic", "locations": ["neck"]}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let protocol = Protocol::seed();
    /// let screened = Screened::new(&protocol, &intake)?;
    /// let clearance = screened.clearance()?;
    /// let mut course = Course::start(&clearance, &plan(&clearance), Some(Score::Pain(8)))?;
    /// let on = |d| Reassessment { on: date(2027, 1, d), score: Score::Pain(0) };
    /// // Pain 8 to 7 is 12% of the room to improve: not enough, the phase is held.
    /// let seven = Reassessment { score: Score::Pain(7), ..on(4) };
    /// assert_eq!(course.reassess(&protocol, seven)?, Progress::Hold);
    /// // 8 to 4 is 50%: on to once a week.
    /// let four = Reassessment { score: Score::Pain(4), ..on(11) };
    /// assert_eq!(course.reassess(&protocol, four)?, Progress::Advance);
    /// assert_eq!(course.current_phase().unwrap().sessions, 1);
    /// // Back up to 6 is a relapse from the best score so far: refer.
    /// let six = Reassessment { score: Score::Pain(6), ..on(18) };
    /// assert_eq!(course.reassess(&protocol, six)?, Progress::ReferWorse);
    /// assert_eq!(course.status, CourseStatus::Referred);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reassess(
        &mut self,
        protocol: &Protocol,
        reassessment: Reassessment,
    ) -> Result<Progress, ProgressError> {
        self.check_active(protocol)?;
        let score = reassessment.score;
        if !score.is_in_range() {
            return Err(ProgressError::OutOfRange);
        }
        // Dates move forward: never before the assessment, never on or before the
        // reassessment before.
        // The latest date on record (a course read from JSON is not trusted to be in order).
        if let Some(last) = self.history.iter().map(|r| r.reassessment.on).max()
            && reassessment.on <= last
        {
            return Err(ProgressError::OutOfOrder {
                on: reassessment.on,
                after: last,
            });
        }
        if let Some(assessed_on) = self.assessed_on
            && reassessment.on < assessed_on
        {
            return Err(ProgressError::OutOfOrder {
                on: reassessment.on,
                after: assessed_on,
            });
        }
        let rules = &protocol.scheduling;
        let best = self.best_score();
        let (progress, improvement) = match self.baseline {
            None => {
                self.baseline = Some(score);
                (Progress::BaselineRecorded, None)
            }
            Some(baseline) => {
                let (gain, room) = match (baseline, score) {
                    (Score::Pain(b), Score::Pain(c)) => (i16::from(b) - i16::from(c), i16::from(b)),
                    (Score::Function(b), Score::Function(c)) => {
                        (i16::from(c) - i16::from(b), 100 - i16::from(b))
                    }
                    _ => return Err(ProgressError::OtherMeasure),
                };
                // Worse than the baseline, or a relapse from the best score so far: both
                // by the protocol's threshold (the best is never worse than the baseline).
                let worse = match (best.unwrap_or(baseline), score) {
                    (Score::Pain(b), Score::Pain(c)) => {
                        c >= b.saturating_add(rules.worse_pain_points)
                    }
                    (Score::Function(b), Score::Function(c)) => {
                        b >= c.saturating_add(rules.worse_function_points)
                    }
                    _ => return Err(ProgressError::OtherMeasure),
                };
                // Nothing left to improve counts as full improvement when nothing was lost.
                let percent = if room == 0 {
                    if gain >= 0 { 100 } else { -100 }
                } else {
                    gain * 100 / room
                };
                let progress = if worse {
                    self.status = CourseStatus::Referred;
                    Progress::ReferWorse
                } else if percent >= i16::from(rules.improvement_percent) {
                    self.holds = 0;
                    // Improvement firms the work up a level, within the ceiling (R-gentle).
                    if let (Some(now), Some(ceiling)) = (self.pressure, self.pressure_ceiling) {
                        let up = Pressure::from_code(now.code().saturating_add(1)).unwrap_or(now);
                        self.pressure = Some(up.min(ceiling));
                    }
                    if usize::from(self.phase) + 1 < self.phases.len() && self.phase < u8::MAX {
                        self.phase += 1;
                        Progress::Advance
                    } else {
                        self.status = CourseStatus::Completed;
                        Progress::Complete
                    }
                } else {
                    self.holds = self.holds.saturating_add(1);
                    if self.holds > rules.max_holds {
                        self.status = CourseStatus::Referred;
                        Progress::ReferNoProgress
                    } else {
                        Progress::Hold
                    }
                };
                (progress, Some(percent))
            }
        };
        self.history.push(ProgressRecord {
            reassessment,
            improvement_percent: improvement,
            phase: self.phase,
            progress,
            pressure: self.pressure,
            rule: RuleId::Taper,
            seed: RuleId::Taper.seed(),
        });
        Ok(progress)
    }

    /// The course is this protocol's, and active: what reassessing or re-screening needs.
    fn check_active(&self, protocol: &Protocol) -> Result<(), ProgressError> {
        if self.protocol != protocol.stamp() {
            return Err(ProgressError::ProtocolMismatch {
                course: self.protocol,
                protocol: protocol.stamp(),
            });
        }
        if self.status != CourseStatus::Active {
            return Err(ProgressError::NotActive(self.status));
        }
        Ok(())
    }

    /// The last day the client was seen for the course: the latest of the assessment and
    /// the reassessments. The protocol's `rescreen_after_days` counts from it, so a course
    /// reassessed on time can be re-dated for as long as it runs (the taper of L169-170).
    pub fn last_seen(&self) -> Option<Date> {
        let reassessed = self.history.iter().map(|r| r.reassessment.on).max();
        match (self.assessed_on, reassessed) {
            (Some(a), Some(r)) => Some(a.max(r)),
            (a, r) => a.or(r),
        }
    }

    /// Re-screens a course in progress on a new intake (a new assessment): the course
    /// keeps its phase, history and baseline, and takes from the new screening its
    /// assessment day (which renews the window of `rescreen_after_days`), the approvals
    /// it now relies on, and the new plan's pressure limit (the pressure never rises past
    /// it). A screening that no longer allows a session, a plan without a technique, or
    /// an assessment before what the course already rests on is an error, and the course
    /// is left as it was.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::{plan, Course, Intake, Protocol, Screened};
    /// use massage_rules::scheduling::{Availability, Reassessment, Score};
    /// use massage_rules::vocabulary::Day;
    /// let text = |day: &str| format!(r#"{{"assessed_on": "{day}", "age": 45, "pregnant": "no",
    ///     "findings": [], "history": "none",
    ///     "conditions": [{{"condition": "back_pain", "acuity": "chronic"}}],
    ///     "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#);
    /// let protocol = Protocol::seed();
    /// let first = Intake::from_json(&text("2026-11-27"))?;
    /// let screened = Screened::new(&protocol, &first)?;
    /// let clearance = screened.clearance()?;
    /// let mut course = Course::start(&clearance, &plan(&clearance), Some(Score::Pain(7)))?;
    /// let week = Availability { weekdays: Day::Monday | Day::Thursday, unavailable: vec![] };
    /// // Three months on, the old assessment is stale ...
    /// assert!(course.schedule(date(2027, 3, 1), &week).is_err());
    /// // ... until the client is screened again.
    /// let again = Intake::from_json(&text("2027-02-26"))?;
    /// let screened = Screened::new(&protocol, &again)?;
    /// let clearance = screened.clearance()?;
    /// course.rescreen(&clearance, &plan(&clearance))?;
    /// assert!(course.schedule(date(2027, 3, 1), &week).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rescreen(
        &mut self,
        clearance: &Clearance<'_>,
        session: &SessionPlan,
    ) -> Result<(), ProgressError> {
        let protocol = clearance.protocol();
        self.check_active(protocol)?;
        let intake = clearance.intake();
        if let Some(seen) = self.last_seen()
            && intake.assessed_on < seen
        {
            return Err(ProgressError::RescreenOutOfOrder {
                on: intake.assessed_on,
                after: seen,
            });
        }
        // The new plan must allow a course of its own.
        let fresh = Course::start(clearance, session, None)?;
        self.assessed_on = fresh.assessed_on;
        self.rescreen_after_days = fresh.rescreen_after_days;
        self.approval_limits = fresh.approval_limits;
        self.pressure_ceiling = fresh.pressure_ceiling;
        self.pressure = match (self.pressure, fresh.pressure_ceiling) {
            (Some(p), Some(c)) => Some(p.min(c)),
            (p, _) => p,
        };
        Ok(())
    }

    /// The best score so far on the baseline's measure: the baseline and every
    /// reassessment since (lowest pain, highest function). `None` before a baseline.
    pub fn best_score(&self) -> Option<Score> {
        let baseline = self.baseline?;
        let scores = self
            .history
            .iter()
            .map(|r| r.reassessment.score)
            .chain(std::iter::once(baseline));
        let best = match baseline {
            Score::Pain(_) => scores
                .filter_map(|s| match s {
                    Score::Pain(v) => Some(v),
                    Score::Function(_) => None,
                })
                .min()
                .map(Score::Pain),
            Score::Function(_) => scores
                .filter_map(|s| match s {
                    Score::Function(v) => Some(v),
                    Score::Pain(_) => None,
                })
                .max()
                .map(Score::Function),
        };
        best.or(Some(baseline))
    }
}
