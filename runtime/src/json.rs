//! Decoding JSON with errors that name the JSON Pointer of the offending value (not only a
//! line and column), and the size limits every decoding entry point applies before parsing.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::budget::{Budgeted, Scope};
use crate::DecodeError;

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
    check_json_size(bytes, max_bytes).map_err(|message| DecodeError::new("", message))?;
    from_json_slice_unlimited(bytes)
}

/// Decoding without a size check, for parts of a document whose whole was checked.
///
/// A leading UTF-8 byte order mark is skipped, as the XML decoder skips it (columns on the
/// first line still count its three bytes).
pub(crate) fn from_json_slice_unlimited<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
) -> Result<T, DecodeError> {
    let (bytes, shift) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    // A document that is UTF-8 throughout (checked at once, which is much cheaper than
    // serde_json checking each string and member name as it reads it from bytes) is read as
    // text; any other is read as bytes, and fails there as it always has.
    decode(bytes, std::str::from_utf8(bytes).ok(), shift)
}

/// [`from_json_slice_unlimited`] for text already known to be UTF-8 (a raw value's text,
/// borrowed from a document that was checked): not checked again.
pub(crate) fn from_json_str_unlimited<'a, T: serde::Deserialize<'a>>(
    text: &'a str,
) -> Result<T, DecodeError> {
    let (text, shift) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, 3),
        None => (text, 0),
    };
    decode(text.as_bytes(), Some(text), shift)
}

/// Decodes `bytes` (read as `text` when that is known to be their UTF-8 text).
fn decode<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    text: Option<&'a str>,
    shift: usize,
) -> Result<T, DecodeError> {
    // First without tracking the path (which copies every member name it passes): decoding
    // is deterministic, so only a document that fails is read again, to locate the failure.
    // Each pass has the document's memory budget (`crate::budget`), so a document that
    // would take too much fails the same way both times.
    {
        let _budget = Scope::new(bytes.len());
        let decoded = match text {
            Some(text) => {
                let mut deserializer = serde_json::Deserializer::from_str(text);
                T::deserialize(Budgeted(&mut deserializer))
                    .and_then(|value| deserializer.end().map(|()| value))
            }
            None => {
                let mut deserializer = serde_json::Deserializer::from_slice(bytes);
                T::deserialize(Budgeted(&mut deserializer))
                    .and_then(|value| deserializer.end().map(|()| value))
            }
        };
        if let Ok(value) = decoded {
            return Ok(value);
        }
    }
    let _budget = Scope::new(bytes.len());
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let decoded = serde_path_to_error::deserialize(Budgeted(&mut deserializer))
        .map_err(DecodeError::from_path_error)
        .and_then(|value| {
            deserializer
                .end()
                .map(|()| value)
                .map_err(DecodeError::from_json_error)
        });
    decoded.map_err(|error| error.shifted(shift))
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
pub fn from_json_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(DecodeError::from_path_error)
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
