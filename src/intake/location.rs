//! Places on the body as an intake records them.

use super::*;
use crate::vocabulary::Listed;

/// A place on the body as recorded on an intake: a part, and a side for paired limbs.
///
/// In JSON it is `{"part": "forearm", "side": "left"}`; a region's or a part's name
/// (`"left_forearm"`, `"neck"`) is read as well. A part may be a group the seed names
/// (`back`, `spine`, `arm`, `leg`), which covers several regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The body part.
    pub part: BodyPart,
    /// The side; required for paired limbs, absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
}

impl Location {
    /// A region's or a part's name as a location.
    pub(crate) fn from_name(name: &str) -> Option<Location> {
        match BodyRegion::lookup(name) {
            Some(region) => Some(Location::from(region)),
            None => BodyPart::lookup(name).map(Location::new),
        }
    }
}

impl<'de> Deserialize<'de> for Location {
    /// A name (`"left_forearm"`, `"neck"`) or `{"part": ..., "side": ...}`, read in one
    /// pass.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Location;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a body region or part name, or {\"part\", \"side\"}")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Location, E> {
                Location::from_name(name)
                    .ok_or_else(|| E::custom(format!("unknown body region or part {name:?}")))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Location, A::Error> {
                let mut part = None;
                let mut side = None;
                while let Some(crate::vocabulary::forms::Text(key)) = map.next_key()? {
                    match key.as_ref() {
                        "part" if part.is_none() => part = Some(map.next_value::<BodyPart>()?),
                        "side" if side.is_none() => side = Some(map.next_value::<Option<Side>>()?),
                        "part" | "side" => {
                            return Err(serde::de::Error::custom(format!(
                                "duplicate field `{key}`"
                            )));
                        }
                        other => {
                            return Err(serde::de::Error::unknown_field(other, &["part", "side"]));
                        }
                    }
                }
                let part = part.ok_or_else(|| serde::de::Error::missing_field("part"))?;
                Ok(Location {
                    part,
                    side: side.flatten(),
                })
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

impl Location {
    /// An unpaired part, or a paired one without its side (which validation rejects).
    pub const fn new(part: BodyPart) -> Self {
        Location { part, side: None }
    }

    /// One side of a paired part.
    pub const fn sided(part: BodyPart, side: Side) -> Self {
        Location {
            part,
            side: Some(side),
        }
    }

    /// The region this location names, if it names exactly one.
    pub fn region(self) -> Option<BodyRegion> {
        BodyRegion::from_part(self.part, self.side)
    }

    /// The regions this location covers: one for a single part, several for a group such
    /// as `back` or a left `arm`; empty when the side does not fit the part.
    #[inline]
    pub fn regions(self) -> RegionSet {
        self.part.regions(self.side)
    }
}

impl From<BodyRegion> for Location {
    fn from(region: BodyRegion) -> Self {
        Location {
            part: region.part(),
            side: region.side(),
        }
    }
}
