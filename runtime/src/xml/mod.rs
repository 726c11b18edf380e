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
//!   offset of the first bad byte, and a declaration naming another encoding is rejected. A
//!   leading byte order mark is allowed (as in the JSON entry points).
//! - **XML 1.0 characters only.** A character outside XML 1.0's `Char` production (a C0
//!   control other than tab, line feed and carriage return, U+FFFE, U+FFFF), anywhere in the
//!   document, is an error at its offset, with the path of the element it is in; so is a
//!   character reference naming one (`&#1;`, `&#xFFFE;`), in text or an attribute value,
//!   read or skipped. The writer never produces one: [`to_xml`] and the other document
//!   entry points fail instead (a string built in code, or decoded from JSON, can hold
//!   any character).
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
//!
//! # Layout
//!
//! One file per concern, everything public re-exported here (paths stay
//! `specgen_runtime::xml::…`): `traits` (the four traits and [`Escape`]), `document` (the
//! entry points for whole documents), `options` ([`XmlOptions`] and the default limits),
//! `error` ([`XmlError`], [`ValueError`]), `reader` ([`XmlReader`]: the decoding protocol,
//! with its tokenizer, attribute scan and error location in files of their own), `writer`
//! ([`XmlWriter`], [`escape_into`]) and `values` ([`XmlValue`] for scalars and the
//! standard, decimal, date-time and UUID types).

mod chars;
pub(crate) mod content;
mod document;
mod error;
mod options;
mod reader;
#[cfg(test)]
mod tests;
mod traits;
mod values;
mod writer;

pub use quick_xml;
pub use quick_xml::events::BytesStart;

pub use document::{
    from_xml, from_xml_root, from_xml_root_with, from_xml_with, to_xml, to_xml_document,
    to_xml_root, to_xml_root_into,
};
pub(crate) use error::excerpt;
pub use error::{ValueError, XmlEncodeError, XmlError};
pub use options::{XmlOptions, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH};
pub use reader::{Attribute, Attributes, XmlReader, XmlText};
pub use traits::{Escape, FromXml, ToXml, XmlRoot, XmlValue};
pub use writer::{escape_into, XmlWriter};

/// A blank as XML defines it (shared by the reader and the value parsers).
fn is_xml_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Nothing but blanks (or nothing at all).
fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| is_xml_whitespace(b))
}
