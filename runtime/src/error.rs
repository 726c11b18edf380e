//! [`DecodeError`]: why a document could not be decoded, located by JSON Pointer (XML
//! errors convert into it, keeping their element path).

use std::borrow::Cow;
use std::fmt;

/// Why a JSON document could not be decoded into a generated type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pointer: String,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl DecodeError {
    /// An error found at a position of the input (1-based line and byte column).
    pub(crate) fn at_position(
        pointer: String,
        message: String,
        line: usize,
        column: usize,
    ) -> Self {
        Self {
            pointer,
            message,
            line: Some(line),
            column: Some(column),
        }
    }

    pub(crate) fn located(pointer: String, error: &serde_json::Error) -> Self {
        let line = (error.line() > 0).then_some(error.line());
        let column = line.map(|_| error.column());
        // serde_json appends " at line L column C" itself; we report position separately.
        let text = error.to_string();
        let message = match text.rfind(" at line ") {
            Some(cut) if line.is_some() => text[..cut].to_owned(),
            _ => text,
        };
        // Generated unions and multi-body responses decode their value with this decoder and
        // hand a failure to serde as its `Display` text (`at /petType: …`). Fold that inner
        // pointer into ours, so the error names the exact member once (`at /pets/1/petType: …`)
        // rather than `at /pets/1: at /petType: …`.
        let (pointer, message) = match split_nested(&message) {
            Some((inner, rest)) => (format!("{pointer}{inner}"), rest.to_owned()),
            None => (pointer, message),
        };
        Self {
            pointer,
            message,
            line,
            column,
        }
    }

    /// An error raised by generated code (for example: no documented alternative matched).
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
            line: None,
            column: None,
        }
    }

    /// The same error for a value found at `pointer` inside a larger document: the pointer
    /// is prefixed, and the line and column (relative to the inner value) are dropped.
    pub fn within(self, pointer: &str) -> Self {
        Self {
            pointer: format!("{pointer}{}", self.pointer),
            message: self.message,
            line: None,
            column: None,
        }
    }

    /// The same error with its column moved right by `bytes` when it is on the first line
    /// (for input that had a prefix removed before parsing).
    /// The same error without a line and column: for text that is not the user's input.
    pub(crate) fn unpositioned(mut self) -> Self {
        self.line = None;
        self.column = None;
        self
    }

    pub(crate) fn shifted(mut self, bytes: usize) -> Self {
        if self.line == Some(1) {
            self.column = self.column.map(|column| column + bytes);
        }
        self
    }

    /// The same error for a value whose text starts at byte `at` of `document` and is found
    /// at `pointer`: the pointer is prefixed, and the line and column (relative to the
    /// value's text) become the document's.
    pub(crate) fn relocated(self, pointer: &str, document: &[u8], at: usize) -> Self {
        let before = &document[..at.min(document.len())];
        let line_start = memchr_newline(before).map_or(0, |newline| newline + 1);
        let base_line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let base_column = at - line_start;
        let (line, column) = match (self.line, self.column) {
            (Some(1), Some(column)) => (Some(base_line), Some(base_column + column)),
            (Some(line), column) => (Some(base_line + line - 1), column),
            (None, _) => (None, None),
        };
        Self {
            pointer: format!("{pointer}{}", self.pointer),
            message: self.message,
            line,
            column,
        }
    }

    /// JSON Pointer (RFC 6901) of the value that failed; empty for the whole document.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// What was wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based line of the failure in the input, when decoding from bytes.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// 1-based column of the failure in the input, when decoding from bytes.
    pub fn column(&self) -> Option<usize> {
        self.column
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "at {}", escape_controls(pointer))?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " (line {line}, column {column})")?;
        }
        write!(f, ": {}", escape_controls(&self.message))
    }
}

impl std::error::Error for DecodeError {}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().rposition(|&b| b == b'\n')
}

/// `text` with its control characters (and the bidirectional-text controls, which reorder
/// what a terminal shows) written as escapes (`\u{0}`), so that an error message quoting
/// input prints as one visible line: a NUL from a UTF-16 document or a stray escape
/// sequence is shown, not sent to the terminal.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    let hidden =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// Splits the `Display` form of a [`DecodeError`] without line and column (what generated
/// code passes to `serde::de::Error::custom`) into its pointer and message.
fn split_nested(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix("at ")?;
    if let Some(rest) = rest.strip_prefix("(document root): ") {
        return Some(("", rest));
    }
    if rest.starts_with('/') {
        return rest.split_once(": ");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_decode_errors_fold_into_one_pointer() {
        let inner = DecodeError::new("/petType", "`fish` is not a documented value");
        let error: serde_json::Error = serde::de::Error::custom(&inner);
        let folded = DecodeError::located("/pets/1".into(), &error);
        assert_eq!(folded.pointer(), "/pets/1/petType");
        assert_eq!(folded.message(), "`fish` is not a documented value");
        let root: serde_json::Error =
            serde::de::Error::custom(DecodeError::new("", "matches none of the shapes"));
        let folded = DecodeError::located("/main".into(), &root);
        assert_eq!(folded.to_string(), "at /main: matches none of the shapes");
        // Ordinary messages are left alone.
        let plain: serde_json::Error = serde::de::Error::custom("at least one is needed");
        let kept = DecodeError::located("/x".into(), &plain);
        assert_eq!(kept.message(), "at least one is needed");
    }
}
