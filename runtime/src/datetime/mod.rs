//! [`DateTime`]: a timestamp that re-encodes exactly as it arrived. The type, its accessors
//! and serde are here; reading the text (`parse`, tuned: timestamps are in every feed bet)
//! and writing it back (`encode`) have files of their own.

use std::fmt;

use chrono::{FixedOffset, NaiveDateTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod encode;
mod parse;

/// A `date-time` as it arrives on the wire.
///
/// Accepts RFC 3339 (`2023-08-03T07:54:42.1124647Z`, `…+02:00`) and the zone-less form real
/// feeds also send (`2022-03-21T13:00:00`, `2022-03-20T01:15:32.791982`). It re-encodes
/// exactly as received: same fraction digits (any number: RFC 3339 sets no limit; the
/// clock keeps nanoseconds and the digits beyond the ninth are kept beside it), `Z` or
/// numeric offset, or no zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    local: NaiveDateTime,
    zone: Zone,
    /// Fraction digits written, up to nine (the rest are in `beyond_nanos`).
    fraction_digits: u8,
    /// The fraction digits after the ninth, when there are any: rare, so one pointer wide.
    beyond_nanos: Option<Box<ExtraDigits>>,
}

/// Fraction digits finer than nanoseconds, as written (ASCII digits, at least one).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ExtraDigits(Box<str>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Zone {
    None,
    Z,
    Offset(FixedOffset),
}

/// Why a string is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid date-time `{}`: {reason}",
    crate::error::escape_controls(&crate::xml::excerpt(input))
)]
pub struct DateTimeParseError {
    input: String,
    reason: &'static str,
}

impl DateTime {
    /// The wall-clock date and time as written, without its zone (to the nanosecond: see
    /// [`DateTime::sub_nanosecond_digits`] for finer digits).
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

    /// The fraction digits written after the ninth (finer than a nanosecond), if any:
    /// `"123456"` for `…:42.123456789123456Z`. [`DateTime::to_utc`] and
    /// [`DateTime::naive_local`] stop at the nanosecond; re-encoding writes these too.
    pub fn sub_nanosecond_digits(&self) -> Option<&str> {
        self.beyond_nanos.as_deref().map(|extra| &*extra.0)
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
            beyond_nanos: None,
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
    use chrono::NaiveDate;

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
            "1985-04-12T00:59:59.999999999999999Z",
            "2023-08-03T07:54:42.1234567890",
            "2023-08-03T07:54:42.123456789000000000000000000000000001+05:30",
            "2016-12-31T23:59:60.0000000001Z",
            "2023-08-03T07:54:42.00000000000",
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
            ("2023-08-03T07:54:42.12a", "expected fraction digits"),
            (
                "2023-08-03T07:54:42.1234567890a",
                "expected fraction digits",
            ),
            ("2023-08-03T07:54:42.", "expected digits after `.`"),
            ("2023-08-03T07:54:42ZZ", "expected a time as HH:MM:SS"),
            ("2023-08-03T", "expected a time as HH:MM:SS"),
            ("", "expected `T` between date and time"),
        ] {
            let error = bad.parse::<DateTime>().unwrap_err();
            assert!(error.to_string().contains(reason), "{bad}: {error}");
        }
        // A long input is quoted only in part.
        let long = format!("2023-08-03T07:54:42.{}x", "1".repeat(10_000));
        let error = long.parse::<DateTime>().unwrap_err();
        assert!(error.to_string().len() < 200, "{error}");
    }

    #[test]
    fn digits_beyond_nanoseconds_are_kept_exactly() {
        let value: DateTime = "1985-04-12T00:59:59.999999999999999Z".parse().unwrap();
        assert_eq!(value.sub_nanosecond_digits(), Some("999999"));
        assert_eq!(
            value.naive_local().and_utc().timestamp_subsec_nanos(),
            999_999_999
        );
        let nine: DateTime = "1985-04-12T00:59:59.999999999Z".parse().unwrap();
        assert_eq!(nine.sub_nanosecond_digits(), None);
        // The same instant to the nanosecond, but not the same value: digits are kept.
        assert_eq!(value.to_utc(), nine.to_utc());
        assert_ne!(value, nine);
        // Trailing zeros beyond the ninth digit are digits too.
        let zeros: DateTime = "2023-08-03T07:54:42.1000000000Z".parse().unwrap();
        assert_eq!(zeros.sub_nanosecond_digits(), Some("0"));
        assert_eq!(zeros.to_string(), "2023-08-03T07:54:42.1000000000Z");
        assert!(zeros.is_rfc3339());
        // A long fraction (10 000 digits) is kept, and re-encodes as it came.
        let long = format!("2023-08-03T07:54:42.{}Z", "7".repeat(10_000));
        let parsed: DateTime = long.parse().unwrap();
        assert_eq!(parsed.to_string(), long);
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            serde_json::json!(long)
        );
        // The rare digits cost one pointer in every value (24 bytes before, 32 now).
        assert_eq!(
            std::mem::size_of::<DateTime>(),
            24 + std::mem::size_of::<usize>()
        );
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
