use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `date-time` as it arrives on the wire.
///
/// Accepts RFC 3339 (`2023-08-03T07:54:42.1124647Z`, `…+02:00`) and the zone-less form real
/// feeds also send (`2022-03-21T13:00:00`, `2022-03-20T01:15:32.791982`). It re-encodes
/// exactly as received: same number of fraction digits, `Z` or numeric offset, or no zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    local: NaiveDateTime,
    zone: Zone,
    fraction_digits: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Zone {
    None,
    Z,
    Offset(FixedOffset),
}

/// Why a string is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date-time `{input}`: {reason}")]
pub struct DateTimeParseError {
    input: String,
    reason: &'static str,
}

impl DateTime {
    /// The wall-clock date and time as written, without its zone.
    pub fn naive_local(&self) -> NaiveDateTime {
        self.local
    }

    /// The offset, or `None` for the zone-less form.
    pub fn offset(&self) -> Option<FixedOffset> {
        match self.zone {
            Zone::None => None,
            Zone::Z => Some(FixedOffset::east_opt(0).expect("zero offset")),
            Zone::Offset(offset) => Some(offset),
        }
    }

    /// The instant in UTC; the zone-less form is read as UTC, which is what the feeds mean by it.
    pub fn to_utc(&self) -> chrono::DateTime<Utc> {
        let offset = self
            .offset()
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"));
        match offset.from_local_datetime(&self.local) {
            chrono::LocalResult::Single(dt) => dt.with_timezone(&Utc),
            _ => Utc.from_utc_datetime(&self.local),
        }
    }

    /// Whether the value carried no zone designator.
    pub fn is_zoneless(&self) -> bool {
        self.zone == Zone::None
    }

    /// Whether the value encodes as an RFC 3339 `date-time`: it has a zone, a four-digit
    /// year, and a leap second only at 23:59:60 UTC. Decoding accepts more (the zone-less
    /// form real feeds send); validation uses this to report what the format forbids.
    pub fn is_rfc3339(&self) -> bool {
        use chrono::Datelike as _;
        if self.zone == Zone::None || !(0..=9999).contains(&self.local.year()) {
            return false;
        }
        // chrono keeps a leap second as a nanosecond count beyond one second.
        if self.local.nanosecond() < 1_000_000_000 {
            return true;
        }
        let offset_seconds = self.offset().map_or(0, |offset| offset.local_minus_utc());
        let utc = self.local - chrono::TimeDelta::seconds(i64::from(offset_seconds));
        utc.hour() == 23 && utc.minute() == 59
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(value: chrono::DateTime<Utc>) -> Self {
        let nanos = value.nanosecond() % 1_000_000_000;
        let fraction_digits = if nanos == 0 {
            0
        } else {
            9 - trailing_zero_digits(nanos)
        };
        Self {
            local: value.naive_utc(),
            zone: Zone::Z,
            fraction_digits,
        }
    }
}

fn trailing_zero_digits(mut nanos: u32) -> u8 {
    let mut zeros = 0;
    while nanos % 10 == 0 && zeros < 9 {
        nanos /= 10;
        zeros += 1;
    }
    zeros
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    /// Reads `YYYY-MM-DD`, `T` (or `t` or a space), `hh:mm:ss`, an optional fraction of one
    /// to nine digits, and an optional zone (`Z`, `z`, `±hh:mm` or `±hhmm`). Every field has
    /// exactly its digits; the date must exist (leap years included), hours go to 23,
    /// minutes to 59, seconds to 60 (a leap second, kept as such).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        parse(input.as_bytes()).map_err(|reason| DateTimeParseError {
            input: crate::xml::excerpt(input).into_owned(),
            reason,
        })
    }
}

/// The number written by the ASCII digits `bytes` (`None` if any byte is not a digit).
#[inline]
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}

/// By hand rather than with chrono's format strings: timestamps are in every feed bet, and
/// interpreting `%Y-%m-%d` for each one cost more than the rest of the value's decoding.
#[inline]
fn parse(bytes: &[u8]) -> Result<DateTime, &'static str> {
    match parse_common(bytes) {
        Some(value) => Ok(value),
        None => parse_fields(bytes),
    }
}

/// Every accepted form, field by field.
fn parse_fields(bytes: &[u8]) -> Result<DateTime, &'static str> {
    let split = bytes
        .iter()
        .position(|&b| matches!(b, b'T' | b't' | b' '))
        .ok_or("expected `T` between date and time")?;
    let (date, rest) = (&bytes[..split], &bytes[split + 1..]);
    let date = match date {
        [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => {
            let year = digits(&[*y0, *y1, *y2, *y3]);
            let (month, day) = (digits(&[*m0, *m1]), digits(&[*d0, *d1]));
            match (year, month, day) {
                (Some(year), Some(month), Some(day)) => {
                    NaiveDate::from_ymd_opt(year as i32, month, day)
                }
                _ => None,
            }
        }
        _ => None,
    }
    .ok_or("expected a date as YYYY-MM-DD")?;
    let (time, zone) = match rest {
        [time @ .., b'Z' | b'z'] => (time, Zone::Z),
        _ => match rest.iter().rposition(|&b| b == b'+' || b == b'-') {
            Some(at) if at >= 8 => (
                &rest[..at],
                Zone::Offset(offset(&rest[at..]).ok_or("expected a zone offset as +HH:MM")?),
            ),
            _ => (rest, Zone::None),
        },
    };
    let (clock, fraction) = match time.iter().position(|&b| b == b'.') {
        Some(dot) => (&time[..dot], Some(&time[dot + 1..])),
        None => (time, None),
    };
    let nanos = match fraction {
        None => 0,
        Some(fraction) => {
            let value = Some(fraction)
                .filter(|fraction| fraction.len() <= 9)
                .and_then(digits)
                .ok_or("expected at most nine fraction digits")?;
            if fraction.is_empty() {
                return Err("expected digits after `.`");
            }
            value * 10u32.pow(9 - fraction.len() as u32)
        }
    };
    let clock = match clock {
        [h0, h1, b':', m0, m1, b':', s0, s1] => {
            match (
                digits(&[*h0, *h1]),
                digits(&[*m0, *m1]),
                digits(&[*s0, *s1]),
            ) {
                // chrono keeps a leap second as second 59 with a nanosecond count over 10^9.
                (Some(hour), Some(minute), Some(60)) => {
                    NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nanos)
                }
                (Some(hour), Some(minute), Some(second)) => {
                    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
                }
                _ => None,
            }
        }
        _ => None,
    }
    .ok_or("expected a time as HH:MM:SS")?;
    Ok(DateTime {
        local: date.and_time(clock),
        zone,
        fraction_digits: fraction.map_or(0, <[u8]>::len) as u8,
    })
}

/// The forms feeds send nearly always — `YYYY-MM-DDThh:mm:ss`, then up to nine fraction
/// digits, then `Z` or nothing — read at fixed positions; `None` for anything else (including
/// invalid values), which [`parse`] then reads field by field to say what is wrong.
#[inline]
fn parse_common(bytes: &[u8]) -> Option<DateTime> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T', h0, h1, b':', i0, i1, b':', s0, s1, rest @ ..] =
        bytes
    else {
        return None;
    };
    let (rest, zone) = match rest {
        [rest @ .., b'Z'] => (rest, Zone::Z),
        rest => (rest, Zone::None),
    };
    let (nanos, fraction_digits) = match rest {
        [] => (0, 0),
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => (
            digits(fraction)? * 10u32.pow(9 - fraction.len() as u32),
            fraction.len() as u8,
        ),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(
        digits(&[*y0, *y1, *y2, *y3])? as i32,
        digits(&[*m0, *m1])?,
        digits(&[*d0, *d1])?,
    )?;
    let second = digits(&[*s0, *s1])?;
    if second > 59 {
        return None;
    }
    let time =
        NaiveTime::from_hms_nano_opt(digits(&[*h0, *h1])?, digits(&[*i0, *i1])?, second, nanos)?;
    Some(DateTime {
        local: date.and_time(time),
        zone,
        fraction_digits,
    })
}

/// `+hh:mm` or `+hhmm` (or `-`), at most 23:59 either way.
fn offset(text: &[u8]) -> Option<FixedOffset> {
    let (sign, hours, minutes) = match text {
        [sign, h0, h1, b':', m0, m1] | [sign, h0, h1, m0, m1] => (sign, [*h0, *h1], [*m0, *m1]),
        _ => return None,
    };
    let (hours, minutes) = (digits(&hours)?, digits(&minutes)?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    let seconds = (hours * 3600 + minutes * 60) as i32;
    match sign {
        b'+' => FixedOffset::east_opt(seconds),
        b'-' => FixedOffset::west_opt(seconds),
        _ => None,
    }
}

/// Room for the longest text [`DateTime::encode`] writes (`YYYY-MM-DDThh:mm:ss.fffffffff+hh:mm`).
const ENCODED_LEN: usize = 35;

impl DateTime {
    /// Writes the wire form into `out`, returning its length; `None` for values outside
    /// what the fixed layout covers (years beyond 0000–9999, offsets with seconds), which
    /// [`Display`](fmt::Display) writes through chrono instead.
    #[inline]
    fn encode(&self, out: &mut [u8; ENCODED_LEN]) -> Option<usize> {
        fn put(out: &mut [u8], at: usize, value: u32, width: usize) {
            let mut value = value;
            for slot in out[at..at + width].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        let (date, time) = (self.local.date(), self.local.time());
        let year = u32::try_from(chrono::Datelike::year(&date))
            .ok()
            .filter(|&year| year <= 9999)?;
        let nanosecond = time.nanosecond();
        // A leap second is second 59 with over 10^9 nanoseconds (see `parse`).
        let (second, nanos) = if nanosecond >= 1_000_000_000 {
            (60, nanosecond - 1_000_000_000)
        } else {
            (time.second(), nanosecond)
        };
        out[..20].copy_from_slice(b"0000-00-00T00:00:00.");
        put(out, 0, year, 4);
        put(out, 5, chrono::Datelike::month(&date), 2);
        put(out, 8, chrono::Datelike::day(&date), 2);
        put(out, 11, time.hour(), 2);
        put(out, 14, time.minute(), 2);
        put(out, 17, second, 2);
        let mut len = 19;
        if self.fraction_digits > 0 {
            let digits = usize::from(self.fraction_digits.min(9));
            let mut nine = [0u8; 9];
            put(&mut nine, 0, nanos, 9);
            out[20..20 + digits].copy_from_slice(&nine[..digits]);
            len = 20 + digits;
        }
        match self.zone {
            Zone::None => {}
            Zone::Z => {
                out[len] = b'Z';
                len += 1;
            }
            Zone::Offset(offset) => {
                let seconds = offset.local_minus_utc();
                if seconds % 60 != 0 {
                    return None;
                }
                let minutes = seconds.unsigned_abs() / 60;
                out[len] = if seconds < 0 { b'-' } else { b'+' };
                put(out, len + 1, minutes / 60, 2);
                out[len + 3] = b':';
                put(out, len + 4, minutes % 60, 2);
                len += 6;
            }
        }
        Some(len)
    }

    /// Appends the wire form to `out` (what [`Display`](fmt::Display) writes).
    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        let mut buffer = [0u8; ENCODED_LEN];
        match self.encode(&mut buffer) {
            Some(len) => out.extend_from_slice(&buffer[..len]),
            None => out.extend_from_slice(self.to_string().as_bytes()),
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = [0u8; ENCODED_LEN];
        if let Some(len) = self.encode(&mut buffer) {
            // `encode` writes ASCII only.
            return f.write_str(std::str::from_utf8(&buffer[..len]).map_err(|_| fmt::Error)?);
        }
        write!(f, "{}", self.local.format("%Y-%m-%dT%H:%M:%S"))?;
        if self.fraction_digits > 0 {
            let digits = format!("{:09}", self.local.nanosecond() % 1_000_000_000);
            write!(f, ".{}", &digits[..self.fraction_digits as usize])?;
        }
        match self.zone {
            Zone::None => Ok(()),
            Zone::Z => f.write_str("Z"),
            Zone::Offset(offset) => write!(f, "{offset}"),
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_wire_form() {
        for text in [
            "2023-08-03T07:54:42.1124647Z",
            "2022-03-20T01:15:32.791982",
            "2022-03-21T13:00:00",
            "2024-01-01T00:00:00+02:00",
            "2024-01-01T00:00:00.5-05:30",
            "2024-02-29T23:59:59.999999999-12:00",
            "2000-02-29T00:00:00Z",
            "0001-01-01T00:00:00.000+14:00",
            "9999-12-31T23:59:59.0000000Z",
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.25+01:00",
        ] {
            let parsed: DateTime = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn fields_are_read_exactly() {
        let value: DateTime = "2023-08-03T07:54:42.1124647+05:30".parse().unwrap();
        let expected = NaiveDate::from_ymd_opt(2023, 8, 3)
            .and_then(|date| date.and_hms_nano_opt(7, 54, 42, 112_464_700))
            .unwrap();
        assert_eq!(value.naive_local(), expected);
        assert_eq!(value.offset(), FixedOffset::east_opt(5 * 3600 + 30 * 60));
        let west: DateTime = "2023-08-03T07:54:42-0130".parse().unwrap();
        assert_eq!(west.offset(), FixedOffset::west_opt(5400));
        assert_eq!(west.to_string(), "2023-08-03T07:54:42-01:30");
        // Lower-case separators and `Z`, and a space for `T`, as RFC 3339 allows.
        let lower: DateTime = "2023-08-03t07:54:42z".parse().unwrap();
        assert_eq!(lower.to_string(), "2023-08-03T07:54:42Z");
        let spaced: DateTime = "2023-08-03 07:54:42".parse().unwrap();
        assert!(spaced.is_zoneless());
        // A leap second stays one, and is the second after 23:59:59.
        let leap: DateTime = "2016-12-31T23:59:60Z".parse().unwrap();
        let before: DateTime = "2016-12-31T23:59:59Z".parse().unwrap();
        assert!(leap.to_utc() > before.to_utc());
        // From chrono: as many fraction digits as the nanoseconds need.
        let from_chrono = DateTime::from(expected.and_utc());
        assert_eq!(from_chrono.to_string(), "2023-08-03T07:54:42.1124647Z");
    }

    #[test]
    fn the_fixed_layout_path_agrees_with_the_field_reader() {
        for text in [
            "2023-08-03T07:54:42.1124647Z",
            "2023-08-03T07:54:42.1Z",
            "2023-08-03T07:54:42.000000000Z",
            "2023-08-03T07:54:42.123456789",
            "2023-08-03T07:54:42Z",
            "2023-08-03T07:54:42",
            "2024-02-29T23:59:59.5Z",
        ] {
            let fast = parse_common(text.as_bytes());
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, parse_fields(text.as_bytes()).ok(), "{text}");
        }
        // Anything else is left to the field reader, which accepts or explains.
        for text in [
            "2023-02-29T07:54:42Z",
            "2023-08-03T07:54:60Z",
            "2023-08-03T24:54:42Z",
            "2023-08-03T07:54:42.Z",
            "2023-08-03T07:54:42.1234567890",
            "2023-08-03t07:54:42z",
            "2023-08-03T07:54:42+01:00",
            "2023-08-03T07:54:42.5-01:00",
        ] {
            assert_eq!(parse_common(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn leap_years_and_month_lengths_are_checked() {
        for good in [
            "2024-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z",
            "2023-04-30T00:00:00Z",
            "2023-12-31T00:00:00Z",
        ] {
            assert!(good.parse::<DateTime>().is_ok(), "{good}");
        }
        for bad in [
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2023-04-31T00:00:00Z",
            "2023-00-10T00:00:00Z",
            "2023-13-10T00:00:00Z",
            "2023-01-00T00:00:00Z",
            "2023-01-32T00:00:00Z",
        ] {
            let error = bad.parse::<DateTime>().unwrap_err();
            assert!(
                error.to_string().contains("expected a date as YYYY-MM-DD"),
                "{error}"
            );
        }
    }

    #[test]
    fn malformed_fields_name_the_part_that_is_wrong() {
        for (bad, reason) in [
            ("2023-8-03T00:00:00Z", "expected a date as YYYY-MM-DD"),
            ("23-08-03T00:00:00Z", "expected a date as YYYY-MM-DD"),
            ("+2023-08-03T00:00:00Z", "expected a date as YYYY-MM-DD"),
            ("2023/08/03T00:00:00Z", "expected a date as YYYY-MM-DD"),
            ("2023-08-03T7:54:42Z", "expected a time as HH:MM:SS"),
            ("2023-08-03T07:54Z", "expected a time as HH:MM:SS"),
            ("2023-08-03T24:00:00Z", "expected a time as HH:MM:SS"),
            ("2023-08-03T23:60:00Z", "expected a time as HH:MM:SS"),
            ("2023-08-03T23:59:61Z", "expected a time as HH:MM:SS"),
            (
                "2023-08-03T07:54:42+24:00",
                "expected a zone offset as +HH:MM",
            ),
            (
                "2023-08-03T07:54:42+01:60",
                "expected a zone offset as +HH:MM",
            ),
            (
                "2023-08-03T07:54:42+1:00",
                "expected a zone offset as +HH:MM",
            ),
            (
                "2023-08-03T07:54:42+01:00:00",
                "expected a zone offset as +HH:MM",
            ),
            (
                "2023-08-03T07:54:42.1234567890Z",
                "at most nine fraction digits",
            ),
            ("2023-08-03T07:54:42.12a", "at most nine fraction digits"),
            ("2023-08-03T07:54:42.", "expected digits after `.`"),
            ("2023-08-03T07:54:42ZZ", "expected a time as HH:MM:SS"),
            ("2023-08-03T", "expected a time as HH:MM:SS"),
            ("", "expected `T` between date and time"),
        ] {
            let error = bad.parse::<DateTime>().unwrap_err();
            assert!(error.to_string().contains(reason), "{bad}: {error}");
        }
        // A long input is quoted only in part.
        let long = format!("2023-08-03T07:54:42.{}", "1".repeat(10_000));
        let error = long.parse::<DateTime>().unwrap_err();
        assert!(error.to_string().len() < 200, "{error}");
    }

    #[test]
    fn zone_less_is_read_as_utc() {
        let a: DateTime = "2022-03-21T13:00:00".parse().unwrap();
        let b: DateTime = "2022-03-21T15:00:00+02:00".parse().unwrap();
        assert!(a.is_zoneless());
        assert_eq!(a.to_utc(), b.to_utc());
    }

    #[test]
    fn rejects_malformed_values_with_a_reason() {
        for bad in [
            "2022-03-21",
            "2022-13-01T00:00:00Z",
            "2022-03-21T25:00:00",
            "x",
            "2022-03-21T13:00:00.Z",
        ] {
            let error = bad.parse::<DateTime>().unwrap_err();
            assert!(error.to_string().contains(bad), "{error}");
        }
    }
}
