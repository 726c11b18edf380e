//! Writing a date-time back as received (fraction digits, `Z` or offset, or no zone): a
//! fixed layout written digit by digit, chrono's formatting for what the layout cannot hold.

use std::fmt;

use chrono::Timelike;

use super::{DateTime, Zone};

/// Room for the longest text [`DateTime::encode`] writes (`YYYY-MM-DDThh:mm:ss.fffffffff+hh:mm`).
const ENCODED_LEN: usize = 35;

impl DateTime {
    /// Writes the wire form into `out`, returning its length; `None` for values outside
    /// what the fixed layout covers (years beyond 0000–9999, offsets with seconds, digits
    /// finer than nanoseconds), which [`Display`](fmt::Display) writes field by field instead.
    #[inline]
    fn encode(&self, out: &mut [u8; ENCODED_LEN]) -> Option<usize> {
        if self.beyond_nanos.is_some() {
            return None;
        }
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
        if let Some(beyond) = self.sub_nanosecond_digits() {
            f.write_str(beyond)?;
        }
        match self.zone {
            Zone::None => Ok(()),
            Zone::Z => f.write_str("Z"),
            Zone::Offset(offset) => write!(f, "{offset}"),
        }
    }
}
