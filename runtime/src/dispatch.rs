//! Support for generated message types that dispatch on a code (such as a header's message
//! type): the raw body of a message whose code has no case, and the JSON and XML glue that
//! finds a body in a document.
//!
//! The generated type decodes the whole document with the ordinary codecs, then picks the
//! body member its code names. Only the rare paths (a code without a case, a body that does
//! not fit its code) read the document a second time, here.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::xml::{FromXml, XmlError, XmlOptions, XmlReader};
use crate::DecodeError;

/// The body of a message whose code the spec does not document, exactly as received.
#[derive(Debug, Clone)]
pub enum RawBody {
    /// The XML content of the body element (its children and text, without its own tags).
    Xml(String),
    /// The JSON value of the body member.
    Json(Box<RawValue>),
}

impl RawBody {
    /// The body as text: XML content or JSON.
    pub fn as_str(&self) -> &str {
        match self {
            RawBody::Xml(xml) => xml,
            RawBody::Json(json) => json.get(),
        }
    }
}

impl PartialEq for RawBody {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (RawBody::Xml(a), RawBody::Xml(b)) => a == b,
            (RawBody::Json(a), RawBody::Json(b)) => a.get() == b.get(),
            _ => false,
        }
    }
}

/// A message of an unknown code cannot be re-encoded in the other format: its body is kept
/// only as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormMismatch {
    code: i64,
    received: &'static str,
    requested: &'static str,
}

impl FormMismatch {
    /// The message's code.
    pub fn code(&self) -> i64 {
        self.code
    }
}

impl fmt::Display for FormMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the message of unknown code {} keeps its body as {} and cannot be written as {}",
            self.code, self.received, self.requested
        )
    }
}

impl std::error::Error for FormMismatch {}

/// The error for writing a raw body in a format it did not come in.
pub fn form_mismatch(code: i64, body: &RawBody) -> FormMismatch {
    let (received, requested) = match body {
        RawBody::Xml(_) => ("XML", "JSON"),
        RawBody::Json(_) => ("JSON", "XML"),
    };
    FormMismatch {
        code,
        received,
        requested,
    }
}

// ---------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------

/// The body of a dispatched XML message, as [`xml_dispatch`] read it.
#[derive(Debug)]
pub enum XmlBody<B> {
    /// The root has no body element.
    Absent,
    /// Decoded, because the header's code says what it carries.
    Decoded(B),
    /// Kept as received (its content, without its own tags), because the code carries no
    /// documented body.
    Raw(String),
}

impl<B> XmlBody<B> {
    /// The decoded body, if it was decoded.
    pub fn decoded(self) -> Option<B> {
        match self {
            XmlBody::Decoded(body) => Some(body),
            _ => None,
        }
    }

    /// The raw body, if it was kept as received.
    pub fn raw(self) -> Option<String> {
        match self {
            XmlBody::Raw(raw) => Some(raw),
            _ => None,
        }
    }
}

/// Reads a message in one pass: the root element `root`, its child `header` (decoded as
/// `H`), and its child `body`, decoded as `B` when `decode_body(&header)` says the code
/// carries a documented body, and otherwise kept verbatim. Other children are unknown
/// elements (skipped, or an error in strict mode).
pub fn xml_dispatch<H: FromXml, B: FromXml>(
    bytes: &[u8],
    names: [&str; 3],
    options: XmlOptions,
    decode_body: impl Fn(&H) -> bool,
) -> Result<(H, XmlBody<B>), XmlError> {
    let [root, header_name, body_name] = names;
    let mut reader = XmlReader::new(bytes, options)?;
    let start = reader.root()?;
    if start.name().as_ref() != root.as_bytes() {
        let found = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        return Err(reader.error(format!("expected root element `{root}`, found `{found}`")));
    }
    reader.no_attributes(&start)?;
    let mut header: Option<H> = None;
    let mut body = XmlBody::Absent;
    while let Some(child) = reader.next_child()? {
        let name = child.name();
        if name.as_ref() == header_name.as_bytes() && header.is_none() {
            header = Some(H::from_xml(&mut reader, &child)?);
        } else if name.as_ref() == body_name.as_bytes() && matches!(body, XmlBody::Absent) {
            match &header {
                Some(header) if decode_body(header) => {
                    body = XmlBody::Decoded(B::from_xml(&mut reader, &child)?);
                }
                Some(_) => body = XmlBody::Raw(raw_content(&mut reader)?),
                None => {
                    return Err(reader.error(format!(
                        "`{body_name}` comes before `{header_name}`, which says what it holds"
                    )))
                }
            }
        } else {
            reader.unknown_element(&child)?;
        }
    }
    let header = reader.required_element(header, header_name)?;
    reader.finish()?;
    Ok((header, body))
}

/// The content of the element whose start tag was just read, verbatim.
fn raw_content(reader: &mut XmlReader<'_>) -> Result<String, XmlError> {
    let start = reader.offset();
    reader.skip_element()?;
    let end = reader.offset();
    if end == start {
        // `<Body/>`: nothing was read past the start tag.
        return Ok(String::new());
    }
    reader
        .slice(start, end)
        .and_then(|element| element.rfind('<').map(|close| element[..close].to_owned()))
        .ok_or_else(|| reader.error("the element's content is not readable"))
}

/// The error for a body that does not carry what its code says, located at the body element
/// (or at the root when there is none).
pub fn xml_body_mismatch(
    bytes: &[u8],
    body: &str,
    options: XmlOptions,
    message: impl Into<String>,
) -> XmlError {
    let locate = || -> Result<XmlError, XmlError> {
        let mut reader = XmlReader::new(bytes, options)?;
        reader.root()?;
        while let Some(child) = reader.next_child()? {
            if child.local_name().as_ref() == body.as_bytes() {
                break;
            }
            reader.skip_element()?;
        }
        Ok(reader.error(message.into()))
    };
    locate().unwrap_or_else(|error| error)
}

/// Whether the content of an XML body is empty (blank text at most).
pub fn xml_is_blank(content: &str) -> bool {
    content.trim().is_empty()
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

/// Decodes borrowed JSON (a generated envelope keeping the body as [`RawValue`]); a document
/// longer than `max_bytes` is an error before any of it is parsed.
pub fn from_json_borrowed<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    max_bytes: usize,
) -> Result<T, DecodeError> {
    crate::check_json_size(bytes, max_bytes)?;
    crate::from_json_slice(bytes)
}

/// Whether a JSON body is absent in effect: `null`, `{}` or `[]`.
pub fn json_is_empty(body: Option<&RawValue>) -> bool {
    body.is_none_or(|raw| {
        let text: String = raw.get().split_whitespace().collect();
        matches!(text.as_str(), "null" | "{}" | "[]")
    })
}

/// The body content a code carries, from the JSON body: either the body object's member
/// (`pick`), or, when the body is an array and the content is a list, the body itself (the
/// bare form some producers send: `"Body": [...]`). `None` when the body is absent or null.
///
/// `pointer` is the body's JSON Pointer; errors are located below it.
pub fn json_content<B, C>(
    body: Option<&RawValue>,
    pointer: &str,
    member: &str,
    content_is_list: bool,
    pick: impl FnOnce(B) -> Option<C>,
) -> Result<Option<C>, DecodeError>
where
    B: DeserializeOwned,
    C: DeserializeOwned,
{
    let Some(raw) = body else {
        return Ok(None);
    };
    let text = raw.get().trim_start();
    if text.starts_with("null") {
        return Ok(None);
    }
    if text.starts_with('[') {
        if !content_is_list {
            return Err(DecodeError::new(
                pointer,
                format!("the body is an array, but this message carries `{member}`, which is not a list"),
            ));
        }
        return crate::from_json_slice::<C>(raw.get().as_bytes())
            .map(Some)
            .map_err(|error| error.within(pointer));
    }
    crate::from_json_slice::<B>(raw.get().as_bytes())
        .map(pick)
        .map_err(|error| error.within(pointer))
}

/// What a generated message writes as its JSON body.
#[derive(Debug)]
pub enum JsonBody<'a, C> {
    /// No body member.
    Absent,
    /// The content itself is the body (`"Body": [...]`).
    Bare(&'a C),
    /// The body is an object with the content as its one member (`"Body": {"Events": …}`).
    Member(&'a str, &'a C),
    /// A body kept as received.
    Raw(&'a RawValue),
}

/// Encodes a dispatched message: `{header_name: header, body_name: body}`.
pub fn json_message<H: Serialize, C: Serialize>(
    header_name: &str,
    header: &H,
    body_name: &str,
    body: JsonBody<'_, C>,
) -> Vec<u8> {
    struct Message<'a, H, C> {
        header_name: &'a str,
        header: &'a H,
        body_name: &'a str,
        body: JsonBody<'a, C>,
    }
    struct Member<'a, C>(&'a str, &'a C);
    impl<C: Serialize> Serialize for Member<'_, C> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry(self.0, self.1)?;
            map.end()
        }
    }
    impl<H: Serialize, C: Serialize> Serialize for Message<'_, H, C> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let present = !matches!(self.body, JsonBody::Absent);
            let mut map = serializer.serialize_map(Some(1 + usize::from(present)))?;
            map.serialize_entry(self.header_name, self.header)?;
            match &self.body {
                JsonBody::Absent => {}
                JsonBody::Bare(content) => map.serialize_entry(self.body_name, content)?,
                JsonBody::Member(member, content) => {
                    map.serialize_entry(self.body_name, &Member(member, *content))?
                }
                JsonBody::Raw(raw) => map.serialize_entry(self.body_name, raw)?,
            }
            map.end()
        }
    }
    serde_json::to_vec(&Message {
        header_name,
        header,
        body_name,
        body,
    })
    .expect("generated models always serialize")
}
