//! `vocabulary!`: one table of rows becomes an enum with its stable names, codes, labels
//! and seed lines, and its set newtype with serde and JSON Schema of its own.

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal, $set_doc:literal, $set:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $wire:literal, $label:literal, $seed:expr; )*
        }
    ) => {
        #[derive(EnumSetType, Hash, strum::IntoStaticStr, strum::EnumCount)]
        $(#[$meta])*
        #[enumset(no_ops)]
        #[repr(u8)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("`", $wire, "`: ", $label, ".")]
                #[strum(serialize = $wire)]
                $variant = $code,
            )*
        }

        #[doc = $set_doc]
        ///
        /// Serialized as a list of snake_case names; its JSON Schema says so too.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[repr(transparent)]
        pub struct $set(EnumSet<$name>);

        impl $set {
            /// The empty set.
            pub const fn new() -> Self {
                $set(EnumSet::new())
            }

            /// The empty set (the same as [`new`](Self::new)).
            pub const fn empty() -> Self {
                $set(EnumSet::empty())
            }

            /// The set of every variant.
            pub const fn all() -> Self {
                $set(EnumSet::all())
            }

            /// Wraps an `enumset` set (usable in constants with `enumset::enum_set!`).
            pub const fn from_set(set: EnumSet<$name>) -> Self {
                $set(set)
            }

            /// The set holding only `value`.
            pub fn only(value: $name) -> Self {
                $set(EnumSet::only(value))
            }

            /// The underlying `enumset` set.
            pub const fn as_set(self) -> EnumSet<$name> {
                self.0
            }

            /// How many variants the set holds.
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Whether the set holds nothing.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }

            /// Whether the set holds `value`.
            pub fn contains(&self, value: $name) -> bool {
                self.0.contains(value)
            }

            /// Adds `value`; `true` if it was not there before.
            pub fn insert(&mut self, value: $name) -> bool {
                self.0.insert(value)
            }

            /// Removes `value`; `true` if it was there.
            pub fn remove(&mut self, value: $name) -> bool {
                self.0.remove(value)
            }

            /// Adds every variant of `other`.
            pub fn insert_all(&mut self, other: Self) {
                self.0.insert_all(other.0)
            }

            /// Removes every variant of `other`.
            pub fn remove_all(&mut self, other: Self) {
                self.0.remove_all(other.0)
            }

            /// Empties the set.
            pub fn clear(&mut self) {
                self.0.clear()
            }

            /// The variants, in code order.
            pub fn iter(&self) -> enumset::EnumSetIter<$name> {
                self.0.iter()
            }

            /// The variants in either set.
            pub fn union(&self, other: Self) -> Self {
                $set(self.0.union(other.0))
            }

            /// The variants in both sets.
            pub fn intersection(&self, other: Self) -> Self {
                $set(self.0.intersection(other.0))
            }

            /// The variants of this set that are not in `other`.
            pub fn difference(&self, other: Self) -> Self {
                $set(self.0.difference(other.0))
            }

            /// The variants not in this set.
            pub fn complement(&self) -> Self {
                $set(self.0.complement())
            }

            /// The set whose bits are `bits` (bit *n* is the variant with code *n*);
            /// bits that name no variant are dropped.
            pub fn from_repr_truncated(bits: <$name as enumset::EnumSetTypeWithRepr>::Repr) -> Self {
                $set(EnumSet::from_repr_truncated(bits))
            }

            /// The set as bits (bit *n* is the variant with code *n*).
            pub fn as_repr(self) -> <$name as enumset::EnumSetTypeWithRepr>::Repr {
                self.0.as_repr()
            }

            /// Whether every variant of this set is in `other`.
            pub fn is_subset(&self, other: Self) -> bool {
                self.0.is_subset(other.0)
            }

            /// Whether every variant of `other` is in this set.
            pub fn is_superset(&self, other: Self) -> bool {
                self.0.is_superset(other.0)
            }

            /// Whether the sets share no variant.
            pub fn is_disjoint(&self, other: Self) -> bool {
                self.0.is_disjoint(other.0)
            }
        }

        impl fmt::Debug for $set {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl From<EnumSet<$name>> for $set {
            fn from(set: EnumSet<$name>) -> Self {
                $set(set)
            }
        }

        impl From<$set> for EnumSet<$name> {
            fn from(set: $set) -> Self {
                set.0
            }
        }

        impl From<$name> for $set {
            fn from(value: $name) -> Self {
                $set::only(value)
            }
        }

        impl<const N: usize> From<[$name; N]> for $set {
            fn from(values: [$name; N]) -> Self {
                values.into_iter().collect()
            }
        }

        impl FromIterator<$name> for $set {
            fn from_iter<I: IntoIterator<Item = $name>>(iter: I) -> Self {
                $set(iter.into_iter().collect())
            }
        }

        impl Extend<$name> for $set {
            fn extend<I: IntoIterator<Item = $name>>(&mut self, iter: I) {
                self.0.extend(iter)
            }
        }

        impl IntoIterator for $set {
            type Item = $name;
            type IntoIter = enumset::EnumSetIter<$name>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.into_iter()
            }
        }

        impl IntoIterator for &$set {
            type Item = $name;
            type IntoIter = enumset::EnumSetIter<$name>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }

        impl<O: Into<$set>> std::ops::BitOr<O> for $set {
            type Output = $set;
            fn bitor(self, other: O) -> $set {
                $set(self.0 | other.into().0)
            }
        }

        impl<O: Into<$set>> std::ops::BitAnd<O> for $set {
            type Output = $set;
            fn bitand(self, other: O) -> $set {
                $set(self.0 & other.into().0)
            }
        }

        impl<O: Into<$set>> std::ops::Sub<O> for $set {
            type Output = $set;
            fn sub(self, other: O) -> $set {
                $set(self.0 - other.into().0)
            }
        }

        impl<O: Into<$set>> std::ops::BitXor<O> for $set {
            type Output = $set;
            fn bitxor(self, other: O) -> $set {
                $set(self.0 ^ other.into().0)
            }
        }

        impl<O: Into<$set>> std::ops::BitOrAssign<O> for $set {
            fn bitor_assign(&mut self, other: O) {
                self.0 |= other.into().0
            }
        }

        impl<O: Into<$set>> std::ops::BitAndAssign<O> for $set {
            fn bitand_assign(&mut self, other: O) {
                self.0 &= other.into().0
            }
        }

        impl<O: Into<$set>> std::ops::SubAssign<O> for $set {
            fn sub_assign(&mut self, other: O) {
                self.0 -= other.into().0
            }
        }

        impl std::ops::Not for $set {
            type Output = $set;
            fn not(self) -> $set {
                $set(!self.0)
            }
        }

        impl<O: Into<$set>> std::ops::BitOr<O> for $name {
            type Output = $set;
            fn bitor(self, other: O) -> $set {
                $set::only(self) | other
            }
        }

        impl<O: Into<$set>> std::ops::BitAnd<O> for $name {
            type Output = $set;
            fn bitand(self, other: O) -> $set {
                $set::only(self) & other
            }
        }

        impl<O: Into<$set>> std::ops::Sub<O> for $name {
            type Output = $set;
            fn sub(self, other: O) -> $set {
                $set::only(self) - other
            }
        }

        impl std::ops::Not for $name {
            type Output = $set;
            fn not(self) -> $set {
                !$set::only(self)
            }
        }

        impl PartialEq<$name> for $set {
            fn eq(&self, other: &$name) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<EnumSet<$name>> for $set {
            fn eq(&self, other: &EnumSet<$name>) -> bool {
                self.0 == *other
            }
        }

        impl VocabularySet for $set {
            type Variant = $name;
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $set {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($set).into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "array",
                    "items": generator.subschema_for::<$name>(),
                })
            }
        }

        impl $name {
            /// Every variant, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable snake_case name, used in JSON and in text.
            pub fn name(self) -> &'static str {
                self.into()
            }

            /// A label for people.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                }
            }

            /// The stable numeric code, used by the C ABI.
            pub const fn code(self) -> u8 {
                self as u8
            }

            /// The seed lines this item is read from.
            pub const fn seed(self) -> SeedLines {
                match self {
                    $($name::$variant => $seed,)*
                }
            }

            /// The variant with this code, if any.
            pub const fn from_code(code: u8) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl $crate::vocabulary::Listed for $name {
            const NAMES: &'static str = concat!($($wire, ", ",)*);

            fn lookup(word: &str) -> Option<Self> {
                match word {
                    $($wire => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl Vocabulary for $name {
            type Set = $set;
            const KIND: &'static str = $kind;
            const ALL: &'static [Self] = $name::ALL;
            fn name(self) -> &'static str { $name::name(self) }
            fn label(self) -> &'static str { $name::label(self) }
            fn code(self) -> u8 { $name::code(self) }
            fn seed(self) -> SeedLines { $name::seed(self) }
            fn from_code(code: u8) -> Option<Self> { $name::from_code(code) }
            fn from_name(name: &str) -> Result<Self, NameError> { name.parse() }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.code().cmp(&other.code())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $name {
            type Err = NameError;

            /// The variant with this snake_case name; the error names the word.
            fn from_str(word: &str) -> Result<Self, NameError> {
                <$name as $crate::vocabulary::Listed>::lookup(word)
                    .ok_or_else(|| NameError::new($kind, word))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let word = $crate::vocabulary::forms::Text::deserialize(deserializer)?.0;
                $crate::vocabulary::from_word(&word)
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": concat!("A ", $kind, ", by its snake_case name."),
                    "type": "string",
                    "enum": [$($wire),*],
                })
            }
        }
    };
}
