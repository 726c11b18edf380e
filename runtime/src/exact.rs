//! Exact numbers from their text: decimals read digit by digit (never through `f64`, never
//! rounded), and the text of a JSON number as it was sent (read through serde_json's raw
//! values, so that no `f64` is ever made of it).
//!
//! serde_json hands a number to a visitor as the nearest `f64` unless its
//! `arbitrary_precision` feature is on, and that feature would change every number of every
//! crate in a build (features unify). It can also hand over any value's *text*: that is how
//! `serde_json::value::RawValue` works, by asking for a newtype struct of a reserved name.
//! [`deserialize_exact`] asks the same way; a deserializer that does not know the name (a
//! buffered one, another format) gets the ordinary path, with the ordinary precision.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};

/// Whether exponent notation (`1E2`, `2.5e-3`) is part of a number's lexical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exponent {
    /// `xs:decimal`: digits and an optional fraction only (the XML Schema lexical form).
    Rejected,
    /// A JSON number: the exponent is applied exactly.
    Accepted,
}

/// Why a text is not a decimal that can be held exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalError {
    /// Not a decimal number at all.
    Syntax,
    /// A decimal in exponent notation where none is allowed.
    Exponent,
    /// A decimal that `rust_decimal::Decimal` cannot hold without rounding: more than 28
    /// digits after the point, or beyond ±79228162514264337593543950335.
    Inexact,
}

impl DecimalError {
    /// The message for `text` (quoted as a short excerpt).
    pub(crate) fn message(self, text: &str) -> String {
        let shown = crate::xml::excerpt(text);
        match self {
            DecimalError::Syntax => format!("expected a decimal number, found `{shown}`"),
            DecimalError::Exponent => format!(
                "expected a decimal number without an exponent (the xs:decimal form, as in XML), found `{shown}`"
            ),
            DecimalError::Inexact => format!(
                "`{shown}` cannot be held exactly by a decimal (at most 28 digits after the point, at most ±79228162514264337593543950335 in all): it is not rounded"
            ),
        }
    }
}

/// The largest mantissa a `Decimal` holds (96 bits).
const MAX_MANTISSA: u128 = (1 << 96) - 1;
/// The most digits a `Decimal` holds after the point.
const MAX_SCALE: i64 = 28;

/// `text` as a decimal, exactly: the same value and scale as `Decimal::from_str` wherever
/// that is exact (`2.875`, `1.0`, `+5`, `.5`, `-0` is zero), and an error wherever it would
/// round. Trailing zeros beyond what a decimal holds are dropped (the value is unchanged);
/// nothing else is. No blanks are allowed around the number.
#[inline]
pub(crate) fn parse_decimal(text: &str, exponent: Exponent) -> Result<Decimal, DecimalError> {
    match parse_short_decimal(text.as_bytes()) {
        Some(value) => Ok(value),
        None => parse_decimal_slow(text, exponent),
    }
}

/// The common case of [`parse_decimal`], in one pass over the bytes and 64-bit arithmetic:
/// an optional sign, at most 19 digits with at most one point, no exponent (`2.875`, `19`,
/// `-0.5`). `None` for anything else, which the full parser then reads (or rejects): the
/// result is the same as its (checked against it in the tests).
#[inline]
pub(crate) fn parse_short_decimal(bytes: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // 19 digits and a point: any 19-digit number fits 64 bits.
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    let (mut mantissa, mut point, mut scale) = (0u64, false, 0u32);
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
            scale += u32::from(point);
        } else if byte == b'.' && !point {
            point = true;
        } else {
            return None;
        }
    }
    // (Past 19 digits the wrapped mantissa is not used.)
    let count = digits.len() - usize::from(point);
    if count == 0 || count > 19 {
        return None;
    }
    // Zero is never negative (as the full parser has it).
    let negative = negative && mantissa != 0;
    Some(Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        0,
        negative,
        scale,
    ))
}

fn parse_decimal_slow(text: &str, exponent: Exponent) -> Result<Decimal, DecimalError> {
    let bytes = text.as_bytes();
    let (negative, mut at) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    // The significant digits read so far, without the zeros that follow them (`pending`):
    // those are multiplied in only when a non-zero digit follows, so that trailing zeros can
    // still be dropped when the scale needs it.
    let (mut mantissa, mut pending, mut overflow) = (0u128, 0u64, false);
    let (mut digits, mut fraction, mut point) = (0u64, 0u64, false);
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                fraction += u64::from(point);
                let digit = u128::from(byte - b'0');
                if digit == 0 {
                    pending += u64::from(mantissa != 0);
                } else if !overflow {
                    match times_ten_to(mantissa, pending + 1).and_then(|m| m.checked_add(digit)) {
                        Some(value) => mantissa = value,
                        None => overflow = true,
                    }
                    pending = 0;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        at += 1;
    }
    if digits == 0 {
        return Err(DecimalError::Syntax);
    }
    let mut power: i64 = 0;
    if at < bytes.len() {
        if !matches!(bytes[at], b'e' | b'E') {
            return Err(DecimalError::Syntax);
        }
        at += 1;
        let minus = match bytes.get(at) {
            Some(b'-') => {
                at += 1;
                true
            }
            Some(b'+') => {
                at += 1;
                false
            }
            _ => false,
        };
        let start = at;
        while let Some(&byte) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            power = power
                .saturating_mul(10)
                .saturating_add(i64::from(byte - b'0'));
            at += 1;
        }
        if at == start || at != bytes.len() {
            return Err(DecimalError::Syntax);
        }
        if exponent == Exponent::Rejected {
            return Err(DecimalError::Exponent);
        }
        if minus {
            power = -power;
        }
    }
    // More than 38 significant digits before the trailing zeros: beyond 96 bits at any scale.
    if overflow {
        return Err(DecimalError::Inexact);
    }
    let fraction = i64::try_from(fraction).unwrap_or(i64::MAX);
    let mut scale = fraction.saturating_sub(power);
    if mantissa == 0 {
        // Zero at any scale is zero; never negative (as `Decimal::from_str` has it).
        return Ok(Decimal::from_i128_with_scale(
            0,
            scale.clamp(0, MAX_SCALE) as u32,
        ));
    }
    let mut pending = i64::try_from(pending).unwrap_or(i64::MAX);
    if scale > MAX_SCALE {
        let dropped = pending.min(scale - MAX_SCALE);
        pending -= dropped;
        scale -= dropped;
        if scale > MAX_SCALE {
            return Err(DecimalError::Inexact);
        }
    }
    if scale < 0 {
        pending = pending.saturating_add(-scale);
        scale = 0;
    }
    // The trailing zeros multiplied in, as many as fit (each one left out lowers the scale).
    loop {
        let fits = u64::try_from(pending)
            .ok()
            .and_then(|pending| times_ten_to(mantissa, pending))
            .filter(|&value| value <= MAX_MANTISSA);
        match fits {
            Some(value) => {
                let signed = if negative {
                    -(value as i128)
                } else {
                    value as i128
                };
                return Decimal::try_from_i128_with_scale(signed, scale as u32)
                    .map_err(|_| DecimalError::Inexact);
            }
            None if pending > 0 && scale > 0 => {
                pending -= 1;
                scale -= 1;
            }
            None => return Err(DecimalError::Inexact),
        }
    }
}

/// `value × 10^power`, unless it overflows.
fn times_ten_to(value: u128, power: u64) -> Option<u128> {
    if value == 0 {
        return Some(0);
    }
    let power = u32::try_from(power).ok()?;
    10u128.checked_pow(power)?.checked_mul(value)
}

/// The token serde_json recognises to hand over a value's text (its `RawValue` protocol).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A value's JSON text, or the value itself from a deserializer that cannot give its text.
pub(crate) enum Lexeme<'a> {
    /// The JSON text of the value, exactly as received (a number literal, a quoted string
    /// with its escapes, `true`, `{…}`, …).
    Json(Cow<'a, str>),
    /// A number that arrived as a value already (not from JSON text).
    Unsigned(u64),
    /// A negative integer that arrived as a value already.
    Signed(i64),
    /// A float that arrived as a value already.
    Float(f64),
    /// A string that arrived as a value already (unescaped).
    Text(Cow<'a, str>),
}

/// What a [`Lexeme`] is, for error messages.
pub(crate) fn unexpected<'b>(lexeme: &'b Lexeme<'_>) -> Unexpected<'b> {
    match lexeme {
        Lexeme::Json(text) => match text.as_bytes().first() {
            Some(b'"') => Unexpected::Other("a string"),
            Some(b't' | b'f') => Unexpected::Other("a boolean"),
            Some(b'n') => Unexpected::Unit,
            Some(b'[') => Unexpected::Seq,
            Some(b'{') => Unexpected::Map,
            _ => Unexpected::Other("a number"),
        },
        Lexeme::Unsigned(value) => Unexpected::Unsigned(*value),
        Lexeme::Signed(value) => Unexpected::Signed(*value),
        Lexeme::Float(value) => Unexpected::Float(*value),
        Lexeme::Text(text) => Unexpected::Str(text),
    }
}

/// The contents of a JSON string literal (`"…"` with its escapes), unescaped.
pub(crate) fn json_string(literal: &str) -> Option<Cow<'_, str>> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains('\\') {
        return Some(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(literal).ok().map(Cow::Owned)
}

/// Deserializes one value as its [`Lexeme`] and hands it to `interpret`: from serde_json
/// text (`from_slice`, `from_str`, `from_reader`, a `serde_json::Value`), the value's JSON
/// text; from any other deserializer, the value as it arrives.
pub(crate) fn deserialize_exact<'de, D, T, F>(
    deserializer: D,
    expecting: &'static str,
    interpret: F,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: for<'a> FnOnce(Lexeme<'a>) -> Result<T, String>,
{
    deserializer.deserialize_newtype_struct(
        RAW_VALUE_TOKEN,
        ExactVisitor {
            expecting,
            interpret,
            marker: PhantomData,
        },
    )
}

struct ExactVisitor<T, F> {
    expecting: &'static str,
    interpret: F,
    marker: PhantomData<T>,
}

impl<T, F> ExactVisitor<T, F>
where
    F: for<'a> FnOnce(Lexeme<'a>) -> Result<T, String>,
{
    fn finish<E: de::Error>(self, lexeme: Lexeme<'_>) -> Result<T, E> {
        (self.interpret)(lexeme).map_err(E::custom)
    }
}

impl<'de, T, F> Visitor<'de> for ExactVisitor<T, F>
where
    F: for<'a> FnOnce(Lexeme<'a>) -> Result<T, String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    /// serde_json's raw value: one entry, the reserved key and the value's text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key::<RawKey>()? {
            Some(RawKey) => {}
            None => return Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
        let RawText(text) = map.next_value()?;
        self.finish(Lexeme::Json(text))
    }

    /// A deserializer that does not know the token: the value as it comes.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(PlainVisitor(self))
    }
}

/// The value as it comes, from a deserializer without raw values.
struct PlainVisitor<T, F>(ExactVisitor<T, F>);

impl<'de, T, F> Visitor<'de> for PlainVisitor<T, F>
where
    F: for<'a> FnOnce(Lexeme<'a>) -> Result<T, String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.expecting)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        self.0.finish(Lexeme::Unsigned(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        match u64::try_from(value) {
            Ok(value) => self.0.finish(Lexeme::Unsigned(value)),
            Err(_) => self.0.finish(Lexeme::Signed(value)),
        }
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        self.0.finish(Lexeme::Float(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        self.0.finish(Lexeme::Text(Cow::Borrowed(value)))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        self.0.finish(Lexeme::Text(Cow::Owned(value)))
    }
}

/// The reserved key of serde_json's raw value entry.
struct RawKey;

impl<'de> de::Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = RawKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("serde_json's raw value")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<RawKey, E> {
                if key == RAW_VALUE_TOKEN {
                    Ok(RawKey)
                } else {
                    Err(E::invalid_value(Unexpected::Str(key), &self))
                }
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// The value's text, borrowed from the input when it can be.
struct RawText<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for RawText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = RawText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the text of a JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<RawText<'de>, E> {
                Ok(RawText(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawText<'de>, E> {
                Ok(RawText(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<RawText<'de>, E> {
                Ok(RawText(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn exact(text: &str) -> Result<String, DecimalError> {
        parse_decimal(text, Exponent::Accepted).map(|d| d.to_string())
    }

    #[test]
    fn decimals_are_read_exactly_or_not_at_all() {
        for (text, expected) in [
            ("2.875", "2.875"),
            ("1.0", "1.0"),
            ("19", "19"),
            ("+5", "5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("-0", "0"),
            ("-0.00", "0.00"),
            ("0007.50", "7.50"),
            ("18446744073709551616", "18446744073709551616"),
            ("1.234567890123456789", "1.234567890123456789"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "-79228162514264337593543950335",
                "-79228162514264337593543950335",
            ),
            (
                "7.9228162514264337593543950335",
                "7.9228162514264337593543950335",
            ),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
            // Zeros a decimal cannot hold are dropped: the value is the same.
            (
                "1.50000000000000000000000000000000",
                "1.5000000000000000000000000000",
            ),
            (
                "79228162514264337593543950335.000",
                "79228162514264337593543950335",
            ),
            (
                "0.000000000000000000000000000000000",
                "0.0000000000000000000000000000",
            ),
            ("1E2", "100"),
            ("1.5e1", "15"),
            ("1.50e1", "15.0"),
            ("25e-3", "0.025"),
            ("0e999999999999", "0"),
            ("1e-28", "0.0000000000000000000000000001"),
        ] {
            assert_eq!(exact(text).as_deref(), Ok(expected), "{text}");
        }
        for text in [
            "1.234567890123456789012345678901",
            "0.00000000000000000000000000001",
            "79228162514264337593543950336",
            "1e-40",
            "1e29",
            "1e999999999999999999999",
            "123456789012345678901234567890123456789012345",
        ] {
            assert_eq!(exact(text), Err(DecimalError::Inexact), "{text}");
        }
        for text in [
            "", "-", "+", ".", "1.2.3", "1e", "1e+", "e5", "1,5", " 1", "1 ", "NaN", "0x10", "--1",
        ] {
            assert_eq!(exact(text), Err(DecimalError::Syntax), "{text:?}");
        }
        assert_eq!(
            parse_decimal("1E2", Exponent::Rejected),
            Err(DecimalError::Exponent)
        );
        assert_eq!(
            parse_decimal("1x2", Exponent::Rejected),
            Err(DecimalError::Syntax)
        );
    }

    #[test]
    fn the_short_path_agrees_with_the_full_parser() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"0123456789000.-+e9";
        let mut short = 0;
        for round in 0..200_000 {
            let length = 1 + (next() % 24) as usize;
            let text: String = (0..length)
                .map(|index| {
                    let pick = next() as usize;
                    // Mostly digits, a point now and then, signs and others rarely.
                    if index > 0 && pick % 100 < 85 || round % 7 == 0 && pick % 3 == 0 {
                        char::from(b'0' + (pick / 100 % 10) as u8)
                    } else {
                        char::from(alphabet[pick / 100 % alphabet.len()])
                    }
                })
                .collect();
            if let Some(fast) = parse_short_decimal(text.as_bytes()) {
                short += 1;
                let full = parse_decimal_slow(&text, Exponent::Rejected)
                    .unwrap_or_else(|error| panic!("{text}: {error:?}"));
                assert_eq!(fast.to_string(), full.to_string(), "{text}");
                assert_eq!(fast.scale(), full.scale(), "{text}");
                assert_eq!(fast.is_sign_negative(), full.is_sign_negative(), "{text}");
            }
        }
        assert!(short > 50_000, "the short path was taken {short} times");
        for text in [
            "9999999999999999999",
            "-9999999999999999999",
            "999999999.9999999999",
            "-0",
            "-0.000",
            "+.5",
            "5.",
            "0000000000000000000",
        ] {
            let fast = parse_short_decimal(text.as_bytes()).expect(text);
            let full = parse_decimal_slow(text, Exponent::Rejected).unwrap();
            assert_eq!(
                (fast.to_string(), fast.scale()),
                (full.to_string(), full.scale())
            );
        }
        for text in ["", "-", ".", "1..2", "1e2", "12345678901234567890", "1 "] {
            assert_eq!(parse_short_decimal(text.as_bytes()), None, "{text:?}");
        }
    }

    #[test]
    fn exact_decimals_agree_with_rust_decimal_where_it_is_exact() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let digits = 1 + (next() % 28) as usize;
            let mut text = String::new();
            if next() % 3 == 0 {
                text.push('-');
            }
            let point = (next() % (digits as u64 + 1)) as usize;
            for index in 0..digits {
                if index == point && index > 0 {
                    text.push('.');
                }
                text.push(char::from(b'0' + (next() % 10) as u8));
            }
            let ours = parse_decimal(&text, Exponent::Rejected).unwrap();
            let theirs = Decimal::from_str(&text).unwrap();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
            assert_eq!(ours.scale(), theirs.scale(), "{text}");
        }
    }
}
