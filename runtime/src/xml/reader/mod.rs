//! XML codecs for generated models: straight-line code over [quick-xml] events.
//!
//! The reader tokenizes elements and text itself (each start tag is read once: its end and
//! its attributes are found in the same pass) and hands everything rarer — references,
//! comments, CDATA, processing instructions, declarations — to quick-xml, one event at a
//! time, so those follow quick-xml's rules.
//!
//! Generated types implement [`FromXml`] (decode an element whose start tag has been read)
//! and [`ToXml`] (write a value as an element); scalars, open enums and scalar unions
//! implement [`XmlValue`] (a value written as attribute or text content), which gives them
//! [`FromXml`] and [`ToXml`] as text-only elements. Documents go in and out through
//! [`from_xml_root`] / [`to_xml_root`] (or [`from_xml`] / [`to_xml`] for types that know
//! their root element, [`XmlRoot`]).
//!
//! # What the reader guarantees
//!
//! - **No DTD processing.** A `<!DOCTYPE …>` (and with it any entity declaration) is an
//!   error; nothing is ever expanded beyond the five predefined entities and character
//!   references, so entity bombs and external entities cannot happen.
//! - **Bounded size.** A document longer than [`XmlOptions::max_bytes`]
//!   ([`DEFAULT_MAX_BYTES`] unless changed) is rejected before anything is parsed, with an
//!   error at the offset of the first byte over the limit. Within the limit, text and
//!   attribute values are borrowed from the input unless they must be unescaped, so decoding
//!   holds at most a small multiple of the input (plus the decoded values themselves), and
//!   error messages quote at most a short excerpt of an offending value.
//! - **Bounded nesting.** At most [`XmlOptions::max_depth`] elements may be open at once
//!   ([`DEFAULT_MAX_DEPTH`] unless changed), skipped subtrees included: the generated decoders
//!   recurse once per element, so a deep document cannot exhaust the stack.
//! - **UTF-8 only.** The whole input is checked up front; invalid UTF-8 is an error at the
//!   offset of the first bad byte, and a declaration naming another encoding is rejected.
//! - **Located errors.** Every [`XmlError`] names the element path
//!   (`/Message/Body/Events/Event[3]/Markets`, the index counting same-named siblings and
//!   shown when there are several) and the byte offset, line and column. The path is built
//!   only when an error happens: the happy path keeps a stack of start-tag offsets, no strings.
//! - **Lenient by default.** Unknown attributes are ignored and unknown elements are skipped
//!   with their whole subtree; [`XmlOptions::strict`] reports them instead (and non-blank
//!   text where only elements are expected). `xmlns`, `xmlns:*`, `xml:*` and `xsi:*`
//!   attributes are never reported.
//! - **Empty means absent.** An element with no attributes and no content (`<Incidents />`)
//!   or with `xsi:nil="true"` is a null: generated decoders turn it into an absent member
//!   when the member's type cannot be empty (see [`XmlReader::is_nil`]).
//!
//! [quick-xml]: https://docs.rs/quick-xml

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use quick_xml::events::{BytesEnd, BytesText, Event};
use quick_xml::Reader;

pub use quick_xml;
pub use quick_xml::events::BytesStart;

use crate::{DateTime, DecodeError, NumericDecimal};

/// How many elements may be open at once unless [`XmlOptions::max_depth`] says otherwise.
///
/// Real feed messages nest about ten levels deep; 64 leaves room for recursive types
/// (competitions within competitions) while keeping the decoders' recursion shallow.
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// The longest document (in bytes) accepted unless [`XmlOptions::max_bytes`] says otherwise.
///
/// Feed messages are at most a few megabytes; 64 MiB leaves ample room while keeping a
/// hostile or runaway input from being parsed (and its values allocated) at all. The
/// generated `from_json` entry points apply the same limit.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Reader settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlOptions {
    /// Report unknown elements and attributes (and stray text) instead of skipping them.
    pub strict: bool,
    /// The most elements that may be open at once (the root counts as one).
    pub max_depth: usize,
    /// The longest document accepted, in bytes: a longer input is an error before parsing.
    pub max_bytes: usize,
}

impl Default for XmlOptions {
    fn default() -> Self {
        Self {
            strict: false,
            max_depth: DEFAULT_MAX_DEPTH,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl XmlOptions {
    /// The default settings with strict mode on.
    pub fn strict() -> Self {
        Self {
            strict: true,
            ..Self::default()
        }
    }

    /// These settings with another depth limit.
    pub fn with_max_depth(self, max_depth: usize) -> Self {
        Self { max_depth, ..self }
    }

    /// These settings with another document size limit (in bytes).
    pub fn with_max_bytes(self, max_bytes: usize) -> Self {
        Self { max_bytes, ..self }
    }
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// Why an XML document could not be decoded.
///
/// One pointer wide (the details are boxed), so that the `Result`s of the decoders' hot
/// paths stay small: `Result<(), XmlError>` and `Result<i64, XmlError>` come back in
/// registers, and errors are rare.
#[derive(Clone, PartialEq, Eq)]
pub struct XmlError(Box<XmlErrorDetail>);

#[derive(Clone, PartialEq, Eq)]
struct XmlErrorDetail {
    path: String,
    offset: usize,
    line: usize,
    column: usize,
    message: String,
}

impl XmlError {
    /// The element path of the failure (`/Message/Body/Events/Event[3]/Markets`); `/` for
    /// the document itself (before the root element).
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// Byte offset of the failure in the input (0-based).
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// 1-based line of [`offset`](Self::offset).
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// 1-based column (in characters) of [`offset`](Self::offset).
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// What was wrong, without the location.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Debug for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XmlError")
            .field("path", &self.0.path)
            .field("offset", &self.0.offset)
            .field("line", &self.0.line)
            .field("column", &self.0.column)
            .field("message", &self.0.message)
            .finish()
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = &self.0;
        write!(
            f,
            "at {} (byte {}, line {}, column {}): {}",
            error.path, error.offset, error.line, error.column, error.message
        )
    }
}

impl std::error::Error for XmlError {}

impl From<XmlError> for DecodeError {
    fn from(error: XmlError) -> Self {
        let error = *error.0;
        let message = format!(
            "{} (byte {}, line {}, column {})",
            error.message, error.offset, error.line, error.column
        );
        DecodeError::new(error.path, message)
    }
}

/// Why a text is not a value of some type (see [`XmlValue::parse_xml`]); the reader adds
/// where the text was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    message: String,
}

impl ValueError {
    /// `expected {what}, found `{found}`` (a long `found` is shortened to its start).
    pub fn expected(what: &str, found: &str) -> Self {
        Self {
            message: format!("expected {what}, found `{}`", excerpt(found)),
        }
    }

    /// Any other reason.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The reason.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueError {}

// ---------------------------------------------------------------------------------------
// Traits
// ---------------------------------------------------------------------------------------

/// A type decoded from an XML element.
pub trait FromXml: Sized {
    /// Decodes the element whose start tag `start` [`XmlReader::next_child`] (or the root
    /// reader) has just returned, reading up to and including its end tag.
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError>;
}

/// A type written as an XML element.
pub trait ToXml {
    /// Writes `self` as an element named `element` (start tag, attributes, content, end tag).
    fn to_xml(&self, writer: &mut XmlWriter, element: &str);
}

/// A type generated decoders know the root element of.
pub trait XmlRoot {
    /// The root element's name, exactly as in the schema.
    const ELEMENT: &'static str;
}

/// A value written as text: an attribute value or an element's text content.
///
/// Every `XmlValue` is also [`FromXml`] and [`ToXml`], as an element holding only text.
pub trait XmlValue: Sized {
    /// Parses the (already unescaped) text.
    fn parse_xml(text: &str) -> Result<Self, ValueError>;

    /// Appends the value, escaped as `escape` says.
    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape);
}

/// Where text is written, which decides what must be escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Element content: `&`, `<`, `>` and carriage returns.
    Text,
    /// A double-quoted attribute value: also `"`, tabs and line feeds (which a reader would
    /// otherwise normalize to spaces).
    Attribute,
}

impl<T: XmlValue> FromXml for T {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        reader.no_attributes(start)?;
        reader.read_value()
    }
}

impl<T: XmlValue> ToXml for T {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        writer.text(self);
        writer.end(element);
    }
}

// ---------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------

/// Decodes a document whose root element must be `root` (a different root is an error
/// naming both), with the default (lenient) options.
pub fn from_xml_root<T: FromXml>(bytes: &[u8], root: &str) -> Result<T, XmlError> {
    from_xml_root_with(bytes, root, XmlOptions::default())
}

/// [`from_xml_root`] with explicit options.
pub fn from_xml_root_with<T: FromXml>(
    bytes: &[u8],
    root: &str,
    options: XmlOptions,
) -> Result<T, XmlError> {
    let mut reader = XmlReader::new(bytes, options)?;
    let start = reader.root()?;
    if start.name().as_ref() != root.as_bytes() {
        let found = excerpt_bytes(start.name().as_ref());
        return Err(reader.error(format!("expected root element `{root}`, found `{found}`")));
    }
    let value = T::from_xml(&mut reader, &start)?;
    reader.finish()?;
    Ok(value)
}

/// Decodes a document whose root is `T`'s root element.
pub fn from_xml<T: FromXml + XmlRoot>(bytes: &[u8]) -> Result<T, XmlError> {
    from_xml_root(bytes, T::ELEMENT)
}

/// [`from_xml`] with explicit options.
pub fn from_xml_with<T: FromXml + XmlRoot>(
    bytes: &[u8],
    options: XmlOptions,
) -> Result<T, XmlError> {
    from_xml_root_with(bytes, T::ELEMENT, options)
}

/// Encodes `value` as a UTF-8 document with root element `root`, without an XML declaration.
pub fn to_xml_root<T: ToXml + ?Sized>(value: &T, root: &str) -> Vec<u8> {
    let mut out = Vec::new();
    to_xml_root_into(value, root, &mut out);
    out
}

/// Appends the document [`to_xml_root`] returns to `out` (reuse a buffer across messages).
pub fn to_xml_root_into<T: ToXml + ?Sized>(value: &T, root: &str, out: &mut Vec<u8>) {
    let mut writer = XmlWriter::from_vec(std::mem::take(out));
    value.to_xml(&mut writer, root);
    *out = writer.into_inner();
}

/// Encodes `value` as a UTF-8 document with `<?xml version="1.0" encoding="UTF-8"?>`.
pub fn to_xml_document<T: ToXml + ?Sized>(value: &T, root: &str) -> Vec<u8> {
    let mut writer = XmlWriter::new();
    writer.declaration();
    value.to_xml(&mut writer, root);
    writer.into_inner()
}

/// Encodes a value whose type knows its root element (no XML declaration).
pub fn to_xml<T: ToXml + XmlRoot>(value: &T) -> Vec<u8> {
    to_xml_root(value, T::ELEMENT)
}

// ---------------------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------------------

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
}

/// Text content, with where it started (for error offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlText<'a> {
    /// The unescaped text.
    pub text: Cow<'a, str>,
    /// Offset of its first byte in the input.
    pub offset: usize,
}

/// How many characters of a value or name an error message quotes.
const EXCERPT_CHARS: usize = 64;

/// `text`, or its first [`EXCERPT_CHARS`] characters and `…`: a value within the document
/// size limit can still be megabytes long, and errors should not copy it whole.
pub(crate) fn excerpt(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// [`excerpt`] of bytes that should be UTF-8 (names sliced from the input).
fn excerpt_bytes(bytes: &[u8]) -> String {
    let cut = bytes.len().min(EXCERPT_CHARS * 4);
    let text = String::from_utf8_lossy(&bytes[..cut]);
    let mut shown = excerpt(&text).into_owned();
    if cut < bytes.len() && !shown.ends_with('…') {
        shown.push('…');
    }
    shown
}

fn is_xml_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| is_xml_whitespace(b))
}

/// `xsi:nil`, with any prefix.
#[inline]
fn is_nil_name(key: &[u8]) -> bool {
    key.len() > 4 && key.ends_with(b":nil")
}

/// An `xsi:nil` value that makes the element a null.
fn is_nil_value(value: &[u8]) -> bool {
    matches!(value, b"true" | b"1")
}

/// Attributes that belong to XML itself or to XML Schema, never reported as unknown.
fn is_reserved_attribute(key: &[u8]) -> bool {
    key == b"xmlns"
        || key.starts_with(b"xmlns:")
        || key.starts_with(b"xml:")
        || key.starts_with(b"xsi:")
}

impl<'a> XmlReader<'a> {
    /// A reader over `input`; fails if the input is longer than [`XmlOptions::max_bytes`]
    /// or not UTF-8.
    pub fn new(input: &'a [u8], options: XmlOptions) -> Result<Self, XmlError> {
        let mut reader = Self {
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
        };
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
                return Err(reader.error_at(
                    offset,
                    format!("invalid UTF-8 (byte 0x{:02X})", input[offset]),
                ));
            }
        }
        Ok(reader)
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
                    let offset = self.offset_of(&start).map_or(self.position(), |o| o - 1);
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
                Event::GeneralRef(_) => {
                    if self.options.strict {
                        return Err(self.error_at(self.position(), "unexpected text content"));
                    }
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
    fn scanned(&self, raw: &[u8]) -> bool {
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
        if !self.options.strict || is_blank(start.attributes_raw()) {
            return Ok(());
        }
        for attribute in self.attributes(start)? {
            self.unknown_attribute(&attribute)?;
        }
        Ok(())
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
                Event::Start(_) => {
                    depth += 1;
                    if self.frames.len() + depth > self.options.max_depth {
                        return Err(self.too_deep());
                    }
                }
                Event::End(_) if depth == 0 => {
                    self.closed = self.frames.pop();
                    return Ok(());
                }
                Event::End(_) => depth -= 1,
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

    /// An error at the current element's start tag (the element just returned, being read,
    /// or just finished).
    #[cold]
    pub fn error(&self, message: impl Into<String>) -> XmlError {
        let offset = self.current().map_or(self.position(), |frame| frame.start);
        self.error_at(offset, message)
    }

    /// An error at byte `offset`, with the current element path.
    #[cold]
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> XmlError {
        let (line, column) = line_column(self.input, offset);
        XmlError(Box::new(XmlErrorDetail {
            path: self.path(),
            offset,
            line,
            column,
            message: message.into(),
        }))
    }

    // -- internals ----------------------------------------------------------------------

    /// The next event. Elements and text, nearly all of a document, are tokenized here
    /// straight from the input; everything else (references, comments, CDATA, processing
    /// instructions, declarations, DOCTYPE) is left to quick-xml, one event at a time from
    /// where it starts, so those follow quick-xml's rules exactly.
    #[inline]
    fn read_event(&mut self) -> Result<Event<'a>, XmlError> {
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
    fn scan_attributes(&mut self, at: usize) -> Option<usize> {
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
    fn close_open_tag(&mut self, at: usize) -> bool {
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
    fn plain_start_tag(&mut self, at: usize, end: usize) -> Result<BytesStart<'a>, XmlError> {
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

    #[cold]
    fn unclosed_tag(&self, at: usize) -> XmlError {
        self.error_at(
            at,
            "syntax error: tag not closed: `>` not found before end of input",
        )
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

    /// Text of a text-like event, unescaped; `None` for other events.
    fn text_piece(&self, event: &Event<'a>) -> Result<Option<Cow<'a, str>>, XmlError> {
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
                        Ok(Some(c)) => Ok(Some(Cow::Owned(c.to_string()))),
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

    fn unexpected(&self, event: &Event<'a>) -> XmlError {
        match event {
            Event::Eof => match self.frames.last() {
                Some(_) => self.error_at(
                    self.input.len(),
                    format!(
                        "unexpected end of document: element `{}` is not closed",
                        self.current_name()
                    ),
                ),
                None => self.error_at(self.input.len(), "unexpected end of document"),
            },
            Event::Decl(_) => self.error_at(
                self.position(),
                "an XML declaration is only allowed at the start of the document",
            ),
            Event::Text(text) => self.error_at(
                self.offset_of(text).unwrap_or(self.position()),
                "unexpected text",
            ),
            Event::End(_) => self.error_at(self.position(), "unexpected end tag"),
            _ => self.error_at(self.position(), "unexpected markup"),
        }
    }

    #[inline]
    fn push(&mut self, start: &BytesStart<'a>, empty: bool) -> Result<(), XmlError> {
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

    fn too_deep(&self) -> XmlError {
        self.error(format!(
            "elements nest deeper than the limit of {} (XmlOptions::max_depth)",
            self.options.max_depth
        ))
    }

    /// When the current element is `<x/>`: finish it and say so.
    fn close_if_empty(&mut self) -> bool {
        match self.frames.last() {
            Some(frame) if frame.empty => {
                self.closed = self.frames.pop();
                true
            }
            _ => false,
        }
    }

    /// The element errors are reported on: the one just finished, else the innermost open.
    fn current(&self) -> Option<Frame> {
        self.closed.or_else(|| self.frames.last().copied())
    }

    fn current_name(&self) -> String {
        match self.current() {
            Some(frame) => excerpt_bytes(self.name_of(frame)),
            None => String::new(),
        }
    }

    fn name_of(&self, frame: Frame) -> &'a [u8] {
        let input: &'a [u8] = self.input;
        input
            .get(frame.start + 1..frame.start + 1 + frame.name_len)
            .unwrap_or_default()
    }

    fn position(&self) -> usize {
        self.pos.min(self.input.len())
    }

    /// `slice` (borrowed from the input) as text, without validating it again: the input
    /// is UTF-8, and slicing checks only that both ends are character boundaries.
    #[inline]
    fn as_str(&self, slice: &[u8]) -> Option<&'a str> {
        let start = self.offset_of(slice)?;
        self.text.get(start..start + slice.len())
    }

    /// Where `slice` (borrowed from the input) starts in it.
    fn offset_of(&self, slice: &[u8]) -> Option<usize> {
        let base = self.input.as_ptr() as usize;
        let at = slice.as_ptr() as usize;
        (at >= base && at + slice.len() <= base + self.input.len()).then(|| at - base)
    }

    /// The element path, built from the start-tag offsets on the stack.
    fn path(&self) -> String {
        let frames: Vec<Frame> = self.frames.iter().copied().chain(self.closed).collect();
        if frames.is_empty() {
            return "/".to_owned();
        }
        let mut path = String::new();
        for (index, frame) in frames.iter().enumerate() {
            path.push('/');
            path.push_str(&excerpt_bytes(self.name_of(*frame)));
            if index > 0 {
                if let Some((position, total)) = self.sibling_position(frames[index - 1], *frame) {
                    if total > 1 {
                        path.push_str(&format!("[{position}]"));
                    }
                }
            }
        }
        path
    }

    /// The 1-based position of `child` among the children of `parent` with the same name,
    /// and how many there are (as far as the document can be read).
    fn sibling_position(&self, parent: Frame, child: Frame) -> Option<(usize, usize)> {
        let name = self.name_of(child);
        let mut scan = Reader::from_reader(self.input.get(parent.start..)?);
        scan.config_mut().check_end_names = false;
        match scan.read_event() {
            Ok(Event::Start(_)) => {}
            _ => return None,
        }
        let (mut depth, mut total, mut position) = (0usize, 0usize, None);
        loop {
            let (start, empty) = match scan.read_event() {
                Ok(Event::Start(start)) => (start, false),
                Ok(Event::Empty(start)) => (start, true),
                Ok(Event::End(_)) if depth == 0 => break,
                Ok(Event::End(_)) => {
                    depth -= 1;
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            if depth == 0 && start.name().as_ref() == name {
                total += 1;
                if self.offset_of(&start).map(|o| o.saturating_sub(1)) == Some(child.start) {
                    position = Some(total);
                }
            }
            if !empty {
                depth += 1;
            }
        }
        position.map(|position| (position, total))
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
struct Span {
    key: (usize, usize),
    value: (usize, usize),
    escaped: bool,
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
fn find_quote_or_reference(bytes: &[u8], quote: u8) -> Option<usize> {
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

/// 1-based line and column (in characters) of byte `offset`.
fn line_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = &input[..offset.min(input.len())];
    // memchr: an error near the end of a document at the size limit stays cheap to locate.
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |at| at + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

// ---------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------

/// Writes UTF-8 XML into a byte buffer. Element and attribute names are written as given
/// (they come from the schema); values are escaped.
///
/// A start tag stays open until content follows, so an element without content is written
/// `<name/>`.
#[derive(Debug, Default, Clone)]
pub struct XmlWriter {
    out: Vec<u8>,
    /// A start tag is open (`<name attr="…"` without its `>`).
    open: bool,
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::with_capacity(4096)
    }

    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self::from_vec(Vec::with_capacity(capacity))
    }

    /// A writer appending to `out`.
    pub fn from_vec(out: Vec<u8>) -> Self {
        Self { out, open: false }
    }

    /// The bytes written.
    pub fn into_inner(mut self) -> Vec<u8> {
        self.close_start();
        self.out
    }

    /// Writes `<?xml version="1.0" encoding="UTF-8"?>`.
    pub fn declaration(&mut self) {
        self.close_start();
        self.out
            .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }

    #[inline]
    fn close_start(&mut self) {
        if self.open {
            self.out.push(b'>');
            self.open = false;
        }
    }

    /// Opens element `name`; attributes may follow.
    #[inline]
    pub fn start(&mut self, name: &str) {
        self.close_start();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.open = true;
    }

    /// Writes an attribute of the element just started.
    #[inline]
    pub fn attr<T: XmlValue>(&mut self, name: &str, value: &T) {
        debug_assert!(self.open, "attribute `{name}` written outside a start tag");
        self.out.push(b' ');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"=\"");
        value.write_xml(&mut self.out, Escape::Attribute);
        self.out.push(b'"');
    }

    /// Writes text content.
    #[inline]
    pub fn text<T: XmlValue>(&mut self, value: &T) {
        self.close_start();
        value.write_xml(&mut self.out, Escape::Text);
    }

    /// Writes a string as text content.
    pub fn text_str(&mut self, text: &str) {
        self.close_start();
        escape_into(&mut self.out, text, Escape::Text);
    }

    /// Closes element `name` (`/>` when nothing was written inside it).
    #[inline]
    pub fn end(&mut self, name: &str) {
        if self.open {
            self.out.extend_from_slice(b"/>");
            self.open = false;
        } else {
            self.out.extend_from_slice(b"</");
            self.out.extend_from_slice(name.as_bytes());
            self.out.push(b'>');
        }
    }

    /// Writes `<name/>` (how a null is written).
    pub fn empty(&mut self, name: &str) {
        self.close_start();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"/>");
    }

    /// Writes `value` as element `name`, or `<name/>` for `None` (a null).
    #[inline]
    pub fn nullable<T: ToXml>(&mut self, value: &Option<T>, name: &str) {
        match value {
            Some(value) => value.to_xml(self, name),
            None => self.empty(name),
        }
    }

    /// Writes one element `name` per item. An empty list is written as one `<name/>` when
    /// `empty_as_null` (for a present-but-empty optional list whose items cannot be empty).
    #[inline]
    pub fn list<T: ToXml>(&mut self, items: &[T], name: &str, empty_as_null: bool) {
        if items.is_empty() && empty_as_null {
            self.empty(name);
        }
        for item in items {
            item.to_xml(self, name);
        }
    }

    /// Like [`list`](Self::list) for items that may be null (`<name/>`).
    #[inline]
    pub fn nullable_list<T: ToXml>(&mut self, items: &[Option<T>], name: &str) {
        for item in items {
            self.nullable(item, name);
        }
    }

    /// Writes markup as it is, unescaped: content kept verbatim from a decoded document
    /// (such as the body of a message of an unknown type).
    pub fn raw_markup(&mut self, markup: &str) {
        self.close_start();
        self.out.extend_from_slice(markup.as_bytes());
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }
}

/// Appends `text` to `out`, escaped for `escape`.
#[inline]
pub fn escape_into(out: &mut Vec<u8>, text: &str, escape: Escape) {
    let bytes = text.as_bytes();
    let needs = |b: u8| match escape {
        Escape::Text => matches!(b, b'&' | b'<' | b'>' | b'\r'),
        Escape::Attribute => matches!(b, b'&' | b'<' | b'>' | b'"' | b'\r' | b'\n' | b'\t'),
    };
    let mut from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if !needs(byte) {
            continue;
        }
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\r' => b"&#xD;",
            b'\n' => b"&#xA;",
            _ => b"&#x9;",
        });
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// `fmt::Write` over a byte buffer (values are UTF-8 already).
struct VecWriter<'o>(&'o mut Vec<u8>);

impl fmt::Write for VecWriter<'_> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn write_display(out: &mut Vec<u8>, value: &dyn fmt::Display) {
    use fmt::Write as _;
    // Writing into a Vec cannot fail.
    let _ = write!(VecWriter(out), "{value}");
}

#[inline]
fn write_u64(out: &mut Vec<u8>, mut value: u64) {
    let mut buffer = [0u8; 20];
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&buffer[at..]);
}

#[inline]
fn write_i64(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    write_u64(out, value.unsigned_abs());
}

/// A decimal of at most 18 digits in `xs:decimal` form, read in one pass (the same value
/// and scale as `Decimal::from_str`, which handles everything else).
#[inline]
fn small_decimal(text: &str) -> Option<rust_decimal::Decimal> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let (mut mantissa, mut scale, mut point, mut count) = (0i64, 0u32, false, 0u32);
    for &byte in digits {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(byte - b'0');
                count += 1;
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if count == 0 || count > 18 {
        return None;
    }
    Some(rust_decimal::Decimal::new(
        if negative { -mantissa } else { mantissa },
        scale,
    ))
}

/// The `xs:decimal` lexical form: an optional sign, digits, and an optional fraction (no
/// exponent, no `NaN`/`INF`, no digit separators).
fn is_xsd_decimal(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    (!whole.is_empty() || !fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[inline]
fn trim(text: &str) -> &str {
    // Values are almost never padded: check the ends before searching.
    match text.as_bytes() {
        [first, .., last] if !is_xml_whitespace(*first) && !is_xml_whitespace(*last) => text,
        [only] if !is_xml_whitespace(*only) => text,
        _ => text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')),
    }
}

/// An integer of 1 to 18 digits, optionally negative, with nothing else around it: read in
/// one pass without overflow checks (18 digits fit in an `i64`). Anything else (signs `+`,
/// blanks, longer numbers, errors) takes the general path.
#[inline]
fn small_integer(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut value = 0i64;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + i64::from(digit);
    }
    Some(if negative { -value } else { value })
}

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

impl XmlValue for String {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }

    #[inline]
    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        escape_into(out, self, escape);
    }
}

impl XmlValue for bool {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        match trim(text) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(ValueError::expected(
                "a boolean (`true`, `false`, `1` or `0`)",
                text,
            )),
        }
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! integer_value {
    ($($ty:ty => $what:literal, $write:ident as $wide:ty;)*) => {$(
        impl XmlValue for $ty {
            #[inline]
            fn parse_xml(text: &str) -> Result<Self, ValueError> {
                // Unsigned types leave `-0` to `str::parse` (which rejects it), as before.
                let fast = small_integer(text.as_bytes())
                    .filter(|_| <$ty>::MIN != 0 || !text.starts_with('-'))
                    .and_then(|value| <$ty>::try_from(value).ok());
                if let Some(value) = fast {
                    return Ok(value);
                }
                let trimmed = trim(text);
                trimmed.parse::<$ty>().map_err(|_| {
                    // Name the range only when the text is an integer, just out of range.
                    let digits = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        ValueError::expected($what, text)
                    } else {
                        ValueError::expected("an integer", text)
                    }
                })
            }

            #[inline]
            fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
                $write(out, <$wide>::from(*self));
            }
        }
    )*};
}

integer_value! {
    i8 => "an integer in the 8-bit range", write_i64 as i64;
    i16 => "an integer in the 16-bit range", write_i64 as i64;
    i32 => "an integer in the 32-bit range", write_i64 as i64;
    i64 => "an integer in the 64-bit range", write_i64 as i64;
    u8 => "an unsigned integer in the 8-bit range", write_u64 as u64;
    u16 => "an unsigned integer in the 16-bit range", write_u64 as u64;
    u32 => "an unsigned integer in the 32-bit range", write_u64 as u64;
    u64 => "an unsigned integer in the 64-bit range", write_u64 as u64;
}

macro_rules! float_value {
    ($($ty:ty),*) => {$(
        impl XmlValue for $ty {
            fn parse_xml(text: &str) -> Result<Self, ValueError> {
                match trim(text) {
                    "INF" | "+INF" => Ok(<$ty>::INFINITY),
                    "-INF" => Ok(<$ty>::NEG_INFINITY),
                    "NaN" => Ok(<$ty>::NAN),
                    trimmed => trimmed
                        .parse::<$ty>()
                        .ok()
                        .filter(|value| value.is_finite())
                        .ok_or_else(|| ValueError::expected("a number", text)),
                }
            }

            fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
                if self.is_nan() {
                    out.extend_from_slice(b"NaN");
                } else if self.is_infinite() {
                    out.extend_from_slice(if *self > 0.0 { b"INF" } else { b"-INF" });
                } else {
                    write_display(out, self);
                }
            }
        }
    )*};
}

float_value!(f32, f64);

impl XmlValue for rust_decimal::Decimal {
    /// The exact text (`2.875` keeps three digits); never through a float.
    #[inline]
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        let trimmed = trim(text);
        if let Some(value) = small_decimal(trimmed) {
            return Ok(value);
        }
        if !is_xsd_decimal(trimmed) {
            return Err(ValueError::expected("a decimal number", text));
        }
        rust_decimal::Decimal::from_str(trimmed)
            .map_err(|_| ValueError::expected("a decimal number in range", text))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        write_display(out, self);
    }
}

impl XmlValue for NumericDecimal {
    /// Like [`Decimal`](rust_decimal::Decimal): the `xs:decimal` form, exact.
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        rust_decimal::Decimal::parse_xml(text).map(NumericDecimal)
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        write_display(out, &self.0);
    }
}

impl XmlValue for DateTime {
    /// `xs:dateTime` (with or without a zone), re-encoded exactly as received. Unlike the
    /// JSON form, date and time must be separated by `T`, as the XML Schema form requires.
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        let trimmed = trim(text);
        if trimmed.as_bytes().get(10) != Some(&b'T') {
            return Err(ValueError::expected(
                "a date-time (YYYY-MM-DDThh:mm:ss, `T` between date and time)",
                text,
            ));
        }
        DateTime::from_str(trimmed).map_err(|error| ValueError::new(error.to_string()))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        self.write_to(out);
    }
}

impl XmlValue for chrono::NaiveDate {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        chrono::NaiveDate::parse_from_str(trim(text), "%Y-%m-%d")
            .map_err(|_| ValueError::expected("a date (YYYY-MM-DD)", text))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        write_display(out, &self.format("%Y-%m-%d"));
    }
}

impl XmlValue for uuid::Uuid {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        uuid::Uuid::parse_str(trim(text)).map_err(|_| ValueError::expected("a UUID", text))
    }

    fn write_xml(&self, out: &mut Vec<u8>, _: Escape) {
        let mut buffer = uuid::Uuid::encode_buffer();
        out.extend_from_slice(self.hyphenated().encode_lower(&mut buffer).as_bytes());
    }
}

impl XmlValue for serde_json::Value {
    /// Untyped content is kept as a string.
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        Ok(serde_json::Value::String(text.to_owned()))
    }

    /// Strings as themselves, anything else as its JSON text.
    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        match self {
            serde_json::Value::String(text) => escape_into(out, text, escape),
            serde_json::Value::Null => {}
            other => escape_into(out, &other.to_string(), escape),
        }
    }
}

/// A nullable value: blank text is `None`, and `None` is written as nothing.
impl<T: XmlValue> XmlValue for Option<T> {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        if is_blank(text.as_bytes()) {
            Ok(None)
        } else {
            T::parse_xml(text).map(Some)
        }
    }

    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        if let Some(value) = self {
            value.write_xml(out, escape);
        }
    }
}

/// A list (`xs:list`): items separated by whitespace.
impl<T: XmlValue> XmlValue for Vec<T> {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        text.split_ascii_whitespace().map(T::parse_xml).collect()
    }

    fn write_xml(&self, out: &mut Vec<u8>, escape: Escape) {
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(b' ');
            }
            item.write_xml(out, escape);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    // Hand-written in the shape `specgen`'s XML emitter generates.

    #[derive(Debug, Clone, PartialEq)]
    struct Message {
        header: Header,
        body: Option<Body>,
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Header {
        kind: i32,
        time: DateTime,
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Body {
        events: Vec<Event>,
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Event {
        fixture_id: i64,
        name: Option<String>,
        markets: Option<Vec<Market>>,
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Market {
        id: i64,
        bets: Vec<Bet>,
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Bet {
        id: i64,
        price: Decimal,
        line: Option<String>,
    }

    /// Text content with an attribute (`<Score Position="1">2</Score>`).
    #[derive(Debug, Clone, PartialEq)]
    struct Score {
        position: i32,
        value: String,
    }

    impl FromXml for Message {
        fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
            let mut f_header: Option<Header> = None;
            let mut f_body: Option<Body> = None;
            reader.no_attributes(start)?;
            while let Some(child) = reader.next_child()? {
                match child.name().as_ref() {
                    b"Header" => {
                        reader.ensure_first(&f_header)?;
                        if let Some(value) = reader.decode_nillable(&child)? {
                            f_header = Some(value);
                        }
                    }
                    b"Body" => {
                        reader.ensure_first(&f_body)?;
                        f_body = Some(Body::from_xml(reader, &child)?);
                    }
                    _ => reader.unknown_element(&child)?,
                }
            }
            Ok(Self {
                header: reader.required_element(f_header, "Header")?,
                body: f_body,
            })
        }
    }

    impl ToXml for Message {
        fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
            writer.start(element);
            self.header.to_xml(writer, "Header");
            if let Some(value) = &self.body {
                value.to_xml(writer, "Body");
            }
            writer.end(element);
        }
    }

    impl FromXml for Header {
        fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
            let mut f_kind: Option<i32> = None;
            let mut f_time: Option<DateTime> = None;
            for attr in reader.attributes(start)? {
                match attr.key {
                    b"Type" => reader.attr_value(&mut f_kind, &attr)?,
                    b"Time" => reader.attr_value(&mut f_time, &attr)?,
                    _ => reader.unknown_attribute(&attr)?,
                }
            }
            reader.skip_content()?;
            Ok(Self {
                kind: reader.required_attribute(f_kind, "Type")?,
                time: reader.required_attribute(f_time, "Time")?,
            })
        }
    }

    impl ToXml for Header {
        fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
            writer.start(element);
            writer.attr("Type", &self.kind);
            writer.attr("Time", &self.time);
            writer.end(element);
        }
    }

    impl FromXml for Body {
        fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
            let mut f_events: Option<Vec<Event>> = None;
            reader.no_attributes(start)?;
            while let Some(child) = reader.next_child()? {
                match child.name().as_ref() {
                    b"Event" => {
                        let list = f_events.get_or_insert_with(Vec::new);
                        if let Some(value) = reader.decode_nillable(&child)? {
                            list.push(value);
                        }
                    }
                    _ => reader.unknown_element(&child)?,
                }
            }
            Ok(Self {
                events: f_events.unwrap_or_default(),
            })
        }
    }

    impl ToXml for Body {
        fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
            writer.start(element);
            writer.list(&self.events, "Event", false);
            writer.end(element);
        }
    }

    impl FromXml for Event {
        fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
            let mut f_fixture_id: Option<i64> = None;
            let mut f_name: Option<String> = None;
            let mut f_markets: Option<Vec<Market>> = None;
            for attr in reader.attributes(start)? {
                match attr.key {
                    b"FixtureId" => reader.attr_value(&mut f_fixture_id, &attr)?,
                    _ => reader.unknown_attribute(&attr)?,
                }
            }
            while let Some(child) = reader.next_child()? {
                match child.name().as_ref() {
                    b"Name" => {
                        reader.ensure_first(&f_name)?;
                        f_name = Some(String::from_xml(reader, &child)?);
                    }
                    b"Market" => {
                        let list = f_markets.get_or_insert_with(Vec::new);
                        if let Some(value) = reader.decode_nillable(&child)? {
                            list.push(value);
                        }
                    }
                    _ => reader.unknown_element(&child)?,
                }
            }
            Ok(Self {
                fixture_id: reader.required_attribute(f_fixture_id, "FixtureId")?,
                name: f_name,
                markets: f_markets,
            })
        }
    }

    impl ToXml for Event {
        fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
            writer.start(element);
            writer.attr("FixtureId", &self.fixture_id);
            if let Some(value) = &self.name {
                value.to_xml(writer, "Name");
            }
            if let Some(value) = &self.markets {
                writer.list(value, "Market", true);
            }
            writer.end(element);
        }
    }

    impl FromXml for Market {
        fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
            let mut f_id: Option<i64> = None;
            let mut f_bets: Option<Vec<Bet>> = None;
            for attr in reader.attributes(start)? {
                match attr.key {
                    b"Id" => reader.attr_value(&mut f_id, &attr)?,
                    _ => reader.unknown_attribute(&attr)?,
                }
            }
            while let Some(child) = reader.next_child()? {
                match child.name().as_ref() {
                    b"Bet" => {
                        let list = f_bets.get_or_insert_with(Vec::new);
                        if let Some(value) = reader.decode_nillable(&child)? {
                            list.push(value);
                        }
                    }
                    _ => reader.unknown_element(&child)?,
                }
            }
            Ok(Self {
                id: reader.required_attribute(f_id, "Id")?,
                bets: f_bets.unwrap_or_default(),
            })
        }
    }

    impl ToXml for Market {
        fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
            writer.start(element);
            writer.attr("Id", &self.id);
            writer.list(&self.bets, "Bet", false);
            writer.end(element);
        }
    }

    impl FromXml for Bet {
        fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
            let mut f_id: Option<i64> = None;
            let mut f_price: Option<Decimal> = None;
            let mut f_line: Option<String> = None;
            for attr in reader.attributes(start)? {
                match attr.key {
                    b"Id" => reader.attr_value(&mut f_id, &attr)?,
                    b"Price" => reader.attr_value(&mut f_price, &attr)?,
                    b"Line" => reader.attr_value(&mut f_line, &attr)?,
                    _ => reader.unknown_attribute(&attr)?,
                }
            }
            reader.skip_content()?;
            Ok(Self {
                id: reader.required_attribute(f_id, "Id")?,
                price: reader.required_attribute(f_price, "Price")?,
                line: f_line,
            })
        }
    }

    impl ToXml for Bet {
        fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
            writer.start(element);
            writer.attr("Id", &self.id);
            writer.attr("Price", &self.price);
            if let Some(value) = &self.line {
                writer.attr("Line", value);
            }
            writer.end(element);
        }
    }

    impl FromXml for Score {
        fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
            let mut f_position: Option<i32> = None;
            for attr in reader.attributes(start)? {
                match attr.key {
                    b"Position" => reader.attr_value(&mut f_position, &attr)?,
                    _ => reader.unknown_attribute(&attr)?,
                }
            }
            let f_value: Option<String> = Some(reader.read_value()?);
            Ok(Self {
                position: reader.required_attribute(f_position, "Position")?,
                value: reader.required_text(f_value)?,
            })
        }
    }

    impl ToXml for Score {
        fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
            writer.start(element);
            writer.attr("Position", &self.position);
            writer.text(&self.value);
            writer.end(element);
        }
    }

    const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a feed message -->
<Message>
  <Header Type="3" Time="2023-08-03T07:54:42.1124647Z"/>
  <Body>
    <Event FixtureId="1">
      <Name>Home &amp; Away &#x41;</Name>
      <Market Id="10"><Bet Id="18933138861385821" Price="2.875" Line="0.5"/></Market>
    </Event>
    <Event FixtureId="2"/>
    <Event FixtureId="3">
      <Market Id="30">
        <Bet Id="1" Price="19"/>
        <Bet Id="2" Price="1.50" Line="a&lt;b"/>
      </Market>
    </Event>
  </Body>
</Message>
"#;

    fn decode(text: &str) -> Result<Message, XmlError> {
        from_xml_root(text.as_bytes(), "Message")
    }

    fn strict(text: &str) -> Result<Message, XmlError> {
        from_xml_root_with(text.as_bytes(), "Message", XmlOptions::strict())
    }

    #[test]
    fn decodes_and_re_encodes_exactly() {
        let message = decode(DOCUMENT).unwrap();
        assert_eq!(message.header.kind, 3);
        assert_eq!(
            message.header.time.to_string(),
            "2023-08-03T07:54:42.1124647Z"
        );
        let body = message.body.as_ref().unwrap();
        assert_eq!(body.events.len(), 3);
        assert_eq!(body.events[0].name.as_deref(), Some("Home & Away A"));
        let bet = &body.events[0].markets.as_ref().unwrap()[0].bets[0];
        assert_eq!(bet.id, 18_933_138_861_385_821);
        assert_eq!(bet.price.to_string(), "2.875");
        assert_eq!(body.events[1].markets, None);
        let bets = &body.events[2].markets.as_ref().unwrap()[0].bets;
        assert_eq!(bets[1].price.to_string(), "1.50");
        assert_eq!(bets[1].line.as_deref(), Some("a<b"));

        let encoded = to_xml_root(&message, "Message");
        let text = String::from_utf8(encoded.clone()).unwrap();
        assert!(text.starts_with(
            r#"<Message><Header Type="3" Time="2023-08-03T07:54:42.1124647Z"/><Body><Event FixtureId="1"><Name>Home &amp; Away A</Name>"#
        ), "{text}");
        assert!(text.contains(r#"<Event FixtureId="2"/>"#), "{text}");
        assert!(
            text.contains(r#"<Bet Id="2" Price="1.50" Line="a&lt;b"/>"#),
            "{text}"
        );
        assert_eq!(decode(&text).unwrap(), message);
        let document = to_xml_document(&message, "Message");
        assert!(document.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Message>"));
        assert_eq!(
            from_xml_root::<Message>(&document, "Message").unwrap(),
            message
        );
    }

    #[test]
    fn text_content_with_attributes() {
        let score: Score = from_xml_root(br#"<Score Position="2">40</Score>"#, "Score").unwrap();
        assert_eq!(
            score,
            Score {
                position: 2,
                value: "40".into()
            }
        );
        let split: Score = from_xml_root(
            br#"<Score Position="1">a<!-- c -->b&gt;<![CDATA[<c>]]></Score>"#,
            "Score",
        )
        .unwrap();
        assert_eq!(split.value, "ab><c>");
        let empty: Score = from_xml_root(br#"<Score Position="1"/>"#, "Score").unwrap();
        assert_eq!(empty.value, "");
        let line_breaks = Score {
            position: 1,
            value: "a\r\nb & c".into(),
        };
        let encoded = to_xml_root(&line_breaks, "Score");
        assert_eq!(
            encoded,
            br#"<Score Position="1">a&#xD;
b &amp; c</Score>"#
        );
        assert_eq!(
            from_xml_root::<Score>(&encoded, "Score").unwrap(),
            line_breaks
        );
    }

    #[test]
    fn doctype_and_entity_declarations_are_rejected() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Name>&b;</Name></Event></Body></Message>"#;
        let error = decode(bomb).unwrap_err();
        assert!(error.message().contains("DOCTYPE"), "{error}");
        assert_eq!(error.path(), "/");
        assert_eq!(error.line(), 2);
        assert_eq!(error.offset(), bomb.find("<!DOCTYPE").unwrap());
        // Without a DTD, an entity reference is undefined rather than expanded.
        let undefined = r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Name>&b;</Name></Event></Body></Message>"#;
        let error = decode(undefined).unwrap_err();
        assert!(
            error.message().contains("undefined entity `&b;`"),
            "{error}"
        );
        assert_eq!(error.path(), "/Message/Body/Event/Name");
        assert_eq!(error.offset(), undefined.find("&b;").unwrap());
    }

    #[test]
    fn depth_limit_applies_to_decoded_and_skipped_elements() {
        let nested = format!(
            r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1">{}{}</Event></Body></Message>"#,
            "<x>".repeat(100),
            "</x>".repeat(100)
        );
        let error = decode(&nested).unwrap_err();
        assert!(error.message().contains("limit of 64"), "{error}");
        assert!(error.path().starts_with("/Message/Body/Event/x"), "{error}");
        assert!(decode(&nested.replace("<x>", "").replace("</x>", "")).is_ok());
        // A lower limit on a document that is otherwise fine.
        let options = XmlOptions::default().with_max_depth(3);
        let error =
            from_xml_root_with::<Message>(DOCUMENT.as_bytes(), "Message", options).unwrap_err();
        assert!(error.message().contains("limit of 3"), "{error}");
        assert_eq!(error.path(), "/Message/Body/Event[1]/Name");
        let options = XmlOptions::default().with_max_depth(5);
        assert!(from_xml_root_with::<Message>(DOCUMENT.as_bytes(), "Message", options).is_ok());
    }

    #[test]
    fn invalid_utf8_is_an_error_at_its_offset() {
        let mut bytes = DOCUMENT.as_bytes().to_vec();
        let at = DOCUMENT.find("Away").unwrap();
        bytes[at] = 0xFF;
        let error = from_xml_root::<Message>(&bytes, "Message").unwrap_err();
        assert!(error.message().contains("invalid UTF-8"), "{error}");
        assert_eq!(error.offset(), at);
        // Even inside content that would be skipped.
        let skipped = b"<Message><Header Type=\"1\" Time=\"2022-03-21T13:00:00\"/><Extra>\xC3\x28</Extra></Message>";
        let error = from_xml_root::<Message>(skipped, "Message").unwrap_err();
        assert!(error.message().contains("invalid UTF-8"), "{error}");
        // Another declared encoding.
        let latin = r#"<?xml version="1.0" encoding="ISO-8859-1"?><Message/>"#;
        let error = decode(latin).unwrap_err();
        assert!(error.message().contains("only UTF-8"), "{error}");
    }

    #[test]
    fn truncated_documents_are_errors() {
        for cut in [
            DOCUMENT.find("<Market Id=\"30\">").unwrap() + 4,
            DOCUMENT.find("<Bet Id=\"1\"").unwrap(),
            DOCUMENT.find("</Body>").unwrap(),
            DOCUMENT.len() - 3,
        ] {
            let error = decode(&DOCUMENT[..cut]).unwrap_err();
            assert!(error.offset() <= cut, "{error}");
            assert!(error.path().starts_with("/Message"), "{error}");
        }
        let error = decode(&DOCUMENT[..DOCUMENT.find("</Body>").unwrap()]).unwrap_err();
        assert_eq!(
            error.message(),
            "unexpected end of document: element `Body` is not closed"
        );
        let error = decode("").unwrap_err();
        assert_eq!(error.message(), "no root element");
        let error = decode("<Message><Header Type=\"1\" Time=\"2022-03-21T13:00:00\"/></Mess>")
            .unwrap_err();
        assert!(error.message().contains("Mess"), "{error}");
    }

    #[test]
    fn attribute_syntax() {
        let single = DOCUMENT.replace(r#"Type="3""#, "Type = '3'");
        assert_eq!(decode(&single).unwrap().header.kind, 3);
        for (bad, reason) in [
            (r#"Type="3"Time"#, "expected a blank between attributes"),
            (r#"Type Time"#, "expected `=` after the attribute name"),
            (r#"Type=3 Time"#, "expected a quoted attribute value"),
        ] {
            let text = DOCUMENT.replace(r#"Type="3" Time"#, bad);
            let error = decode(&text).unwrap_err();
            assert_eq!(error.message(), format!("malformed attribute: {reason}"));
            assert_eq!(error.path(), "/Message/Header");
            let tag = text.find("<Header").unwrap();
            assert!(error.offset() > tag && error.offset() < tag + 30, "{error}");
        }
        let error = decode(&DOCUMENT.replace(r#"Type="3""#, r#"Type="a&bogus;b""#)).unwrap_err();
        assert!(error.message().starts_with("attribute `Type`: "), "{error}");
    }

    #[test]
    fn wrong_root_names_both() {
        let error = from_xml_root::<Message>(b"<Envelope/>", "Message").unwrap_err();
        assert_eq!(
            error.message(),
            "expected root element `Message`, found `Envelope`"
        );
        assert_eq!(error.path(), "/Envelope");
        assert_eq!(error.offset(), 0);
        let error = decode(
            "<Message><Header Type=\"1\" Time=\"2022-03-21T13:00:00\"/></Message><Message/>",
        )
        .unwrap_err();
        assert!(error.message().contains("second root element"), "{error}");
    }

    #[test]
    fn errors_name_the_path_and_offset() {
        let bad = DOCUMENT.replace(r#"Price="1.50""#, r#"Price="1,50""#);
        let error = decode(&bad).unwrap_err();
        assert_eq!(error.path(), "/Message/Body/Event[3]/Market/Bet[2]");
        assert_eq!(
            error.message(),
            "attribute `Price`: expected a decimal number, found `1,50`"
        );
        assert_eq!(error.offset(), bad.find("1,50").unwrap());
        assert_eq!(error.line(), 14);
        assert_eq!(
            error.to_string(),
            format!(
                "at /Message/Body/Event[3]/Market/Bet[2] (byte {}, line 14, column {}): {}",
                error.offset(),
                error.column(),
                error.message()
            )
        );
        // A missing required attribute names it, at the element's start tag.
        let missing = DOCUMENT.replace(r#"<Market Id="30">"#, "<Market>");
        let error = decode(&missing).unwrap_err();
        assert_eq!(error.message(), "missing required attribute `Id`");
        assert_eq!(error.path(), "/Message/Body/Event[3]/Market");
        assert_eq!(error.offset(), missing.find("<Market>").unwrap());
        // A missing required element, reported on its parent.
        let error = decode("<Message>\n  <Body/>\n</Message>").unwrap_err();
        assert_eq!(error.message(), "missing required element `Header`");
        assert_eq!(error.path(), "/Message");
        assert_eq!((error.line(), error.column()), (1, 1));
        // Integers.
        let bad = DOCUMENT.replace(r#"FixtureId="2""#, r#"FixtureId="x""#);
        let error = decode(&bad).unwrap_err();
        assert_eq!(
            error.message(),
            "attribute `FixtureId`: expected an integer, found `x`"
        );
        assert_eq!(error.path(), "/Message/Body/Event[2]");
        let bad = DOCUMENT.replace(r#"Type="3""#, r#"Type="99999999999""#);
        let error = decode(&bad).unwrap_err();
        assert_eq!(
            error.message(),
            "attribute `Type`: expected an integer in the 32-bit range, found `99999999999`"
        );
        // Duplicated attributes and elements.
        let error =
            decode(&DOCUMENT.replace(r#"<Bet Id="1" "#, r#"<Bet Id="1" Id="2" "#)).unwrap_err();
        assert_eq!(error.message(), "attribute `Id` appears more than once");
        let twice = DOCUMENT.replace(
            "<Body>",
            r#"<Header Type="1" Time="2022-03-21T13:00:00"/><Body>"#,
        );
        let error = decode(&twice).unwrap_err();
        assert_eq!(error.message(), "element `Header` appears more than once");
        assert_eq!(error.path(), "/Message/Header[2]");
        // Converted for callers that report `DecodeError`s.
        let error: DecodeError = decode(&bad).unwrap_err().into();
        assert_eq!(error.pointer(), "/Message/Header");
    }

    #[test]
    fn unknown_elements_and_attributes_are_skipped_unless_strict() {
        let extra = DOCUMENT
            .replace(
                r#"<Event FixtureId="2"/>"#,
                r#"<Event FixtureId="2" CalculatedMargin="1.05"><Extra a="1"><Deep><Deeper/>text</Deep></Extra></Event>"#,
            )
            .replace("<Body>", r#"<Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#);
        let lenient = decode(&extra).unwrap();
        assert_eq!(lenient, decode(DOCUMENT).unwrap());

        let error = strict(&extra).unwrap_err();
        assert_eq!(error.message(), "unknown attribute `CalculatedMargin`");
        assert_eq!(error.path(), "/Message/Body/Event[2]");
        assert_eq!(error.offset(), extra.find("CalculatedMargin").unwrap());
        let extra = extra.replace(r#" CalculatedMargin="1.05""#, "");
        let error = strict(&extra).unwrap_err();
        assert_eq!(error.message(), "unknown element `Extra`");
        assert_eq!(error.path(), "/Message/Body/Event[2]/Extra");
        assert_eq!(error.offset(), extra.find("<Extra").unwrap());
        let error = strict(&DOCUMENT.replace("<Body>", "<Body>stray")).unwrap_err();
        assert_eq!(error.message(), "unexpected text content");
        assert!(strict(DOCUMENT).is_ok());
    }

    #[test]
    fn empty_elements_are_absent_values() {
        // `<Header/>` (no attributes, no content) is a null: the required member is missing.
        let error = decode("<Message><Header/></Message>").unwrap_err();
        assert_eq!(error.message(), "missing required element `Header`");
        let error = decode("<Message><Header></Header></Message>").unwrap_err();
        assert_eq!(error.message(), "missing required element `Header`");
        let nil = r#"<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Header xsi:nil="true"/></Message>"#;
        assert_eq!(
            decode(nil).unwrap_err().message(),
            "missing required element `Header`"
        );
        // Any prefix, among other attributes; `false` is not a null.
        for (nil, is_null) in [
            (r#"i:nil="1""#, true),
            (r#"xsi:nil="true""#, true),
            (r#"xsi:nil="false""#, false),
            (r#"nil="true""#, false),
            (r#"xsi:nill="true""#, false),
        ] {
            let text = format!(
                r#"<Message><Header Type="1" {nil} Time="2022-03-21T13:00:00"/></Message>"#
            );
            match decode(&text) {
                Ok(message) => assert!(!is_null, "{text}: {message:?}"),
                Err(error) => {
                    assert!(is_null, "{text}: {error}");
                    assert_eq!(error.message(), "missing required element `Header`");
                }
            }
        }
        // An empty item of a list whose items cannot be empty: the list is present, empty.
        let message = decode(
            r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Market /></Event></Body></Message>"#,
        )
        .unwrap();
        let event = &message.body.as_ref().unwrap().events[0];
        assert_eq!(event.markets, Some(Vec::new()));
        let encoded = String::from_utf8(to_xml_root(&message, "Message")).unwrap();
        assert!(
            encoded.contains(r#"<Event FixtureId="1"><Market/></Event>"#),
            "{encoded}"
        );
        // An empty element of a type that can be empty is a value.
        let message =
            decode(r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body/></Message>"#)
                .unwrap();
        assert_eq!(message.body, Some(Body { events: Vec::new() }));
    }

    #[test]
    fn values_parse_with_clear_errors_and_write_back() {
        fn round_trip<T: XmlValue + PartialEq + fmt::Debug>(text: &str) {
            let value = T::parse_xml(text).unwrap();
            let mut out = Vec::new();
            value.write_xml(&mut out, Escape::Text);
            assert_eq!(String::from_utf8(out).unwrap(), text);
        }
        round_trip::<i64>("-9223372036854775808");
        round_trip::<i32>("42");
        round_trip::<u64>("18446744073709551615");
        round_trip::<f64>("2.5");
        round_trip::<f64>("-INF");
        round_trip::<bool>("true");
        round_trip::<Decimal>("2.875");
        round_trip::<Decimal>("19");
        round_trip::<Decimal>("-0.50");
        round_trip::<Decimal>("-0.000000000000000001");
        round_trip::<Decimal>("123456789012345678901234.5678");
        for text in [
            "0",
            "-0",
            "+1.5",
            "1.",
            ".5",
            "-.5",
            "007.10",
            "999999999999999999",
            "1.000000000000000000",
        ] {
            assert_eq!(
                Decimal::parse_xml(text).unwrap(),
                Decimal::from_str(text).unwrap(),
                "{text}"
            );
            assert_eq!(
                Decimal::parse_xml(text).unwrap().to_string(),
                Decimal::from_str(text).unwrap().to_string(),
                "{text}"
            );
        }
        for text in ["", ".", "-", "1..2", "1e5", "0x10", "1_000"] {
            assert!(Decimal::parse_xml(text).is_err(), "{text}");
        }
        round_trip::<NumericDecimal>("1.10");
        round_trip::<DateTime>("2022-03-20T01:15:32.791982");
        round_trip::<DateTime>("2023-08-03T07:54:42.1124647Z");
        round_trip::<DateTime>("2023-08-03T07:54:42.5000000Z");
        round_trip::<DateTime>("2023-08-03T07:54:42Z");
        // The same instants chrono builds (a UTC value from chrono keeps the digits its
        // nanoseconds need, so these have no trailing fraction zeros).
        for (text, nanos) in [
            ("2023-08-03T07:54:42.1124647Z", 112_464_700),
            ("2023-08-03T07:54:42.123456789Z", 123_456_789),
            ("2023-08-03T07:54:42.1Z", 100_000_000),
            ("2023-08-03T07:54:42Z", 0),
        ] {
            let expected = chrono::NaiveDate::from_ymd_opt(2023, 8, 3)
                .and_then(|date| date.and_hms_nano_opt(7, 54, 42, nanos))
                .unwrap()
                .and_utc();
            assert_eq!(
                DateTime::parse_xml(text),
                Ok(DateTime::from(expected)),
                "{text}"
            );
        }
        round_trip::<DateTime>("2023-08-03T07:54:42.10Z");
        round_trip::<DateTime>("2016-12-31T23:59:60Z");
        for text in [
            "2023-02-30T07:54:42Z",
            "2023-08-03T07:54:61Z",
            "2023-08-03T07:54:42.Z",
            "2023-08-03T07:54:42.1234567890Z",
        ] {
            assert!(DateTime::parse_xml(text).is_err(), "{text}");
        }
        round_trip::<DateTime>("2024-01-01T00:00:00.5-05:30");
        round_trip::<chrono::NaiveDate>("2024-02-29");
        round_trip::<uuid::Uuid>("2f1c8f8e-3d2a-4c55-9b1e-0f6f1c2d3e4f");
        round_trip::<Vec<i32>>("1 2 3");
        round_trip::<Option<i32>>("");
        assert_eq!(bool::parse_xml("1"), Ok(true));
        assert_eq!(i32::parse_xml(" 7\n"), Ok(7));
        assert_eq!(
            i32::parse_xml("x").unwrap_err().message(),
            "expected an integer, found `x`"
        );
        assert_eq!(
            bool::parse_xml("yes").unwrap_err().message(),
            "expected a boolean (`true`, `false`, `1` or `0`), found `yes`"
        );
        assert_eq!(
            Decimal::parse_xml("1e5").unwrap_err().message(),
            "expected a decimal number, found `1e5`"
        );
        assert!(DateTime::parse_xml("yesterday")
            .unwrap_err()
            .message()
            .contains("yesterday"));
        assert!(DateTime::parse_xml("2023-08-03 07:54:42")
            .unwrap_err()
            .message()
            .contains("`T`"));
        assert!(DateTime::parse_xml("2023-08-03T25:54:42")
            .unwrap_err()
            .message()
            .contains("25"));
        assert_eq!(
            uuid::Uuid::parse_xml("42").unwrap_err().message(),
            "expected a UUID, found `42`"
        );
        assert_eq!(
            f64::parse_xml("1.5.2").unwrap_err().message(),
            "expected a number, found `1.5.2`"
        );
    }

    #[test]
    fn markup_other_than_elements_is_read_as_quick_xml_reads_it() {
        let expected = decode(DOCUMENT).unwrap();
        // A byte order mark, processing instructions, comments and CDATA between and
        // inside elements.
        let mixed = format!(
            "\u{FEFF}{}",
            DOCUMENT
                .replace("<Body>", "<Body><?pi data?><!-- <Event> -->")
                .replace(
                    "<Name>Home &amp; Away &#x41;</Name>",
                    "<Name>Home <!-- x -->&amp;<![CDATA[ Away ]]>&#x41;</Name>"
                )
        );
        assert_eq!(decode(&mixed).unwrap(), expected);
        // Quotes may hold `>` and `/`; blanks may surround `=` and end a tag.
        let quoted = DOCUMENT
            .replace(r#"Line="0.5"/>"#, "Line\n=\t'0.5' \n/>")
            .replace(r#"<Market Id="30">"#, r#"<Market Id="30" Note="a>b/" >"#)
            .replace("</Market>", "</Market >");
        assert_eq!(decode(&quoted).unwrap(), expected);
        // Malformed attributes of an element that is skipped are never looked at.
        let skipped = DOCUMENT.replace("<Body>", r#"<Body><Extra a="1"b></Extra>"#);
        assert_eq!(decode(&skipped).unwrap(), expected);
    }

    #[test]
    fn tag_errors_are_located() {
        let text = DOCUMENT.replace("</Event>\n    <Event FixtureId=\"2\"/>", "</Evnt>");
        let error = decode(&text).unwrap_err();
        assert_eq!(
            error.message(),
            "ill-formed document: expected `</Event>`, but `</Evnt>` was found"
        );
        assert_eq!(error.offset(), text.find("</Evnt>").unwrap());
        assert_eq!(error.path(), "/Message/Body/Event[1]");
        let unclosed = &DOCUMENT[..DOCUMENT.find("Price=\"19\"").unwrap() + 3];
        let error = decode(unclosed).unwrap_err();
        assert!(error.message().contains("not closed"), "{error}");
        assert_eq!(error.offset(), unclosed.rfind('<').unwrap());
        // An unpaired quote swallows the rest of the tag and more.
        let error = decode(&DOCUMENT.replace(r#"Price="19""#, r#"Price="19"#)).unwrap_err();
        assert!(
            error.offset() >= DOCUMENT.find(r#"Price="19""#).unwrap() - 12,
            "{error}"
        );
        let error = decode(&format!("{DOCUMENT}</Message>")).unwrap_err();
        assert!(error.message().contains("`</Message>`"), "{error}");
        assert_eq!(error.offset(), DOCUMENT.len());
        let error = decode(&DOCUMENT.replace("&amp;", "&amp")).unwrap_err();
        assert!(error.offset() > DOCUMENT.find("<Name>").unwrap(), "{error}");
    }

    #[test]
    fn error_messages_quote_only_the_start_of_long_values() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(100);
        let shown = excerpt(&long);
        assert_eq!(shown.chars().count(), EXCERPT_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(excerpt_bytes(b"Name"), "Name");
        let name = excerpt_bytes(&[b'a'; 1000]);
        assert_eq!(name, format!("{}…", "a".repeat(EXCERPT_CHARS)));
        let error = i32::parse_xml(&"7".repeat(1 << 20)).unwrap_err();
        assert!(error.message().len() < 150, "{}", error.message());
    }

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

    #[test]
    fn escaping() {
        let mut out = Vec::new();
        escape_into(&mut out, "a<b>&\"c\"\t\n\r", Escape::Attribute);
        assert_eq!(out, b"a&lt;b&gt;&amp;&quot;c&quot;&#x9;&#xA;&#xD;");
        out.clear();
        escape_into(&mut out, "a<b>&\"c\"\t\n", Escape::Text);
        assert_eq!(out, b"a&lt;b&gt;&amp;\"c\"\t\n");
        let mut writer = XmlWriter::new();
        writer.start("A");
        writer.attr("v", &"x\ty\nz".to_owned());
        writer.end("A");
        let bytes = writer.into_inner();
        // The attribute value survives a reader's normalization.
        let mut reader = XmlReader::new(&bytes, XmlOptions::default()).unwrap();
        let start = reader.root().unwrap();
        let attribute = reader.attributes(&start).unwrap().next().unwrap();
        assert_eq!(reader.parse_attr::<String>(&attribute).unwrap(), "x\ty\nz");
    }
}
