//! Exact decoding of decimals written as strings (`type: string, format: decimal`), the
//! members generated models hold as `rust_decimal::Decimal`.
//!
//! `rust_decimal`'s own serde reads `"1.23456789012345678901234567890123"` by rounding it to
//! 28 places, and a JSON number through an `f64`. Generated members of such a type decode
//! through [`deserialize`] (or [`nullable`]) instead: the value is read from its text,
//! exactly, and anything a decimal cannot hold without rounding (more than 28 digits after
//! the point, beyond ±79228162514264337593543950335) is an error naming the member, never
//! rounded. A JSON number is tolerated in place of the string, read from its own text (as
//! the typed decoders tolerate it elsewhere; [`crate::decode_valid`] reports it as a wrong
//! type). Encoding is `rust_decimal`'s: the decimal's digits with its scale, so a decoded
//! value encodes back to the text it came from (`"2.50"` stays `"2.50"`; only what names
//! the same value in other words changes: `"+5"` is `"5"`, `"-0"` is `"0"`, `"1E2"` is
//! `"100"`, zeros after the 28th place are dropped).
//!
//! The functions are generic over the member's shape ([`ExactDecimals`]): a decimal, and
//! `Option`, `Vec`, `Box` and string-keyed `BTreeMap`s of those, nested as the spec has them.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::exact::{deserialize_exact, Exponent};

/// A member type made of exact decimals: decoded with [`ExactDecimals::deserialize_exact`].
pub trait ExactDecimals<'de>: Sized {
    /// Decodes the value, every decimal in it exactly or not at all.
    fn deserialize_exact<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Decodes a member of decimals, each exactly (see the [module documentation](self)).
///
/// Use with `#[serde(deserialize_with = "specgen_runtime::decimal_string::deserialize")]`.
pub fn deserialize<'de, D: Deserializer<'de>, T: ExactDecimals<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_exact(deserializer)
}

/// [`deserialize`] for a member that is both optional and nullable (`Option<Option<T>>`,
/// see [`crate::nullable`]): called only when the member is present.
///
/// Use with `serialize_with = "specgen_runtime::nullable::serialize"` beside it.
pub fn nullable<'de, D: Deserializer<'de>, T: ExactDecimals<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize_exact(deserializer).map(Some)
}

impl<'de> ExactDecimals<'de> for Decimal {
    fn deserialize_exact<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_exact(
            deserializer,
            "a decimal number written as a string",
            |lexeme| match crate::lexical::short_decimal(&lexeme) {
                Some(value) => Ok(value),
                None => crate::lexical::decimal_of(lexeme, Exponent::Accepted),
            },
        )
    }
}

impl<'de, T: ExactDecimals<'de>> ExactDecimals<'de> for Box<T> {
    fn deserialize_exact<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_exact(deserializer).map(Box::new)
    }
}

/// Decodes one `T` through [`ExactDecimals`], for the items of a list or map.
struct Exact<T>(PhantomData<T>);

impl<'de, T: ExactDecimals<'de>> DeserializeSeed<'de> for Exact<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_exact(deserializer)
    }
}

impl<'de, T: ExactDecimals<'de>> ExactDecimals<'de> for Option<T> {
    fn deserialize_exact<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);
        impl<'de, T: ExactDecimals<'de>> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number written as a string, or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Option<T>, D::Error> {
                T::deserialize_exact(inner).map(Some)
            }
        }
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<'de, T: ExactDecimals<'de>> ExactDecimals<'de> for Vec<T> {
    fn deserialize_exact<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<T>);
        impl<'de, T: ExactDecimals<'de>> Visitor<'de> for SeqVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of decimal numbers written as strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // No capacity from the size hint: items are added as they arrive.
                let mut items = Vec::new();
                while let Some(item) = seq.next_element_seed(Exact(PhantomData))? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

impl<'de, T: ExactDecimals<'de>> ExactDecimals<'de> for BTreeMap<String, T> {
    fn deserialize_exact<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: ExactDecimals<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of decimal numbers written as strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value_seed(Exact(PhantomData))?;
                    entries.insert(key, value);
                }
                Ok(entries)
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Prices {
        #[serde(deserialize_with = "super::deserialize")]
        price: Decimal,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "super::deserialize"
        )]
        start: Option<Decimal>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "crate::nullable::serialize",
            deserialize_with = "super::nullable"
        )]
        cap: Option<Option<Decimal>>,
        #[serde(default, deserialize_with = "super::deserialize")]
        list: Vec<Option<Decimal>>,
        #[serde(default, deserialize_with = "super::deserialize")]
        by_name: BTreeMap<String, Box<Decimal>>,
    }

    fn prices(json: &str) -> Result<Prices, crate::DecodeError> {
        crate::from_json_slice(json.as_bytes())
    }

    #[test]
    fn decimal_strings_decode_exactly_and_encode_back_to_their_text() {
        for text in [
            "2.875",
            "2.50",
            "19",
            "0.0000000000000000000000000001",
            "1.2345678901234567890123456789",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "-0.5",
            "7.9228162514264337593543950335",
        ] {
            let json = format!(
                r#"{{"price":"{text}","start":"{text}","cap":"{text}","list":["{text}",null],"by_name":{{"a":"{text}"}}}}"#
            );
            let decoded = prices(&json).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(decoded.price.to_string(), text);
            assert_eq!(decoded.start.unwrap().to_string(), text);
            assert_eq!(decoded.cap.unwrap().unwrap().to_string(), text);
            assert_eq!(decoded.list[0].unwrap().to_string(), text);
            assert_eq!(decoded.list[1], None);
            assert_eq!(decoded.by_name["a"].to_string(), text);
            // Both directions: the value encodes back to the same text.
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json, "{text}");
        }
        // Absent and null stay apart where the member is nullable.
        let decoded = prices(r#"{"price":"1","cap":null}"#).unwrap();
        assert_eq!((decoded.start, decoded.cap), (None, Some(None)));
        assert_eq!(prices(r#"{"price":"1"}"#).unwrap().cap, None);
        // A JSON number is tolerated, read from its own text (never through an f64).
        let decoded = prices(r#"{"price":1.234567890123456789012345678}"#).unwrap();
        assert_eq!(decoded.price.to_string(), "1.234567890123456789012345678");
        // The same value in other words: `1E2` is 100, zeros past the 28th place go.
        assert_eq!(
            prices(r#"{"price":"1E2"}"#).unwrap().price.to_string(),
            "100"
        );
        assert_eq!(
            prices(r#"{"price":"1.50000000000000000000000000000000"}"#)
                .unwrap()
                .price
                .to_string(),
            "1.5000000000000000000000000000"
        );
    }

    #[test]
    fn decimal_strings_that_would_round_are_located_errors() {
        // rust_decimal's own serde rounds these; here each is an error at its member.
        let digits = "1.23456789012345678901234567890123";
        assert_ne!(
            digits.parse::<Decimal>().unwrap().to_string(),
            digits,
            "rust_decimal rounds it (the case this module exists for)"
        );
        for (json, pointer) in [
            (format!(r#"{{"price":"{digits}"}}"#), "/price"),
            (format!(r#"{{"price":"1","start":"{digits}"}}"#), "/start"),
            (format!(r#"{{"price":"1","cap":"{digits}"}}"#), "/cap"),
            (
                r#"{"price":"1","list":["1","79228162514264337593543950336"]}"#.to_owned(),
                "/list/1",
            ),
            (
                r#"{"price":"1","by_name":{"x":"0.00000000000000000000000000001"}}"#.to_owned(),
                "/by_name/x",
            ),
            (format!(r#"{{"price":{digits}}}"#), "/price"),
        ] {
            let error = prices(&json).unwrap_err();
            assert_eq!(error.pointer(), pointer, "{json}: {error}");
            assert!(
                error.message().contains("cannot be held exactly"),
                "{json}: {error}"
            );
        }
        for (json, expected) in [
            (r#"{"price":"x"}"#, "expected a decimal number, found `x`"),
            (r#"{"price":""}"#, "expected a decimal number, found ``"),
            (r#"{"price":true}"#, "invalid type: a boolean"),
            (r#"{"price":"1","list":[{}]}"#, "invalid type: map"),
        ] {
            let error = prices(json).unwrap_err();
            assert!(error.message().contains(expected), "{json}: {error}");
        }
        // Required stays required.
        assert!(prices("{}")
            .unwrap_err()
            .message()
            .contains("missing field"));
    }
}
