//! The tokenizer: elements and text, nearly all of a document, are read straight from the
//! input (each start tag once, its attributes found in the same pass); everything rarer is
//! handed to quick-xml one event at a time, so those follow quick-xml's rules.
//!
//! This is the reader's hot path, tuned and measured (BENCHMARKS.md): change it only with
//! the feed benchmark at hand.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Reader;

use super::attributes::{find_quote_or_reference, is_nil_name, Span};
use super::XmlReader;
use crate::xml::error::excerpt_bytes;
use crate::xml::{is_xml_whitespace, XmlError};

impl<'a> XmlReader<'a> {
    /// The next event. Elements and text, nearly all of a document, are tokenized here
    /// straight from the input; everything else (references, comments, CDATA, processing
    /// instructions, declarations, DOCTYPE) is left to quick-xml, one event at a time from
    /// where it starts, so those follow quick-xml's rules exactly.
    #[inline]
    pub(super) fn read_event(&mut self) -> Result<Event<'a>, XmlError> {
        let input = self.input;
        let at = self.pos;
        let Some(&first) = input.get(at) else {
            return Ok(Event::Eof);
        };
        if first != b'<' {
            if first == b'&' {
                return self.delegate(at);
            }
            let end = memchr::memchr2(b'<', b'&', &input[at..]).map_or(input.len(), |n| at + n);
            self.pos = end;
            return match self.text.get(at..end) {
                Some(text) => Ok(Event::Text(BytesText::from_escaped(text))),
                None => Err(self.error_at(at, "text does not end on a character boundary")),
            };
        }
        match input.get(at + 1) {
            Some(b'/') => self.end_tag(at),
            Some(b'!' | b'?') | None => self.delegate(at),
            Some(_) => self.start_tag(at),
        }
    }

    /// `<name …>` or `<name …/>` at `at`: as quick-xml reads it (the tag ends at the first
    /// `>` outside quotes; the name ends at the first blank).
    #[inline]
    fn start_tag(&mut self, at: usize) -> Result<Event<'a>, XmlError> {
        let end = match self.scan_attributes(at) {
            Some(end) => end,
            None => {
                self.spans_at = usize::MAX;
                self.find_tag_end(at)?
            }
        };
        let (start, empty) = self.tag_read(at, end)?;
        Ok(if empty {
            Event::Empty(start)
        } else {
            Event::Start(start)
        })
    }

    /// The start tag from `at` to its `>` at `end`, read: the reader moves past it and,
    /// unless it is `<name/>`, notes the element as open. Whether it is empty comes second.
    #[inline(always)]
    fn tag_read(&mut self, at: usize, end: usize) -> Result<(BytesStart<'a>, bool), XmlError> {
        self.pos = end + 1;
        let (content, empty) = match &self.input[at + 1..end] {
            [content @ .., b'/'] => (content, true),
            content => (content, false),
        };
        let name_len = content
            .iter()
            .position(|&b| is_xml_whitespace(b))
            .unwrap_or(content.len());
        let Some(text) = self.text.get(at + 1..at + 1 + content.len()) else {
            return Err(self.error_at(at, "a tag does not end on a character boundary"));
        };
        if !empty {
            self.open.push((at + 1, name_len));
        }
        Ok((BytesStart::from_content(text, name_len), empty))
    }

    /// The `>` ending the start tag at `at`, as quick-xml finds it: the first one outside
    /// quotes.
    fn find_tag_end(&self, at: usize) -> Result<usize, XmlError> {
        let input = self.input;
        let mut end = at + 1;
        loop {
            match memchr::memchr3(b'>', b'"', b'\'', &input[end..]) {
                Some(n) if input[end + n] == b'>' => return Ok(end + n),
                Some(n) => {
                    let quote = input[end + n];
                    match memchr::memchr(quote, &input[end + n + 1..]) {
                        Some(m) => end += n + 1 + m + 1,
                        None => return Err(self.unclosed_tag(at)),
                    }
                }
                None => return Err(self.unclosed_tag(at)),
            }
        }
    }

    /// Reads the start tag at `at` in the plain form `<name a="v" b='w'>` (or `/>`, blanks
    /// allowed around `=` and before the end), noting each attribute in `spans`; returns
    /// the offset of its `>`, or `None` for anything else (left to [`Attributes`]).
    #[inline]
    pub(super) fn scan_attributes(&mut self, at: usize) -> Option<usize> {
        let input = self.input;
        let len = input.len();
        let mut i = at + 1;
        while i < len && !matches!(input[i], b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
            if matches!(input[i], b'"' | b'\'') {
                return None;
            }
            i += 1;
        }
        self.spans.clear();
        self.spans_at = i;
        self.spans_nil = None;
        loop {
            let before = i;
            while i < len && is_xml_whitespace(input[i]) {
                i += 1;
            }
            match *input.get(i)? {
                b'>' => return Some(i),
                b'/' => return (input.get(i + 1) == Some(&b'>')).then_some(i + 1),
                // Attributes must be separated by blanks.
                _ if i == before && !self.spans.is_empty() => return None,
                _ => {}
            }
            let key = i;
            while i < len && !matches!(input[i], b'=' | b' ' | b'\t' | b'\r' | b'\n') {
                if matches!(input[i], b'"' | b'\'' | b'>' | b'/' | b'<') {
                    return None;
                }
                i += 1;
            }
            let key_end = i;
            if is_nil_name(&input[key..key_end]) {
                self.spans_nil = Some(self.spans.len());
            }
            while i < len && is_xml_whitespace(input[i]) {
                i += 1;
            }
            if input.get(i) != Some(&b'=') {
                return None;
            }
            i += 1;
            while i < len && is_xml_whitespace(input[i]) {
                i += 1;
            }
            let quote = *input.get(i)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let from = i + 1;
            let (length, escaped) = match find_quote_or_reference(input.get(from..)?, quote) {
                Some(n) if input[from + n] == quote => (n, false),
                Some(ampersand) => (
                    ampersand + memchr::memchr(quote, &input[from + ampersand..])?,
                    true,
                ),
                None => return None,
            };
            self.spans.push(Span {
                key: (key, key_end),
                value: (from, from + length),
                escaped,
            });
            i = from + length + 1;
        }
    }

    /// Reads `</name>` at `at` if it is exactly the end tag of the element opened last (the
    /// usual case, compared without searching); `false`, reading nothing, otherwise.
    #[inline]
    pub(super) fn close_open_tag(&mut self, at: usize) -> bool {
        let input = self.input;
        let Some(&(from, len)) = self.open.last() else {
            return false;
        };
        let after = at + 2 + len;
        if input.get(after) == Some(&b'>')
            && input.get(at + 2..after) == input.get(from..from + len)
        {
            self.open.pop();
            self.pos = after + 1;
            return true;
        }
        false
    }

    /// A start tag at `at` whose `>` [`scan_attributes`](Self::scan_attributes) found at
    /// `end`: opened, as [`next_child`](Self::next_child) returns it.
    #[inline(always)]
    pub(super) fn plain_start_tag(
        &mut self,
        at: usize,
        end: usize,
    ) -> Result<BytesStart<'a>, XmlError> {
        let (start, empty) = self.tag_read(at, end)?;
        self.push(&start, empty)?;
        Ok(start)
    }

    /// `</name>` at `at`, which must close the element opened last.
    #[inline]
    fn end_tag(&mut self, at: usize) -> Result<Event<'a>, XmlError> {
        let input = self.input;
        if self.close_open_tag(at) {
            // The name was compared with the open one's, which is text.
            let name = self.text.get(at + 2..self.pos - 1).unwrap_or_default();
            return Ok(Event::End(BytesEnd::new(name)));
        }
        let Some(n) = memchr::memchr(b'>', &input[at + 2..]) else {
            return Err(self.unclosed_tag(at));
        };
        let content = &input[at + 2..at + 2 + n];
        // Blanks may follow the name.
        let name_len = content
            .iter()
            .rposition(|&b| !is_xml_whitespace(b))
            .map_or(0, |last| last + 1);
        let name = &content[..name_len];
        self.pos = at + 2 + n + 1;
        match self.open.pop() {
            Some((from, len)) if &input[from..from + len] == name => {}
            Some((from, len)) => {
                return Err(self.error_at(
                    at,
                    format!(
                        "ill-formed document: expected `</{}>`, but `</{}>` was found",
                        excerpt_bytes(&input[from..from + len]),
                        excerpt_bytes(name)
                    ),
                ))
            }
            None => {
                return Err(self.error_at(
                    at,
                    format!(
                        "ill-formed document: close tag `</{}>` does not match any open tag",
                        excerpt_bytes(name)
                    ),
                ))
            }
        }
        match self.text.get(at + 2..at + 2 + name_len) {
            Some(name) => Ok(Event::End(BytesEnd::new(name))),
            None => Err(self.error_at(at, "a tag does not end on a character boundary")),
        }
    }

    /// One event read by quick-xml from `at` on.
    #[cold]
    fn delegate(&mut self, at: usize) -> Result<Event<'a>, XmlError> {
        let input: &'a [u8] = self.input;
        let mut reader = Reader::from_reader(&input[at..]);
        let config = reader.config_mut();
        config.expand_empty_elements = false;
        config.trim_text(false);
        let event = reader.read_event();
        let consumed = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        self.pos = at.saturating_add(consumed).min(input.len());
        match event {
            Ok(Event::DocType(doctype)) => {
                let offset = self
                    .offset_of(&doctype)
                    .map_or(at, |o| o.saturating_sub("<!DOCTYPE ".len()));
                Err(self.error_at(
                    offset,
                    "DOCTYPE declarations are not allowed (no DTD or entity declarations are processed)",
                ))
            }
            // Never from where delegation starts (`<!`, `<?`, `&`, or a final `<`).
            Ok(Event::Start(_) | Event::Empty(_) | Event::End(_)) => {
                Err(self.error_at(at, "unexpected markup"))
            }
            Ok(event) => Ok(event),
            Err(error) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                Err(self.error_at(
                    at.saturating_add(offset).min(input.len()),
                    error.to_string(),
                ))
            }
        }
    }
}
