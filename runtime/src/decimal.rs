//! [`NumericDecimal`]: an exact decimal that travels as a JSON number (where
//! `rust_decimal`'s own serde would write a string).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact decimal whose wire form is a JSON *number* (`"type": "number", "format": "decimal"`).
///
/// Decoding accepts a number or a numeric string. A JSON number reaches us as the nearest
/// `f64`; its shortest round-trip rendering is the literal that was sent whenever that literal
/// has at most 15 significant digits, so prices and amounts are kept exactly. Encoding writes
/// the same shortest form back.
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
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str(s)
            .or_else(|_| Decimal::from_scientific(s))
            .map(Self)
    }
}

impl Serialize for NumericDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.scale() == 0 {
            if let Ok(integer) = i64::try_from(self.0) {
                return serializer.serialize_i64(integer);
            }
        }
        let float: f64 = self.0.try_into().map_err(serde::ser::Error::custom)?;
        serializer.serialize_f64(float)
    }
}

impl<'de> Deserialize<'de> for NumericDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumericDecimalVisitor)
    }
}

struct NumericDecimalVisitor;

impl serde::de::Visitor<'_> for NumericDecimalVisitor {
    type Value = NumericDecimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or a string holding one")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumericDecimal, E> {
        Ok(NumericDecimal(Decimal::from(v)))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumericDecimal, E> {
        Ok(NumericDecimal(Decimal::from(v)))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumericDecimal, E> {
        let shortest = v.to_string();
        let mut decimal = Decimal::from_str(&shortest)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Float(v), &self))?;
        // The literal had a fraction or exponent (`19.0`): keep it a non-integer on the wire.
        if decimal.scale() == 0 {
            decimal.rescale(1);
        }
        Ok(NumericDecimal(decimal))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumericDecimal, E> {
        NumericDecimal::from_str(v.trim())
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}
