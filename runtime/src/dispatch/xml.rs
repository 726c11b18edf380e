//! The XML side of dispatch: a message read in one pass (header first, then the body as
//! its code says, or verbatim), and the error for a body that does not fit its code, located
//! at the body element.

use super::{DispatchBody, DispatchCase, RawBody};
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

/// The body of a dispatched XML message, taken as the case of its code says: the carried
/// member (required, or a list that may be absent), no body at all, or the raw body of a
/// code without a case. A body holding a member its code does not carry is an error (so
/// nothing it holds is lost), located at the body element.
pub struct XmlDispatch<'a, B> {
    bytes: &'a [u8],
    options: XmlOptions,
    body: XmlBody<B>,
    on: &'a str,
    code: i64,
    body_name: &'a str,
}

impl<'a, B: DispatchBody> XmlDispatch<'a, B> {
    /// The body of the message `bytes` read with `options`, as [`xml_dispatch`] returned it;
    /// `on` names the code (`Header/Type`), `body_name` the body element.
    pub fn new(
        bytes: &'a [u8],
        options: XmlOptions,
        body: XmlBody<B>,
        on: &'a str,
        code: i64,
        body_name: &'a str,
    ) -> Self {
        Self {
            bytes,
            options,
            body,
            on,
            code,
            body_name,
        }
    }

    fn case(&self, variant: &'a str) -> DispatchCase<'a> {
        DispatchCase {
            on: self.on,
            code: self.code,
            variant,
            body: self.body_name,
        }
    }

    fn error(&self, message: String) -> XmlError {
        xml_body_mismatch(self.bytes, self.body_name, self.options, message)
    }

    /// The content `pick` finds in the decoded body, and another member the body holds.
    fn take<C>(
        &mut self,
        pick: impl FnOnce(B) -> Option<C>,
        member: &str,
    ) -> (Option<C>, Option<String>) {
        match std::mem::replace(&mut self.body, XmlBody::Absent) {
            XmlBody::Decoded(body) => {
                let other = body.other_member(member);
                (pick(body), other)
            }
            _ => (None, None),
        }
    }

    /// The member `member` that case `variant` carries; an error when it is missing.
    pub fn required<C>(
        mut self,
        variant: &'a str,
        member: &str,
        pick: impl FnOnce(B) -> Option<C>,
    ) -> Result<C, XmlError> {
        let case = self.case(variant);
        match self.take(pick, member) {
            (Some(content), None) => Ok(content),
            (None, other) => Err(self.error(case.missing(member, other.as_deref()))),
            (Some(_), Some(other)) => Err(self.error(case.other(member, &other))),
        }
    }

    /// [`required`](Self::required) for content whose JSON form is a list (the same in XML).
    pub fn required_list<C>(
        self,
        variant: &'a str,
        member: &str,
        pick: impl FnOnce(B) -> Option<C>,
    ) -> Result<C, XmlError> {
        self.required(variant, member, pick)
    }

    /// The list member `member` that case `variant` carries (absent is empty).
    pub fn list<C>(
        mut self,
        variant: &'a str,
        member: &str,
        pick: impl FnOnce(B) -> Option<Vec<C>>,
    ) -> Result<Vec<C>, XmlError> {
        match self.take(pick, member) {
            (content, None) => Ok(content.unwrap_or_default()),
            (_, Some(other)) => Err(self.error(self.case(variant).other(member, &other))),
        }
    }

    /// Case `variant` carries no body: an error when the body has content.
    pub fn empty(self, variant: &'a str) -> Result<(), XmlError> {
        match &self.body {
            XmlBody::Raw(raw) if !xml_is_blank(raw) => {
                Err(self.error(self.case(variant).unexpected()))
            }
            _ => Ok(()),
        }
    }

    /// A code without a case: the body as received.
    pub fn unknown(self) -> Option<RawBody> {
        self.body.raw().map(RawBody::Xml)
    }
}
