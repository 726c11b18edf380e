//! The XML side of dispatch: a message read in one pass (header first, then the body as
//! its code says, or verbatim), and the error for a body that does not fit its code, located
//! at the body element.

use crate::xml::{FromXml, XmlError, XmlOptions, XmlReader};

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
