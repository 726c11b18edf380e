//! [`XmlReader`]: the pull reader generated decoders drive, and the protocol they follow
//! (next child, text, attributes, nulls, required members).
//!
//! The reader's other concerns are in files of their own: `scan` turns bytes into events
//! (the tuned tokenizer), `attributes` finds and parses a start tag's attributes, and
//! `errors` builds located errors (the element path is rebuilt only when one happens).

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use super::error::excerpt_bytes;
use super::{chars, is_blank, is_xml_whitespace, FromXml, XmlError, XmlOptions, XmlValue};

mod attributes;
mod errors;
mod scan;

use attributes::{is_nil_name, is_nil_value, Span};
pub use attributes::{Attribute, Attributes};

/// The element path at byte `offset` of a document (of output being written, whose
/// errors have no reader of their own).
pub(crate) fn path_at(input: &[u8], offset: usize) -> String {
    let mut reader = XmlReader::unchecked(input, XmlOptions::default());
    reader.frames = reader.frames_at(offset);
    reader.path()
}

/// An open element: where its start tag is, so that the path can be rebuilt on error.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Offset of the `<` of the start tag.
    start: usize,
    /// Length of the element name (which starts right after the `<`).
    name_len: usize,
    /// `<name/>`: there is no content to read.
    empty: bool,
}

/// A pull reader over a UTF-8 document, as generated decoders use it.
///
/// Decoders follow one protocol: [`next_child`](Self::next_child) returns the start tag of
/// each child element in turn (and `None` once the current element's end tag is read); the
/// child's decoder reads it up to its end tag; text-only elements use
/// [`read_text`](Self::read_text) instead. After `next_child` has returned `None` the element
/// is finished and must not be read further (its path still shows in errors until the parent
/// reads on, so "missing member" errors name it).
pub struct XmlReader<'a> {
    input: &'a [u8],
    /// Where the next event starts.
    pos: usize,
    /// Start and length of the names of the elements the tokenizer has open (which
    /// [`skip_element`](Self::skip_element) does not put on `frames`), for end-tag checks.
    open: Vec<(usize, usize)>,
    /// The attributes of the start tag read last, found while looking for its end (one pass
    /// over the tag instead of two), and where that tag's attributes begin; `usize::MAX`
    /// when the tag was not in the plain form the scan knows, so that
    /// [`attributes`](Self::attributes) reads the tag itself (and reports what is wrong).
    spans: Vec<Span>,
    spans_at: usize,
    /// Which of `spans` is an `xsi:nil` attribute (any prefix), if one is.
    spans_nil: Option<usize>,
    /// The same input, checked to be UTF-8 once: values are sliced from it.
    text: &'a str,
    frames: Vec<Frame>,
    /// The element most recently finished, kept until the parent reads on.
    closed: Option<Frame>,
    options: XmlOptions,
    /// What is left of the document's memory budget (`crate::budget`): the list items
    /// [`push_item`](Self::push_item) makes room for are charged to it.
    budget: usize,
}

/// Text content, with where it started (for error offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlText<'a> {
    /// The unescaped text.
    pub text: Cow<'a, str>,
    /// Offset of its first byte in the input.
    pub offset: usize,
}

impl<'a> XmlReader<'a> {
    /// A reader over `input`; fails if the input is longer than [`XmlOptions::max_bytes`]
    /// or not UTF-8.
    pub fn new(input: &'a [u8], options: XmlOptions) -> Result<Self, XmlError> {
        let mut reader = Self::unchecked(input, options);
        // Before anything else (the UTF-8 check reads the whole input): the error points at
        // the first byte over the limit, and the path is the document's, as nothing is open.
        if input.len() > options.max_bytes {
            return Err(reader.error_at(
                options.max_bytes,
                format!(
                    "the document is {} bytes long, over the limit of {} bytes (XmlOptions::max_bytes)",
                    input.len(),
                    options.max_bytes
                ),
            ));
        }
        match std::str::from_utf8(input) {
            Ok(text) => reader.text = text,
            Err(error) => {
                let offset = error.valid_up_to();
                let utf16 = if input.starts_with(b"\xFF\xFE") || input.starts_with(b"\xFE\xFF") {
                    ": the document starts with a UTF-16 byte order mark, and only UTF-8 is supported"
                } else {
                    ""
                };
                return Err(reader.error_at(
                    offset,
                    format!("invalid UTF-8 (byte 0x{:02X}){utf16}", input[offset]),
                ));
            }
        }
        if let Some((offset, character)) = chars::first_forbidden(input) {
            return Err(reader.forbidden_character(offset, character));
        }
        Ok(reader)
    }

    /// A reader over `input` before any check (the text is set once it is UTF-8).
    fn unchecked(input: &'a [u8], options: XmlOptions) -> Self {
        Self {
            input,
            // A byte order mark is not content.
            pos: if input.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            },
            open: Vec::with_capacity(16),
            spans: Vec::with_capacity(16),
            spans_at: usize::MAX,
            spans_nil: None,
            text: "",
            frames: Vec::with_capacity(16),
            closed: None,
            options,
            budget: crate::budget::budget_for(input.len()),
        }
    }

    /// How far the reader is in the input, in bytes (just past the last tag or text read).
    pub fn offset(&self) -> usize {
        self.position()
    }

    /// The input from byte `start` to byte `end` (see [`offset`](Self::offset)), as text;
    /// `None` when the range is not inside the input or splits a character.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        self.text.get(start..end)
    }

    /// The options in force.
    pub fn options(&self) -> XmlOptions {
        self.options
    }

    /// Reads the prolog (declaration, comments, processing instructions) and returns the
    /// root element's start tag.
    pub fn root(&mut self) -> Result<BytesStart<'a>, XmlError> {
        loop {
            let event = self.read_event()?;
            match event {
                Event::Start(start) => {
                    self.push(&start, false)?;
                    return Ok(start);
                }
                Event::Empty(start) => {
                    self.push(&start, true)?;
                    return Ok(start);
                }
                Event::Decl(decl) => {
                    if let Some(Ok(encoding)) = decl.encoding() {
                        let encoding = encoding.to_ascii_lowercase();
                        if !matches!(encoding.as_slice(), b"utf-8" | b"utf8" | b"us-ascii") {
                            return Err(self.error_at(
                                self.position(),
                                format!(
                                    "unsupported encoding `{}`: only UTF-8 is supported",
                                    excerpt_bytes(&encoding)
                                ),
                            ));
                        }
                    }
                }
                Event::Text(text) if is_blank(&text) => {}
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    return Err(self.error_at(self.position(), "no root element"));
                }
                other => return Err(self.unexpected(&other)),
            }
        }
    }

    /// After the root element: only comments, processing instructions and blanks may follow.
    pub fn finish(&mut self) -> Result<(), XmlError> {
        self.closed = None;
        loop {
            let event = self.read_event()?;
            match event {
                Event::Eof => return Ok(()),
                Event::Text(text) if is_blank(&text) => {}
                Event::Comment(_) | Event::PI(_) => {}
                Event::Start(start) | Event::Empty(start) => {
                    let offset = self
                        .offset_of(&start)
                        .map_or(self.position(), |o| o.saturating_sub(1));
                    return Err(self.error_at(
                        offset,
                        format!(
                            "a second root element `{}`",
                            excerpt_bytes(start.name().as_ref())
                        ),
                    ));
                }
                other => {
                    let mut error = self.unexpected(&other);
                    error.0.message.push_str(" after the root element");
                    return Err(error);
                }
            }
        }
    }

    /// The next child element of the current element, or `None` once its end tag is read.
    ///
    /// Blank text, comments and processing instructions are skipped; other text is skipped
    /// too, or an error in strict mode.
    pub fn next_child(&mut self) -> Result<Option<BytesStart<'a>>, XmlError> {
        self.closed = None;
        if self.close_if_empty() {
            return Ok(None);
        }
        // Nearly always: blanks, then a plain start tag or this element's end tag. Read here
        // without building an `Event`: moving one out of `read_event` costs more than the
        // tokenizing.
        let input = self.input;
        let mut at = self.pos;
        while at < input.len() && is_xml_whitespace(input[at]) {
            at += 1;
        }
        if input.get(at) == Some(&b'<') {
            match input.get(at + 1) {
                Some(b'/') => {
                    if self.close_open_tag(at) {
                        self.closed = self.frames.pop();
                        return Ok(None);
                    }
                }
                Some(b'!' | b'?') | None => {}
                Some(_) => {
                    if let Some(end) = self.scan_attributes(at) {
                        return self.plain_start_tag(at, end).map(Some);
                    }
                }
            }
        }
        loop {
            let event = self.read_event()?;
            match event {
                Event::Start(start) => {
                    self.push(&start, false)?;
                    return Ok(Some(start));
                }
                Event::Empty(start) => {
                    self.push(&start, true)?;
                    return Ok(Some(start));
                }
                Event::End(_) => {
                    self.closed = self.frames.pop();
                    return Ok(None);
                }
                Event::Text(text) => {
                    if self.options.strict && !is_blank(&text) {
                        let offset = self.offset_of(&text).unwrap_or(self.position());
                        return Err(self.error_at(offset, "unexpected text content"));
                    }
                }
                Event::CData(data) => {
                    if self.options.strict && !data.is_empty() {
                        let offset = self.offset_of(&data).unwrap_or(self.position());
                        return Err(self.error_at(offset, "unexpected text content"));
                    }
                }
                Event::GeneralRef(reference) => {
                    if self.options.strict {
                        return Err(self.error_at(self.position(), "unexpected text content"));
                    }
                    self.check_reference(&reference)?;
                }
                Event::Comment(_) | Event::PI(_) => {}
                other => return Err(self.unexpected(&other)),
            }
        }
    }

    /// Like [`next_child`](Self::next_child) for mixed content: text between the children
    /// is appended to `text` instead of being skipped.
    pub fn next_child_text(
        &mut self,
        text: &mut String,
    ) -> Result<Option<BytesStart<'a>>, XmlError> {
        self.closed = None;
        if self.close_if_empty() {
            return Ok(None);
        }
        loop {
            let event = self.read_event()?;
            match event {
                Event::Start(start) => {
                    self.push(&start, false)?;
                    return Ok(Some(start));
                }
                Event::Empty(start) => {
                    self.push(&start, true)?;
                    return Ok(Some(start));
                }
                Event::End(_) => {
                    self.closed = self.frames.pop();
                    return Ok(None);
                }
                Event::Comment(_) | Event::PI(_) => {}
                other => {
                    if let Some(piece) = self.text_piece(&other)? {
                        text.push_str(&piece);
                    } else {
                        return Err(self.unexpected(&other));
                    }
                }
            }
        }
    }

    /// The whole text content of the current element, up to and including its end tag.
    /// Child elements are skipped (an error in strict mode). Borrowed from the input unless
    /// it had to be unescaped or was split by comments or references.
    pub fn read_text(&mut self) -> Result<XmlText<'a>, XmlError> {
        self.closed = None;
        let mut collected: Option<XmlText<'a>> = None;
        if self.close_if_empty() {
            let offset = self.closed.map_or(self.position(), |frame| frame.start);
            return Ok(XmlText {
                text: Cow::Borrowed(""),
                offset,
            });
        }
        loop {
            let before = self.position();
            let event = self.read_event()?;
            match event {
                Event::End(_) => {
                    self.closed = self.frames.pop();
                    return Ok(collected.unwrap_or(XmlText {
                        text: Cow::Borrowed(""),
                        offset: before,
                    }));
                }
                Event::Start(start) => {
                    self.push(&start, false)?;
                    self.unknown_element(&start)?;
                    self.closed = None;
                }
                Event::Empty(start) => {
                    self.push(&start, true)?;
                    self.unknown_element(&start)?;
                    self.closed = None;
                }
                Event::Comment(_) | Event::PI(_) => {}
                other => {
                    let Some(piece) = self.text_piece(&other)? else {
                        return Err(self.unexpected(&other));
                    };
                    match &mut collected {
                        None => {
                            collected = Some(XmlText {
                                text: piece,
                                offset: before,
                            })
                        }
                        Some(collected) => collected.text.to_mut().push_str(&piece),
                    }
                }
            }
        }
    }

    /// The current element's text content parsed as `T` (see [`read_text`](Self::read_text)).
    pub fn read_value<T: XmlValue>(&mut self) -> Result<T, XmlError> {
        let text = self.read_text()?;
        T::parse_xml(&text.text).map_err(|e| self.error_at(text.offset, e.message))
    }

    /// Like [`read_value`](Self::read_value), but blank content is `None`.
    pub fn read_optional_value<T: XmlValue>(&mut self) -> Result<Option<T>, XmlError> {
        let text = self.read_text()?;
        if is_blank(text.text.as_bytes()) {
            return Ok(None);
        }
        T::parse_xml(&text.text)
            .map(Some)
            .map_err(|e| self.error_at(text.offset, e.message))
    }

    /// Parses text collected by [`next_child_text`](Self::next_child_text); blank text is
    /// `None` unless `keep_blank`.
    pub fn parse_text<T: XmlValue>(
        &self,
        text: &str,
        keep_blank: bool,
    ) -> Result<Option<T>, XmlError> {
        if !keep_blank && is_blank(text.as_bytes()) {
            return Ok(None);
        }
        T::parse_xml(text)
            .map(Some)
            .map_err(|e| self.error(e.message))
    }

    /// An element the type does not declare (the one [`next_child`](Self::next_child) just
    /// returned): skipped with its subtree, or an error in strict mode.
    pub fn unknown_element(&mut self, start: &BytesStart<'_>) -> Result<(), XmlError> {
        if self.options.strict {
            return Err(self.error(format!(
                "unknown element `{}`",
                excerpt_bytes(start.name().as_ref())
            )));
        }
        self.check_tag_references(start)?;
        self.skip_element()
    }

    /// Skips the rest of the current element, up to and including its end tag (the depth
    /// limit still applies).
    pub fn skip_element(&mut self) -> Result<(), XmlError> {
        self.closed = None;
        if self.close_if_empty() {
            return Ok(());
        }
        let mut depth = 0usize;
        loop {
            let event = self.read_event()?;
            match event {
                Event::Start(start) => {
                    depth += 1;
                    if self.frames.len() + depth > self.options.max_depth {
                        // Where the limit is crossed: this start tag.
                        let offset = self
                            .offset_of(&start)
                            .map_or(self.position(), |o| o.saturating_sub(1));
                        return Err(self.too_deep_at(offset));
                    }
                    self.check_tag_references(&start)?;
                }
                Event::Empty(start) => self.check_tag_references(&start)?,
                Event::End(_) if depth == 0 => {
                    self.closed = self.frames.pop();
                    return Ok(());
                }
                Event::End(_) => depth -= 1,
                Event::GeneralRef(reference) => self.check_reference(&reference)?,
                Event::Eof | Event::DocType(_) | Event::Decl(_) => {
                    return Err(self.unexpected(&event))
                }
                _ => {}
            }
        }
    }

    /// For types with neither child elements nor text: reads to the end tag, skipping
    /// anything found (an error in strict mode, except blanks and comments).
    pub fn skip_content(&mut self) -> Result<(), XmlError> {
        while let Some(child) = self.next_child()? {
            self.unknown_element(&child)?;
        }
        Ok(())
    }

    /// Whether the element [`next_child`](Self::next_child) just returned is a null: it has
    /// `xsi:nil="true"` (any prefix), or no attributes and no content at all (`<X/>`,
    /// `<X></X>`, `<X> </X>`). Reads nothing.
    pub fn is_nil(&self, start: &BytesStart<'_>) -> bool {
        let raw = start.attributes_raw();
        if is_blank(raw) {
            let Some(frame) = self.frames.last() else {
                return false;
            };
            if frame.empty {
                return true;
            }
            let position = self.position();
            let rest = &self.input[position.min(self.input.len())..];
            let content = rest
                .iter()
                .position(|&b| !is_xml_whitespace(b))
                .map_or(rest, |at| &rest[at..]);
            return content.starts_with(b"</");
        }
        // `xsi:nil` with any prefix: the reader noted it while reading the tag.
        if self.scanned(raw) {
            return self.spans_nil.is_some_and(|at| {
                let value = self.spans[at].value;
                is_nil_value(&self.input[value.0..value.1])
            });
        }
        let Ok(mut attributes) = self.attributes(start) else {
            return false;
        };
        attributes.any(|attribute| is_nil_name(attribute.key) && is_nil_value(attribute.value))
    }

    /// Adds `item`, the element just finished, to `list`, charging the room the list grows
    /// to to the document's memory budget ([`crate::budget`]): an error at the element once
    /// the items would take more than [`crate::budget::MEMORY_FACTOR`] times the document's
    /// size (a document of nothing but empty elements of a wide type).
    #[inline]
    pub fn push_item<T>(&mut self, list: &mut Vec<T>, item: T) -> Result<(), XmlError> {
        if list.len() == list.capacity() {
            self.grow(list)?;
        }
        list.push(item);
        Ok(())
    }

    /// Makes room for one more item in the full `list` (twice its capacity, as `Vec` grows),
    /// within the budget.
    fn grow<T>(&mut self, list: &mut Vec<T>) -> Result<(), XmlError> {
        let size = std::mem::size_of::<T>();
        let capacity = list.capacity();
        let minimum = match size {
            1 => 8,
            2..=1024 => 4,
            _ => 1,
        };
        let more = capacity.max(minimum);
        let bytes = more.saturating_mul(size);
        if bytes > self.budget {
            return Err(self.error(crate::budget::exceeded_message()));
        }
        self.budget -= bytes;
        list.reserve_exact(more);
        Ok(())
    }

    /// Decodes the element just returned by [`next_child`](Self::next_child), or skips it
    /// and returns `None` when it [is a null](Self::is_nil).
    pub fn decode_nillable<T: FromXml>(
        &mut self,
        start: &BytesStart<'_>,
    ) -> Result<Option<T>, XmlError> {
        if self.is_nil(start) {
            self.skip_element()?;
            return Ok(None);
        }
        T::from_xml(self, start).map(Some)
    }

    /// For a member that may occur once: an error if `slot` is already set (the error names
    /// the element just returned by [`next_child`](Self::next_child)).
    pub fn ensure_first<T>(&self, slot: &Option<T>) -> Result<(), XmlError> {
        match slot {
            None => Ok(()),
            Some(_) => Err(self.error(format!(
                "element `{}` appears more than once",
                self.current_name()
            ))),
        }
    }

    /// A required attribute's value, or an error naming it.
    pub fn required_attribute<T>(&self, slot: Option<T>, name: &str) -> Result<T, XmlError> {
        slot.ok_or_else(|| self.error(format!("missing required attribute `{name}`")))
    }

    /// A required child element's value, or an error naming it.
    pub fn required_element<T>(&self, slot: Option<T>, name: &str) -> Result<T, XmlError> {
        slot.ok_or_else(|| self.error(format!("missing required element `{name}`")))
    }

    /// Required text content, or an error.
    pub fn required_text<T>(&self, slot: Option<T>) -> Result<T, XmlError> {
        slot.ok_or_else(|| self.error("missing required text content"))
    }

    // The member slots of a generated decoder: one call per child element, so that the
    // generated code says which rule a member follows and the runtime says how.

    /// Decodes the child element just returned into `slot`, a member that may occur once.
    #[inline]
    pub fn element<T: FromXml>(
        &mut self,
        slot: &mut Option<T>,
        child: &BytesStart<'_>,
    ) -> Result<(), XmlError> {
        self.ensure_first(slot)?;
        *slot = Some(T::from_xml(self, child)?);
        Ok(())
    }

    /// Like [`element`](Self::element), but a [null](Self::is_nil) child leaves the member
    /// absent (for members whose type has no empty form).
    #[inline]
    pub fn element_or_nil<T: FromXml>(
        &mut self,
        slot: &mut Option<T>,
        child: &BytesStart<'_>,
    ) -> Result<(), XmlError> {
        self.ensure_first(slot)?;
        if let Some(value) = self.decode_nillable(child)? {
            *slot = Some(value);
        }
        Ok(())
    }

    /// Decodes the child element into a nullable member: a [null](Self::is_nil) child is a
    /// present `None`.
    #[inline]
    pub fn nillable_element<T: FromXml>(
        &mut self,
        slot: &mut Option<Option<T>>,
        child: &BytesStart<'_>,
    ) -> Result<(), XmlError> {
        self.ensure_first(slot)?;
        *slot = Some(self.decode_nillable(child)?);
        Ok(())
    }

    /// Appends the child element to a repeated member.
    #[inline]
    pub fn item<T: FromXml>(
        &mut self,
        list: &mut Option<Vec<T>>,
        child: &BytesStart<'_>,
    ) -> Result<(), XmlError> {
        let item = T::from_xml(self, child)?;
        self.push_item(list.get_or_insert_with(Vec::new), item)
    }

    /// Like [`item`](Self::item), but a [null](Self::is_nil) child adds no item (the list is
    /// still present).
    #[inline]
    pub fn item_or_nil<T: FromXml>(
        &mut self,
        list: &mut Option<Vec<T>>,
        child: &BytesStart<'_>,
    ) -> Result<(), XmlError> {
        let list = list.get_or_insert_with(Vec::new);
        if self.is_nil(child) {
            return self.skip_element();
        }
        let item = T::from_xml(self, child)?;
        self.push_item(list, item)
    }

    /// Appends the child element to a repeated member whose items may be null.
    #[inline]
    pub fn nillable_item<T: FromXml>(
        &mut self,
        list: &mut Option<Vec<Option<T>>>,
        child: &BytesStart<'_>,
    ) -> Result<(), XmlError> {
        let item = self.decode_nillable(child)?;
        self.push_item(list.get_or_insert_with(Vec::new), item)
    }

    /// A content model optional as a whole: once the element has content (`has_content`),
    /// each `(name, present)` member must be present; the first missing one is the error.
    #[inline]
    pub fn required_with_content(
        &self,
        has_content: bool,
        members: &[(&str, bool)],
    ) -> Result<(), XmlError> {
        match members.iter().find(|(_, present)| has_content && !present) {
            Some((name, _)) => Err(self.error(format!("missing required element `{name}`"))),
            None => Ok(()),
        }
    }

    /// Text of a text-like event, unescaped; `None` for other events.
    pub(super) fn text_piece(&self, event: &Event<'a>) -> Result<Option<Cow<'a, str>>, XmlError> {
        match event {
            Event::Text(text) => {
                // Text events hold no references (those are events of their own): unless
                // line ends need normalizing, the text is a slice of the input.
                if let Some(slice) = self.as_str(text) {
                    if !text.contains(&b'\r') {
                        return Ok(Some(Cow::Borrowed(slice)));
                    }
                }
                let offset = self.offset_of(text).unwrap_or(self.position());
                text.xml10_content()
                    .map(Some)
                    .map_err(|error| self.error_at(offset, error.to_string()))
            }
            Event::CData(data) => {
                let offset = self.offset_of(data).unwrap_or(self.position());
                data.xml10_content()
                    .map(Some)
                    .map_err(|error| self.error_at(offset, error.to_string()))
            }
            Event::GeneralRef(reference) => {
                let offset = self
                    .offset_of(reference)
                    .map_or(self.position(), |o| o.saturating_sub(1));
                let name = excerpt_bytes(reference);
                if reference.is_char_ref() {
                    return match reference.resolve_char_ref() {
                        Ok(Some(c)) if chars::is_xml_char(c) => Ok(Some(Cow::Owned(c.to_string()))),
                        Ok(Some(c)) => Err(self.error_at(
                            offset,
                            format!(
                                "character reference `&{name};` names {}, which XML 1.0 does not allow",
                                chars::code_point(c)
                            ),
                        )),
                        _ => Err(self
                            .error_at(offset, format!("invalid character reference `&{name};`"))),
                    };
                }
                match quick_xml::escape::resolve_predefined_entity(&name) {
                    Some(text) => Ok(Some(Cow::Borrowed(text))),
                    None => Err(self.error_at(
                        offset,
                        format!("undefined entity `&{name};` (only the five predefined entities are known)"),
                    )),
                }
            }
            _ => Ok(None),
        }
    }

    /// A reference in content that is not read (skipped or ignored): a character reference
    /// must still name a character XML 1.0 allows.
    #[cold]
    fn check_reference(&self, reference: &quick_xml::events::BytesRef<'a>) -> Result<(), XmlError> {
        if reference.is_char_ref() {
            self.text_piece(&Event::GeneralRef(reference.clone()))?;
        }
        Ok(())
    }

    /// The attribute values of a start tag that is not decoded (skipped, or of a type with
    /// no attributes): their character references must still name allowed characters.
    #[inline]
    pub(super) fn check_tag_references(&self, start: &BytesStart<'_>) -> Result<(), XmlError> {
        let raw = start.attributes_raw();
        match memchr::memchr(b'&', raw) {
            None => Ok(()),
            Some(_) => self.check_raw_references(raw),
        }
    }

    /// The error for the first character reference in `raw` (a slice of the input) that
    /// does not name a character XML 1.0 allows.
    #[cold]
    pub(super) fn check_raw_references(&self, raw: &[u8]) -> Result<(), XmlError> {
        let Some((at, reference)) = chars::forbidden_reference(raw) else {
            return Ok(());
        };
        let offset = self
            .offset_of(raw)
            .map_or(self.position(), |start| start + at);
        let named = std::str::from_utf8(&reference[2..])
            .ok()
            .and_then(|body| body.strip_suffix(';'))
            .and_then(|body| match body.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => body.parse().ok(),
            })
            .and_then(char::from_u32);
        let reference = excerpt_bytes(reference);
        Err(self.error_at(
            offset,
            match named {
                Some(c) => format!(
                    "character reference `{reference}` names {}, which XML 1.0 does not allow",
                    chars::code_point(c)
                ),
                None => format!("invalid character reference `{reference}`"),
            },
        ))
    }

    #[inline]
    pub(super) fn push(&mut self, start: &BytesStart<'a>, empty: bool) -> Result<(), XmlError> {
        let name_len = start.name().as_ref().len();
        let start_offset = self
            .offset_of(start)
            .map_or(self.position(), |o| o.saturating_sub(1));
        self.frames.push(Frame {
            start: start_offset,
            name_len,
            empty,
        });
        if self.frames.len() > self.options.max_depth {
            return Err(self.too_deep());
        }
        Ok(())
    }

    /// When the current element is `<x/>`: finish it and say so.
    pub(super) fn close_if_empty(&mut self) -> bool {
        match self.frames.last() {
            Some(frame) if frame.empty => {
                self.closed = self.frames.pop();
                true
            }
            _ => false,
        }
    }

    pub(super) fn position(&self) -> usize {
        self.pos.min(self.input.len())
    }

    /// `slice` (borrowed from the input) as text, without validating it again: the input
    /// is UTF-8, and slicing checks only that both ends are character boundaries.
    #[inline]
    pub(super) fn as_str(&self, slice: &[u8]) -> Option<&'a str> {
        let start = self.offset_of(slice)?;
        self.text.get(start..start + slice.len())
    }

    /// Where `slice` (borrowed from the input) starts in it.
    pub(super) fn offset_of(&self, slice: &[u8]) -> Option<usize> {
        let base = self.input.as_ptr() as usize;
        let at = slice.as_ptr() as usize;
        (at >= base && at + slice.len() <= base + self.input.len()).then(|| at - base)
    }
}
