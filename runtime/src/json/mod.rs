//! Decoding JSON with errors that name the JSON Pointer of the offending value (not only a
//! line and column), and the size limits every decoding entry point applies before parsing.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::budget::{Budgeted, Scope};
use crate::DecodeError;

pub(crate) mod locate;

/// The longest JSON document (in bytes) the decoding entry points accept unless
/// [`set_max_json_bytes`] says otherwise: [`from_json_slice`], [`crate::decode_valid`],
/// [`crate::decode_then_validate`], and through them request bodies of generated servers and
/// response bodies of generated clients.
///
/// Parsing allocates several times the document's size, so without a limit one oversized
/// body could take all memory. 16 MiB is far above any API body these specs describe. Feed
/// documents (`from_json` of XML root types and dispatched messages) have their own limit,
/// [`crate::xml::DEFAULT_MAX_BYTES`], as their XML form does.
pub const DEFAULT_MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

static MAX_JSON_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_JSON_BYTES);

/// Sets the limit of the JSON entry points for the whole process (`usize::MAX` turns it
/// off). For one call, use [`from_json_slice_limited`], [`crate::decode_valid_limited`] or
/// [`crate::decode_then_validate_limited`] instead.
pub fn set_max_json_bytes(max_bytes: usize) {
    MAX_JSON_BYTES.store(max_bytes, Ordering::Relaxed);
}

/// The limit of the JSON entry points: [`DEFAULT_MAX_JSON_BYTES`] unless
/// [`set_max_json_bytes`] changed it.
pub fn max_json_bytes() -> usize {
    MAX_JSON_BYTES.load(Ordering::Relaxed)
}

/// Decodes JSON bytes into `T`; on failure the error names the JSON Pointer of the offending
/// value, not only its line and column. Input longer than [`max_json_bytes`] is an error
/// before any of it is parsed.
pub fn from_json_slice<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, DecodeError> {
    from_json_slice_limited(bytes, max_json_bytes())
}

/// [`from_json_slice`] with a limit of its own: input longer than `max_bytes` is an error (at
/// the document, naming both sizes) before any of it is parsed. Generated `from_json` entry
/// points of XML root types and dispatched messages use this with
/// [`crate::xml::DEFAULT_MAX_BYTES`], the limit their XML decoding has by default (a
/// dispatched message decodes an envelope that borrows its body from `bytes`).
pub fn from_json_slice_limited<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    max_bytes: usize,
) -> Result<T, DecodeError> {
    if let Err(message) = check_json_size(bytes, max_bytes) {
        return Err(DecodeError::new("", message));
    }
    decode(Input::of_bytes(bytes))
}

/// Decoding without a size check, for text already known to be UTF-8 (a raw value's text,
/// borrowed from a document that was checked): not checked again.
pub(crate) fn from_json_str_unlimited<'a, T: serde::Deserialize<'a>>(
    text: &'a str,
) -> Result<T, DecodeError> {
    decode(Input::of_text(text))
}

/// Decodes `input` as `T`.
///
/// Every `Deserialize` impl is instantiated for one reader only, serde_json's text reader,
/// and the code around it is not generic: a failure is located afterwards, by the places
/// the error came out of and the text before where it stopped ([`locate`]), not by decoding
/// again through a path-tracking wrapper.
fn decode<'a, T: serde::Deserialize<'a>>(input: Input<'a>) -> Result<T, DecodeError> {
    match read::<T>(input.text) {
        Ok(value) if input.is_text() => Ok(value),
        Ok(_) => Err(input.failure(None)),
        Err(error) => Err(input.failure(Some(error))),
    }
}

fn read<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<T, serde_json::Error> {
    let _budget = Scope::new(text.len());
    locate::forget();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Budgeted(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}

/// A document to decode: its bytes (a leading byte order mark skipped, as the XML decoder
/// skips it; columns on the first line still count its three bytes) and their text, which
/// is all of them when they are UTF-8 and otherwise the part before the first byte that is
/// not. Checking UTF-8 at once is much cheaper than serde_json checking each string and
/// member name as it reads them from bytes.
struct Input<'a> {
    bytes: &'a [u8],
    text: &'a str,
    shift: usize,
}

impl<'a> Input<'a> {
    fn of_bytes(bytes: &'a [u8]) -> Self {
        let (bytes, shift) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (rest, 3),
            None => (bytes, 0),
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
        };
        Self { bytes, text, shift }
    }

    fn of_text(text: &'a str) -> Self {
        let (text, shift) = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => (rest, 3),
            None => (text, 0),
        };
        Self {
            bytes: text.as_bytes(),
            text,
            shift,
        }
    }

    fn is_text(&self) -> bool {
        self.text.len() == self.bytes.len()
    }

    /// The error of a decode that failed with `error`, or (`None`) that succeeded on text that
    /// is not the whole document. A document that is not UTF-8 fails where it first stops
    /// being the JSON the decoder expects, or at its first byte that is not UTF-8, whichever
    /// comes first: its text, decoded alone, fails by ending early unless it failed on its
    /// own before.
    #[cold]
    fn failure(&self, error: Option<serde_json::Error>) -> DecodeError {
        let error = match error {
            Some(error)
                if self.is_text() || error.classify() != serde_json::error::Category::Eof =>
            {
                located(self.text.as_bytes(), &error)
            }
            _ => self.not_utf8(),
        };
        error.shifted(self.shift)
    }

    fn not_utf8(&self) -> DecodeError {
        let valid = self.text.len();
        let before = &self.bytes[..valid];
        let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |newline| newline + 1);
        DecodeError::at_position(
            locate::pointer_at(self.bytes, valid + 1),
            format!("invalid UTF-8 (byte 0x{:02X})", self.bytes[valid]),
            line,
            valid - line_start + 1,
        )
    }
}

/// A serde_json error of decoding `text`, located by the pointer of the value it stopped in.
fn located(text: &[u8], error: &serde_json::Error) -> DecodeError {
    let position = (error.line() > 0).then(|| (error.line(), error.column()));
    DecodeError::located(locate::locate(text, position), error)
}

/// The message for a JSON document longer than `max_bytes`, before any of it is parsed.
pub(crate) fn check_json_size(bytes: &[u8], max_bytes: usize) -> Result<(), String> {
    if bytes.len() > max_bytes {
        return Err(format!(
            "the document is {} bytes long, over the limit of {max_bytes} bytes (byte {max_bytes}; see specgen_runtime::set_max_json_bytes)",
            bytes.len()
        ));
    }
    Ok(())
}

/// Decodes an already parsed JSON value into `T`, naming the JSON Pointer on failure.
///
/// A value that does not decode is written out as text and decoded from that, which
/// locates the failure (and decodes what only text can hold, such as a raw value).
pub fn from_json_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, DecodeError> {
    match T::deserialize(&value) {
        Ok(decoded) => Ok(decoded),
        Err(_) => {
            let text = value.to_string();
            // The text is ours, not the user's: its line and column would mislead.
            match decode(Input::of_text(&text)) {
                Ok(decoded) => Ok(decoded),
                Err(error) => Err(error.unpositioned()),
            }
        }
    }
}

/// Parses a JSON document into a [`serde_json::Value`] within the document's memory budget
/// (`crate::budget`): a document of many empty values (`[{},{},…]`) that would take more is
/// an error (a data error, where malformed input is a syntax error).
pub(crate) fn value_from_slice(bytes: &[u8]) -> Result<serde_json::Value, serde_json::Error> {
    use serde::Deserialize as _;
    let _budget = Scope::new(bytes.len());
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_json::Value::deserialize(Budgeted(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_over_the_limit_are_rejected_unread() {
        // Not valid JSON either: the size is what is reported, nothing was parsed.
        let bytes = b"[1, 2, 3";
        let error = from_json_slice_limited::<Vec<u8>>(bytes, 7).unwrap_err();
        assert_eq!(error.pointer(), "");
        assert!(
            error
                .message()
                .starts_with("the document is 8 bytes long, over the limit of 7 bytes"),
            "{error}"
        );
        assert_eq!(
            from_json_slice_limited::<Vec<u8>>(b"[1, 2]", 6).unwrap(),
            vec![1, 2]
        );
        assert_eq!(max_json_bytes(), DEFAULT_MAX_JSON_BYTES);
        let big = format!("\"{}\"", "x".repeat(DEFAULT_MAX_JSON_BYTES));
        let error = from_json_slice::<String>(big.as_bytes()).unwrap_err();
        assert!(
            error.message().contains("over the limit of 16777216 bytes"),
            "{error}"
        );
    }

    #[derive(Debug, serde::Deserialize)]
    struct Tree {
        #[serde(default)]
        children: Vec<Tree>,
    }

    #[test]
    fn a_byte_order_mark_is_not_content() {
        let tree: Tree = from_json_slice(b"\xEF\xBB\xBF{\"children\":[{}]}").unwrap();
        assert_eq!(tree.children.len(), 1);
        let error = from_json_slice::<Tree>(b"\xEF\xBB\xBF{\"children\":x}").unwrap_err();
        let plain = from_json_slice::<Tree>(b"{\"children\":x}").unwrap_err();
        assert_eq!(error.line(), Some(1));
        assert_eq!(error.column(), plain.column().map(|column| column + 3));
        // Only a leading one.
        assert!(from_json_slice::<Tree>(b"{\"children\":[]}\xEF\xBB\xBF").is_err());
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // read only to be decoded
    struct Record {
        id: u32,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        skipped: Option<serde::de::IgnoredAny>,
        #[serde(default)]
        raw: Option<Box<serde_json::value::RawValue>>,
    }

    fn failure(json: &[u8]) -> DecodeError {
        from_json_slice::<Vec<Record>>(json).unwrap_err()
    }

    #[test]
    fn failures_are_located_by_the_value_they_arise_in() {
        let error = failure(br#"[{"id": 1}, {"id": 2, "tags": ["a", 7]}]"#);
        assert_eq!(error.pointer(), "/1/tags/1", "{error}");
        assert!(
            error.message().contains("invalid type: integer `7`"),
            "{error}"
        );
        // Escaped member names come out as the names they spell, escaped as pointers.
        let error = failure(br#"[{"id": 1, "t\u0061gs": [false]}]"#);
        assert_eq!(error.pointer(), "/0/tags/0", "{error}");
        let error = failure(br#"[{"id": "one"}]"#);
        assert_eq!(error.pointer(), "/0/id", "{error}");
        // A missing member: at the object lacking it.
        let error = failure(br#"[{"id": 1}, {"tags": []}]"#);
        assert_eq!(error.pointer(), "/1", "{error}");
        assert!(error.message().contains("missing field `id`"), "{error}");
        // Syntax errors inside values read whole (skipped, or kept raw) are located inside.
        let error = failure(b"[{\"id\": 1, \"skipped\": {\"a\": [1, {\"b\": x}]}}]");
        assert_eq!(error.pointer(), "/0/skipped/a/1/b", "{error}");
        let error = failure(b"[{\"id\": 1, \"skipped\": {\"a\": [1, 2, }]}}]");
        assert_eq!(error.pointer(), "/0/skipped/a", "{error}");
        let error = failure(b"[{\"id\": 1, \"raw\": {\"a\": {\"b\" 1}}}]");
        assert_eq!(error.pointer(), "/0/raw/a/b", "{error}");
        // A syntax error between members names the object.
        let error = failure(br#"[{"id": 1,}]"#);
        assert_eq!(error.pointer(), "/0", "{error}");
        assert_eq!((error.line(), error.column()), (Some(1), Some(11)));
    }

    #[test]
    fn documents_that_are_not_utf8_fail_at_the_first_problem() {
        let error = failure(b"[{\"id\": 1, \"tags\": [\"a\", \"b\xFFc\"]}]");
        assert_eq!(error.pointer(), "/0/tags/1", "{error}");
        assert_eq!(error.message(), "invalid UTF-8 (byte 0xFF)");
        assert_eq!((error.line(), error.column()), (Some(1), Some(28)));
        let error = failure(b"[{\"id\": 1},\n {\"id\": 2, \"\xC3\": 1}]");
        assert_eq!(error.pointer(), "/1", "{error}");
        assert_eq!((error.line(), error.column()), (Some(2), Some(13)));
        // A failure before the bad byte is the one reported.
        let error = failure(b"[{\"id\": -1, \"tags\": [\"\xFF\"]}]");
        assert_eq!(error.pointer(), "/0/id", "{error}");
        assert!(error.message().contains("invalid value"), "{error}");
        // A bad byte after the whole value.
        let error = from_json_slice::<u8>(b"7 \xFF").unwrap_err();
        assert_eq!(
            (error.pointer(), error.message()),
            ("", "invalid UTF-8 (byte 0xFF)")
        );
    }

    #[test]
    fn values_that_do_not_decode_are_located_without_a_position() {
        let value = serde_json::json!([{"id": 1}, {"id": 2, "tags": ["a", {}]}]);
        let error = from_json_value::<Vec<Record>>(value).unwrap_err();
        assert_eq!(error.pointer(), "/1/tags/1", "{error}");
        assert_eq!((error.line(), error.column()), (None, None));
    }

    #[test]
    fn recursion_limit_errors_are_located() {
        let deep = format!("{}{}", "{\"children\":[".repeat(200), "]}".repeat(200));
        let error = from_json_slice::<Tree>(deep.as_bytes()).unwrap_err();
        assert!(error.message().contains("recursion limit"), "{error}");
        assert_eq!(error.line(), Some(1));
        // serde_json stops at 128 levels: 64 objects and 64 arrays, 13 bytes each.
        assert_eq!(error.column(), Some(64 * 13), "{error:?}");
        assert!(error.pointer().starts_with("/children/0/children/0"));
    }
}
