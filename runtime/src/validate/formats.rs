//! String formats ([`Format`]: uuid, date-time, date, email) and `pattern`s ([`Pattern`], ECMA
//! 262 read as the `regex` crate reads it), and the format checks of decoded values.

use std::sync::OnceLock;

use super::Validator;

impl Validator {
    /// Checks that a decoded date-time encodes as an RFC 3339 `date-time` (the decoder also
    /// accepts the zone-less form feeds send, which the format does not allow).
    #[inline]
    pub fn date_time_value(&mut self, value: &crate::DateTime) {
        if !value.is_rfc3339() {
            self.report("format", || "is not a valid date-time".to_owned());
        }
    }

    /// Checks that a decoded decimal encodes as a [`Format::Decimal`] text (at most
    /// [`DECIMAL_DIGITS`] digits), as the JSON walk checks the text it came from.
    #[inline]
    pub fn decimal_value(&mut self, value: &rust_decimal::Decimal) {
        if !is_exact_decimal(&value.to_string()) {
            self.report("format", || "is not a valid decimal".to_owned());
        }
    }

    /// Checks that a decoded date encodes as an RFC 3339 `full-date` (four-digit year).
    #[inline]
    pub fn date_value(&mut self, value: &chrono::NaiveDate) {
        use chrono::Datelike as _;
        if !(0..=9999).contains(&value.year()) {
            self.report("format", || "is not a valid date".to_owned());
        }
    }
}

/// String formats the validator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4122 UUID in its hyphenated form.
    Uuid,
    /// RFC 3339 `date-time`: `T` (or `t`) between date and time, a zone, any number of
    /// fraction digits ([`crate::DateTime`] keeps them all).
    DateTime,
    /// RFC 3339 `full-date`.
    Date,
    /// An RFC 5321 `Mailbox`: a dot-atom or quoted local part, `@`, and a host name or an
    /// IPv4 / IPv6 address literal (ASCII only).
    Email,
    /// An exact decimal number written as a string (the `decimal` format): an optional
    /// `-`, digits, and optionally `.` and more digits, at most [`DECIMAL_DIGITS`] digits
    /// in all, so that every accepted text decodes exactly into [`rust_decimal::Decimal`].
    Decimal,
}

impl Format {
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Uuid => "uuid",
            Self::DateTime => "date-time",
            Self::Date => "date",
            Self::Email => "email",
            Self::Decimal => "decimal",
        }
    }

    pub(super) fn accepts(self, text: &str) -> bool {
        match self {
            Self::Uuid => text.len() == 36 && uuid::Uuid::try_parse(text).is_ok(),
            Self::DateTime => rfc3339::is_date_time(text.as_bytes()),
            Self::Date => rfc3339::full_date(text.as_bytes()).is_some(),
            Self::Email => rfc5321::is_mailbox(text),
            Self::Decimal => is_exact_decimal(text),
        }
    }
}

/// The grammar of [`Format::Decimal`]: `-?[0-9]+(\.[0-9]+)?` with at most
/// [`DECIMAL_DIGITS`] digits in all.
fn is_exact_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole)
        && all_digits(fraction)
        && digits.len() - usize::from(digits.contains('.')) <= DECIMAL_DIGITS
}

/// The most digits a [`Format::Decimal`] text may have: any 28 digits fit
/// [`rust_decimal::Decimal`]'s 96-bit mantissa and 28-place scale exactly, while some
/// 29-digit numbers do not (its parser would round them instead of failing).
pub const DECIMAL_DIGITS: usize = 28;

/// RFC 3339 `full-date` and `date-time`, checked byte by byte (ASCII digits only).
mod rfc3339 {
    fn digits(bytes: &[u8]) -> Option<u32> {
        bytes.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    }

    /// `YYYY-MM-DD` with a day that exists: the year, month and day.
    pub(super) fn full_date(bytes: &[u8]) -> Option<(u32, u32, u32)> {
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = digits(&bytes[..4])?;
        let month = digits(&bytes[5..7])?;
        let day = digits(&bytes[8..])?;
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some((year, month, day))
    }

    /// `full-date "T" partial-time time-offset`; a leap second only where it is 23:59:60
    /// in UTC, as RFC 3339 section 5.7 allows.
    pub(super) fn is_date_time(bytes: &[u8]) -> bool {
        if bytes.len() < 20
            || !matches!(bytes[10], b'T' | b't')
            || full_date(&bytes[..10]).is_none()
        {
            return false;
        }
        let time = &bytes[11..];
        if time[2] != b':' || time[5] != b':' {
            return false;
        }
        let (Some(hour), Some(minute), Some(second)) =
            (digits(&time[..2]), digits(&time[3..5]), digits(&time[6..8]))
        else {
            return false;
        };
        if hour > 23 || minute > 59 || second > 60 {
            return false;
        }
        let mut rest = &time[8..];
        if let Some(fraction) = rest.strip_prefix(b".") {
            let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if count == 0 {
                return false;
            }
            rest = &fraction[count..];
        }
        let offset_minutes: i64 = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (Some(h), Some(m)) = (digits(&[*h1, *h2]), digits(&[*m1, *m2])) else {
                    return false;
                };
                if h > 23 || m > 59 {
                    return false;
                }
                let minutes = i64::from(h * 60 + m);
                if *sign == b'+' {
                    minutes
                } else {
                    -minutes
                }
            }
            _ => return false,
        };
        if second == 60 {
            let utc = (i64::from(hour * 60 + minute) - offset_minutes).rem_euclid(24 * 60);
            return utc == 23 * 60 + 59;
        }
        true
    }
}

/// RFC 5321 `Mailbox` (section 4.1.2), without the general address literal.
mod rfc5321 {
    fn is_atext(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
    }

    fn is_dot_string(local: &[u8]) -> bool {
        !local.is_empty()
            && local
                .split(|b| *b == b'.')
                .all(|atom| !atom.is_empty() && atom.iter().all(|b| is_atext(*b)))
    }

    /// The quoted string at the start of `bytes` (`"…"`), and its length.
    fn quoted_string(bytes: &[u8]) -> Option<usize> {
        if bytes.first() != Some(&b'"') {
            return None;
        }
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => return Some(i + 1),
                b'\\' if bytes.get(i + 1).is_some_and(|b| (32..=126).contains(b)) => i += 2,
                32 | 33 | 35..=91 | 93..=126 => i += 1,
                _ => return None,
            }
        }
        None
    }

    fn is_host_name(domain: &str) -> bool {
        let bytes = domain.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 253
            && bytes.split(|b| *b == b'.').all(|label| {
                (1..=63).contains(&label.len())
                    && label
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                    && label[0] != b'-'
                    && label[label.len() - 1] != b'-'
            })
    }

    fn is_address_literal(literal: &str) -> bool {
        let Some(inner) = literal.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
            return false;
        };
        match inner.get(..5) {
            Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => {
                inner[5..].parse::<std::net::Ipv6Addr>().is_ok()
            }
            _ => inner.parse::<std::net::Ipv4Addr>().is_ok(),
        }
    }

    pub(super) fn is_mailbox(text: &str) -> bool {
        let bytes = text.as_bytes();
        let local_length = match quoted_string(bytes) {
            Some(length) => length,
            None => match bytes.iter().position(|b| *b == b'@') {
                Some(at) if is_dot_string(&bytes[..at]) => at,
                _ => return false,
            },
        };
        if local_length > 64 + 2 * usize::from(bytes[0] == b'"')
            || bytes.get(local_length) != Some(&b'@')
        {
            return false;
        }
        let domain = &text[local_length + 1..];
        is_host_name(domain) || is_address_literal(domain)
    }
}

/// A `pattern`, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    pub(super) source: &'static str,
    compiled: OnceLock<Compiled>,
}

/// A pattern compiled by the engine that runs it.
#[derive(Debug)]
enum Compiled {
    /// The `regex` crate, on the pattern rewritten for its dialect (the fast path).
    Rust(regex::Regex),
    /// An ECMA 262 engine, for what `regex` cannot run (look-around, back-references).
    Ecma(regress::Regex),
    /// Neither accepts it (specgen refuses such a spec, so only a hand-built `Pattern`).
    Invalid,
}

impl Pattern {
    /// A pattern from the spec (ECMA 262 syntax; specgen checks at generation time that
    /// the `regex` crate, or else the ECMA 262 engine `regress`, accepts it).
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    pub(super) fn is_match(&self, text: &str) -> bool {
        let compiled = self.compiled.get_or_init(|| {
            if let Ok(regex) = regex::Regex::new(&ecma_to_rust(self.source)) {
                return Compiled::Rust(regex);
            }
            // The `u` flag: patterns match code points, as JSON Schema asks.
            match regress::Regex::with_flags(self.source, "u")
                .or_else(|_| regress::Regex::new(self.source))
            {
                Ok(regex) => Compiled::Ecma(regex),
                Err(_) => Compiled::Invalid,
            }
        });
        match compiled {
            Compiled::Rust(regex) => regex.is_match(text),
            Compiled::Ecma(regex) => regex.find(text).is_some(),
            Compiled::Invalid => true,
        }
    }
}

/// ECMA 262 `WhiteSpace` and `LineTerminator`, what `\s` means there.
const ECMA_SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// Rewrites what ECMA 262 (the dialect of `pattern`) and the `regex` crate read differently:
/// `\d`, `\w`, `\b` and their negations are ASCII-only in ECMA 262 but Unicode-aware in
/// `regex`; `\s` is a fixed set; `.` excludes every line terminator, not only `\n`; inside a
/// class, `[`, `&` and `~` are literal characters and `\b` is a backspace.
fn ecma_to_rust(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut in_class = false;
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d') => out.push_str("[0-9]"),
                Some('D') => out.push_str("[^0-9]"),
                Some('w') => out.push_str("[0-9A-Za-z_]"),
                Some('W') => out.push_str("[^0-9A-Za-z_]"),
                Some('s') => {
                    out.push('[');
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                Some('S') => {
                    out.push_str("[^");
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                Some('b') if in_class => out.push_str(r"\x08"),
                Some('b') => out.push_str(r"(?-u:\b)"),
                Some('B') => out.push_str(r"(?-u:\B)"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' if in_class => out.push_str(r"\["),
            '[' => {
                in_class = true;
                out.push('[');
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '.' if !in_class => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            _ => out.push(c),
        }
    }
    out
}

/// The format checks of decoded values as functions of the value and the validator, the
/// shape the typed validation passes to [`Validator::member`] and [`Validator::each_item`].
pub mod checks {
    use super::Validator;

    /// [`Validator::date_time_value`].
    #[inline]
    pub fn date_time(value: &crate::DateTime, validator: &mut Validator) {
        validator.date_time_value(value);
    }

    /// [`Validator::decimal_value`].
    #[inline]
    pub fn decimal(value: &rust_decimal::Decimal, validator: &mut Validator) {
        validator.decimal_value(value);
    }

    /// [`Validator::date_value`].
    #[inline]
    pub fn date(value: &chrono::NaiveDate, validator: &mut Validator) {
        validator.date_value(value);
    }
}
