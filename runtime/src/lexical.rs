//! Numbers that may arrive either as JSON numbers or as their text (`5400` or `"5400"`).
//!
//! JSON forms of XML documents differ on quoting: every XML value is text, and producers
//! write some numbers as strings. Generated models of an XML Schema decode their numeric
//! members through these functions (`#[serde(deserialize_with = "…")]`); they still encode
//! them as JSON numbers.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer};

/// A number read from a JSON number or from a string holding one.
struct Lexical<T>(T);

impl<'de, T> Deserialize<'de> for Lexical<T>
where
    T: Deserialize<'de> + FromStr,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(LexicalVisitor(PhantomData))
            .map(Lexical)
    }
}

struct LexicalVisitor<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for LexicalVisitor<T>
where
    T: Deserialize<'de> + FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        value
            .parse()
            .map_err(|error| E::custom(format!("`{value}` is not a valid number: {error}")))
    }
}

/// A required number.
pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr,
    T::Err: fmt::Display,
{
    Lexical::deserialize(deserializer).map(|Lexical(value)| value)
}

/// An optional number (`null` is `None`).
pub fn optional_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr,
    T::Err: fmt::Display,
{
    Option::<Lexical<T>>::deserialize(deserializer).map(|value| value.map(|Lexical(v)| v))
}

/// A list of numbers.
pub fn numbers<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr,
    T::Err: fmt::Display,
{
    Vec::<Lexical<T>>::deserialize(deserializer)
        .map(|items| items.into_iter().map(|Lexical(v)| v).collect())
}

/// An optional list of numbers (`null` is `None`).
pub fn optional_numbers<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr,
    T::Err: fmt::Display,
{
    Option::<Vec<Lexical<T>>>::deserialize(deserializer)
        .map(|items| items.map(|items| items.into_iter().map(|Lexical(v)| v).collect()))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "super::number")]
        time: i32,
        #[serde(default, deserialize_with = "super::optional_number")]
        id: Option<i64>,
        #[serde(default, deserialize_with = "super::numbers")]
        values: Vec<f64>,
    }

    fn decode(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_and_their_text_decode_alike() {
        let quoted = decode(r#"{"time":"5400","id":"123456789012345678","values":["1.5",2]}"#);
        let plain = decode(r#"{"time":5400,"id":123456789012345678,"values":[1.5,2]}"#);
        assert_eq!(quoted, plain);
        assert_eq!(plain.unwrap().id, Some(123_456_789_012_345_678));
        assert_eq!(decode(r#"{"time":1,"id":null}"#).unwrap().id, None);
    }

    #[test]
    fn text_that_is_not_a_number_is_an_error() {
        let error = decode(r#"{"time":"54x"}"#).unwrap_err();
        assert!(error.contains("`54x` is not a valid number"), "{error}");
        let error = decode(r#"{"time":"99999999999"}"#).unwrap_err();
        assert!(error.contains("99999999999"), "{error}");
        let error = decode(r#"{"time":true}"#).unwrap_err();
        assert!(
            error.contains("a number, or a string holding one"),
            "{error}"
        );
        let error = decode(r#"{"time":3000000000}"#).unwrap_err();
        assert!(error.contains("3000000000"), "{error}");
    }
}
