//! [`UndeclaredMembers`]: the catch-all member of generated objects.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The members of an object that its spec does not declare, kept as received (so that
/// validation can report them and re-encoding loses nothing).
///
/// It is a [`serde_json::Map`] to read and write (through `Deref`/`DerefMut`), but takes one
/// pointer of space until it holds a member: nearly every decoded object has none, and
/// generated models are built and moved by the thousand per message, where an inline map
/// (72 bytes, and a hasher seeded per object) was a measurable share of decoding time.
#[derive(Clone, Default)]
pub struct UndeclaredMembers(Option<Box<Map<String, Value>>>);

impl UndeclaredMembers {
    /// No members.
    pub const fn new() -> Self {
        Self(None)
    }

    /// Whether there are none (without touching a map).
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|map| map.is_empty())
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |map| map.len())
    }

    /// The members as a map.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

fn empty_map() -> &'static Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Deref for UndeclaredMembers {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Self::Target {
        match &self.0 {
            Some(map) => map,
            None => empty_map(),
        }
    }
}

impl DerefMut for UndeclaredMembers {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<Map<String, Value>> for UndeclaredMembers {
    fn from(map: Map<String, Value>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<UndeclaredMembers> for Map<String, Value> {
    fn from(members: UndeclaredMembers) -> Self {
        members.into_map()
    }
}

impl FromIterator<(String, Value)> for UndeclaredMembers {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Map::from_iter(iter).into()
    }
}

impl<'a> IntoIterator for &'a UndeclaredMembers {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Equal when they hold the same members (an emptied map equals one never filled).
impl PartialEq for UndeclaredMembers {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl PartialEq<Map<String, Value>> for UndeclaredMembers {
    fn eq(&self, other: &Map<String, Value>) -> bool {
        **self == *other
    }
}

impl fmt::Debug for UndeclaredMembers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for UndeclaredMembers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for UndeclaredMembers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Reads the members into a map, making none (no allocation, no hasher) while there are
/// none: as the flattened catch-all of a generated struct it runs once per decoded object,
/// nearly always over no members.
struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = UndeclaredMembers;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let Some((key, value)) = access.next_entry::<String, Value>()? else {
            return Ok(UndeclaredMembers(None));
        };
        // Each entry is charged to the memory budget (`crate::budget`) as the map holds it:
        // its key and value and, as much again, the room a growing map keeps.
        let entry = 2 * (std::mem::size_of::<(String, Value)>() + std::mem::size_of::<u64>());
        let mut map = Map::new();
        map.insert(key, value);
        while let Some((key, value)) = access.next_entry::<String, Value>()? {
            if !crate::budget::charge(entry) {
                return Err(serde::de::Error::custom(crate::budget::exceeded_message()));
            }
            map.insert(key, value);
        }
        Ok(UndeclaredMembers(Some(Box::new(map))))
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for UndeclaredMembers {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Map<String, Value>>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <Map<String, Value>>::schema_id()
    }

    fn inline_schema() -> bool {
        <Map<String, Value>>::inline_schema()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Map<String, Value>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Object {
        id: i64,
        #[serde(flatten)]
        rest: UndeclaredMembers,
    }

    #[test]
    fn empty_until_written() {
        let mut members = UndeclaredMembers::new();
        assert!(members.is_empty());
        assert_eq!(members.len(), 0);
        assert!(members.get("a").is_none());
        assert_eq!(members, UndeclaredMembers::from(Map::new()));
        members.insert("a".to_owned(), json!(1));
        assert_eq!(members.len(), 1);
        assert_eq!(members["a"], 1);
        members.remove("a");
        assert!(members.is_empty());
        // Emptied equals never filled.
        assert_eq!(members, UndeclaredMembers::default());
        assert_eq!(
            std::mem::size_of::<UndeclaredMembers>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn flattened_members_round_trip_in_order() {
        let text = r#"{"id":1,"zeta":true,"alpha":{"x":[1,2]}}"#;
        let object: Object = serde_json::from_str(text).unwrap();
        assert_eq!(object.id, 1);
        let keys: Vec<&String> = object.rest.keys().collect();
        assert_eq!(keys, ["zeta", "alpha"]);
        assert_eq!(object.rest["alpha"]["x"][1], 2);
        assert_eq!(serde_json::to_string(&object).unwrap(), text);
        let plain: Object = serde_json::from_str(r#"{"id":2}"#).unwrap();
        assert!(plain.rest.0.is_none(), "no map is allocated for no members");
        assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"id":2}"#);
        assert_eq!(
            format!("{:?}", object.rest),
            format!("{:?}", object.rest.clone().into_map())
        );
    }

    #[test]
    fn floats_decode_to_the_float_their_text_names() {
        // Without serde_json's `float_roundtrip`, this reads as 1.844674407375095e+20, and
        // decode → encode → decode is not a fixed point.
        let text = r#"{"id":1,"x":1.8446744073750954e+20,"y":[0.1,2.2250738585072014e-308]}"#;
        let object: Object = serde_json::from_str(text).unwrap();
        assert_eq!(object.rest["x"].as_f64(), Some(1.8446744073750954e+20));
        let encoded = serde_json::to_string(&object).unwrap();
        assert_eq!(serde_json::from_str::<Object>(&encoded).unwrap(), object);
        let float: f64 = serde_json::from_str("1.8446744073750954e+20").unwrap();
        assert_eq!(float, 1.8446744073750954e+20);
    }
}
