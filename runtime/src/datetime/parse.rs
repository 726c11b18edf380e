//! Reading a date-time: the fixed layout nearly every feed timestamp has, in one pass, and
//! every other RFC 3339 or zone-less form field by field, with the reason when one is wrong.

use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveTime};

use super::{DateTime, DateTimeParseError, Zone};

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    /// Reads `YYYY-MM-DD`, `T` (or `t` or a space), `hh:mm:ss`, an optional fraction of one
    /// or more digits (the first nine are the nanoseconds, the rest kept as written), and an
    /// optional zone (`Z`, `z`, `±hh:mm` or `±hhmm`). Every field has
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
    let (nanos, beyond_nanos) = match fraction {
        None => (0, None),
        Some([]) => return Err("expected digits after `.`"),
        Some(fraction) => {
            if !fraction.iter().all(u8::is_ascii_digit) {
                return Err("expected fraction digits, then the zone");
            }
            let (nine, beyond) = fraction.split_at(fraction.len().min(9));
            let value = digits(nine).ok_or("expected fraction digits, then the zone")?;
            let beyond = (!beyond.is_empty()).then(|| {
                // ASCII digits, checked above.
                let text: String = beyond.iter().map(|&b| char::from(b)).collect();
                Box::new(super::ExtraDigits(text.into_boxed_str()))
            });
            (value * 10u32.pow(9 - nine.len() as u32), beyond)
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
        fraction_digits: fraction.map_or(0, |fraction| fraction.len().min(9)) as u8,
        beyond_nanos,
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
        beyond_nanos: None,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
