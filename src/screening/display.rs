//! A screening in words, for people.

use super::*;

fn write_list<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    label: &str,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return Ok(());
    }
    write!(f, "\n  {label}:")?;
    for (i, item) in items.enumerate() {
        let sep = if i == 0 { " " } else { "; " };
        write!(f, "{sep}{item}")?;
    }
    Ok(())
}

impl fmt::Display for Screening {
    /// A summary for people: the outcome, what to avoid, what to ask for, and every reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let outcome = match self.outcome {
            Outcome::Cleared => "Cleared",
            Outcome::Restricted => "Cleared, with regions to avoid",
            Outcome::NeedsAnswers => "Ask first: questions are unanswered",
            Outcome::NeedsApproval => "Needs a physician's approval",
            Outcome::NotPermitted => "Not permitted",
        };
        write!(f, "{outcome} [{}]", self.protocol)?;
        write_list(f, "Avoid", self.avoid.iter().map(BodyRegion::label))?;
        write_list(
            f,
            "Ask a physician to approve",
            self.approval_needed.iter().map(Contraindication::label),
        )?;
        write_list(f, "Ask first", self.unanswered.iter().map(Question::label))?;
        write_list(
            f,
            "Resolve first",
            self.contradicted.iter().map(Question::label),
        )?;
        for reason in self.reasons() {
            write!(f, "\n  - {reason}")?;
        }
        Ok(())
    }
}
