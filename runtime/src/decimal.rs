//! [`NumericDecimal`]: an exact decimal that travels as a JSON number (where
//! `rust_decimal`'s own serde would write a string).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::exact::{deserialize_exact, parse_decimal, Exponent, Lexeme};

/// An exact decimal whose wire form is a JSON *number* (`"type": "number", "format": "decimal"`).
///
/// Decoding accepts a number or a numeric string, and reads either from its text, never
/// through an `f64`: `18446744073709551616`, `1.234567890123456789` and `1e-7` arrive
/// exactly (exponent notation is applied exactly: this is a JSON number, whose grammar has
/// one). A number a decimal cannot hold without rounding (more than 28 digits after the
/// point, or beyond ±79228162514264337593543950335) is an error, never rounded. (The text is
/// read through serde_json's raw values, so from any serde_json input; from another
/// deserializer, the number as it arrives.)
///
/// Encoding writes the same value back, exactly: as the float that prints as the same
/// digits when there is one (`1.95`), as the decimal's digits otherwise
/// (`1.234567890123456789`, through serde_json's raw values).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDecimal(pub Decimal);

impl NumericDecimal {
    /// The decimal value.
    pub fn get(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for NumericDecimal {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl From<NumericDecimal> for Decimal {
    fn from(value: NumericDecimal) -> Self {
        value.0
    }
}

impl Deref for NumericDecimal {
    type Target = Decimal;
    fn deref(&self) -> &Decimal {
        &self.0
    }
}

impl DerefMut for NumericDecimal {
    fn deref_mut(&mut self) -> &mut Decimal {
        &mut self.0
    }
}

impl fmt::Display for NumericDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for NumericDecimal {
    type Err = rust_decimal::Error;
    /// The decimal `s` holds exactly, with or without an exponent (`1.5`, `15e-1`); an error
    /// where a decimal would have to round it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_decimal(s, Exponent::Accepted)
            .map(Self)
            .map_err(|error| rust_decimal::Error::ErrorString(error.message(s)))
    }
}

impl Serialize for NumericDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.scale() == 0 {
            if let Ok(integer) = i64::try_from(self.0) {
                return serializer.serialize_i64(integer);
            }
            if let Ok(integer) = u64::try_from(self.0) {
                return serializer.serialize_u64(integer);
            }
        }
        let digits = self.0.to_string();
        // A float whose shortest form has exactly these digits carries the value (and scale)
        // exactly, in any format; anything else is written as the digits themselves.
        if let Ok(float) = digits.parse::<f64>() {
            if float.is_finite() && float.to_string() == digits {
                return serializer.serialize_f64(float);
            }
        }
        RawValue::from_string(digits)
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for NumericDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_exact(
            deserializer,
            "a decimal number or a string holding one",
            |lexeme| {
                let lexeme = match lexeme {
                    // Numeric strings may be padded.
                    Lexeme::Text(text) => Lexeme::Text(text.trim().to_owned().into()),
                    Lexeme::Json(json) if json.starts_with('"') => {
                        match crate::exact::json_string(&json) {
                            Some(text) => Lexeme::Text(text.trim().to_owned().into()),
                            None => Lexeme::Json(json),
                        }
                    }
                    other => other,
                };
                crate::lexical::decimal_of(lexeme, Exponent::Accepted)
            },
        )
        .map(NumericDecimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<NumericDecimal, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_are_read_from_their_text() {
        for (json, expected) in [
            ("18446744073709551616", "18446744073709551616"),
            ("1.234567890123456789", "1.234567890123456789"),
            ("1e-7", "0.0000001"),
            ("1E2", "100"),
            ("19.0", "19.0"),
            ("19", "19"),
            ("-0.5", "-0.5"),
            ("\" 2.875 \"", "2.875"),
            ("\"1.5e1\"", "15"),
        ] {
            assert_eq!(
                decode(json).map(|d| d.to_string()).as_deref(),
                Ok(expected),
                "{json}"
            );
        }
        for json in ["1e-40", "1.234567890123456789012345678901", "1e29"] {
            let error = decode(json).unwrap_err();
            assert!(error.contains("cannot be held exactly"), "{json}: {error}");
        }
        assert!(decode("true")
            .unwrap_err()
            .contains("invalid type: a boolean"));
        // From a value, through its number.
        let value: NumericDecimal = serde_json::from_value(serde_json::json!(2.5)).unwrap();
        assert_eq!(value.to_string(), "2.5");
    }

    #[test]
    fn decode_encode_decode_is_exact() {
        for json in [
            "1.95",
            "19",
            "19.0",
            "0.0000001",
            "0.00000010",
            "1.234567890123456789",
            "18446744073709551616",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
            "1844674407375095400000",
        ] {
            let first = decode(json).unwrap();
            let encoded = serde_json::to_string(&first).unwrap();
            let second = decode(&encoded).unwrap();
            assert_eq!(first, second, "{json} → {encoded}");
            assert_eq!(first.scale(), second.scale(), "{json} → {encoded}");
            // Through a `serde_json::Value` too (where an f64 carries it, exactly).
            let value = serde_json::to_value(first).unwrap();
            if first.to_string().len() <= 15 {
                assert_eq!(
                    serde_json::from_value::<NumericDecimal>(value).unwrap(),
                    first
                );
            }
        }
        assert_eq!(serde_json::to_string(&decode("19").unwrap()).unwrap(), "19");
        assert_eq!(
            serde_json::to_string(&decode("1.95").unwrap()).unwrap(),
            "1.95"
        );
        assert_eq!(
            serde_json::to_string(&decode("1.234567890123456789").unwrap()).unwrap(),
            "1.234567890123456789"
        );
    }
}
