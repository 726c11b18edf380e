//! Whole documents in and out: the entry points that set up a reader or writer, check the
//! root element and (when decoding) that nothing but comments and blanks follows it.

use super::error::excerpt_bytes;
use super::{FromXml, ToXml, XmlEncodeError, XmlError, XmlOptions, XmlReader, XmlRoot, XmlWriter};

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
///
/// Fails, writing nothing, when a string holds a character XML 1.0 does not allow (see
/// [`XmlEncodeError::Character`]): the output is always well-formed.
pub fn to_xml_root<T: ToXml + ?Sized>(value: &T, root: &str) -> Result<Vec<u8>, XmlEncodeError> {
    let mut out = Vec::new();
    to_xml_root_into(value, root, &mut out)?;
    Ok(out)
}

/// Appends the document [`to_xml_root`] returns to `out` (reuse a buffer across messages);
/// on failure `out` is left as it was.
pub fn to_xml_root_into<T: ToXml + ?Sized>(
    value: &T,
    root: &str,
    out: &mut Vec<u8>,
) -> Result<(), XmlEncodeError> {
    let mut writer = XmlWriter::from_vec(std::mem::take(out));
    value.to_xml(&mut writer, root);
    let (bytes, result) = writer.finish_keeping();
    *out = bytes;
    result
}

/// Encodes `value` as a UTF-8 document with `<?xml version="1.0" encoding="UTF-8"?>` (fails
/// as [`to_xml_root`] does).
pub fn to_xml_document<T: ToXml + ?Sized>(
    value: &T,
    root: &str,
) -> Result<Vec<u8>, XmlEncodeError> {
    let mut writer = XmlWriter::new();
    writer.declaration();
    value.to_xml(&mut writer, root);
    writer.finish()
}

/// Encodes a value whose type knows its root element (no XML declaration; fails as
/// [`to_xml_root`] does).
pub fn to_xml<T: ToXml + XmlRoot>(value: &T) -> Result<Vec<u8>, XmlEncodeError> {
    to_xml_root(value, T::ELEMENT)
}
