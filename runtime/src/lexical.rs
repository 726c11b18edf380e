//! Numbers that may arrive either as JSON numbers or as their text (`5400` or `"5400"`).
//!
//! JSON forms of XML documents differ on quoting: every XML value is text, and producers
//! write some numbers as strings. Generated models of an XML Schema decode their numeric
//! members through these functions (`#[serde(deserialize_with = "…")]`); they still encode
//! them as JSON numbers.
//!
//! The rules are the XML decoder's, so that a value one form accepts is accepted by the
//! other:
//!
//! - integers are exact (serde_json reads them without a float, up to the 64-bit range);
//!   negative zero (`-0`, `"-0"`) is not an integer, in JSON as in XML;
//! - decimals ([`decimal`] and the functions after it) are read from the number's own text,
//!   never through an `f64`: `18446744073709551616`, `1.234567890123456789` and `"2.875"`
//!   arrive exactly, and a number a decimal cannot hold without rounding (more than 28
//!   digits after the point, beyond ±79228162514264337593543950335) is an error, never
//!   rounded. Exponent notation (`1E2`) is an error too: these are `xs:decimal` values, whose
//!   lexical form has no exponent (the XML decoder and `xmllint` reject `1E2` as well).

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer};

use crate::exact::{deserialize_exact, json_string, parse_decimal, unexpected, Exponent, Lexeme};

/// The numeric types generated members hold: whether they are integers decides how negative
/// zero is treated (an integer `-0` is an error, a float `-0` is `-0.0`).
pub trait NumberKind: sealed::Sealed {
    /// Whether the type is an integer type.
    const INTEGER: bool;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! number_kind {
    ($($ty:ty => $integer:literal),*) => {$(
        impl sealed::Sealed for $ty {}
        impl NumberKind for $ty {
            const INTEGER: bool = $integer;
        }
    )*};
}

number_kind!(
    i8 => true, i16 => true, i32 => true, i64 => true,
    u8 => true, u16 => true, u32 => true, u64 => true,
    f32 => false, f64 => false
);

/// `-0`, `-00`, …: negative zero, which is not an integer.
pub(crate) fn is_negative_zero(text: &str) -> bool {
    text.strip_prefix('-')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b == b'0'))
}

/// The error for a negative zero where an integer is expected.
pub(crate) fn negative_zero_message(text: &str) -> String {
    format!(
        "`{text}` is not an integer here: negative zero is rejected (in JSON and XML alike); write `0`"
    )
}

/// A number read from a JSON number or from a string holding one.
struct Lexical<T>(T);

impl<'de, T> Deserialize<'de> for Lexical<T>
where
    T: Deserialize<'de> + FromStr + NumberKind,
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
    T: Deserialize<'de> + FromStr + NumberKind,
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
        // serde_json reads `-0` as a float: name it rather than "floating point `-0.0`".
        if T::INTEGER && value == 0.0 && value.is_sign_negative() {
            return Err(E::custom(negative_zero_message("-0")));
        }
        T::deserialize(value.into_deserializer())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        if T::INTEGER && is_negative_zero(value) {
            return Err(E::custom(negative_zero_message(value)));
        }
        value.parse().map_err(|error| {
            E::custom(format!(
                "`{}` is not a valid number: {error}",
                crate::xml::excerpt(value)
            ))
        })
    }
}

/// A required number.
pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr + NumberKind,
    T::Err: fmt::Display,
{
    Lexical::deserialize(deserializer).map(|Lexical(value)| value)
}

/// An optional number (`null` is `None`).
pub fn optional_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr + NumberKind,
    T::Err: fmt::Display,
{
    Option::<Lexical<T>>::deserialize(deserializer).map(|value| value.map(|Lexical(v)| v))
}

/// A list of numbers.
pub fn numbers<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr + NumberKind,
    T::Err: fmt::Display,
{
    Vec::<Lexical<T>>::deserialize(deserializer)
        .map(|items| items.into_iter().map(|Lexical(v)| v).collect())
}

/// An optional list of numbers (`null` is `None`).
pub fn optional_numbers<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromStr + NumberKind,
    T::Err: fmt::Display,
{
    Option::<Vec<Lexical<T>>>::deserialize(deserializer)
        .map(|items| items.map(|items| items.into_iter().map(|Lexical(v)| v).collect()))
}

/// An `xs:decimal` read from its text: a JSON number's own literal or a JSON string, exactly
/// (see the [module documentation](self)).
struct ExactDecimal(Decimal);

impl<'de> Deserialize<'de> for ExactDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_exact(
            deserializer,
            "a decimal number, or a string holding one",
            |lexeme| match short_decimal(&lexeme) {
                Some(value) => Ok(value),
                None => decimal_of(lexeme, Exponent::Rejected),
            },
        )
        .map(ExactDecimal)
    }
}

/// The decimal of a JSON number or string in the common short form (see
/// `exact::parse_short_decimal`), straight from its text; `None` for anything else, which
/// [`decimal_of`] then reads. (A string holding only digits, a sign and a point has no
/// escapes: its quotes are all there is to take off.)
#[inline]
pub(crate) fn short_decimal(lexeme: &Lexeme<'_>) -> Option<Decimal> {
    let Lexeme::Json(json) = lexeme else {
        return None;
    };
    let bytes = json.as_bytes();
    let digits = match bytes {
        [b'"', inner @ .., b'"'] => inner,
        _ => bytes,
    };
    crate::exact::parse_short_decimal(digits)
}

/// The decimal a [`Lexeme`] holds, exactly (`exponent` says whether `1E2` is one).
pub(crate) fn decimal_of(lexeme: Lexeme<'_>, exponent: Exponent) -> Result<Decimal, String> {
    let text = match &lexeme {
        Lexeme::Json(json) => match json.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => json.clone(),
            Some(b'"') => json_string(json).ok_or_else(|| "a malformed JSON string".to_owned())?,
            _ => {
                return Err(format!(
                    "invalid type: {}, expected a decimal number, or a string holding one",
                    unexpected(&lexeme)
                ))
            }
        },
        Lexeme::Text(text) => text.clone(),
        Lexeme::Unsigned(value) => return Ok(Decimal::from(*value)),
        Lexeme::Signed(value) => return Ok(Decimal::from(*value)),
        // Only from a deserializer that holds numbers as floats already (not JSON text):
        // the float's shortest form is the best there is.
        Lexeme::Float(value) => std::borrow::Cow::Owned(value.to_string()),
    };
    parse_decimal(&text, exponent).map_err(|error| error.message(&text))
}

/// A required decimal.
pub fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    ExactDecimal::deserialize(deserializer).map(|ExactDecimal(value)| value)
}

/// An optional decimal (`null` is `None`).
pub fn optional_decimal<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Decimal>, D::Error> {
    Option::<ExactDecimal>::deserialize(deserializer).map(|value| value.map(|ExactDecimal(v)| v))
}

/// A list of decimals.
pub fn decimals<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Decimal>, D::Error> {
    Vec::<ExactDecimal>::deserialize(deserializer)
        .map(|items| items.into_iter().map(|ExactDecimal(v)| v).collect())
}

/// An optional list of decimals (`null` is `None`).
pub fn optional_decimals<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<Decimal>>, D::Error> {
    Option::<Vec<ExactDecimal>>::deserialize(deserializer)
        .map(|items| items.map(|items| items.into_iter().map(|ExactDecimal(v)| v).collect()))
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

    #[derive(Debug, Deserialize, PartialEq)]
    struct Prices {
        #[serde(deserialize_with = "super::decimal")]
        price: rust_decimal::Decimal,
        #[serde(default, deserialize_with = "super::optional_decimal")]
        start: Option<rust_decimal::Decimal>,
        #[serde(default, deserialize_with = "super::optional_decimals")]
        list: Option<Vec<rust_decimal::Decimal>>,
        // Known members are read straight from the input even beside a catch-all.
        #[serde(flatten)]
        rest: crate::UndeclaredMembers,
    }

    fn prices(json: &str) -> Result<Prices, String> {
        crate::from_json_slice(json.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn decimals_are_read_from_the_number_text() {
        for (json, expected) in [
            ("18446744073709551616", "18446744073709551616"),
            ("1.234567890123456789", "1.234567890123456789"),
            ("\"2.875\"", "2.875"),
            ("19", "19"),
            ("1.0", "1.0"),
            ("-0.5", "-0.5"),
        ] {
            let decoded = prices(&format!(
                r#"{{"price":{json},"start":{json},"list":[{json}]}}"#
            ))
            .unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(decoded.price.to_string(), expected, "{json}");
            assert_eq!(decoded.start.unwrap().to_string(), expected, "{json}");
            assert_eq!(decoded.list.unwrap()[0].to_string(), expected, "{json}");
        }
        let plain = prices(r#"{"price":1,"start":null}"#).unwrap();
        assert_eq!((plain.start, plain.list), (None, None));
        // Not rounded, and not in exponent form: located errors.
        for (json, expected) in [
            ("1e-40", "without an exponent"),
            ("1E2", "without an exponent"),
            ("\"1E2\"", "without an exponent"),
            ("1.234567890123456789012345678901", "cannot be held exactly"),
            ("79228162514264337593543950336", "cannot be held exactly"),
            ("true", "invalid type: a boolean"),
            ("\"x\"", "expected a decimal number, found `x`"),
        ] {
            let error = prices(&format!(r#"{{"start":1,"price":{json}}}"#)).unwrap_err();
            assert!(error.starts_with("at /price"), "{json}: {error}");
            assert!(error.contains(expected), "{json}: {error}");
        }
        let error = prices(r#"{"price":1,"list":[1,2e5]}"#).unwrap_err();
        assert!(error.starts_with("at /list/1"), "{error}");
        // From a `serde_json::Value` (its numbers are floats already), through its text.
        let value: Prices = serde_json::from_value(serde_json::json!({"price": 2.875})).unwrap();
        assert_eq!(value.price.to_string(), "2.875");
    }

    #[test]
    fn negative_zero_is_not_an_integer_in_json_either() {
        for json in [
            r#"{"time":-0}"#,
            r#"{"time":"-0"}"#,
            r#"{"time":1,"id":"-00"}"#,
        ] {
            let error = decode(json).unwrap_err();
            assert!(error.contains("negative zero"), "{json}: {error}");
        }
        assert_eq!(decode(r#"{"time":0}"#).unwrap().time, 0);
        let floats = decode(r#"{"time":1,"values":[-0,"-0"]}"#).unwrap();
        assert!(floats
            .values
            .iter()
            .all(|v| *v == 0.0 && v.is_sign_negative()));
    }
}
