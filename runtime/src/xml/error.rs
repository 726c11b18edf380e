//! What goes wrong: [`XmlError`] (a document that cannot be decoded, with the element path
//! and byte offset of the failure) and [`ValueError`] (a text that is not a value of its
//! type, which the reader then locates); and how messages quote input (a short excerpt,
//! never a whole megabyte-long value).

use std::borrow::Cow;
use std::fmt;

#[cfg(doc)]
use super::XmlValue;
use crate::error::escape_controls;
use crate::DecodeError;

/// Why an XML document could not be decoded.
///
/// One pointer wide (the details are boxed), so that the `Result`s of the decoders' hot
/// paths stay small: `Result<(), XmlError>` and `Result<i64, XmlError>` come back in
/// registers, and errors are rare.
#[derive(Clone, PartialEq, Eq)]
pub struct XmlError(pub(super) Box<XmlErrorDetail>);

#[derive(Clone, PartialEq, Eq)]
pub(super) struct XmlErrorDetail {
    pub(super) path: String,
    pub(super) offset: usize,
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) message: String,
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
            escape_controls(&error.path),
            error.offset,
            error.line,
            error.column,
            escape_controls(&error.message)
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

/// Why a value could not be written as an XML document. Nothing is written instead: the
/// writer never produces a document the reader (or any XML 1.0 parser) would reject.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlEncodeError {
    /// A string holds a character XML 1.0 does not allow (outside its `Char` production: a
    /// C0 control other than tab, line feed and carriage return, U+FFFE or U+FFFF). No XML
    /// document can carry one, raw or as a character reference. Such a string can only have
    /// been built in code or decoded from JSON, whose strings may hold any character.
    Character {
        /// The element path the character would have been written in
        /// (`/Message/Body/Events/Markets/Name`).
        path: String,
        /// Where in the document being written (0-based byte offset).
        offset: usize,
        /// The character.
        character: char,
    },
    /// A dispatched message of an unknown code whose body is kept as JSON.
    FormMismatch(crate::dispatch::FormMismatch),
}

impl XmlEncodeError {
    /// The element path the error concerns (`/` for a form mismatch: the whole message).
    pub fn path(&self) -> &str {
        match self {
            XmlEncodeError::Character { path, .. } => path,
            XmlEncodeError::FormMismatch(_) => "/",
        }
    }
}

impl fmt::Display for XmlEncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlEncodeError::Character {
                path,
                offset,
                character,
            } => write!(
                f,
                "cannot write {} as XML: it holds {}, which XML 1.0 does not allow (byte {offset} of the document)",
                escape_controls(path),
                super::chars::code_point(*character)
            ),
            XmlEncodeError::FormMismatch(mismatch) => mismatch.fmt(f),
        }
    }
}

impl std::error::Error for XmlEncodeError {}

impl From<crate::dispatch::FormMismatch> for XmlEncodeError {
    fn from(mismatch: crate::dispatch::FormMismatch) -> Self {
        XmlEncodeError::FormMismatch(mismatch)
    }
}

/// Why a text is not a value of some type (see [`XmlValue::parse_xml`]); the reader adds
/// where the text was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    pub(super) message: String,
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
        f.write_str(&escape_controls(&self.message))
    }
}

impl std::error::Error for ValueError {}

/// How many characters of a value or name an error message quotes.
pub(super) const EXCERPT_CHARS: usize = 64;

/// `text`, or its first [`EXCERPT_CHARS`] characters and `…`: a value within the document
/// size limit can still be megabytes long, and errors should not copy it whole.
pub(crate) fn excerpt(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// [`excerpt`] of bytes that should be UTF-8 (names sliced from the input).
pub(super) fn excerpt_bytes(bytes: &[u8]) -> String {
    let cut = bytes.len().min(EXCERPT_CHARS * 4);
    let text = String::from_utf8_lossy(&bytes[..cut]);
    let mut shown = excerpt(&text).into_owned();
    if cut < bytes.len() && !shown.ends_with('…') {
        shown.push('…');
    }
    shown
}
