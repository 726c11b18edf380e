//! The JSON side of dispatch: the content a code carries, found in the body member (or the
//! bare list some producers send), and a message written back as header and body members.

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::{DispatchBody, DispatchCase, RawBody};
use crate::xml::content::JsonContent;
use crate::DecodeError;

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
/// `pointer` is the body's JSON Pointer; errors are located below it, with the line and
/// column in `document` (which `body` is borrowed from). The XML decoder's content rules
/// apply ([`JsonContent`]), as in the generated `from_json` of a root type.
pub fn json_content<B, C>(
    document: &[u8],
    body: Option<&RawValue>,
    pointer: &str,
    member: &str,
    content_is_list: bool,
    pick: impl FnOnce(B) -> Option<C>,
) -> Result<Option<C>, DecodeError>
where
    B: DeserializeOwned + JsonContent,
    C: DeserializeOwned + JsonContent,
{
    let Some(raw) = body else {
        return Ok(None);
    };
    let text = raw.get().trim_start();
    if text.starts_with("null") {
        return Ok(None);
    }
    // Where the body's text is in the document, for the line and column of its errors.
    let at = (raw.get().as_ptr() as usize).wrapping_sub(document.as_ptr() as usize);
    let located = |error: DecodeError| {
        if at <= document.len() {
            error.relocated(pointer, document, at)
        } else {
            error.within(pointer)
        }
    };
    let mut inner = pointer.to_owned();
    if text.starts_with('[') {
        if !content_is_list {
            return Err(DecodeError::new(
                pointer,
                format!("the body is an array, but this message carries `{member}`, which is not a list"),
            ));
        }
        let mut content = crate::json::from_json_str_unlimited::<C>(raw.get()).map_err(located)?;
        content.json_content(&mut inner)?;
        return Ok(Some(content));
    }
    let mut body = crate::json::from_json_str_unlimited::<B>(raw.get()).map_err(located)?;
    body.json_content(&mut inner)?;
    Ok(pick(body))
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

/// The body of a dispatched JSON message, taken as the case of its code says (see
/// `json_content`): the carried member (required, or a list that may be absent), no body
/// at all, or the raw body of a code without a case. A body holding a member its code does
/// not carry is an error (so nothing it holds is lost), at that member's JSON Pointer.
pub struct JsonDispatch<'a> {
    document: &'a [u8],
    body: Option<&'a RawValue>,
    pointer: &'a str,
    on: &'a str,
    code: i64,
    body_name: &'a str,
}

impl<'a> JsonDispatch<'a> {
    /// The body member of `document` (`pointer` is its JSON Pointer); `on` names the code
    /// (`Header/Type`), `body_name` the body member.
    pub fn new(
        document: &'a [u8],
        body: Option<&'a RawValue>,
        pointer: &'a str,
        on: &'a str,
        code: i64,
        body_name: &'a str,
    ) -> Self {
        Self {
            document,
            body,
            pointer,
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

    /// The content `pick` finds in the body, and another member the body holds.
    fn take<B, C>(
        &self,
        member: &str,
        content_is_list: bool,
        pick: impl FnOnce(B) -> Option<C>,
    ) -> Result<(Option<C>, Option<String>), DecodeError>
    where
        B: DeserializeOwned + JsonContent + DispatchBody,
        C: DeserializeOwned + JsonContent,
    {
        let mut other = None;
        let content = json_content(
            self.document,
            self.body,
            self.pointer,
            member,
            content_is_list,
            |body: B| {
                other = body.other_member(member);
                pick(body)
            },
        )?;
        Ok((content, other))
    }

    fn missing(&self, variant: &'a str, member: &str, other: Option<&str>) -> DecodeError {
        DecodeError::new(self.pointer, self.case(variant).missing(member, other))
    }

    /// The error for a body member `other` the case does not carry, at its pointer.
    fn other(&self, variant: &'a str, member: &str, other: &str) -> DecodeError {
        let mut pointer = self.pointer.to_owned();
        crate::xml::content::push_member(&mut pointer, other);
        DecodeError::new(&pointer, self.case(variant).other(member, other))
    }

    fn required_content<B, C>(
        &self,
        variant: &'a str,
        member: &str,
        content_is_list: bool,
        pick: impl FnOnce(B) -> Option<C>,
    ) -> Result<C, DecodeError>
    where
        B: DeserializeOwned + JsonContent + DispatchBody,
        C: DeserializeOwned + JsonContent,
    {
        match self.take(member, content_is_list, pick)? {
            (Some(content), None) => Ok(content),
            (None, other) => Err(self.missing(variant, member, other.as_deref())),
            (Some(_), Some(other)) => Err(self.other(variant, member, &other)),
        }
    }

    /// The member `member` that case `variant` carries; an error when it is missing.
    pub fn required<B, C>(
        &self,
        variant: &'a str,
        member: &str,
        pick: impl FnOnce(B) -> Option<C>,
    ) -> Result<C, DecodeError>
    where
        B: DeserializeOwned + JsonContent + DispatchBody,
        C: DeserializeOwned + JsonContent,
    {
        self.required_content(variant, member, false, pick)
    }

    /// [`required`](Self::required) for content whose JSON form is a list: the body may also
    /// be the list itself.
    pub fn required_list<B, C>(
        &self,
        variant: &'a str,
        member: &str,
        pick: impl FnOnce(B) -> Option<C>,
    ) -> Result<C, DecodeError>
    where
        B: DeserializeOwned + JsonContent + DispatchBody,
        C: DeserializeOwned + JsonContent,
    {
        self.required_content(variant, member, true, pick)
    }

    /// The list member `member` that case `variant` carries (absent is empty); the body may
    /// also be the list itself.
    pub fn list<B, C>(
        &self,
        variant: &'a str,
        member: &str,
        pick: impl FnOnce(B) -> Option<Vec<C>>,
    ) -> Result<Vec<C>, DecodeError>
    where
        B: DeserializeOwned + JsonContent + DispatchBody,
        C: DeserializeOwned + JsonContent,
    {
        match self.take(member, true, pick)? {
            (content, None) => Ok(content.unwrap_or_default()),
            (_, Some(other)) => Err(self.other(variant, member, &other)),
        }
    }

    /// Case `variant` carries no body: an error when the body has content.
    pub fn empty(&self, variant: &'a str) -> Result<(), DecodeError> {
        if json_is_empty(self.body) {
            Ok(())
        } else {
            Err(DecodeError::new(
                self.pointer,
                self.case(variant).unexpected(),
            ))
        }
    }

    /// A code without a case: the body as received (`None` when absent or null).
    pub fn unknown(&self) -> Option<RawBody> {
        self.body
            .filter(|raw| raw.get() != "null")
            .map(|raw| RawBody::Json(raw.to_owned()))
    }
}

/// Writes a dispatched message: the header member, then the body as the case says.
pub struct JsonMessage<'a, H> {
    header_name: &'a str,
    header: &'a H,
    body_name: &'a str,
}

impl<'a, H: Serialize> JsonMessage<'a, H> {
    /// A message with `header` under `header_name` and its body under `body_name`.
    pub fn new(header_name: &'a str, header: &'a H, body_name: &'a str) -> Self {
        Self {
            header_name,
            header,
            body_name,
        }
    }

    fn write<C: Serialize>(&self, body: JsonBody<'_, C>) -> Vec<u8> {
        json_message(self.header_name, self.header, self.body_name, body)
    }

    /// The body is an object with `content` as its member `member`.
    pub fn member<C: Serialize>(&self, member: &str, content: &C) -> Vec<u8> {
        self.write(JsonBody::Member(member, content))
    }

    /// The content itself is the body (`"Body": [...]`).
    pub fn bare<C: Serialize>(&self, content: &C) -> Vec<u8> {
        self.write(JsonBody::Bare(content))
    }

    /// No body member.
    pub fn absent(&self) -> Vec<u8> {
        self.write(JsonBody::<()>::Absent)
    }

    /// A body kept as received.
    pub fn raw(&self, raw: &RawValue) -> Vec<u8> {
        self.write(JsonBody::<()>::Raw(raw))
    }
}
