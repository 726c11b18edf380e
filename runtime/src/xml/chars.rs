//! The characters XML 1.0 allows (its `Char` production: `#x9 | #xA | #xD | [#x20-#xD7FF] |
//! [#xE000-#xFFFD] | [#x10000-#x10FFFF]`), for the reader (which rejects the others, raw or
//! as character references) and the writer (which never writes them).
//!
//! In UTF-8 text the only characters outside the production are the C0 controls other than
//! tab, line feed and carriage return, and U+FFFE and U+FFFF (surrogates have no UTF-8 form),
//! so one pass over the bytes finds them all.

/// Whether XML 1.0 allows `c` in a document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of UTF-8 `bytes` that XML 1.0 does not allow, with its offset.
///
/// Vectorizable: each 64-byte block is tested for a C0 control other than the three blanks,
/// or a 0xEF lead byte (U+F000–U+FFFF, which includes U+FFFE and U+FFFF), at once; only a
/// block that has one is looked at byte by byte.
pub(crate) fn first_forbidden(bytes: &[u8]) -> Option<(usize, char)> {
    const BLOCK: usize = 64;
    let mut at = 0;
    while at + BLOCK <= bytes.len() {
        let mut suspect = 0u8;
        for &byte in &bytes[at..at + BLOCK] {
            suspect |= u8::from(suspicious(byte));
        }
        if suspect != 0 {
            if let Some(found) = forbidden_in(bytes, at, at + BLOCK) {
                return Some(found);
            }
        }
        at += BLOCK;
    }
    forbidden_in(bytes, at, bytes.len())
}

#[inline(always)]
fn suspicious(byte: u8) -> bool {
    ((byte < 0x20) & (byte != b'\t') & (byte != b'\n') & (byte != b'\r')) | (byte == 0xEF)
}

/// The first forbidden character starting in `bytes[from..to]` (a character may run past
/// `to`).
#[cold]
fn forbidden_in(bytes: &[u8], from: usize, to: usize) -> Option<(usize, char)> {
    (from..to).find_map(|at| match bytes[at] {
        byte @ 0x00..=0x1F if !matches!(byte, b'\t' | b'\n' | b'\r') => {
            Some((at, char::from(byte)))
        }
        0xEF => match bytes.get(at + 1..at + 3) {
            Some([0xBF, 0xBE]) => Some((at, '\u{FFFE}')),
            Some([0xBF, 0xBF]) => Some((at, '\u{FFFF}')),
            _ => None,
        },
        _ => None,
    })
}

/// The first character reference in `raw` (escaped text or an attribute value as written)
/// that names a character XML 1.0 does not allow, or is not a character at all: its offset
/// in `raw` and the reference as written (`&#1;`).
pub(crate) fn forbidden_reference(raw: &[u8]) -> Option<(usize, &[u8])> {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&raw[from..], b"&#") {
        let at = from + found;
        let end = memchr::memchr(b';', &raw[at..]).map(|n| at + n);
        let reference = &raw[at..end.map_or(raw.len(), |end| end + 1)];
        if end.is_none() || reference_char(&reference[2..reference.len() - 1]).is_none() {
            return Some((at, reference));
        }
        from = at + reference.len();
    }
    None
}

/// The character `#…` names (`body` is what comes between `&#` and `;`), if it is one XML
/// 1.0 allows.
pub(crate) fn reference_char(body: &[u8]) -> Option<char> {
    let text = std::str::from_utf8(body).ok()?;
    let code = match text.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        None if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().ok()?
        }
        _ => return None,
    };
    char::from_u32(code).filter(|&c| is_xml_char(c))
}

/// How a character is named in messages: `U+0001`.
pub(crate) fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_finds_the_first_forbidden_character_anywhere() {
        assert_eq!(
            first_forbidden(b"<a>\t\r\n ok \xEF\xBB\xBF \xEF\xBF\xBD</a>"),
            None
        );
        for (bytes, expected) in [
            (&b"\x01"[..], (0, '\u{1}')),
            (b"<a>x\x00</a>", (4, '\0')),
            (b"<a b='\x1F'/>", (6, '\u{1F}')),
            (b"<a>\xEF\xBF\xBE</a>", (3, '\u{FFFE}')),
            (b"<a>\xEF\xBF\xBF</a>", (3, '\u{FFFF}')),
        ] {
            assert_eq!(first_forbidden(bytes), Some(expected), "{bytes:?}");
        }
        // At every position of a long input, and across block boundaries.
        for at in 0..100 {
            for bad in [&b"\x0B"[..], b"\xEF\xBF\xBF"] {
                let mut bytes = vec![b'a'; 100];
                bytes.splice(at..at, bad.iter().copied());
                assert_eq!(first_forbidden(&bytes).map(|(offset, _)| offset), Some(at));
            }
            let mut fine = vec![b'\n'; 100];
            fine.splice(at..at, "\u{FFFD}\u{F000}\u{10FFFF}".bytes());
            assert_eq!(first_forbidden(&fine), None);
        }
    }

    #[test]
    fn character_references_are_checked_by_what_they_name() {
        assert_eq!(reference_char(b"x41"), Some('A'));
        assert_eq!(reference_char(b"65"), Some('A'));
        assert_eq!(reference_char(b"x10FFFF"), Some('\u{10FFFF}'));
        for body in [
            &b"1"[..],
            b"x0",
            b"xFFFE",
            b"xFFFF",
            b"xD800",
            b"x110000",
            b"",
            b"x",
            b"1a",
        ] {
            assert_eq!(reference_char(body), None, "{body:?}");
        }
        assert_eq!(forbidden_reference(b"a &amp; &#x41; b"), None);
        assert_eq!(
            forbidden_reference(b"a &#65; &#1; b"),
            Some((8, &b"&#1;"[..]))
        );
        assert_eq!(
            forbidden_reference(b"&#xFFFE;"),
            Some((0, &b"&#xFFFE;"[..]))
        );
    }
}
