//! Decoding JSON with errors that name the JSON Pointer of the offending value (not only a
//! line and column), and the size limit generated entry points apply before parsing.

use crate::DecodeError;

/// Decodes JSON bytes into `T`; on failure the error names the JSON Pointer of the offending
/// value, not only its line and column.
pub fn from_json_slice<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(DecodeError::from_path_error)?;
    deserializer.end().map_err(DecodeError::from_json_error)?;
    Ok(value)
}

/// [`from_json_slice`] for a whole document of bounded size: input longer than `max_bytes`
/// is an error (at the document, naming both sizes) before any of it is parsed. Generated
/// `from_json` entry points of XML root types and dispatched messages use this with
/// [`crate::xml::DEFAULT_MAX_BYTES`], the limit their XML decoding has by default (a
/// dispatched message decodes an envelope that borrows its body from `bytes`).
pub fn from_json_slice_limited<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    max_bytes: usize,
) -> Result<T, DecodeError> {
    check_json_size(bytes, max_bytes)?;
    from_json_slice(bytes)
}

/// The error for a JSON document longer than `max_bytes`, before any of it is parsed.
fn check_json_size(bytes: &[u8], max_bytes: usize) -> Result<(), DecodeError> {
    if bytes.len() > max_bytes {
        return Err(DecodeError::new(
            "",
            format!(
                "the document is {} bytes long, over the limit of {max_bytes} bytes (byte {max_bytes})",
                bytes.len()
            ),
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
