//! The traits a type implements to travel as XML: [`FromXml`] / [`ToXml`] for elements,
//! [`XmlRoot`] for a type that knows its document's root element, and [`XmlValue`] for
//! text (attribute values and text content), which makes a type an element as well.

use super::{BytesStart, ValueError, XmlError, XmlReader, XmlWriter};

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

/// [`XmlValue`] for generated enums, which travel as their code (`int`: `from_code` /
/// `code`) or their wire name (`string`: `from_wire` / `as_str`):
/// `__xml_enum_values!(int { A, B }, string { C })`.
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_enum_values {
    (int { $($int:ty),* $(,)? }, string { $($string:ty),* $(,)? }) => {
        $(
            impl $crate::xml::XmlValue for $int {
                #[inline]
                fn parse_xml(
                    text: &str,
                ) -> ::core::result::Result<Self, $crate::xml::ValueError> {
                    <i64 as $crate::xml::XmlValue>::parse_xml(text).map(Self::from_code)
                }

                #[inline]
                fn write_xml(&self, out: &mut ::std::vec::Vec<u8>, escape: $crate::xml::Escape) {
                    $crate::xml::XmlValue::write_xml(&self.code(), out, escape);
                }
            }
        )*
        $(
            impl $crate::xml::XmlValue for $string {
                #[inline]
                fn parse_xml(
                    text: &str,
                ) -> ::core::result::Result<Self, $crate::xml::ValueError> {
                    ::core::result::Result::Ok(Self::from_wire(text))
                }

                #[inline]
                fn write_xml(&self, out: &mut ::std::vec::Vec<u8>, escape: $crate::xml::Escape) {
                    $crate::xml::escape_into(out, self.as_str(), escape);
                }
            }
        )*
    };
}
