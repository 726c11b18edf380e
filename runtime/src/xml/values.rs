//! [`XmlValue`] for the types generated models hold as text: strings, booleans, integers,
//! floats, exact decimals, date-times, dates, UUIDs, untyped JSON values, and `Option` and
//! `Vec` of those (nullable values and `xs:list`s).
//!
//! Integers and decimals of up to 18 digits are read in one pass (most feed values are);
//! other integers go through the standard parsers, other decimals through the exact
//! decimal reader (which never rounds), with the same results. No arithmetic can overflow
//! in any build profile.

use std::fmt;
use std::str::FromStr;

use super::{escape_into, is_blank, is_xml_whitespace, Escape, ValueError, XmlValue};
use crate::exact::{parse_decimal, Exponent};
use crate::{DateTime, NumericDecimal};

impl XmlValue for String {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }

    #[inline]
    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        escape_into(out, self, escape);
    }
}

impl XmlValue for bool {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        match trim(text) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(ValueError::expected(
                "a boolean (`true`, `false`, `1` or `0`)",
                text,
            )),
        }
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! integer_value {
    ($($ty:ty => $what:literal, $write:ident as $wide:ty;)*) => {$(
        impl XmlValue for $ty {
            #[inline]
            fn parse_xml(text: &str) -> Result<Self, ValueError> {
                // Negative zero, and any sign for unsigned types, is left to the general
                // path, which rejects it.
                let fast = small_integer(text.as_bytes())
                    .filter(|&value| value != 0 || !text.starts_with('-'))
                    .filter(|_| <$ty>::MIN != 0 || !text.starts_with('-'))
                    .and_then(|value| <$ty>::try_from(value).ok());
                if let Some(value) = fast {
                    return Ok(value);
                }
                let trimmed = trim(text);
                // `-0` is an `xs:long`, but not an integer the JSON form accepts (serde_json
                // reads it as a float): rejected in both, so that both agree.
                if crate::lexical::is_negative_zero(trimmed) {
                    return Err(ValueError::new(crate::lexical::negative_zero_message(
                        &super::error::excerpt(trimmed),
                    )));
                }
                trimmed.parse::<$ty>().map_err(|_| {
                    // Name the range only when the text is an integer, just out of range.
                    let digits = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        ValueError::expected($what, text)
                    } else {
                        ValueError::expected("an integer", text)
                    }
                })
            }

            #[inline]
            fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
                $write(out, <$wide>::from(*self));
            }
        }
    )*};
}

integer_value! {
    i8 => "an integer in the 8-bit range", write_i64 as i64;
    i16 => "an integer in the 16-bit range", write_i64 as i64;
    i32 => "an integer in the 32-bit range", write_i64 as i64;
    i64 => "an integer in the 64-bit range", write_i64 as i64;
    u8 => "an unsigned integer in the 8-bit range", write_u64 as u64;
    u16 => "an unsigned integer in the 16-bit range", write_u64 as u64;
    u32 => "an unsigned integer in the 32-bit range", write_u64 as u64;
    u64 => "an unsigned integer in the 64-bit range", write_u64 as u64;
}

macro_rules! float_value {
    ($($ty:ty),*) => {$(
        impl XmlValue for $ty {
            fn parse_xml(text: &str) -> Result<Self, ValueError> {
                match trim(text) {
                    "INF" | "+INF" => Ok(<$ty>::INFINITY),
                    "-INF" => Ok(<$ty>::NEG_INFINITY),
                    "NaN" => Ok(<$ty>::NAN),
                    trimmed => trimmed
                        .parse::<$ty>()
                        .ok()
                        .filter(|value| value.is_finite())
                        .ok_or_else(|| ValueError::expected("a number", text)),
                }
            }

            fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
                if self.is_nan() {
                    out.extend_from_slice(b"NaN");
                } else if self.is_infinite() {
                    out.extend_from_slice(if *self > 0.0 { b"INF" } else { b"-INF" });
                } else {
                    write_display(out, self);
                }
            }
        }
    )*};
}

float_value!(f32, f64);

impl XmlValue for rust_decimal::Decimal {
    /// The `xs:decimal` form, exactly (`2.875` keeps three digits); never through a float,
    /// never rounded: a decimal a `Decimal` cannot hold exactly (more than 28 digits after
    /// the point, beyond ±79228162514264337593543950335) is an error, and so is exponent
    /// notation, which `xs:decimal` does not have (the JSON form has the same rules).
    #[inline]
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        let trimmed = trim(text);
        if let Some(value) = small_decimal(trimmed) {
            return Ok(value);
        }
        parse_decimal(trimmed, Exponent::Rejected)
            .map_err(|error| ValueError::new(error.message(trimmed)))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        write_display(out, self);
    }
}

impl XmlValue for NumericDecimal {
    /// Exactly, as in JSON: a JSON number's form, so exponent notation (`1E2`) is applied
    /// exactly rather than rejected; anything a decimal would round is an error.
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        let trimmed = trim(text);
        if let Some(value) = small_decimal(trimmed) {
            return Ok(NumericDecimal(value));
        }
        parse_decimal(trimmed, Exponent::Accepted)
            .map(NumericDecimal)
            .map_err(|error| ValueError::new(error.message(trimmed)))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        write_display(out, &self.0);
    }
}

impl XmlValue for DateTime {
    /// `xs:dateTime` (with or without a zone), re-encoded exactly as received. Unlike the
    /// JSON form, date and time must be separated by `T`, as the XML Schema form requires.
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        let trimmed = trim(text);
        if trimmed.as_bytes().get(10) != Some(&b'T') {
            return Err(ValueError::expected(
                "a date-time (YYYY-MM-DDThh:mm:ss, `T` between date and time)",
                text,
            ));
        }
        DateTime::from_str(trimmed).map_err(|error| ValueError::new(error.to_string()))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        self.write_to(out);
    }
}

impl XmlValue for chrono::NaiveDate {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        chrono::NaiveDate::parse_from_str(trim(text), "%Y-%m-%d")
            .map_err(|_| ValueError::expected("a date (YYYY-MM-DD)", text))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        write_display(out, &self.format("%Y-%m-%d"));
    }
}

impl XmlValue for uuid::Uuid {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        uuid::Uuid::parse_str(trim(text)).map_err(|_| ValueError::expected("a UUID", text))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        let mut buffer = uuid::Uuid::encode_buffer();
        out.extend_from_slice(self.hyphenated().encode_lower(&mut buffer).as_bytes());
    }
}

impl XmlValue for serde_json::Value {
    /// Untyped content is kept as a string.
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        Ok(serde_json::Value::String(text.to_owned()))
    }

    /// Strings as themselves, anything else as its JSON text.
    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        match self {
            serde_json::Value::String(text) => escape_into(out, text, escape),
            serde_json::Value::Null => {}
            other => escape_into(out, &other.to_string(), escape),
        }
    }
}

/// A nullable value: blank text is `None`, and `None` is written as nothing.
impl<T: XmlValue> XmlValue for Option<T> {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        if is_blank(text.as_bytes()) {
            Ok(None)
        } else {
            T::parse_xml(text).map(Some)
        }
    }

    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        if let Some(value) = self {
            value.write_xml(out, escape);
        }
    }
}

/// A list (`xs:list`): items separated by whitespace.
impl<T: XmlValue> XmlValue for Vec<T> {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        text.split_ascii_whitespace().map(T::parse_xml).collect()
    }

    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(b' ');
            }
            item.write_xml(out, escape);
        }
    }
}

/// `fmt::Write` over a byte buffer (values are UTF-8 already).
struct VecWriter<'o>(&'o mut Vec<u8>);

impl fmt::Write for VecWriter<'_> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn write_display(out: &mut Vec<u8>, value: &dyn fmt::Display) {
    use fmt::Write as _;
    // Writing into a Vec cannot fail.
    let _ = write!(VecWriter(out), "{value}");
}

#[inline]
fn write_u64(out: &mut Vec<u8>, mut value: u64) {
    let mut buffer = [0u8; 20];
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&buffer[at..]);
}

#[inline]
fn write_i64(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    write_u64(out, value.unsigned_abs());
}

/// A decimal of at most 18 digits in `xs:decimal` form, read in one pass (the same value
/// and scale as the general path, which handles everything else). 18 digits always fit in
/// an `i64`; anything longer is left to the general path before it could overflow.
#[inline]
fn small_decimal(text: &str) -> Option<rust_decimal::Decimal> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let (mut mantissa, mut scale, mut point, mut count) = (0i64, 0u32, false, 0u32);
    for &byte in digits {
        match byte {
            b'0'..=b'9' => {
                if count == 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(byte - b'0');
                count += 1;
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    Some(rust_decimal::Decimal::new(
        if negative { -mantissa } else { mantissa },
        scale,
    ))
}

#[inline]
fn trim(text: &str) -> &str {
    // Values are almost never padded: check the ends before searching.
    match text.as_bytes() {
        [first, .., last] if !is_xml_whitespace(*first) && !is_xml_whitespace(*last) => text,
        [only] if !is_xml_whitespace(*only) => text,
        _ => text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')),
    }
}

/// An integer of 1 to 18 digits, optionally negative, with nothing else around it: read in
/// one pass without overflow checks (18 digits fit in an `i64`). Anything else (signs `+`,
/// blanks, longer numbers, errors) takes the general path.
#[inline]
fn small_integer(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut value = 0i64;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + i64::from(digit);
    }
    Some(if negative { -value } else { value })
}
