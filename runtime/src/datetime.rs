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

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |reason| DateTimeParseError {
            input: input.to_owned(),
            reason,
        };
        let (date, rest) = input
            .split_once(['T', 't', ' '])
            .ok_or_else(|| fail("expected `T` between date and time"))?;
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| fail("expected a date as YYYY-MM-DD"))?;
        let (time, zone) = if let Some(time) = rest.strip_suffix(['Z', 'z']) {
            (time, Zone::Z)
        } else if let Some(at) = rest.rfind(['+', '-']).filter(|&at| at >= 8) {
            let offset = FixedOffset::from_str(&rest[at..])
                .map_err(|_| fail("expected a zone offset as +HH:MM"))?;
            (&rest[..at], Zone::Offset(offset))
        } else {
            (rest, Zone::None)
        };
        let (clock, fraction) = match time.split_once('.') {
            Some((clock, fraction)) => (clock, fraction),
            None => (time, ""),
        };
        if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail("expected at most nine fraction digits"));
        }
        if time.contains('.') && fraction.is_empty() {
            return Err(fail("expected digits after `.`"));
        }
        let clock = NaiveTime::parse_from_str(clock, "%H:%M:%S")
            .map_err(|_| fail("expected a time as HH:MM:SS"))?;
        let nanos = if fraction.is_empty() {
            0
        } else {
            format!("{fraction:0<9}")
                .parse::<u32>()
                .map_err(|_| fail("invalid fraction"))?
        };
        let local = date
            .and_time(clock)
            .with_nanosecond(nanos)
            .ok_or_else(|| fail("invalid fraction"))?;
        Ok(Self {
            local,
            zone,
            fraction_digits: fraction.len() as u8,
        })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        ] {
            let parsed: DateTime = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
        }
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
