//! Serde glue for members that are both optional and `nullable`, represented as
//! `Option<Option<T>>`: `None` is an absent member, `Some(None)` an explicit `null`.
//!
//! Use with `#[serde(default, skip_serializing_if = "Option::is_none", with = "…::nullable")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serializes `Some(None)` as `null` and `Some(Some(v))` as `v` (`None` is skipped by the field attribute).
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// Called only when the member is present, so the outer `Option` is always `Some`.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For optional members of any JSON type: a present `null` is `Some(Value::Null)`, not `None`.
///
/// Use with `#[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "…::nullable::present")]`.
pub fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// For required members that may be `null` (`Option<T>`): the member must be present, so a
/// missing one is a decode error instead of silently becoming `None`.
///
/// Use with `#[serde(deserialize_with = "…::nullable::required")]`; giving the field a
/// `deserialize_with` is what turns off serde's "missing `Option` means `None`" rule.
pub fn required<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}
