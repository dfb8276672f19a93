//! A session plan in words, for people.

use super::*;

impl fmt::Display for SessionPlan {
    /// A plan for people, in words: length, pressure, techniques with regions, tools and
    /// the needs they serve, and what was left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} minutes ({}), pressure up to ",
            self.minutes,
            match self.length_basis {
                LengthBasis::Standard => "standard length",
                LengthBasis::Chronic => "longer for a chronic condition",
            },
        )?;
        lower_first(f, self.pressure_limit.label())?;
        write!(f, " [{}]", self.protocol)?;
        if self.general_session {
            f.write_str("\n  No condition or goal named: the protocol's general session.")?;
        }
        if self.first_session_pressure < self.pressure_limit {
            f.write_str("\n  The first session of a course starts gently, at ")?;
            lower_first(f, self.first_session_pressure.label())?;
            f.write_str(" pressure, and firms up as the client improves (L161).")?;
        }
        for p in &self.precautions {
            write!(f, "\n  Precaution ({}): {}", p.seed, p.precaution)?;
            if p.answer == Some(Answer::Unknown) {
                f.write_str(" (unknown, read as yes)")?;
            }
            if p.regions == RegionSet::all() {
                f.write_str(" on the whole body")?;
            } else {
                for (i, r) in p.regions.iter().enumerate() {
                    f.write_str(if i == 0 { " on " } else { ", " })?;
                    lower_first(f, r.label())?;
                }
            }
            if let Some(max) = p.max_pressure {
                f.write_str(": pressure up to ")?;
                lower_first(f, max.label())?;
            }
            if !p.excluded_techniques.is_empty() && p.excluded_techniques.len() <= 4 {
                for (i, t) in p.excluded_techniques.iter().enumerate() {
                    f.write_str(if i == 0 { "; no " } else { ", " })?;
                    lower_first(f, t.label())?;
                }
            } else if !p.excluded_techniques.is_empty() {
                f.write_str("; only ")?;
                for (i, t) in (!p.excluded_techniques).iter().enumerate() {
                    f.write_str(if i == 0 { "" } else { ", " })?;
                    lower_first(f, t.label())?;
                }
            }
            for (i, t) in p.excluded_tools.iter().enumerate() {
                f.write_str(if i == 0 { "; no " } else { ", " })?;
                lower_first(f, t.label())?;
            }
            f.write_str(".")?;
        }
        for a in &self.assumptions {
            write!(f, "\n  Read as: {a}.")?;
        }
        if self.techniques.is_empty() {
            f.write_str("\n  Nothing can be done in this session: see what was left out.")?;
        }
        for c in self.unaddressed {
            write!(f, "\n  Not addressed: {}.", c.label())?;
        }
        for t in &self.techniques {
            write!(
                f,
                "\n  {}. {} ({} min) at ",
                t.rank,
                t.technique.label(),
                t.minutes
            )?;
            lower_first(f, t.pressure.label())?;
            f.write_str(" pressure on")?;
            let rest = RegionSet::all() - t.regions;
            if rest.is_empty() {
                f.write_str(" the whole body")?;
            } else if rest == self.avoid {
                f.write_str(" the whole body except the regions to avoid")?;
            } else if rest.len() < t.regions.len() {
                f.write_str(" the whole body except")?;
                for (i, r) in rest.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { ", " })?;
                    lower_first(f, r.label())?;
                }
            } else {
                for (i, r) in t.regions.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { ", " })?;
                    lower_first(f, r.label())?;
                }
            }
            if t.pressures.len() > 1 {
                f.write_str("; by region:")?;
                for (i, p) in t.pressures.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { "; " })?;
                    lower_first(f, p.pressure.label())?;
                    f.write_str(" on")?;
                    for (j, r) in p.regions.iter().enumerate() {
                        f.write_str(if j == 0 { " " } else { ", " })?;
                        lower_first(f, r.label())?;
                    }
                }
                f.write_str(";")?;
            }
            for (i, tool) in t.tools.iter().enumerate() {
                f.write_str(if i == 0 { " with " } else { " and " })?;
                lower_first(f, tool.label())?;
            }
            for w in &t.withheld_tools {
                write!(
                    f,
                    " (no {}: {}, {})",
                    w.tool.label().to_lowercase(),
                    w.because,
                    w.seed
                )?;
            }
            if t.first_choice {
                f.write_str(" (first choice in pregnancy, L69)")?;
            }
            // The score ranks the techniques: 2 points for each need the seed ties the
            // technique to in so many words, 1 for each it supports.
            write!(f, "\n     for ")?;
            for (i, a) in t.addresses.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let (label, strength) = match (a.need, a.strength) {
                    (Need::Condition(c), s) => (c.label(), s),
                    (Need::Goal(g), s) => (g.label(), s),
                };
                f.write_str(sep)?;
                lower_first(f, label)?;
                let how = match strength {
                    Strength::Primary => "named",
                    Strength::Supporting => "supported",
                };
                write!(f, " ({how}, {})", a.seed)?;
            }
            write!(
                f,
                "; score {} (2 per need the seed names it for, 1 per need it supports)",
                t.score
            )?;
        }
        let relevant = self
            .excluded
            .iter()
            .filter(|e| !matches!(e.exclusion, Exclusion::NotForClient));
        for e in relevant {
            write!(
                f,
                "\n  Left out: {}: {} ({})",
                e.technique.label(),
                e.exclusion,
                e.seed
            )?;
        }
        Ok(())
    }
}
