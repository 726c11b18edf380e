//! A start tag's attributes: where they are (noted by the tokenizer while it reads the tag,
//! or read here from the tag's text when it was not in the plain form), how they are
//! iterated and parsed, and which ones are never reported as unknown.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

use super::XmlReader;
use crate::xml::error::excerpt_bytes;
use crate::xml::{is_blank, is_xml_whitespace, XmlError, XmlValue};

impl<'a> XmlReader<'a> {
    /// The attributes of `start`, in document order. Duplicates are left to the decoder
    /// (which sees a member set twice).
    ///
    /// A malformed tag is an error here, before any attribute is read: the reader found
    /// where each attribute is while reading the tag, so iterating yields plain values
    /// (no per-attribute `Result` to unpack in the decoders' hottest loop).
    #[inline]
    pub fn attributes<'s>(&'s self, start: &'s BytesStart<'_>) -> Result<Attributes<'s>, XmlError> {
        let raw = start.attributes_raw();
        // The spans are `start`'s if its attributes begin where the last scan's did.
        if self.scanned(raw) {
            return Ok(Attributes {
                spans: Cow::Borrowed(&self.spans),
                at: 0,
                base: self.input,
            });
        }
        self.scan_raw_attributes(raw)
    }

    /// Whether `spans` are those of the tag whose attributes are `raw`: they are if its
    /// attributes begin where the last scan's did.
    #[inline]
    pub(super) fn scanned(&self, raw: &[u8]) -> bool {
        self.spans_at != usize::MAX && self.offset_of(raw) == Some(self.spans_at)
    }

    /// [`attributes`](Self::attributes) of a tag the reader did not scan itself (one not in
    /// the plain form, or not the one read last): read from the tag's text, positions
    /// relative to it.
    #[cold]
    #[inline(never)]
    fn scan_raw_attributes<'s>(&self, raw: &'s [u8]) -> Result<Attributes<'s>, XmlError> {
        let mut spans = Vec::new();
        let mut at = 0;
        loop {
            match next_raw_attribute(raw, at) {
                Ok(Some((span, next))) => {
                    spans.push(span);
                    at = next;
                }
                Ok(None) => break,
                Err((at, reason)) => {
                    let offset = self
                        .offset_of(raw)
                        .map_or(self.position(), |start| start + at);
                    return Err(self.error_at(offset, format!("malformed attribute: {reason}")));
                }
            }
        }
        Ok(Attributes {
            spans: Cow::Owned(spans),
            at: 0,
            base: raw,
        })
    }

    /// Parses an attribute value as `T`, unescaped (borrowed unless it held references).
    #[inline]
    pub fn parse_attr<T: XmlValue>(&self, attribute: &Attribute<'_>) -> Result<T, XmlError> {
        let raw = attribute.value;
        let Some(text) = self.as_str(raw) else {
            return Err(self.attribute_error(attribute, "not UTF-8".to_owned()));
        };
        // Without `&` there is nothing to unescape: the value is a slice of the input.
        let parsed = if attribute.escaped {
            self.check_raw_references(attribute.value)?;
            let value = quick_xml::escape::unescape(text)
                .map_err(|error| self.attribute_error(attribute, error.to_string()))?;
            T::parse_xml(&value)
        } else {
            T::parse_xml(text)
        };
        parsed.map_err(|error| self.attribute_error(attribute, error.message))
    }

    #[cold]
    fn attribute_error(&self, attribute: &Attribute<'_>, message: String) -> XmlError {
        let offset = self
            .offset_of(attribute.value)
            .unwrap_or_else(|| self.current().map_or(0, |frame| frame.start));
        self.error_at(
            offset,
            format!("attribute `{}`: {message}", excerpt_bytes(attribute.key)),
        )
    }

    /// Parses an attribute into `slot`, which must still be empty (a repeated attribute is
    /// an error).
    #[inline]
    pub fn attr_value<T: XmlValue>(
        &self,
        slot: &mut Option<T>,
        attribute: &Attribute<'_>,
    ) -> Result<(), XmlError> {
        if slot.is_some() {
            return Err(self.repeated_attribute(attribute));
        }
        *slot = Some(self.parse_attr(attribute)?);
        Ok(())
    }

    #[cold]
    fn repeated_attribute(&self, attribute: &Attribute<'_>) -> XmlError {
        let offset = self
            .offset_of(attribute.key)
            .unwrap_or_else(|| self.current().map_or(0, |frame| frame.start));
        self.error_at(
            offset,
            format!(
                "attribute `{}` appears more than once",
                excerpt_bytes(attribute.key)
            ),
        )
    }

    /// An attribute the type does not declare: ignored, or an error in strict mode.
    pub fn unknown_attribute(&self, attribute: &Attribute<'_>) -> Result<(), XmlError> {
        if attribute.escaped {
            self.check_raw_references(attribute.value)?;
        }
        if !self.options.strict || is_reserved_attribute(attribute.key) {
            return Ok(());
        }
        let offset = self
            .offset_of(attribute.key)
            .unwrap_or_else(|| self.current().map_or(0, |frame| frame.start));
        Err(self.error_at(
            offset,
            format!("unknown attribute `{}`", excerpt_bytes(attribute.key)),
        ))
    }

    /// For types without attributes: in strict mode, any attribute of `start` is an error.
    pub fn no_attributes(&self, start: &BytesStart<'_>) -> Result<(), XmlError> {
        if is_blank(start.attributes_raw()) {
            return Ok(());
        }
        if !self.options.strict {
            return self.check_tag_references(start);
        }
        for attribute in self.attributes(start)? {
            self.unknown_attribute(&attribute)?;
        }
        Ok(())
    }
}

/// One attribute of a start tag, as written: `value` is still escaped (see
/// [`XmlReader::parse_attr`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'s> {
    /// The name, with its prefix if any (`xsi:nil`).
    pub key: &'s [u8],
    /// The value between the quotes.
    pub value: &'s [u8],
    /// Whether `value` holds a `&` (found while looking for the closing quote, so values
    /// without references are never searched again).
    escaped: bool,
}

/// The attributes of a start tag, in document order (see [`XmlReader::attributes`]).
#[derive(Debug, Clone)]
pub struct Attributes<'s> {
    spans: Cow<'s, [Span]>,
    at: usize,
    /// What the spans' positions are relative to: the input, or the tag's own text.
    base: &'s [u8],
}

/// Where one attribute's name and value are (see [`Attributes::base`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) key: (usize, usize),
    pub(super) value: (usize, usize),
    pub(super) escaped: bool,
}

impl<'s> Iterator for Attributes<'s> {
    type Item = Attribute<'s>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let span = *self.spans.get(self.at)?;
        self.at += 1;
        Some(Attribute {
            key: self.base.get(span.key.0..span.key.1).unwrap_or_default(),
            value: self
                .base
                .get(span.value.0..span.value.1)
                .unwrap_or_default(),
            escaped: span.escaped,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.spans.len() - self.at;
        (left, Some(left))
    }
}

/// The first `quote` or `&` in `bytes`: attribute values are mostly short (ids, prices,
/// timestamps), where eight bytes at a time in a register beat a vector search's set-up;
/// longer ones go to `memchr` after the first 32 bytes.
#[inline]
pub(super) fn find_quote_or_reference(bytes: &[u8], quote: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Bytes of `word` equal to `byte` get their high bit set (exact for the first match,
    // which is all that is used).
    let matches = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut at = 0;
    while at + 8 <= bytes.len() && at < 32 {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&bytes[at..at + 8]);
        let word = u64::from_le_bytes(chunk);
        let found = matches(word, quote) | matches(word, b'&');
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    if at < 32 {
        return bytes[at..]
            .iter()
            .position(|&b| b == quote || b == b'&')
            .map(|n| at + n);
    }
    memchr::memchr2(quote, b'&', &bytes[at..]).map(|n| at + n)
}

/// The attribute of `raw` (a start tag's text after its name) at or after `at`, and where
/// the next one may start; `None` at the end, or the offset and reason of a syntax error.
///
/// Exactly the XML form `name="value"` / `name='value'`, with optional blanks around `=`:
/// attribute names are not checked beyond that.
fn next_raw_attribute(
    raw: &[u8],
    at: usize,
) -> Result<Option<(Span, usize)>, (usize, &'static str)> {
    let skip_blanks = |mut at: usize| {
        while at < raw.len() && is_xml_whitespace(raw[at]) {
            at += 1;
        }
        at
    };
    let start = skip_blanks(at);
    if start >= raw.len() {
        return Ok(None);
    }
    if start == at && start > 0 {
        return Err((start, "expected a blank between attributes"));
    }
    let mut at = start;
    while at < raw.len() && !matches!(raw[at], b'=' | b' ' | b'\t' | b'\r' | b'\n') {
        at += 1;
    }
    let key = (start, at);
    at = skip_blanks(at);
    if raw.get(at) != Some(&b'=') {
        return Err((at, "expected `=` after the attribute name"));
    }
    at = skip_blanks(at + 1);
    let quote = match raw.get(at) {
        Some(&quote @ (b'"' | b'\'')) => quote,
        _ => return Err((at, "expected a quoted attribute value")),
    };
    let from = at + 1;
    let (length, escaped) = match memchr::memchr2(quote, b'&', &raw[from..]) {
        Some(length) if raw[from + length] == quote => (length, false),
        Some(ampersand) => match memchr::memchr(quote, &raw[from + ampersand..]) {
            Some(rest) => (ampersand + rest, true),
            None => return Err((at, "missing closing quote in attribute value")),
        },
        None => return Err((at, "missing closing quote in attribute value")),
    };
    let span = Span {
        key,
        value: (from, from + length),
        escaped,
    };
    Ok(Some((span, from + length + 1)))
}

/// `xsi:nil`, with any prefix.
#[inline]
pub(super) fn is_nil_name(key: &[u8]) -> bool {
    key.len() > 4 && key.ends_with(b":nil")
}

/// An `xsi:nil` value that makes the element a null.
pub(super) fn is_nil_value(value: &[u8]) -> bool {
    matches!(value, b"true" | b"1")
}

/// Attributes that belong to XML itself or to XML Schema, never reported as unknown.
fn is_reserved_attribute(key: &[u8]) -> bool {
    key == b"xmlns"
        || key.starts_with(b"xmlns:")
        || key.starts_with(b"xml:")
        || key.starts_with(b"xsi:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_search_agrees_with_a_plain_search() {
        // Every length up to past the register-sized part, the target at every position,
        // and around it the bytes a word-at-a-time search could confuse with it (0x00,
        // 0x01, 0x80, 0xFF, the other quote, `&`'s neighbours).
        let fillers = [b'a', 0x00, 0x01, 0x21, 0x25, 0x27, 0x7F, 0x80, 0xA6, 0xFF];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut checked = 0;
        for len in 0..80 {
            for _ in 0..200 {
                let mut bytes = Vec::with_capacity(len);
                for _ in 0..len {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let byte = match state % 40 {
                        0 => b'"',
                        1 => b'\'',
                        2 => b'&',
                        n => fillers[n as usize % fillers.len()],
                    };
                    bytes.push(byte);
                }
                for quote in [b'"', b'\''] {
                    let expected = bytes.iter().position(|&b| b == quote || b == b'&');
                    assert_eq!(
                        find_quote_or_reference(&bytes, quote),
                        expected,
                        "{bytes:?} {quote}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 80 * 200 * 2);
    }
}
